package sim_test

import (
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"noiseball/sim"
)

func TestStepBoundFactor(t *testing.T) {
	adam := sim.DefaultLane() // alpha = 0.9, beta = 0.999, bias correction
	noBC := adam
	noBC.BiasCorrection = false
	rms := adam
	rms.Opt = sim.RMSprop
	adamw := adam
	adamw.Opt = sim.AdamW
	adamwDecay := adamw
	adamwDecay.WeightDecay = 0.1
	sgd := adam
	sgd.Opt = sim.SGD
	signSGD := adam
	signSGD.Beta1, signSGD.Beta2 = 0, 0
	betaZero := adam
	betaZero.Beta2 = 0
	big := 1e6
	r := 0.81 / 0.999
	limit := math.Sqrt2 * 0.1 / math.Sqrt(0.001*(1-r))
	tests := []struct {
		name string
		lane sim.LaneConfig
		n    int
		want float64 // NaN: no bound
	}{
		{"adam n=1: sign(g)", adam, 1, math.Sqrt2},
		{"adam n=2", adam, 2, math.Sqrt2 * 0.1 / 0.19 * math.Sqrt((1+r)*(1-0.999*0.999)/0.001)},
		{"adam limit", adam, 1e6, limit},
		{"adam without bias correction n=1", noBC, 1, math.Sqrt2 * 0.1 / math.Sqrt(0.001)},
		{"rmsprop", rms, 7, math.Sqrt(2 / 0.001)},
		{"adamw without decay", adamw, 1, math.Sqrt2},
		{"adamw with decay", adamwDecay, 1, math.NaN()},
		{"sgd", sgd, 1, math.NaN()},
		{"sign sgd", signSGD, 100, math.Sqrt2},
		{"beta2 = 0 with momentum", betaZero, 5, math.NaN()},
		{"step 0", adam, 0, math.NaN()},
		{"r > 1 overflows", func() sim.LaneConfig { l := adam; l.Beta2 = 0.01; return l }(), int(big), math.NaN()},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c, ok := sim.StepBoundFactor(tt.lane, tt.n)
			if math.IsNaN(tt.want) {
				if ok {
					t.Errorf("C = %g, want no bound", c)
				}
				return
			}
			if !ok || math.Abs(c-tt.want) > 1e-9*tt.want {
				t.Errorf("C = %.12g (%v), want %.12g", c, ok, tt.want)
			}
		})
	}
}

// The pathwise bound holds: over many random lanes (Adam,
// AMSGrad, AdamW without decay and RMSprop with random betas, eps, bias
// correction, schedules, batch sizes, heavy-tailed and skewed data,
// clipping, L2 decay, Reddi's projected problem) and every step and run,
// the simulated step ||theta_n - theta_{n-1}|| never exceeds the bound
// C_n gamma_n of Snapshot.StepBound, and the bound is tight: the largest
// ratio is 1 at the first step with eps = 0, and above 0.3 after step 10
// too (an outlier gradient after small ones nearly fills M_n by itself).
func TestStepBoundHolds(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 7))
	pick := func(xs ...float64) float64 { return xs[rng.IntN(len(xs))] }
	const configs, runs, steps = 60, 50, 400
	var maxRatio, maxLate float64
	for i := range configs {
		c := sim.Default()
		c.Runs, c.Seed = runs, uint64(i)
		c.Data.Dist = sim.Distributions()[rng.IntN(len(sim.Distributions()))]
		c.Data.Sigma = sim.Vec{pick(1, 0.1, 10), pick(1, 0, 3)}
		if rng.IntN(6) == 0 {
			c.Problem = sim.Problem{Kind: sim.Reddi, H1: 1, H2: 1, C: pick(3, 1010)}
			c.X0 = sim.Vec{}
		}
		l := sim.DefaultLane()
		l.Opt = []sim.Optimizer{sim.Adam, sim.AMSGrad, sim.AdamW, sim.RMSprop}[rng.IntN(4)]
		l.Beta1 = pick(0.9, 0, 0.5, 0.99)
		l.Beta2 = pick(0.999, 0.9, 0.5, 0.99, 0.3)
		l.Eps = pick(0, 1e-8, 0.1)
		l.BiasCorrection = rng.IntN(3) > 0
		l.Schedule = sim.Schedule{Kind: sim.ScheduleKinds()[rng.IntN(len(sim.ScheduleKinds()))], Gamma: pick(0.05, 0.5, 0.001), P: 0.5, N0: 50, Warmup: rng.IntN(2) * 20, Factor: 0.1, Patience: 10, Threshold: 1e-4}
		l.Batch.Size = 1 + rng.IntN(3)
		if l.Opt != sim.AdamW {
			l.WeightDecay = pick(0, 0, 0.3)
		}
		l.Clip = pick(0, 0, 0.5)
		c.Lanes = []sim.LaneConfig{l}
		e, err := sim.New(c)
		if err != nil {
			t.Fatal(err)
		}
		for n := 1; n <= steps; n++ {
			e.Step()
			s := e.Snapshot(0)
			if !s.HasStepBound {
				t.Fatalf("%+v: no bound at step %d", l, n)
			}
			for r, th := range e.Lanes()[0].Positions() {
				prev := e.Lanes()[0].Previous()[r]
				step := th.Sub(prev).Norm()
				ratio := step / s.StepBound
				// theta_n - theta_{n-1} is rounded to the positions' ulps.
				slack := 4 * 0x1p-52 * (math.Abs(th[0]) + math.Abs(th[1]) + math.Abs(prev[0]) + math.Abs(prev[1]))
				if step > s.StepBound*(1+1e-12)+slack {
					t.Fatalf("config %d (%+v) step %d run %d: step %g exceeds the bound %g", i, l, n, r, step, s.StepBound)
				}
				if s.StepBound == 0 { // cosine without a floor reaches gamma_n = 0
					continue
				}
				maxRatio = max(maxRatio, ratio)
				if n > 10 {
					maxLate = max(maxLate, ratio)
				}
			}
		}
	}
	t.Logf("largest step / bound: %.3f overall, %.3f after step 10", maxRatio, maxLate)
	if maxRatio < 0.3 || maxLate < 0.3 {
		t.Errorf("the bound is loose: largest ratio %.3f, after step 10 %.3f; want above 0.3", maxRatio, maxLate)
	}
}

func ExampleStepBoundFactor() {
	lane := sim.DefaultLane() // Adam, beta1 = 0.9, beta2 = 0.999, bias correction
	for _, n := range []int{1, 10, 100, 100000} {
		c, _ := sim.StepBoundFactor(lane, n)
		fmt.Printf("n = %6d: ||theta_n - theta_{n-1}|| <= %.3f gamma_n\n", n, c)
	}
	// Output:
	// n =      1: ||theta_n - theta_{n-1}|| <= 1.414 gamma_n
	// n =     10: ||theta_n - theta_{n-1}|| <= 1.475 gamma_n
	// n =    100: ||theta_n - theta_{n-1}|| <= 3.173 gamma_n
	// n = 100000: ||theta_n - theta_{n-1}|| <= 10.282 gamma_n
}
