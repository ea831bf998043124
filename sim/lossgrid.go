package sim

import (
	"fmt"
	"math"
)

// LossGrid is a Surface's loss gap sampled at the nodes of a square
// lattice of the picture's plane, for drawing its contours: node (i, j)
// lies at (i Cell, j Cell), for I0 <= i <= I1 and J0 <= j <= J1. A real
// model's loss on its plane costs a pass over the training set per point
// (Plane.LossGap), so the picture samples it once per configuration and
// view on a coarse lattice and interpolates between the nodes; the nodes
// are multiples of Cell from the plane's origin, so that two views with
// the same Cell share theirs whatever their size.
//
// Fill samples the nodes, all at once or a few at a time (a program with
// one thread spreads the work over its frames); a LossGrid is not safe for
// concurrent use while it is being filled.
type LossGrid struct {
	Cell           float64
	I0, J0, I1, J1 int
	// V holds the samples, row by row: node (i, j) at
	// V[(j-J0)(I1-I0+1) + i-I0]. A sample is NaN until it is filled, and
	// where the loss is not finite.
	V    []float64
	next int // the samples filled, in V's order
}

// MaxLossGridNodes bounds the nodes of a LossGrid: 2^16, a 256 x 256
// lattice, far beyond what a picture needs.
const MaxLossGridNodes = 1 << 16

// NewLossGrid returns the lattice of nodes (i Cell, j Cell) for i0 <= i <=
// i1 and j0 <= j <= j1, not yet sampled. Cell must be positive and finite,
// and the lattice at least 2 x 2 nodes and at most MaxLossGridNodes.
func NewLossGrid(cell float64, i0, j0, i1, j1 int) (*LossGrid, error) {
	if !(cell > 0) || math.IsInf(cell, 0) {
		return nil, fmt.Errorf("loss grid: cell %g is not a positive number", cell)
	}
	nx, ny := i1-i0+1, j1-j0+1
	if nx < 2 || ny < 2 || nx > MaxLossGridNodes/ny {
		return nil, fmt.Errorf("loss grid: %d x %d nodes outside [2, %d] in all", nx, ny, MaxLossGridNodes)
	}
	g := &LossGrid{Cell: cell, I0: i0, J0: j0, I1: i1, J1: j1, V: make([]float64, nx*ny)}
	for k := range g.V {
		g.V[k] = math.NaN()
	}
	return g, nil
}

// Nodes returns how many nodes the lattice has.
func (g *LossGrid) Nodes() int { return len(g.V) }

// Done reports whether every node is sampled.
func (g *LossGrid) Done() bool { return g.next == len(g.V) }

// Filled returns how many nodes are sampled.
func (g *LossGrid) Filled() int { return g.next }

// Node returns the plane point of node (i, j).
func (g *LossGrid) Node(i, j int) Vec { return Vec{float64(i) * g.Cell, float64(j) * g.Cell} }

// At returns the sample at node (i, j), which must lie in the lattice.
func (g *LossGrid) At(i, j int) float64 { return g.V[(j-g.J0)*(g.I1-g.I0+1)+i-g.I0] }

// Fill samples s.LossGap at the nodes not yet sampled, in V's order,
// while more reports true (asked before each node; nil asks nothing), and
// reports whether every node is sampled. A sample that is not finite is
// kept as NaN.
func (g *LossGrid) Fill(s Surface, more func() bool) bool {
	nx := g.I1 - g.I0 + 1
	for ; g.next < len(g.V); g.next++ {
		if more != nil && !more() {
			return false
		}
		i, j := g.I0+g.next%nx, g.J0+g.next/nx
		v := s.LossGap(g.Node(i, j))
		if math.IsInf(v, 0) {
			v = math.NaN()
		}
		g.V[g.next] = v
	}
	return true
}
