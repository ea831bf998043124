package sim

import (
	"fmt"
	"math"
	"testing"
)

// modelLanes returns an experiment on problem p with one lane per
// optimizer, each with its own rate and the schedule s (Gamma set per
// lane), the given runs and seed 1.
func modelLanes(p Problem, runs int, s Schedule, opts []Optimizer, rates []float64) Config {
	c := Default()
	c.Problem = p
	c.Runs = runs
	c.Lanes = nil
	for i, o := range opts {
		l := DefaultLaneFor(p)
		l.Opt = o
		l.Schedule = s
		l.Schedule.Gamma = rates[i]
		c.Lanes = append(c.Lanes, l)
	}
	return c
}

// checkpoint is what the convergence tests measure of a lane at a step:
// the ensemble spread in R^d, and the mean step length over the window
// of the steps n-w+1 .. n (the mean over runs and steps; one step's is
// noisier).
type checkpoint struct{ spread, step float64 }

// measure runs e to each of the steps, keeping its checkpoints; window is
// the steps each step length averages.
func measure(e *Experiment, steps []int, window int) [][]checkpoint {
	out := make([][]checkpoint, len(e.lanes))
	for _, n := range steps {
		e.Steps(n - window - e.N())
		sums := make([]float64, len(e.lanes))
		for range window {
			e.Step()
			for k := range e.lanes {
				sums[k] += e.Snapshot(k).StepNorm.Mean
			}
		}
		for k := range e.lanes {
			out[k] = append(out[k], checkpoint{spread: e.Snapshot(k).Spread, step: sums[k] / float64(window)})
		}
	}
	return out
}

// The theorem on real data: with a constant rate the spread and the step
// length of SGD, RMSprop and Adam stay above a positive level from 10^4 to
// 10^5 steps, on every model: neither falls below half its value at 10^4
// at 2 10^4, 5 10^4 or 10^5 steps. (Softmax and the MLP are trained on
// the cancer set, the MLP with 2 hidden units, to keep the test quick:
// d = 62 and 68.)
func TestRealConstantRateNeverSettles(t *testing.T) {
	mlp := ModelProblem(MLP)
	mlp.Dataset, mlp.Hidden = "cancer", 2
	sm := ModelProblem(Softmax)
	sm.Dataset = "cancer"
	opts := []Optimizer{SGD, RMSprop, Adam}
	for _, tt := range []struct {
		p     Problem
		runs  int
		rates []float64
	}{
		{ModelProblem(LinReg), 16, []float64{0.02, 0.01, 0.01}},
		{ModelProblem(LogReg), 8, []float64{0.1, 0.01, 0.01}},
		{sm, 4, []float64{0.1, 0.01, 0.01}},
		{mlp, 4, []float64{0.1, 0.01, 0.01}},
	} {
		t.Run(fmt.Sprintf("%s-%s", tt.p.Kind, tt.p.Dataset), func(t *testing.T) {
			c := modelLanes(tt.p, tt.runs, Schedule{Kind: Const, P: 1, N0: 1}, opts, tt.rates)
			e, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			e.SetDiagnostics(false)
			steps := []int{10000, 20000, 50000, 100000}
			got := measure(e, steps, 32)
			for k, o := range opts {
				first := got[k][0]
				t.Logf("%s: spread %.3g -> %.3g, step length %.3g -> %.3g", o, first.spread, got[k][3].spread, first.step, got[k][3].step)
				if !(first.spread > 0 && first.step > 0) {
					t.Errorf("%s: spread %g, step %g at 10^4", o, first.spread, first.step)
				}
				for i, cp := range got[k][1:] {
					if cp.spread < first.spread/2 || cp.step < first.step/2 {
						t.Errorf("%s at step %d: spread %.3g, step length %.3g, below half of theirs at 10^4 (%.3g, %.3g)",
							o, steps[i+1], cp.spread, cp.step, first.spread, first.step)
					}
				}
			}
		})
	}
}

// With gamma_n ~ c/n (sched=poly, p = 1, so gamma_n = gamma n0 / (n0 + n -
// 1), c = gamma n0) and c large enough for every direction (for SGD, c
// times the smallest curvature above 1/2), the iterates converge as the
// theory says on linreg and logreg: from 10^4 to 10^5 steps the spread
// falls like n^(-1/2), by at least 2.5 (the theory's 3.16 less what is
// left of the approach), and the step length like gamma_n, by at least 8
// (gamma_n falls by 9.2 for n0 = 1000, 9.7 for n0 = 300), for SGD, RMSprop
// and Adam. Adam's and RMSprop's step is gamma_n m/sqrt(M), and sqrt(M)
// shrinks with the ball until the gradient noise dominates it: a large c
// with a short n0 gets them there by 10^4.
func TestRealDecayingRateConverges(t *testing.T) {
	opts := []Optimizer{SGD, RMSprop, Adam}
	for _, tt := range []struct {
		p     Problem
		n0    float64
		rates []float64
	}{
		{ModelProblem(LinReg), 1000, []float64{0.08, 0.05, 0.05}}, // c = 80 for SGD; the smallest curvature is 0.008
		{ModelProblem(LogReg), 300, []float64{2, 0.15, 0.15}},     // c = 600 for SGD; the smallest curvature is lambda = 0.001
	} {
		t.Run(string(tt.p.Kind), func(t *testing.T) {
			c := modelLanes(tt.p, 16, Schedule{Kind: Poly, P: 1, N0: tt.n0}, opts, tt.rates)
			e, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			e.SetDiagnostics(false)
			got := measure(e, []int{10000, 100000}, 32)
			for k, o := range opts {
				a, b := got[k][0], got[k][1]
				rs, rst := a.spread/b.spread, a.step/b.step
				t.Logf("%s: spread %.3g -> %.3g (%.2fx), step length %.3g -> %.3g (%.2fx)", o, a.spread, b.spread, rs, a.step, b.step, rst)
				if !(rs >= 2.5) || !(rst >= 8) || math.IsNaN(rs) {
					t.Errorf("%s: the spread fell %.2fx (want >= 2.5), the step length %.2fx (want >= 8)", o, rs, rst)
				}
			}
		})
	}
}
