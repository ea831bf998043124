//go:build js && wasm

package main

import "github.com/hajimehoshi/ebiten/v2"

// chartKinds are the monitor charts, top to bottom.
var chartKinds = []string{"loss gap", "distance", "step length", "spread", "learning rate"}

func (g *game) drawCharts(screen *ebiten.Image) {}
