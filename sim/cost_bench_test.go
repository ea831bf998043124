package sim

import (
	"fmt"
	"sort"
	"testing"
	"time"
)

// costUnit is the configuration whose marginal run-step is the cost
// model's unit (see RunStepTimer), with the diagnostics on.
func costUnit() Config {
	c := Default()
	c.Runs = MaxRuns
	return c
}

// timer alternates steps of the unit and of a configuration being
// measured, so that both see the same load on a shared machine.
type timer struct {
	unit   *RunStepTimer
	unitNs []float64
}

func newTimer(*testing.B) *timer { return &timer{unit: NewRunStepTimer()} }

// steps times k steps of e and returns ns per step.
func stepsNs(e *Experiment, k int) float64 {
	t := time.Now()
	e.Steps(k)
	return float64(time.Since(t).Nanoseconds()) / float64(k)
}

// round times one slice of the unit (about a millisecond) and of measure,
// which returns its own ns per unit of what it measures.
func (t *timer) round(measure func() float64) float64 {
	t.unitNs = append(t.unitNs, t.unit.Measure(10))
	return measure()
}

func median(xs []float64) float64 {
	s := append([]float64(nil), xs...)
	sort.Float64s(s)
	return s[len(s)/2]
}

// relative runs rounds of measure (each returning ns) alternated with the
// unit within b's loop and returns median(measure) / median(unit ns).
func relative(b *testing.B, t *timer, measure func() float64) float64 {
	t.unitNs = t.unitNs[:0]
	var ns []float64
	for b.Loop() {
		ns = append(ns, t.round(measure))
	}
	return median(ns) / median(t.unitNs)
}

// perRun returns a measure of ns per run-step of c, diagnostics on or off,
// and, for small ensembles, per lane-step.
func perRun(b *testing.B, c Config, diag bool) func() float64 {
	e, err := New(c)
	if err != nil {
		b.Fatal(err)
	}
	e.SetDiagnostics(diag)
	e.Steps(20)
	k := max(1, 20000/(c.Runs*len(c.Lanes)))
	return func() float64 { return stepsNs(e, k) / float64(c.Runs*len(c.Lanes)) }
}

// withLane returns the unit with its lane changed by f.
func withLane(f func(*LaneConfig)) Config {
	c := costUnit()
	c.Lanes = []LaneConfig{DefaultLane()}
	f(&c.Lanes[0])
	return c
}

// withData returns the unit on problem p with data law d and batch j.
func withData(p ProblemKind, d Distribution, j int) Config {
	c := costUnit()
	c.Problem.Kind = p
	if p == Reddi {
		c.X0 = Vec{}
	}
	c.Data.Dist = d
	c.Lanes = []LaneConfig{DefaultLane()}
	c.Lanes[0].Batch.Size = j
	return c
}

// BenchmarkCostWeights re-measures the weights of the cost model (cost.go)
// against its unit, alternating the two so that a shared machine's load
// affects both alike, and reports each as "run-steps" next to the model's
// value ("model"). Update cost.go's tables from it when the hot loop
// changes:
//
//	go test -run '^$' -bench CostWeights -benchtime 40x ./sim/
//
// The unit itself is reported in ns per run-step.
func BenchmarkCostWeights(b *testing.B) {
	b.Run("unit", func(b *testing.B) {
		t := newTimer(b)
		for b.Loop() {
			t.round(func() float64 { return 0 })
		}
		b.ReportMetric(median(t.unitNs), "ns/run-step")
	})
	report := func(b *testing.B, measured, model float64) {
		b.ReportMetric(measured, "run-steps")
		b.ReportMetric(model, "model")
	}
	for _, o := range Optimizers() {
		b.Run("opt="+string(o), func(b *testing.B) {
			t := newTimer(b)
			w := relative(b, t, perRun(b, withLane(func(l *LaneConfig) { l.Opt = o }), false)) - 1
			report(b, w, optimizerCost(o))
		})
	}
	b.Run("clip", func(b *testing.B) {
		t := newTimer(b)
		w := relative(b, t, perRun(b, withLane(func(l *LaneConfig) { l.Clip = 1 }), false)) - 1
		report(b, w, clipCost)
	})
	for _, o := range []Optimizer{Adam, AdamW} {
		b.Run("wd/opt="+string(o), func(b *testing.B) {
			t := newTimer(b)
			w := relative(b, t, perRun(b, withLane(func(l *LaneConfig) { l.Opt, l.WeightDecay = o, 0.01 }), false))
			w -= 1 + optimizerCost(o)
			report(b, w, decayCost(LaneConfig{Opt: o, WeightDecay: 0.01}))
		})
	}
	for _, p := range ProblemKinds() {
		for _, d := range Distributions() {
			if p == Reddi && d != Gauss {
				continue // Reddi draws its own data
			}
			name := fmt.Sprintf("problem=%s/dist=%s", p, d)
			b.Run(name+"/batch=1", func(b *testing.B) {
				t := newTimer(b)
				w := relative(b, t, perRun(b, withData(p, d, 1), false))
				base, point := dataCost(Problem{Kind: p}, Data{Dist: d})
				report(b, w, base+point)
			})
			b.Run(name+"/point", func(b *testing.B) {
				t := newTimer(b)
				one, many := perRun(b, withData(p, d, 1), false), perRun(b, withData(p, d, 33), false)
				w := relative(b, t, func() float64 { return (many() - one()) / 32 })
				_, point := dataCost(Problem{Kind: p}, Data{Dist: d})
				report(b, w, point)
			})
		}
	}
	for _, k := range ModelKinds() {
		// A real model with Adam, its reference and plane prepared before
		// the timing: a run-step with batch 1, and a data point's share.
		withModel := func(j int) Config {
			c := costUnit()
			c.Problem = ModelProblem(k)
			c.Runs = min(MaxRuns, MaxRunsFor(c.Problem, 1), 1000)
			c.Lanes = []LaneConfig{DefaultLaneFor(c.Problem)}
			c.Lanes[0].Batch.Size = j
			return c
		}
		name := "model=" + string(k)
		b.Run(name+"/batch=1", func(b *testing.B) {
			t := newTimer(b)
			w := relative(b, t, perRun(b, withModel(1), true))
			base, point := modelCost(withModel(1).Problem)
			report(b, w, stateFactor(withModel(1))*(base+point))
		})
		b.Run(name+"/point", func(b *testing.B) {
			t := newTimer(b)
			one, many := perRun(b, withModel(1), true), perRun(b, withModel(9), true)
			w := relative(b, t, func() float64 { return (many() - one()) / 8 })
			_, point := modelCost(withModel(1).Problem)
			report(b, w, stateFactor(withModel(1))*point)
		})
	}
	grids := map[string]Problem{}
	for _, k := range ModelKinds() {
		grids["model="+string(k)] = ModelProblem(k)
	}
	for _, h := range []int{2, 64} {
		p := ModelProblem(MLP)
		p.Hidden = h
		grids[fmt.Sprintf("model=mlp/hidden=%d", h)] = p
	}
	for _, k := range []ProblemKind{Softmax, MLP} {
		p := ModelProblem(k)
		p.Dataset = "cancer"
		grids["model="+string(k)+"/data=cancer"] = p
	}
	for name, p := range grids {
		// A node of a LossGrid on the model's plane: Plane.LossGap once.
		b.Run("lossgrid/"+name, func(b *testing.B) {
			c := Default()
			c.Problem = p
			c.Lanes = []LaneConfig{DefaultLaneFor(c.Problem)}
			c.Runs = 2
			e, err := New(c)
			if err != nil {
				b.Fatal(err)
			}
			pl := e.Plane()
			t := newTimer(b)
			calls := 1 + int(1e6/LossGridCost(c.Problem, 1))
			w := relative(b, t, func() float64 {
				start := time.Now()
				for i := range calls {
					pl.LossGap(Vec{0.01 * float64(i%7), -0.02 * float64(i%5)})
				}
				return float64(time.Since(start).Nanoseconds()) / float64(calls)
			})
			report(b, w, LossGridCost(c.Problem, 1))
		})
	}
	b.Run("lane-step", func(b *testing.B) {
		// One run, diagnostics off: what a step costs beyond its runs.
		c := costUnit()
		c.Runs = 1
		t := newTimer(b)
		w := relative(b, t, perRun(b, c, false)) - 1
		report(b, w, laneStepCost)
	})
	b.Run("diagnostics", func(b *testing.B) {
		// Per run of the diagnostics' sample (DiagRuns runs), on minus off.
		c := costUnit()
		c.Runs = DiagRuns
		t := newTimer(b)
		on, off := perRun(b, c, true), perRun(b, c, false)
		w := relative(b, t, func() float64 { return on() - off() })
		report(b, w, diagCost)
	})
	b.Run("prediction", func(b *testing.B) {
		// A step of the predicted spread's recursion that never reaches
		// its fixed point (a decaying schedule), which a History's
		// snapshots advance.
		c := withLane(func(l *LaneConfig) { l.Schedule = Schedule{Kind: Poly, Gamma: 0.05, P: 1, N0: 100} })
		p := NewPrediction(c, 0)
		n := 0
		t := newTimer(b)
		w := relative(b, t, func() float64 {
			start := time.Now()
			n += 1000
			p.Spread(n)
			return float64(time.Since(start).Nanoseconds()) / 1000
		})
		report(b, w, predictionCost)
	})
	for _, runs := range []int{1, MaxRuns} {
		b.Run(fmt.Sprintf("snapshot/runs=%d", runs), func(b *testing.B) {
			// Experiment.Snapshot of one lane: per run for MaxRuns runs,
			// and the fixed part for one run.
			c := costUnit()
			c.Runs = runs
			e, err := New(c)
			if err != nil {
				b.Fatal(err)
			}
			e.Steps(100)
			t := newTimer(b)
			w := relative(b, t, func() float64 {
				start := time.Now()
				for range 100 {
					e.Snapshot(0)
				}
				return float64(time.Since(start).Nanoseconds()) / 100 / float64(runs)
			})
			if runs == 1 {
				report(b, w-snapshotCost, snapshotFixedCost)
			} else {
				report(b, w, snapshotCost)
			}
		})
	}
}

// BenchmarkCost checks the model as a whole: it runs a spread of
// configurations for 3000 steps with a History, as the stills do, in
// slices alternated with the unit's, and reports the time per unit of
// Cost + HistoryCost over the unit's time per run-step ("ratio"): about 1
// for every one when the model is right, above 1 where it counts too
// little.
func BenchmarkCost(b *testing.B) {
	type tweak func(*Config)
	lane := func(f func(*LaneConfig)) tweak {
		return func(c *Config) { f(&c.Lanes[0]) }
	}
	cases := []struct {
		name string
		f    tweak
	}{
		{"default/runs=1", func(c *Config) { c.Runs = 1 }},
		{"default/runs=30", func(c *Config) { c.Runs = 30 }},
		{"default/runs=1000", func(c *Config) {}},
		{"4 lanes", func(c *Config) {
			c.Lanes = []LaneConfig{DefaultLane(), DefaultLane(), DefaultLane(), DefaultLane()}
			c.Lanes[1].Opt, c.Lanes[2].Opt, c.Lanes[3].Opt = SGD, RMSprop, AMSGrad
		}},
		{"poly", lane(func(l *LaneConfig) { l.Schedule = Schedule{Kind: Poly, Gamma: 0.05, P: 0.5, N0: 10} })},
		{"t3/batch=64", func(c *Config) { c.Data.Dist = T3; c.Lanes[0].Batch.Size = 64 }},
		{"exp/bgrow=lin", func(c *Config) { c.Data.Dist = Exp; c.Lanes[0].Batch = Batch{Size: 1, Growth: BatchLinear, Rate: 0.05} }},
		{"twopoint/adamw/wd", func(c *Config) { c.Data.Dist = TwoPoint; c.Lanes[0].Opt = AdamW; c.Lanes[0].WeightDecay = 0.1 }},
		{"doublewell/uniform/batch=8", func(c *Config) { c.Problem.Kind = DoubleWell; c.Data.Dist = Uniform; c.Lanes[0].Batch.Size = 8 }},
		{"reddi/batch=16/sgd", func(c *Config) {
			c.Problem.Kind = Reddi
			c.X0 = Vec{}
			lane(func(l *LaneConfig) { l.Opt = SGD; l.Batch.Size = 16 })(c)
		}},
		{"rademacher/clip/momentum", func(c *Config) {
			c.Data.Dist = Rademacher
			lane(func(l *LaneConfig) { l.Opt = Momentum; l.Clip = 0.5 })(c)
		}},
		{"linreg/sgd+adam", func(c *Config) {
			c.Problem = ModelProblem(LinReg)
			c.Lanes = []LaneConfig{DefaultLane(), DefaultLane()}
			c.Lanes[0].Opt = SGD
		}},
		{"mlp/runs=30/batch=4", func(c *Config) {
			c.Problem = ModelProblem(MLP)
			c.Runs = 30
			c.Lanes[0] = DefaultLaneFor(c.Problem)
			c.Lanes[0].Batch.Size = 4
		}},
	}
	for _, tc := range cases {
		b.Run(tc.name, func(b *testing.B) {
			c := Default()
			c.Runs, c.Steps = 1000, 3000
			c.Lanes = []LaneConfig{DefaultLane()}
			tc.f(&c)
			if err := c.Validate(); err != nil {
				b.Fatal(err)
			}
			t := newTimer(b)
			var ns float64
			runs := 0
			for b.Loop() {
				e, _ := New(c)
				start := time.Now()
				h := NewHistory(e, 0, 0)
				ns += float64(time.Since(start).Nanoseconds())
				for e.N() < c.Steps {
					k := min(c.Steps-e.N(), max(1, 20000/(c.Runs*len(c.Lanes))))
					ns += t.round(func() float64 {
						start := time.Now()
						h.Steps(k)
						return float64(time.Since(start).Nanoseconds())
					})
				}
				runs++
			}
			unit := 0.0
			for _, u := range t.unitNs {
				unit += u
			}
			unit /= float64(len(t.unitNs))
			b.ReportMetric(ns/float64(runs)/(Cost(c)+HistoryCost(c))/unit, "ratio")
		})
	}
}
