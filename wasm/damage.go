//go:build js && wasm

package main

import (
	"image"
	"math"

	"noiseball/sim"
	"noiseball/sim/scene"
)

// damage is what the last frame drew of the parts that move, so that Draw
// repaints only the screen's rectangles that changed. The screen keeps its
// pixels from one frame to the next (SetScreenClearedEveryFrame(false)),
// and on software WebGL every pixel drawn costs. A frame in which nothing
// changed draws nothing, and Ebiten then stops presenting frames: a paused
// page went from about 18 ms of the GPU process's time a frame to 0.5.
type damage struct {
	geometry geometry

	// The plane: the game's count of changes to the runs, the bounds of
	// the marks that move (clouds, trails, run 0, Polyak averages), the
	// legend's lines and rectangle, and the pointer's readout.
	changes int
	moving  image.Rectangle
	legend  []string
	panel   image.Rectangle
	pointer image.Rectangle

	hover chartHover // the readout on the charts
}

// geometry is what every pixel may depend on; when it changes the whole
// screen is drawn again.
type geometry struct {
	w, h    int
	scale   float64
	problem sim.Problem
	view    scene.View
	grid    bool // a real model's landscape shows its contours (scene.Landscape.Ready)
	lanes   int
	cloud   bool
	sweep   bool
	panic   string
	labels  string // the page's words (the labels' JSON)
}

// geometry returns the geometry the game's picture is in now.
func (g *game) geometry() geometry {
	return geometry{
		w: g.w, h: g.h, scale: g.picture.K,
		problem: g.cfg.Problem, view: g.picture.View,
		grid:  (&scene.Landscape{Problem: g.cfg.Problem, View: g.picture.View, Grid: g.grid}).Ready(),
		lanes: len(g.exp.Lanes()), cloud: g.cloud, sweep: g.sweep != nil, panic: g.panic, labels: g.labelsJS,
	}
}

// pixels returns the pixels that r covers, at least partly.
func pixels(r scene.Rect) image.Rectangle {
	return image.Rect(int(math.Floor(r.X0)), int(math.Floor(r.Y0)), int(math.Ceil(r.X1)), int(math.Ceil(r.Y1)))
}

// bounds returns the pixels that s's vertices can touch, within clip. Vertices that are not finite (a run far away) are
// left out: the triangles they belong to are clipped away anyway.
func (s *sprites) bounds(clip image.Rectangle) image.Rectangle {
	x0, y0 := float32(math.Inf(1)), float32(math.Inf(1))
	x1, y1 := float32(math.Inf(-1)), float32(math.Inf(-1))
	// Indexing rather than ranging over values: a Vertex is 48 bytes, and
	// copying each one made Draw 2.1 ms a frame for 10,000 runs, not 1.5.
	for i := range s.vertices {
		x, y := s.vertices[i].DstX, s.vertices[i].DstY
		if x-x != 0 || y-y != 0 { // NaN or ±Inf
			continue
		}
		if x < x0 {
			x0 = x
		}
		if x > x1 {
			x1 = x
		}
		if y < y0 {
			y0 = y
		}
		if y > y1 {
			y1 = y
		}
	}
	if x0 > x1 {
		return image.Rectangle{}
	}
	// Clamp before converting: a run far away has coordinates no int holds.
	c := scene.Rect{X0: float64(clip.Min.X), Y0: float64(clip.Min.Y), X1: float64(clip.Max.X), Y1: float64(clip.Max.Y)}
	r := scene.Rect{
		X0: clamp(float64(x0), c.X0, c.X1), Y0: clamp(float64(y0), c.Y0, c.Y1),
		X1: clamp(float64(x1), c.X0, c.X1), Y1: clamp(float64(y1), c.Y0, c.Y1),
	}
	// One pixel more on each side, for rounding in the rasterizer.
	return pixels(r).Inset(-1).Intersect(clip)
}
