package scene

import (
	"math"

	"noiseball/sim"
)

// A real model's picture is its plane (sim.Plane, sim/MATH.md "The 2-D
// picture of a d-dimensional run"): the runs projected onto the plane
// through the reference point theta*, which is the origin, and the
// training loss's contours on that plane, from a sim.LossGrid sampled once
// per view (LossGridFor) and interpolated between its nodes.

// PlaneView returns the view of a W x H screen of a real model's plane:
// centred on the origin (theta*), with the start point and the cloud well
// inside. The half-width is 1.25 times the larger of the start point's
// larger coordinate and reach (how far the cloud has reached,
// sim.Snapshot.Reach), at least 1, rounded up to a 1-2-5 step, so that
// the view grows in a few steps as the cloud does and never shrinks with
// it: a cloud that shrinks is seen to.
func PlaneView(start sim.Vec, reach float64, w, h int) View {
	d := math.Max(math.Max(math.Abs(start[0]), math.Abs(start[1])), reach)
	if math.IsNaN(d) || math.IsInf(d, 0) {
		d = 0
	}
	return View{HalfWidth: niceCeil(math.Max(1, 1.25*d)), W: w, H: h}
}

// reach returns how far the runs of the history have reached on the plane:
// the largest sim.Snapshot.Reach of every lane so far.
func reach(h *sim.History, lanes int) float64 {
	r := 0.0
	if h == nil {
		return r
	}
	for k := range lanes {
		for _, s := range h.Lane(k) {
			r = math.Max(r, s.Reach)
		}
	}
	return r
}

// GridCells returns how many cells of a real model's sim.LossGrid span a
// view's half-width, by what a node costs (sim.LossGridCost): the
// interpolation between nodes reproduces a quadratic exactly and the loss
// near theta* is nearly one, so a few cells suffice where a node is dear.
// TestLossGridInterpolation checks that the contours stay within a small
// fraction of a band of the loss's own.
func GridCells(p sim.Problem) int {
	switch p.Kind {
	case sim.LinReg:
		return 8
	case sim.LogReg:
		return 12
	}
	return 8
}

// LossGridFor returns the lattice, not yet sampled, on which the landscape
// of view v of the real model p is sampled: nodes GridCells(p) per
// half-width apart, on the multiples of that cell from the origin, over
// the view and one node more on each side, which the interpolation needs
// at the edges. It returns nil for a 2-D problem, whose landscape is
// computed exactly, or a view too small to draw.
func LossGridFor(p sim.Problem, v View) *sim.LossGrid {
	if !p.Kind.Real() || v.W < 1 || v.H < 1 {
		return nil
	}
	cell := v.HalfWidth / float64(GridCells(p))
	i0, j0, i1, j1 := gridSpan(v, cell)
	g, err := sim.NewLossGrid(cell, i0, j0, i1, j1)
	if err != nil {
		return nil // a view no screen has: too many nodes
	}
	return g
}

// gridSpan returns the nodes a view's interpolation reads, at spacing cell:
// from one below the node under its lowest corner to two above the one
// under its highest, in both directions.
func gridSpan(v View, cell float64) (i0, j0, i1, j1 int) {
	lo := v.ToPlane(0, float64(v.H))
	hi := v.ToPlane(float64(v.W), 0)
	return int(math.Floor(lo[0]/cell)) - 1, int(math.Floor(lo[1]/cell)) - 1,
		int(math.Floor(hi[0]/cell)) + 2, int(math.Floor(hi[1]/cell)) + 2
}

// GridServes reports whether g holds the nodes that view v of the real
// model p reads: the same cell, and a span at least v's.
func GridServes(g *sim.LossGrid, p sim.Problem, v View) bool {
	if g == nil || !p.Kind.Real() {
		return false
	}
	cell := v.HalfWidth / float64(GridCells(p))
	if g.Cell != cell {
		return false
	}
	i0, j0, i1, j1 := gridSpan(v, cell)
	return g.I0 <= i0 && g.J0 <= j0 && g.I1 >= i1 && g.J1 >= j1
}

// LossGridNodes returns how many nodes the landscape of a real model p in
// a W x H pixel view samples (LossGridFor), whatever its half-width: what
// a still's budget counts (sim.LossGridCost).
func LossGridNodes(p sim.Problem, w, h int) int {
	g := LossGridFor(p, View{HalfWidth: 1, W: w, H: h})
	if g == nil {
		return 0
	}
	return g.Nodes()
}

// gridCell returns the node i below f (in units of the cell) whose
// neighbours i-1 to i+2 lie in [lo, hi], and f's offset from it: in [0, 1)
// inside the grid, beyond where f lies outside it (by rounding at an edge,
// say), which extrapolates.
func gridCell(f float64, lo, hi int) (int, float64) {
	i := int(math.Max(float64(lo+1), math.Min(float64(hi-2), math.Floor(f))))
	return i, f - float64(i)
}

// catmullRom returns the weights of the nodes at -1, 0, 1 and 2 for a
// point at t in [0, 1] between nodes 0 and 1: Keys' cubic convolution with
// a = -1/2 (Keys 1981), which reproduces every quadratic exactly.
func catmullRom(t float64) [4]float64 {
	t2 := t * t
	t3 := t2 * t
	return [4]float64{
		(-t3 + 2*t2 - t) / 2,
		(3*t3 - 5*t2 + 2) / 2,
		(-3*t3 + 4*t2 + t) / 2,
		(t3 - t2) / 2,
	}
}

// gridAt returns the interpolated loss of the filled grid g at the plane
// point q: the tensor product of catmullRom in both directions over the
// 4 x 4 nodes around q. It returns +Inf where a node it reads is NaN (the
// loss is not finite there), and NaN for a point outside what g holds.
func gridAt(g *sim.LossGrid, q sim.Vec) float64 {
	fu, fw := q[0]/g.Cell, q[1]/g.Cell
	if math.IsNaN(fu) || math.IsNaN(fw) {
		return math.NaN()
	}
	i, ti := gridCell(fu, g.I0, g.I1)
	j, tj := gridCell(fw, g.J0, g.J1)
	if ti < -1 || ti > 2 || tj < -1 || tj > 2 {
		return math.NaN() // well outside the grid
	}
	wu, ww := catmullRom(ti), catmullRom(tj)
	var v float64
	for b := range 4 {
		var row float64
		for a := range 4 {
			row += wu[a] * g.At(i-1+a, j-1+b)
		}
		v += ww[b] * row
	}
	if math.IsNaN(v) {
		return math.Inf(1)
	}
	return v
}
