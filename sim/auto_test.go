package sim_test

import (
	"math"
	"testing"

	"noiseball/sim"
	"noiseball/sim/link"
)

// sched=auto pays off: on the quadratic it reaches a loss gap at
// least 10x lower than the constant schedule it starts from after 10^5
// steps, over 50 seeds.
//
// Each seed is its own experiment with a single run, and the two schedules
// are two lanes of it (the same data, so the comparison is paired). A
// single run is the honest and the hard case: sched=auto decides per lane,
// on the lane's own sample of runs, so 50 runs of one experiment would let
// it decide on a 50-run average, which no user with one training run has;
// with one run its decisions rest on that run alone (K = 15 windows of at
// least 64 steps). The loss gap is averaged over the 50 seeds (one run's
// gap fluctuates like a chi-square); sched=auto's is typically hundreds of
// times smaller, as the rate has been halved about 10 times and SGD's ball
// is proportional to gamma.
//
// The main setting is SGD (the sgd preset's quadratic and rate). Adam
// is checked too, with 20 seeds and 3 10^4 steps to keep the test short;
// its ball shrinks only like sqrt(gamma), and the ratio is about 20 there
// (170 after 10^5 steps). Under -short SGD takes the same 20 seeds and
// 3 10^4 steps, where its ratio is still about 300.
func TestAutoBeatsConstant(t *testing.T) {
	for _, tt := range []struct {
		name, query  string
		seeds, steps int
	}{
		{"sgd", "v=1&opt=sgd&sched=auto&sched2=const", 50, 100_000},
		{"adam", "v=1&sched=auto&sched2=const", 20, 30_000},
	} {
		t.Run(tt.name, func(t *testing.T) {
			seeds, steps := tt.seeds, tt.steps
			if testing.Short() {
				seeds, steps = 20, 30_000
			}
			var auto, constant float64
			halvings := 0
			for seed := uint64(1); seed <= uint64(seeds); seed++ {
				c, err := link.Parse(tt.query)
				if err != nil {
					t.Fatal(err)
				}
				c.Seed = seed
				e, err := sim.New(c)
				if err != nil {
					t.Fatal(err)
				}
				e.Steps(steps)
				auto += e.Snapshot(0).LossGap.Mean
				constant += e.Snapshot(1).LossGap.Mean
				halvings += e.Diagnostics(0).Halvings
			}
			ratio := constant / auto
			t.Logf("%s: mean loss gap %.3g (auto, %.1f halvings) against %.3g (const): %.0fx lower",
				tt.name, auto/float64(seeds), float64(halvings)/float64(seeds), constant/float64(seeds), ratio)
			if !(ratio >= 10) {
				t.Errorf("sched=auto's loss gap is %.1fx lower than the constant schedule's, want at least 10x", ratio)
			}
		})
	}
}

// sched=auto's learning rate is gamma 2^-h, h the halvings so far, each
// right after a stationary verdict; never below the floor lrmin; and the
// spread's prediction follows the halvings (it is exact for SGD, so it
// matches the simulation's spread after the last halving).
func TestAutoHalvings(t *testing.T) {
	tests := []struct {
		query string
		floor float64
	}{
		{"v=1&opt=sgd&sched=auto&runs=500", 0},
		{"v=1&opt=sgd&sched=auto&lrmin=0.01&runs=500", 0.01},
		{"v=1&sched=auto&runs=300", 0},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			c, _ := link.Parse(tt.query)
			e, _ := sim.New(c)
			l := e.Lanes()[0]
			gamma := c.Lanes[0].Schedule.Gamma
			h := 0
			var last sim.Status
			for n := 1; n <= 30000; n++ {
				e.Step()
				want := math.Max(tt.floor, gamma*math.Ldexp(1, -h))
				if l.LearningRate() != want {
					t.Fatalf("step %d: gamma_n = %g, want %g after %d halvings", n, l.LearningRate(), want, h)
				}
				d := e.Diagnostics(0)
				if d.Halvings != h {
					if d.Halvings != h+1 || d.Status != sim.Stationary || d.Anchor != n {
						t.Fatalf("step %d: halving %d without a stationary verdict at the anchor: %+v (was %s)", n, d.Halvings, d, last)
					}
					h = d.Halvings
				}
				last = d.Status
			}
			switch {
			case tt.floor > 0 && h != 3: // 0.05/4 > 0.01 > 0.05/8: the third halving reaches the floor
				t.Errorf("%d halvings down to the floor %g, want 3", h, tt.floor)
			case tt.floor == 0 && h < 5:
				t.Errorf("%d halvings in 30000 steps, want at least 5", h)
			}
			if tt.floor > 0 && l.LearningRate() != tt.floor {
				t.Errorf("gamma_n = %g, want the floor %g", l.LearningRate(), tt.floor)
			}
			if s := e.Snapshot(0); c.Lanes[0].Opt == sim.SGD && (!s.HasPrediction || !s.PredictionExact ||
				math.Abs(s.Spread-s.Predicted) > 0.1*s.Predicted) {
				t.Errorf("spread %.4g, prediction %.4g (has %v, exact %v)", s.Spread, s.Predicted, s.HasPrediction, s.PredictionExact)
			}
		})
	}
}
