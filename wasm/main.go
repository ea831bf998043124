//go:build js && wasm

// Command wasm is noiseball's browser game: it runs the simulation of package
// sim and draws it with Ebiten, inside the page's iframe (static/game.html).
// The page drives it through the functions bridge.go installs on the
// iframe's window.
package main

import (
	"log"
	"syscall/js"

	"github.com/hajimehoshi/ebiten/v2"
)

func main() {
	// Opened alone (game.html?opt=sgd), the game shows its own link.
	g := newGame(js.Global().Get("location").Get("search").String())
	installBridge(g.inbox, &g.status)
	ebiten.SetWindowTitle("noiseball")
	ebiten.SetRunnableOnUnfocused(true)
	// Draw covers every pixel each frame, so clearing first is wasted work.
	ebiten.SetScreenClearedEveryFrame(false)
	// One Update per frame: speed=N means N steps per drawn frame, and a
	// slow frame is not followed by catch-up Updates that make the next one
	// slower still.
	ebiten.SetTPS(ebiten.SyncWithFPS)
	if err := ebiten.RunGame(g); err != nil {
		log.Fatal(err)
	}
}
