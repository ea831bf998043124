//go:build js && wasm

package main

import (
	"image"
	"image/color"
	"strconv"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"noiseball/sim"
	"noiseball/sim/link"
	"noiseball/sim/scene"
)

// pointer is the mouse or first touch: where it is, and whether it is
// dragging the start point.
type pointer struct {
	x, y     float64
	inside   bool
	touch    bool // the pointer is a finger: ignore the mouse cursor
	dragging bool
	drag     sim.Vec // where the start point is being dragged to
}

// edit is a change the game made to the link, for the page to write into
// the address bar: parameters to set (dragging the start point), or a
// whole new link replacing the experiment's settings (clicking a sweep's
// cell). Seq grows with each edit.
type edit struct {
	Seq    int               `json:"seq"`
	Params map[string]string `json:"params,omitempty"`
	Link   string            `json:"link,omitempty"`
}

// updatePointer reads the mouse or touch in Update: hovering shows a
// readout, and dragging the start point moves it, restarting the runs from
// there when released.
func (g *game) updatePointer() {
	p := &g.pointer
	var pressed, released bool
	if ids := ebiten.AppendTouchIDs(nil); len(ids) > 0 {
		x, y := ebiten.TouchPosition(ids[0])
		p.x, p.y, p.inside, p.touch = float64(x), float64(y), true, true
		pressed = len(inpututil.AppendJustPressedTouchIDs(nil)) > 0
	} else if len(inpututil.AppendJustReleasedTouchIDs(nil)) > 0 {
		// The finger lifted: keep its last position for the drop, hide the readout.
		released, p.inside = true, false
	} else if !p.touch {
		x, y := ebiten.CursorPosition()
		p.x, p.y = float64(x), float64(y)
		p.inside = x > 0 && y > 0 && x < g.w-1 && y < g.h-1
		pressed = inpututil.IsMouseButtonJustPressed(ebiten.MouseButtonLeft)
		released = inpututil.IsMouseButtonJustReleased(ebiten.MouseButtonLeft)
	}
	f := g.frame()
	land, v := f.Land, f.View
	// A real model's start is theta_0, not x0: it cannot be dragged.
	if pressed && !p.dragging && !g.cfg.Problem.Kind.Real() {
		sx, sy := v.ToScreen(g.cfg.X0)
		dx, dy := p.x-(sx+land.X0), p.y-(sy+land.Y0)
		grab := 12 * g.scale()
		p.dragging = dx*dx+dy*dy <= grab*grab
	}
	if p.dragging {
		p.drag = v.ToPlane(p.x-land.X0, p.y-land.Y0)
		if released {
			p.dragging = false
			g.moveStart(p.drag)
		}
	}
}

// moveStart restarts the runs from x0, rounded to two decimals, and tells
// the page so it can update the link.
func (g *game) moveStart(x0 sim.Vec) {
	round := func(x float64) float64 { return float64(int64(x*100+signHalf(x))) / 100 }
	x0 = sim.Vec{clamp(round(x0[0]), -100, 100), clamp(round(x0[1]), -100, 100)}
	q := strconv.FormatFloat(x0[0], 'g', -1, 64) + "," + strconv.FormatFloat(x0[1], 'g', -1, 64)
	g.edit = &edit{Seq: g.editSeq() + 1, Params: map[string]string{"x0": q}}
	g.cfg.X0 = x0
	// The page writes the edit into its link and sends it back; with the
	// canonical link already updated that causes no second restart.
	g.link = link.Encode(g.cfg)
	g.restart()
}

func (g *game) editSeq() int {
	if g.edit == nil {
		return 0
	}
	return g.edit.Seq
}

func signHalf(x float64) float64 {
	if x < 0 {
		return -0.5
	}
	return 0.5
}

func clamp(x, lo, hi float64) float64 { return max(lo, min(hi, x)) }

// pointerReadout returns the readout for where the pointer is, and the
// pixels it covers (none when the pointer is off the plane).
func (g *game) pointerReadout(f scene.Frame) (*scene.Readout, image.Rectangle) {
	p := &g.pointer
	if !p.inside || !f.Land.Contains(p.x, p.y) {
		return nil, image.Rectangle{}
	}
	q := f.View.ToPlane(p.x-f.Land.X0, p.y-f.Land.Y0)
	if p.dragging {
		q = p.drag
	}
	r := g.picture.Readout(&g.canvases.screen, p.x, p.y, q, p.dragging)
	return &r, pixels(r.Covers(f.K)).Inset(-1)
}

// drawPointer draws the readout r, if any, on cv.
func (g *game) drawPointer(cv *canvas, r *scene.Readout) {
	if r != nil {
		g.picture.DrawReadout(cv, *r)
	}
}

// drawPanic covers the canvas with the message of a recovered panic, in
// the page's language (its reason is the Go runtime's, as it is); the page
// shows a Reset button beside it.
func (g *game) drawPanic(screen *ebiten.Image) {
	vector.FillRect(screen, 0, 0, float32(g.w), float32(g.h), color.RGBA{255, 255, 255, 210}, false)
	s := g.scale()
	g.canvases.fonts.label(screen, g.labels.StoppedText(), float64(g.w)/2, float64(g.h)/2-20*s, 16*s, scene.Ink, 0.5, 0.5)
	g.canvases.fonts.label(screen, g.panic, float64(g.w)/2, float64(g.h)/2+10*s, 13*s, color.RGBA{0xa0, 0x10, 0x10, 255}, 0.5, 0.5)
}
