package scene

import (
	"math"
	"sort"

	"noiseball/sim"
)

// The readouts a pointer brings up on the game's canvas, which a still
// never shows.

// Readout is what the plane shows under a pointer at (X, Y): the plane
// coordinates and the loss gap there, Label, in Box; and a ring of Radius
// around the pointer while the start point is dragged (Radius 0 otherwise).
type Readout struct {
	Label  string
	Box    Rect
	X, Y   float64
	Radius float64
}

// Readout returns the readout for a pointer at (x, y) on the plane, of
// the point q under it (the point the start is dragged to while dragging).
func (p *Picture) Readout(cv Canvas, x, y float64, q sim.Vec, dragging bool) Readout {
	k := p.K
	r := Readout{X: x, Y: y}
	if dragging {
		r.Radius = 6 * k
	}
	r.Label = "(" + FormatNumber(q[0]) + ", " + FormatNumber(q[1]) + ")"
	if gap, ok := p.LossAt(q); ok {
		r.Label += "  L−L* = " + FormatNumber(gap)
	}
	px := 12 * k
	w, h := cv.TextWidth(r.Label, px)+10*k, px*1.6
	// Below and right of the pointer, or on the other side near an edge.
	bx, by := x+14*k, y+14*k
	if bx+w > p.Land.X1 {
		bx -= w + 28*k
	}
	if by+h > p.Land.Y1 {
		by -= h + 28*k
	}
	r.Box = Rect{X0: bx, Y0: by, X1: bx + w, Y1: by + h}
	return r
}

// Covers returns the rectangle that DrawReadout paints, anti-aliasing
// included.
func (r Readout) Covers(k float64) Rect {
	c := r.Box
	if r.Radius > 0 {
		e := r.Radius + 2*k // the ring's half width and its anti-aliasing
		c = Rect{X0: math.Min(c.X0, r.X-e), Y0: math.Min(c.Y0, r.Y-e), X1: math.Max(c.X1, r.X+e), Y1: math.Max(c.Y1, r.Y+e)}
	}
	return c
}

// DrawReadout draws r.
func (p *Picture) DrawReadout(cv Canvas, r Readout) {
	k := p.K
	if r.Radius > 0 {
		cv.Ring(r.X, r.Y, r.Radius, 2*k, Ink)
	}
	cv.Rect(r.Box, white, 230.0/255)
	cv.Text(r.Label, r.Box.X0+5*k, (r.Box.Y0+r.Box.Y1)/2, 12*k, Ink, 0, 0.5)
}

// DrawReadout marks, on the chart, the step under the canvas column x and
// writes every lane's mean there in a box, which stays left of right. The
// chart's coordinates lie at off on the canvas.
func (v *ChartView) DrawReadout(cv Canvas, x float64, off Point, right float64) {
	if !v.OK {
		return
	}
	k := v.K
	ch := v.Chart
	step := ch.FromScreenX(x - off.X)
	y0, y1 := off.Y+ch.Plot.Y0, off.Y+ch.Plot.Y1
	cv.Line([]Point{{X: x, Y: y0}, {X: x, Y: y1}}, k, Muted, 1, 0)
	y := y0 + 2*k
	// The box goes right of the line, or left of it near the charts' edge.
	bx, bw := x+3*k, 64*k
	if bx+bw > right {
		bx = x - 3*k - bw
	}
	cv.Rect(Rect{X0: bx, Y0: y, X1: bx + bw, Y1: y + (float64(len(v.Series))*13+16)*k}, white, 220.0/255)
	cv.Text("n ≈ "+FormatNumber(step), bx+3*k, y, 11*k, Ink, 0, 0)
	for lane, se := range v.Series {
		i := nearest(se.X, step)
		if i < 0 {
			continue
		}
		y += 13 * k
		cv.Text(FormatNumber(se.Mean[i]), bx+3*k, y, 11*k, darker(LaneColor(lane)), 0, 0)
	}
}

// nearest returns the index of the value of the increasing xs closest to x,
// or -1 when xs is empty.
func nearest(xs []float64, x float64) int {
	i := sort.SearchFloat64s(xs, x)
	switch {
	case len(xs) == 0:
		return -1
	case i == len(xs):
		return i - 1
	case i > 0 && x-xs[i-1] < xs[i]-x:
		return i - 1
	}
	return i
}
