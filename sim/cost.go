package sim

import (
	"math"
	"time"

	"noiseball/sim/detmath"
)

// The cost model: what simulating a configuration costs, counted in
// run-steps, the one model that the stills, the page's frame budget, the
// sweeps and the command line use to bound and to schedule their work.
//
// One run-step is the unit: the cost of one more step of one more run of
// Adam (PyTorch's defaults) on the default quadratic with normal data and
// batch 1, in an ensemble of MaxRuns runs with the diagnostics off. It
// took 8 to 10 ns natively on the team's 2-core machine, and two to three
// times that in WebAssembly; the model claims ratios, not times, so a
// caller turns run-steps into seconds with its own measured rate.
//
// A step of one run costs what its data, its gradient and its optimizer
// cost (RunStepCost); a step of a lane adds a fixed cost and the
// diagnostics' pass over their sample of at most DiagRuns runs
// (LaneStepCost); a Snapshot costs in proportion to the runs
// (SnapshotCost). The weights are measured, each against the unit in the
// same run, by BenchmarkCostWeights; BenchmarkCost checks the whole model
// on a spread of configurations. A new problem, law or optimizer gets its
// weights here, from that benchmark. The arithmetic is fusion-proof and
// its logarithms detmath's, so that a cost, and what is decided on it (the
// steps a still fits), is the same on every platform.

// optimizerCost returns what a run-step of o costs beyond one of Adam,
// on the same data (negative for the cheaper updates).
func optimizerCost(o Optimizer) float64 {
	switch o {
	case SGD:
		return -0.4
	case Momentum, HeavyBall, Nesterov:
		return -0.35
	case Adagrad:
		return 0.8
	case AMSGrad:
		return 0.6
	}
	return 0 // Adam, AdamW, RMSprop
}

// Costs of a lane's options, per run-step.
const (
	clipCost         = 0.5 // gradient-norm clipping (clip > 0)
	coupledDecayCost = 0.8 // L2 weight decay added to the gradient
	adamWDecayCost   = 1.5 // AdamW's decoupled decay, a pass of its own
)

// decayCost returns what l's weight decay adds to a run-step.
func decayCost(l LaneConfig) float64 {
	switch {
	case l.WeightDecay == 0:
		return 0
	case l.Opt == AdamW:
		return adamWDecayCost
	}
	return coupledDecayCost
}

// dataCost returns the cost of a run-step's stochastic gradient on problem
// p with data d, with Adam: base for the run-step apart from its data
// points, and point for each of the J_n points of its batch. A normal
// batch mean is one draw whatever J_n (point = 0); the other laws, and
// Reddi's problem (whatever d), draw every point.
func dataCost(p Problem, d Data) (base, point float64) {
	switch {
	case p.Kind.Real():
		return modelCost(p)
	case p.Kind == Reddi:
		return 2.1, 0.55
	case d.Dist == Gauss && p.Kind == Quadratic:
		return 1, 0
	}
	switch d.Dist {
	case Uniform:
		return 2.2, 0.5
	case Rademacher:
		return 1.5, 1.2
	case Exp:
		return 1.7, 2.7
	case TwoPoint:
		return 1.85, 0.9
	case T3:
		return 2.85, 3.25
	}
	return 2.5, 0 // normal data on a problem other than the quadratic
}

// Costs of a lane's step beyond its runs, and of a Snapshot.
const (
	// laneStepCost is a lane's fixed cost per step: the schedule, the
	// optimizer's coefficients, run 0's Polyak average.
	laneStepCost = 9
	// diagCost is the diagnostics' cost per run of their sample.
	diagCost = 0.2
	// snapshotCost is Experiment.Snapshot's cost per run of a lane.
	snapshotCost = 3
	// snapshotFixedCost is its cost beyond the runs.
	snapshotFixedCost = 6
	// predictionCost is a lane's cost per step of the predicted spread's
	// recursion (Prediction), which the snapshots advance step by step.
	predictionCost = 18
)

// RunStepCost returns the cost, in run-steps, of step n >= 1 of one run of
// lane i of c:
//
//	base(problem, data) + optimizer + clipping + decay + point(problem, data) J_n
//
// with J_n the lane's batch size at step n (Batch.BatchSize). The default
// link's lane costs exactly 1.
func RunStepCost(c Config, i, n int) float64 {
	l := c.Lanes[i]
	base, point := dataCost(c.Problem, c.Data)
	return float64(stateFactor(c) * (runCost(c.Problem, l, base) + float64(point*float64(l.Batch.BatchSize(n)))))
}

// runCost returns the cost of a run-step of l on problem p apart from its
// data points. The optimizer's and the options' weights are measured on
// two coordinates; a real model's d coordinates cost d/2 times as much.
func runCost(p Problem, l LaneConfig, base float64) float64 {
	w := optimizerCost(l.Opt) + decayCost(l)
	if l.Clip > 0 {
		w += clipCost
	}
	if p.Kind.Real() {
		w *= float64(p.Dim()) / 2
	}
	return base + w
}

// LaneStepCost returns the cost of step n >= 1 of lane i of c over all its
// runs: the lane's fixed cost per step, the diagnostics' pass over
// min(Runs, DiagRuns) runs, and Runs times RunStepCost.
func LaneStepCost(c Config, i, n int) float64 {
	return laneStepCost + float64(diagCost*float64(min(c.Runs, DiagRuns))) + float64(float64(c.Runs)*RunStepCost(c, i, n))
}

// StepCost returns the cost of step n >= 1 of the experiment c: the sum of
// LaneStepCost over its lanes.
func StepCost(c Config, n int) float64 {
	total := 0.0
	for i := range c.Lanes {
		total += LaneStepCost(c, i, n)
	}
	return total
}

// CostBetween returns the cost of steps from+1 through to of c (0 when
// to <= from): the sum of StepCost over those steps, in closed form. With
// a growing batch over more than exactBatchSteps steps it is a bound, above
// the sum by less than one data point per run-step since step 1 (the
// closed form drops the batch sizes' floors).
func CostBetween(c Config, from, to int) float64 {
	from = max(from, 0)
	if to <= from {
		return 0
	}
	steps := float64(to - from)
	fixed := laneStepCost + float64(diagCost*float64(min(c.Runs, DiagRuns)))
	base, point := dataCost(c.Problem, c.Data)
	f := stateFactor(c)
	total := 0.0
	for _, l := range c.Lanes {
		total += float64(steps * (fixed + float64(float64(c.Runs)*float64(f*runCost(c.Problem, l, base)))))
		if point > 0 {
			total += float64(float64(c.Runs) * float64(f*point) * batchBetween(l.Batch, from, to))
		}
	}
	return total
}

// Cost returns what running c from step 0 to c.Steps costs, in run-steps:
// CostBetween(c, 0, c.Steps), and for a real model what New costs the
// first time (PrepareCost; later ones find the reference in memory).
func Cost(c Config) float64 { return PrepareCost(c.Problem) + CostBetween(c, 0, c.Steps) }

// SnapshotCost returns the cost of one Experiment.Snapshot of every lane
// of c.
func SnapshotCost(c Config) float64 {
	perRun := float64(snapshotCost)
	if c.Problem.Kind.Real() {
		perRun += float64(modelSnapshotCost * float64(c.Problem.Dim()))
	}
	return float64(len(c.Lanes)) * (snapshotFixedCost + float64(perRun*float64(c.Runs)))
}

// HistoryCost returns the cost of the snapshots that a History with the
// default spacing (NewHistory(e, 0, 0)) keeps of steps 0 through c.Steps,
// with their predictions' steps, one per step and lane. That is a bound:
// a prediction whose recursion has reached its fixed point while gamma_n
// and J_n stay the same skips its steps, but with Adam's beta2 = 0.999
// that takes tens of thousands of steps.
func HistoryCost(c Config) float64 {
	snapshots := float64(float64(HistoryLen(c.Steps, DefaultDense, DefaultPerDecade)) * SnapshotCost(c))
	perStep := 0.0
	for _, l := range c.Lanes {
		perStep += predictionStepCost(c.Problem, l)
	}
	return snapshots + float64(perStep*float64(c.Steps))
}

// exactBatchSteps is the longest range of steps whose growing batch sizes
// batchBetween sums one by one rather than in closed form.
const exactBatchSteps = 256

// batchBetween returns J_{from+1} + ... + J_to, 0 <= from < to: exactly
// for a constant batch or a range of at most exactBatchSteps steps,
// otherwise a bound above it by less than one point per step since step 1:
// batchSum(to) less a bound below the sum up to from.
func batchBetween(b Batch, from, to int) float64 {
	if !b.Grows() {
		return float64(to-from) * float64(min(b.Size, MaxBatch))
	}
	exact := func(from, to int) float64 {
		sum := 0.0
		for n := from + 1; n <= to; n++ {
			sum += float64(b.BatchSize(n))
		}
		return sum
	}
	if to-from <= exactBatchSteps {
		return exact(from, to)
	}
	lower := exact(0, from)
	if from > exactBatchSteps {
		lower = math.Max(float64(from), batchSum(b, from)-float64(from))
	}
	return batchSum(b, to) - lower
}

// batchSum returns a bound on J_1 + ... + J_steps in closed form, above it
// by less than one point per step: the growth without the floors, capped
// at MaxBatch.
func batchSum(b Batch, steps int) float64 {
	j, n, top := float64(b.Size), float64(steps), float64(MaxBatch)
	if !b.Grows() || j >= top {
		return n * math.Min(j, top)
	}
	switch b.Growth {
	case BatchLinear:
		// J + R(k-1) < top for k <= m.
		m := math.Min(n, math.Ceil((top-j)/b.Rate))
		return float64(m*j) + float64(b.Rate*m*(m-1)/2) + float64((n-m)*top)
	case BatchGeom:
		if !(b.Rate > 1) {
			return n * j
		}
		// J R^(k-1) < top for k <= m.
		m := math.Min(n, math.Ceil(detmath.Log(top/j)/detmath.Log(b.Rate)))
		return float64(j*(detmath.Pow(b.Rate, m)-1)/(b.Rate-1)) + float64((n-m)*top)
	}
	return n * j
}

// A RunStepTimer measures how long a run-step, the cost model's unit,
// takes here and now, so that a benchmark can express a time it measured
// in run-steps, or a caller turn run-steps into seconds. Alternate its
// measurements with what you measure, so that both see the same load.
type RunStepTimer struct {
	e *Experiment
}

// NewRunStepTimer returns a timer with the unit's configuration ready: the
// default link's lane with MaxRuns runs, diagnostics off, a few steps in.
func NewRunStepTimer() *RunStepTimer {
	c := Default()
	c.Runs = MaxRuns
	e, err := New(c)
	if err != nil {
		panic(err) // the default configuration is valid
	}
	e.SetDiagnostics(false)
	e.Steps(20)
	return &RunStepTimer{e: e}
}

// Measure takes steps steps (at least 1) of the unit's configuration and
// returns the time per run-step, in nanoseconds.
func (t *RunStepTimer) Measure(steps int) float64 {
	steps = max(steps, 1)
	start := time.Now()
	t.e.Steps(steps)
	return float64(time.Since(start).Nanoseconds()) / float64(steps*MaxRuns)
}

// WatchableStepCost is the most a step may cost, in run-steps, for the
// page to show the experiment at a useful rate: about 10 steps a second
// when the page spends half of each frame simulating, at 25 ns a run-step
// (WebAssembly on the team's machine).
const WatchableStepCost = 2e6

// Lighter is what a caller can offer instead of a configuration whose
// steps cost too much (LighterThan): the nearest settings, each changing
// one thing, whose heaviest step fits the limit.
type Lighter struct {
	// Runs is the most runs with the same batches (0 if even one run
	// costs too much).
	Runs int
	// Batch is the largest constant batch, for every lane whose batch is
	// larger, with the same runs (0 if none fits: then Runs must change).
	Batch int
	// Gauss reports whether normal data, whose batch mean is one draw
	// whatever the batch (dataCost), fits with the same runs and batches.
	Gauss bool
	// Both reports that neither the runs nor the batch alone fit: then
	// Batch is 1 and Runs the most runs with it (0 if none).
	Both bool
}

// MaxStepCost returns the cost of c's heaviest step: StepCost at the last
// step, where a growing batch is largest.
func MaxStepCost(c Config) float64 { return StepCost(c, max(c.Steps, 1)) }

// LighterThan returns the nearest settings of c whose heaviest step
// (MaxStepCost) costs at most limit, and whether c's own does (then the
// Lighter is c's).
func LighterThan(c Config, limit float64) (Lighter, bool) {
	l := Lighter{Runs: c.Runs}
	for _, lc := range c.Lanes {
		l.Batch = max(l.Batch, lc.Batch.BatchSize(max(c.Steps, 1)))
	}
	if MaxStepCost(c) <= limit {
		return l, true
	}
	l.Runs = mostRuns(c, limit)
	// The batch: the largest constant cap b with the cost at most limit,
	// by bisection (the cost grows with b).
	largest := l.Batch
	l.Batch = 0
	if MaxStepCost(withBatchCap(c, 1)) <= limit {
		lo, hi := 1, largest
		for lo < hi {
			mid := lo + (hi-lo+1)/2
			if MaxStepCost(withBatchCap(c, mid)) <= limit {
				lo = mid
			} else {
				hi = mid - 1
			}
		}
		l.Batch = lo
	}
	if l.Runs == 0 && l.Batch == 0 {
		l.Runs, l.Batch, l.Both = mostRuns(withBatchCap(c, 1), limit), 1, true
	}
	if c.Problem.Kind == Quadratic && c.Data.Dist != Gauss {
		g := c
		g.Data.Dist = Gauss
		l.Gauss = MaxStepCost(g) <= limit
	}
	return l, false
}

// mostRuns returns the most runs, at most c.Runs, with which c's heaviest
// step costs at most limit, or 0: the cost is a + b R with R runs.
func mostRuns(c Config, limit float64) int {
	one := withRuns(c, 1)
	fixed := float64(len(c.Lanes) * laneStepCost)
	perRun := MaxStepCost(one) - fixed // with the diagnostics' share of one run
	if !(perRun > 0) || limit <= fixed {
		return 0
	}
	r := min(c.Runs, int((limit-fixed)/perRun))
	for r > 0 && MaxStepCost(withRuns(c, r)) > limit {
		r--
	}
	return r
}

// withRuns returns c with r runs.
func withRuns(c Config, r int) Config {
	c.Runs = r
	return c
}

// withBatchCap returns c with every lane's batch larger than b at some
// step made a constant b.
func withBatchCap(c Config, b int) Config {
	c.Lanes = append([]LaneConfig(nil), c.Lanes...)
	for i := range c.Lanes {
		if c.Lanes[i].Batch.BatchSize(max(c.Steps, 1)) > b {
			c.Lanes[i].Batch = Batch{Size: b, Growth: BatchConst}
		}
	}
	return c
}
