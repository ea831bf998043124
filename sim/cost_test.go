package sim

import (
	"fmt"
	"math"
	"testing"
)

// costConfigs are configurations the cost tests sum step by step.
func costConfigs() map[string]Config {
	out := map[string]Config{}
	add := func(name string, f func(c *Config)) {
		c := Default()
		c.Runs, c.Steps = 100, 700
		f(&c)
		out[name] = c
	}
	add("default", func(c *Config) {})
	add("one run", func(c *Config) { c.Runs = 1 })
	add("many runs", func(c *Config) { c.Runs = MaxRuns })
	add("t3 batch", func(c *Config) { c.Data.Dist = T3; c.Lanes[0].Batch.Size = 64 })
	add("lanes", func(c *Config) {
		c.Lanes = append(c.Lanes, DefaultLane(), DefaultLane())
		c.Lanes[1].Opt, c.Lanes[1].Clip = SGD, 1
		c.Lanes[2].Opt, c.Lanes[2].WeightDecay = AdamW, 0.1
	})
	add("reddi", func(c *Config) { c.Problem.Kind = Reddi; c.Lanes[0].Batch.Size = 3 })
	add("lin growth", func(c *Config) { c.Data.Dist = Exp; c.Lanes[0].Batch = Batch{Size: 2, Growth: BatchLinear, Rate: 0.7} })
	add("geo growth", func(c *Config) {
		c.Data.Dist = Uniform
		c.Lanes = append(c.Lanes, DefaultLane())
		c.Lanes[1].Batch = Batch{Size: 1, Growth: BatchGeom, Rate: 1.03} // reaches the cap
	})
	add("normal growth", func(c *Config) { c.Lanes[0].Batch = Batch{Size: 1, Growth: BatchGeom, Rate: 2} })
	add("linreg lanes", func(c *Config) {
		c.Problem = ModelProblem(LinReg)
		c.Lanes = append(c.Lanes, DefaultLane())
		c.Lanes[1].Opt, c.Lanes[1].Batch = SGD, Batch{Size: 2, Growth: BatchLinear, Rate: 0.3}
	})
	add("mlp", func(c *Config) { c.Problem = ModelProblem(MLP); c.Lanes[0] = DefaultLaneFor(c.Problem) })
	add("mlp, a big state", func(c *Config) {
		c.Problem, c.Runs = ModelProblem(MLP), 1000
		c.Lanes[0] = DefaultLaneFor(c.Problem)
		c.Lanes[0].Batch = Batch{Size: 1, Growth: BatchLinear, Rate: 0.1}
	})
	return out
}

// A real model's costs: its run-step grows with the batch by the model's
// point cost and with d, Cost counts what New prepares, and SGD on linreg
// pays for oracle 8's recursion in the History.
func TestModelCost(t *testing.T) {
	c := Default()
	c.Problem = ModelProblem(MLP)
	c.Lanes = []LaneConfig{DefaultLaneFor(c.Problem)}
	one := RunStepCost(c, 0, 1)
	c.Lanes[0].Batch.Size = 8
	eight := RunStepCost(c, 0, 1)
	_, point := modelCost(c.Problem)
	if math.Abs(eight-one-7*point) > 1e-9*eight || !(one > 100) {
		t.Errorf("the MLP's run-step costs %g with batch 1 and %g with 8 (point %g)", one, eight, point)
	}
	if got, want := Cost(c), PrepareCost(c.Problem)+CostBetween(c, 0, c.Steps); got != want || !(PrepareCost(c.Problem) > 0) {
		t.Errorf("Cost %g, want PrepareCost + CostBetween = %g", got, want)
	}
	lin := Default()
	lin.Problem = ModelProblem(LinReg)
	lin.Lanes = []LaneConfig{DefaultLane(), DefaultLane()}
	lin.Lanes[1].Opt = SGD
	if d := HistoryCost(lin) - float64(HistoryLen(lin.Steps, DefaultDense, DefaultPerDecade))*SnapshotCost(lin); d != oracle8StepCost*float64(lin.Steps) {
		t.Errorf("linreg with an SGD and an Adam lane: predictions cost %g, want %g", d, oracle8StepCost*float64(lin.Steps))
	}
	if sgd, adam := RunStepCost(lin, 1, 1), RunStepCost(lin, 0, 1); !(sgd < adam) {
		t.Errorf("linreg: SGD's run-step %g, Adam's %g", sgd, adam)
	}
}

// The unit: a step of one run of the default lane costs 1, and a step of
// the whole experiment adds the lane's fixed cost and the diagnostics.
func TestRunStepCostUnit(t *testing.T) {
	c := Default()
	for _, n := range []int{1, 2, 1000} {
		if got := RunStepCost(c, 0, n); got != 1 {
			t.Errorf("RunStepCost(default, 0, %d) = %g, want 1", n, got)
		}
	}
	c.Runs = 1000
	want := laneStepCost + DiagRuns*diagCost + 1000
	if got := StepCost(c, 7); got != want {
		t.Errorf("StepCost of 1000 default runs = %g, want %g", got, want)
	}
}

// CostBetween in closed form against the sum of StepCost over the steps:
// equal for constant batches, and for growing ones above the sum by less
// than one data point per run-step.
func TestCostBetweenIsTheSumOfItsSteps(t *testing.T) {
	for name, c := range costConfigs() {
		_, point := dataCost(c.Problem, c.Data)
		for _, r := range [][2]int{{0, 1}, {0, 500}, {3, 4}, {17, 230}, {300, 700}, {499, 500}, {100, 100}, {200, 100}} {
			from, to := r[0], r[1]
			sum := 0.0
			for n := from + 1; n <= to; n++ {
				sum += StepCost(c, n)
			}
			got := CostBetween(c, from, to)
			exact := !grows(c) || to-from <= exactBatchSteps
			slack := 0.0
			if !exact {
				slack = stateFactor(c) * point * float64(c.Runs*len(c.Lanes)*to)
			}
			if got < sum*(1-1e-12) || got > sum*(1+1e-12)+slack {
				t.Errorf("%s: CostBetween(%d, %d) = %g, the steps sum to %g (slack %g)", name, from, to, got, sum, slack)
			}
			if exact && math.Abs(got-sum) > 1e-12*sum {
				t.Errorf("%s: CostBetween(%d, %d) = %g, want exactly the sum %g", name, from, to, got, sum)
			}
		}
		if got, want := Cost(c), PrepareCost(c.Problem)+CostBetween(c, 0, c.Steps); got != want {
			t.Errorf("%s: Cost = %g, PrepareCost + CostBetween(0, Steps) = %g", name, got, want)
		}
	}
}

func grows(c Config) bool {
	for _, l := range c.Lanes {
		if l.Batch.Grows() {
			return true
		}
	}
	return false
}

// The model's monotone in what costs: more runs, steps, lanes or data
// points never cost less.
func TestCostMonotone(t *testing.T) {
	base := Default()
	base.Runs, base.Steps, base.Data.Dist = 100, 1000, Exp
	for name, f := range map[string]func(c *Config){
		"runs":   func(c *Config) { c.Runs *= 2 },
		"steps":  func(c *Config) { c.Steps *= 2 },
		"lanes":  func(c *Config) { c.Lanes = append(c.Lanes, DefaultLane()) },
		"batch":  func(c *Config) { c.Lanes[0].Batch.Size = 8 },
		"growth": func(c *Config) { c.Lanes[0].Batch = Batch{Size: 1, Growth: BatchLinear, Rate: 0.1} },
		"clip":   func(c *Config) { c.Lanes[0].Clip = 1 },
	} {
		c := base
		c.Lanes = append([]LaneConfig(nil), base.Lanes...)
		f(&c)
		if Cost(c) <= Cost(base) {
			t.Errorf("%s: cost %g, not above the base's %g", name, Cost(c), Cost(base))
		}
	}
}

// TestBatchSum checks the closed form against the sum of the batch sizes:
// it may only overestimate, by less than a point per step (the floors).
func TestBatchSum(t *testing.T) {
	for _, b := range []Batch{
		{Size: 3, Growth: BatchConst},
		{Size: 1, Growth: BatchLinear, Rate: 1},
		{Size: 5, Growth: BatchLinear, Rate: 0.3},
		{Size: 1, Growth: BatchLinear, Rate: 100}, // reaches the cap
		{Size: 1, Growth: BatchGeom, Rate: 2},
		{Size: 7, Growth: BatchGeom, Rate: 1.01},
		{Size: MaxBatch, Growth: BatchGeom, Rate: 2},
	} {
		for _, steps := range []int{1, 10, 1000, 5000} {
			exact := 0.0
			for n := 1; n <= steps; n++ {
				exact += float64(b.BatchSize(n))
			}
			got := batchSum(b, steps)
			if got < exact-1e-6*exact || got > exact+float64(steps)+1e-6*exact {
				t.Errorf("batchSum(%+v, %d) = %g, the sizes add up to %g", b, steps, got, exact)
			}
		}
	}
}

// HistoryLen against a History that observes every step.
func TestHistoryLen(t *testing.T) {
	for _, tt := range []struct{ steps, dense, perDecade int }{
		{0, 0, 0}, {1, 0, 0}, {99, 0, 0}, {100, 0, 0}, {101, 0, 0}, {5000, 0, 0}, {3000, 10, 20}, {777, 1, 1},
	} {
		c := Default()
		c.Steps = tt.steps
		e, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		h := NewHistory(e, tt.dense, tt.perDecade)
		h.Steps(tt.steps)
		if got, want := HistoryLen(tt.steps, tt.dense, tt.perDecade), h.Len(); got != want {
			t.Errorf("HistoryLen(%d, %d, %d) = %d, a History kept %d", tt.steps, tt.dense, tt.perDecade, got, want)
		}
	}
}

// A still-sized run of four lanes, and what one step of it costs.
func ExampleCost() {
	c := Default()
	c.Runs, c.Steps = 1000, 2000
	c.Data.Dist = T3 // heavy tails: every point is drawn
	c.Lanes = []LaneConfig{DefaultLane(), DefaultLane()}
	c.Lanes[1].Batch.Size = 16
	fmt.Printf("one run of lane 2: %.4g run-steps\n", RunStepCost(c, 1, 1))
	fmt.Printf("one step: %.4g run-steps\n", StepCost(c, 1))
	fmt.Printf("to step %d: %.4g run-steps\n", c.Steps, Cost(c))
	// Output:
	// one run of lane 2: 54.85 run-steps
	// one step: 6.107e+04 run-steps
	// to step 2000: 1.221e+08 run-steps
}

// LighterThan offers, for a step that costs too much, the most runs and the
// largest batch whose step fits, each the edge: one more run or one more
// point does not fit. With t3 data a point costs 3.25 run-steps, a run's
// step 2.85 besides (dataCost); normal data makes the batch free.
func TestLighterThan(t *testing.T) {
	c := Default()
	c.Data.Dist, c.Runs, c.Lanes[0].Batch.Size = T3, 10000, 65536
	l, ok := LighterThan(c, WatchableStepCost)
	if ok {
		t.Fatalf("runs=10000 batch=65536 t3 fits %g: %g a step", float64(WatchableStepCost), MaxStepCost(c))
	}
	fixed := laneStepCost + 0.2*DiagRuns
	// Runs: fixed + R (2.85 + 3.25 65536) <= 2e6, R = 9.
	if want := int((WatchableStepCost - fixed) / (2.85 + 3.25*65536)); l.Runs != want || want != 9 {
		t.Errorf("runs: %d, want %d (9)", l.Runs, want)
	}
	// Batch: fixed + 10000 (2.85 + 3.25 J) <= 2e6, J = 60.
	if want := int(((WatchableStepCost-fixed)/10000 - 2.85) / 3.25); l.Batch != want || want != 60 {
		t.Errorf("batch: %d, want %d (60)", l.Batch, want)
	}
	if !l.Gauss {
		t.Error("normal data does not fit, though its batch mean is one draw")
	}
	for _, edge := range []Config{withRuns(c, l.Runs+1), withBatchCap(c, l.Batch+1)} {
		if MaxStepCost(edge) <= WatchableStepCost {
			t.Errorf("the next setting fits too: runs %d, batch %d", edge.Runs, edge.Lanes[0].Batch.Size)
		}
	}
	if _, ok := LighterThan(Default(), WatchableStepCost); !ok {
		t.Error("the default link is too heavy to watch")
	}
}

// When neither fewer runs nor a smaller batch alone make a step cheap
// enough, LighterThan offers both: batch 1 and the most runs with it. The
// MLP with 64 hidden units on digits (d = 4810) with 400 runs costs
// 1.7 (state beyond the caches) x 400 x 0.5 d = 1.6 10^6 with batch 1
// before its points.
func TestLighterThanBoth(t *testing.T) {
	c := Default()
	c.Problem = Problem{Kind: MLP, Dataset: "digits", Hidden: 64, Plane: PlaneHessian}
	c.Runs, c.Lanes[0].Batch.Size = 400, 65536
	if err := c.Validate(); err != nil {
		t.Fatal(err)
	}
	l, ok := LighterThan(c, WatchableStepCost)
	if ok || !l.Both || l.Batch != 1 || l.Runs < 1 || l.Runs >= c.Runs {
		t.Fatalf("LighterThan = %+v, %v; want batch 1 with fewer runs", l, ok)
	}
	one := withBatchCap(c, 1)
	if MaxStepCost(withRuns(one, l.Runs)) > WatchableStepCost || MaxStepCost(withRuns(one, l.Runs+1)) <= WatchableStepCost {
		t.Errorf("runs %d with batch 1 is not the edge: %g, and %g with one more", l.Runs,
			MaxStepCost(withRuns(one, l.Runs)), MaxStepCost(withRuns(one, l.Runs+1)))
	}
}
