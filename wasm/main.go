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
	// The runtime's start-up and the packages' initialization (Ebiten's
	// compiles its shaders there) took about 110 ms of CPU here; the page
	// gets its event loop back before the game's own start-up, and again
	// before Ebiten's (see also warmUp).
	yield()
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
	yield()
	if err := ebiten.RunGame(g); err != nil {
		log.Fatal(err)
	}
}

// yield lets the page's event loop run: the program goes on in a task of
// its own, after a setTimeout of 0. Go on wasm hands control back to
// JavaScript only when no goroutine can run, and a time.Sleep that has
// expired by then (behind another goroutine's work) never does.
func yield() {
	done := make(chan struct{})
	var resume js.Func
	resume = js.FuncOf(func(js.Value, []js.Value) any {
		resume.Release()
		close(done)
		return nil
	})
	js.Global().Call("setTimeout", resume, 0)
	<-done
}
