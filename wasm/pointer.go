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
	land, _ := g.layout()
	v := g.view(land)
	if pressed && !p.dragging {
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

// readout is what the plane shows under the pointer: the plane
// coordinates and the loss gap there in a box, and a ring while the start
// point is dragged.
type readout struct {
	label  string
	box    scene.Rect
	x, y   float64 // the pointer
	radius float64 // of the ring, or 0
	shown  bool
}

// pointerReadout returns the readout for where the pointer is, and the
// pixels it covers (none when the pointer is off the plane).
func (g *game) pointerReadout(land scene.Rect) (readout, image.Rectangle) {
	p := &g.pointer
	if !p.inside || !land.Contains(p.x, p.y) {
		return readout{}, image.Rectangle{}
	}
	v := g.view(land)
	s := g.scale()
	r := readout{x: p.x, y: p.y, shown: true}
	q := v.ToPlane(p.x-land.X0, p.y-land.Y0)
	if p.dragging {
		q = p.drag
		r.radius = 6 * s
	}
	r.label = "(" + scene.FormatNumber(q[0]) + ", " + scene.FormatNumber(q[1]) + ")  L−L* = " + scene.FormatNumber(g.cfg.Problem.LossGap(q))
	px := 12 * s
	w, h := g.fonts.width(r.label, px)+10*s, px*1.6
	// Below and right of the pointer, or on the other side near an edge.
	x, y := p.x+14*s, p.y+14*s
	if x+w > land.X1 {
		x -= w + 28*s
	}
	if y+h > land.Y1 {
		y -= h + 28*s
	}
	r.box = scene.Rect{X0: x, Y0: y, X1: x + w, Y1: y + h}
	covered := pixels(r.box)
	if r.radius > 0 {
		e := r.radius + 2*s // the ring's half width and its anti-aliasing
		covered = covered.Union(pixels(scene.Rect{X0: p.x - e, Y0: p.y - e, X1: p.x + e, Y1: p.y + e}))
	}
	return r, covered.Inset(-1)
}

// drawPointer draws the readout r.
func (g *game) drawPointer(screen *ebiten.Image, r readout) {
	if !r.shown {
		return
	}
	s := g.scale()
	if r.radius > 0 {
		vector.StrokeCircle(screen, float32(r.x), float32(r.y), float32(r.radius), float32(2*s), ink, true)
	}
	b := r.box
	vector.FillRect(screen, float32(b.X0), float32(b.Y0), float32(b.Dx()), float32(b.Dy()), color.RGBA{255, 255, 255, 230}, false)
	g.fonts.label(screen, r.label, b.X0+5*s, (b.Y0+b.Y1)/2, 12*s, ink, 0, 0.5)
}

// drawPanic covers the canvas with the message of a recovered panic; the
// page shows a Reset button beside it.
func (g *game) drawPanic(screen *ebiten.Image) {
	vector.FillRect(screen, 0, 0, float32(g.w), float32(g.h), color.RGBA{255, 255, 255, 210}, false)
	s := g.scale()
	g.fonts.label(screen, "The simulation stopped:", float64(g.w)/2, float64(g.h)/2-20*s, 16*s, ink, 0.5, 0.5)
	g.fonts.label(screen, g.panic, float64(g.w)/2, float64(g.h)/2+10*s, 13*s, color.RGBA{0xa0, 0x10, 0x10, 255}, 0.5, 0.5)
}
