package sim

import (
	"math"
	"sort"
	"testing"
)

func TestNewLossGridRejects(t *testing.T) {
	tests := []struct {
		name           string
		cell           float64
		i0, j0, i1, j1 int
	}{
		{"zero cell", 0, 0, 0, 3, 3},
		{"NaN cell", math.NaN(), 0, 0, 3, 3},
		{"infinite cell", math.Inf(1), 0, 0, 3, 3},
		{"one column", 1, 0, 0, 0, 3},
		{"too many nodes", 1, 0, 0, 256, 256},
	}
	for _, tt := range tests {
		if _, err := NewLossGrid(tt.cell, tt.i0, tt.j0, tt.i1, tt.j1); err == nil {
			t.Errorf("%s: no error", tt.name)
		}
	}
	if _, err := NewLossGrid(0.5, -128, -128, 127, 127); err != nil {
		t.Errorf("256 x 256 nodes: %v", err)
	}
}

// TestLossGridFill checks that Fill samples every node at its place, in
// parts when asked to stop, and keeps a loss that is not finite as NaN.
func TestLossGridFill(t *testing.T) {
	p := Default().Problem
	g, err := NewLossGrid(0.25, -2, -1, 3, 2)
	if err != nil {
		t.Fatal(err)
	}
	budget := 5
	more := func() bool { budget--; return budget >= 0 }
	if g.Fill(p, more) || g.Filled() != 5 || g.Done() {
		t.Fatalf("after a budget of 5 nodes: %d filled, done %v", g.Filled(), g.Done())
	}
	if !g.Fill(p, nil) || !g.Done() || g.Nodes() != 6*4 {
		t.Fatalf("filled %d of %d", g.Filled(), g.Nodes())
	}
	for j := -1; j <= 2; j++ {
		for i := -2; i <= 3; i++ {
			want := p.LossGap(Vec{0.25 * float64(i), 0.25 * float64(j)})
			if got := g.At(i, j); got != want {
				t.Errorf("node (%d, %d): %g, want %g", i, j, got, want)
			}
		}
	}
	inf, _ := NewLossGrid(1, 0, 0, 1, 1)
	inf.Fill(infiniteSurface{}, nil)
	for _, v := range inf.V {
		if !math.IsNaN(v) {
			t.Errorf("an infinite loss kept as %g", v)
		}
	}
}

type infiniteSurface struct{}

func (infiniteSurface) LossGap(Vec) float64 { return math.Inf(1) }
func (infiniteSurface) Minimizer() Vec      { return Vec{} }
func (infiniteSurface) Bounds() float64     { return 0 }

// TestSnapshotReach checks Snapshot.Reach against the 90% quantile of the
// runs' larger plane coordinate, found here by sorting, and that it is
// 0 on the 2-D problems.
func TestSnapshotReach(t *testing.T) {
	c := Default()
	c.Problem = ModelProblem(LinReg)
	c.Lanes = []LaneConfig{DefaultLaneFor(c.Problem)}
	c.Runs = 50
	e, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	e.Steps(200)
	var m []float64
	for _, q := range e.Lanes()[0].Positions() {
		m = append(m, math.Max(math.Abs(q[0]), math.Abs(q[1])))
	}
	sort.Float64s(m)
	s := e.Snapshot(0)
	// The 90% quantile of 50 values, as quantileIndex defines it: the 45th.
	if want := m[44]; s.Reach != want || want <= 0 {
		t.Errorf("reach %g, want the 45th of 50 sorted, %g", s.Reach, want)
	}
	d, err := New(Default())
	if err != nil {
		t.Fatal(err)
	}
	d.Steps(10)
	if r := d.Snapshot(0).Reach; r != 0 {
		t.Errorf("a 2-D problem's reach %g", r)
	}
}
