package scene

import (
	"math"
	"testing"

	"noiseball/sim"
	"noiseball/sim/rng"
)

// TestLossGridInterpolation checks the landscape of each real model's
// plane, interpolated from the grid LossGridFor gives, against the loss
// itself (Plane.LossGap) at random points of views of three sizes: linreg's
// loss is a quadratic, which the interpolation reproduces to rounding; for
// the others the error stays below 1% of the largest loss in view, and
// where the loss is above a thousandth of that, below a quarter of a band
// of the contours (half a decade: 0.125 in log10).
func TestLossGridInterpolation(t *testing.T) {
	for _, k := range sim.ModelKinds() {
		c := sim.Default()
		c.Problem = sim.ModelProblem(k)
		c.Lanes = []sim.LaneConfig{sim.DefaultLaneFor(c.Problem)}
		c.Runs = 2
		e, err := sim.New(c)
		if err != nil {
			t.Fatal(err)
		}
		pl := e.Plane()
		for _, hw := range []float64{1, 2, 5} {
			v := View{HalfWidth: hw, W: 240, H: 200}
			g := LossGridFor(c.Problem, v)
			if !GridServes(g, c.Problem, v) {
				t.Fatalf("%s: the grid for %+v does not serve it", k, v)
			}
			g.Fill(pl, nil)
			hi := 0.0
			for _, q := range []sim.Vec{v.ToPlane(0, 0), v.ToPlane(240, 200), v.ToPlane(0, 200), v.ToPlane(240, 0)} {
				hi = math.Max(hi, pl.LossGap(q))
			}
			src := rng.New(uint64(hw), 7)
			worstLog, worstRel := 0.0, 0.0
			for range 60 {
				q := v.ToPlane(240*src.Float64(), 200*src.Float64())
				exact, got := pl.LossGap(q), gridAt(g, q)
				if exact > 1e-3*hi {
					worstLog = math.Max(worstLog, math.Abs(math.Log10(got/exact)))
				}
				worstRel = math.Max(worstRel, math.Abs(got-exact)/hi)
			}
			limit := 0.01
			if k == sim.LinReg {
				limit = 1e-12
			}
			if worstRel > limit || worstLog > 0.125 {
				t.Errorf("%s, half-width %g: error %.3g of the largest loss (limit %g), %.3g in log10 (limit 0.125)", k, hw, worstRel, limit, worstLog)
			}
		}
	}
}

// TestPlaneViewGrowsWithTheCloud checks PlaneView's contract: the start
// point and the cloud's reach lie well inside, the half-width is a 1-2-5
// step of at least 1, and a view never shrinks as reach does.
func TestPlaneViewGrowsWithTheCloud(t *testing.T) {
	tests := []struct {
		start sim.Vec
		reach float64
		want  float64
	}{
		{sim.Vec{0, 0}, 0, 1},
		{sim.Vec{0.3, -0.2}, 0.1, 1},
		{sim.Vec{-1.5, 0.2}, 0.1, 2},
		{sim.Vec{0.1, 0.1}, 3, 5},
		{sim.Vec{0.1, 0.1}, 9, 20},
		{sim.Vec{math.NaN(), 0}, math.Inf(1), 1},
	}
	for _, tt := range tests {
		v := PlaneView(tt.start, tt.reach, 300, 200)
		if v.HalfWidth != tt.want {
			t.Errorf("PlaneView(%v, %g): half-width %g, want %g", tt.start, tt.reach, v.HalfWidth, tt.want)
		}
	}
	prev := 0.0
	for _, r := range []float64{0.5, 2, 1, 7, 3} {
		// The view is made from the largest reach so far (reach of a History).
		prev = math.Max(prev, r)
		v := PlaneView(sim.Vec{}, prev, 300, 200)
		if v.HalfWidth < 1.25*prev {
			t.Errorf("reach %g: half-width %g leaves it no margin", prev, v.HalfWidth)
		}
	}
}

// TestLossGridServes checks that a grid serves the view it was made for
// and a narrower one of the same scale, and not one of another scale.
func TestLossGridServes(t *testing.T) {
	p := sim.ModelProblem(sim.LogReg)
	v := View{HalfWidth: 2, W: 300, H: 200}
	g := LossGridFor(p, v)
	small := View{HalfWidth: 2, W: 250, H: 200} // the shorter side, and so the scale, kept
	zoomed := View{HalfWidth: 5, W: 300, H: 200}
	if !GridServes(g, p, v) || !GridServes(g, p, small) || GridServes(g, p, zoomed) {
		t.Errorf("serves its view %v, a smaller one %v, not another scale %v",
			GridServes(g, p, v), GridServes(g, p, small), !GridServes(g, p, zoomed))
	}
	if LossGridFor(sim.Default().Problem, v) != nil || GridServes(g, sim.Default().Problem, v) {
		t.Error("a 2-D problem has a grid")
	}
	if n := LossGridNodes(p, 300, 200); n != g.Nodes() {
		t.Errorf("LossGridNodes %d, the grid has %d", n, g.Nodes())
	}
}
