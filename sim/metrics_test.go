package sim

import (
	"fmt"
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/floats/scalar"
	"gonum.org/v1/gonum/stat"
)

// Snapshot's statistics, recomputed with gonum from the positions.
func TestSnapshotAgainstGonum(t *testing.T) {
	tests := []struct {
		name string
		cfg  func(*Config)
	}{
		{"quadratic/adam", func(c *Config) {}},
		{"doublewell/sgd", func(c *Config) {
			c.Problem = Problem{Kind: DoubleWell, H1: 2, H2: 1, Angle: 20}
			c.Lanes[0].Opt = SGD
			c.Lanes[0].Schedule.Gamma = 0.1
		}},
		{"reddi/amsgrad", func(c *Config) {
			c.Problem = Problem{Kind: Reddi, H1: 1, H2: 1, C: 3}
			c.Lanes[0].Opt = AMSGrad
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			c.Runs = 501
			tt.cfg(&c)
			e, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			e.Steps(37)
			s := e.Snapshot(0)
			l := e.Lanes()[0]
			p := c.Problem
			var gaps, dists, steps, xs, ys []float64
			for r, th := range l.Positions() {
				gaps = append(gaps, p.LossGap(th))
				dists = append(dists, math.Hypot(th[0]-p.Minimizer()[0], th[1]-p.Minimizer()[1]))
				prev := l.Previous()[r]
				steps = append(steps, math.Hypot(th[0]-prev[0], th[1]-prev[1]))
				xs, ys = append(xs, th[0]), append(ys, th[1])
			}
			check := func(what string, got Summary, xs []float64) {
				t.Helper()
				sorted := slices.Sorted(slices.Values(xs))
				want := Summary{stat.Mean(xs, nil),
					stat.Quantile(0.1, stat.Empirical, sorted, nil),
					stat.Quantile(0.5, stat.Empirical, sorted, nil),
					stat.Quantile(0.9, stat.Empirical, sorted, nil)}
				if !scalar.EqualWithinAbsOrRel(got.Mean, want.Mean, 1e-13, 1e-12) ||
					!scalar.EqualWithinULP(got.Q10, want.Q10, 2) || !scalar.EqualWithinULP(got.Q50, want.Q50, 2) ||
					!scalar.EqualWithinULP(got.Q90, want.Q90, 2) {
					t.Errorf("%s = %+v, want %+v", what, got, want)
				}
			}
			check("loss gap", s.LossGap, gaps)
			check("distance", s.Dist, dists)
			check("step", s.StepNorm, steps)
			spread := math.Sqrt(stat.Variance(xs, nil) + stat.Variance(ys, nil))
			if !scalar.EqualWithinRel(s.Spread, spread, 1e-12) {
				t.Errorf("spread = %g, want %g", s.Spread, spread)
			}
			if mean := (Vec{stat.Mean(xs, nil), stat.Mean(ys, nil)}); !close(s.Mean, mean, 1e-13) {
				t.Errorf("mean = %v, want %v", s.Mean, mean)
			}
			if s.Step != 37 || s.Live != c.Runs || s.Diverged != 0 || s.LearningRate != c.Lanes[0].Schedule.LearningRate(37) || s.Batch != 1 {
				t.Errorf("snapshot %+v", s)
			}
		})
	}
}

// The Polyak average of run 0 is the plain average of its positions.
func TestPolyakAverage(t *testing.T) {
	c := Default()
	c.Runs = 2
	e, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	if got := e.Lanes()[0].Polyak(); got != c.X0 {
		t.Errorf("Polyak average at step 0 = %v, want x0 = %v", got, c.X0)
	}
	var xs, ys []float64
	for range 300 {
		e.Step()
		th := e.Lanes()[0].Positions()[0]
		xs, ys = append(xs, th[0]), append(ys, th[1])
	}
	want := Vec{stat.Mean(xs, nil), stat.Mean(ys, nil)}
	if got := e.Snapshot(0).Polyak; !close(got, want, 1e-13) {
		t.Errorf("Polyak average = %v, want %v", got, want)
	}
}

// A diverging lane (SGD with gamma h2 = 20 > 2) freezes its runs, counts them,
// and leaves no NaN or infinity anywhere in its snapshots; its prediction
// stops once it overflows.
func TestDivergenceGivesNoNaN(t *testing.T) {
	c := Default()
	c.Runs = 100
	c.Lanes = []LaneConfig{DefaultLane(), DefaultLane()}
	c.Lanes[0].Opt = SGD
	c.Lanes[0].Schedule.Gamma = 5
	e, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	h := NewHistory(e, 10, 20)
	h.Steps(1000)
	for _, s := range h.Lane(0) {
		for _, x := range []float64{s.LearningRate, s.Spread, s.Mean[0], s.Mean[1], s.Polyak[0], s.Polyak[1], s.Predicted,
			s.LossGap.Mean, s.LossGap.Q10, s.LossGap.Q50, s.LossGap.Q90, s.Dist.Mean, s.Dist.Q90, s.StepNorm.Mean, s.StepNorm.Q90} {
			if math.IsNaN(x) || math.IsInf(x, 0) {
				t.Fatalf("step %d: snapshot %+v has a non-finite value", s.Step, s)
			}
		}
		if s.Live+s.Diverged != c.Runs {
			t.Fatalf("step %d: %d live + %d diverged runs, want %d", s.Step, s.Live, s.Diverged, c.Runs)
		}
	}
	last := h.Lane(0)[h.Len()-1]
	if last.Diverged != c.Runs || last.Live != 0 || last.HasPrediction {
		t.Errorf("last snapshot %+v, want every run diverged and no prediction", last)
	}
	l := e.Lanes()[0]
	for r, th := range l.Positions() {
		if at := l.DivergedAt(r); at < 1 || !th.Finite() || math.Abs(th[0]) > DivergenceBox || math.Abs(th[1]) > DivergenceBox {
			t.Fatalf("run %d diverged at %d and sits at %v", r, at, th)
		}
	}
	if d := h.Lane(1)[h.Len()-1].Diverged; d != 0 {
		t.Errorf("the Adam lane lost %d runs", d)
	}
}

// A run of 10^7 steps keeps a bounded history: at most Dense + 1 +
// PerDecade log10(n/Dense) snapshots (a little fewer, as the steps kept are
// whole numbers rounded up).
func TestHistoryIsBounded(t *testing.T) {
	c := Default()
	c.Runs = 1
	c.Lanes[0].Opt = SGD
	e, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	h := NewHistory(e, DefaultDense, DefaultPerDecade)
	const steps = 10_000_000
	h.Steps(steps)
	want := DefaultDense + 1 + DefaultPerDecade*5 // 5 decades from 100 to 10^7
	if n := h.Len(); n < want-50 || n > want {
		t.Errorf("%d snapshots after %d steps, want at most %d and not far fewer", n, steps, want)
	}
	snaps := h.Lane(0)
	for i := 1; i < len(snaps); i++ {
		if snaps[i].Step <= snaps[i-1].Step {
			t.Fatalf("snapshot %d is of step %d, after step %d", i, snaps[i].Step, snaps[i-1].Step)
		}
	}
	if first, last := snaps[0].Step, snaps[len(snaps)-1].Step; first != 0 || last > steps || last < steps*0.98 {
		t.Errorf("snapshots from step %d to %d", first, last)
	}
}

// History keeps every step up to dense, then about perDecade per decade.
func TestHistorySpacing(t *testing.T) {
	c := Default()
	c.Runs = 1
	e, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	h := NewHistory(e, 50, 10)
	h.Steps(100_000)
	var steps []int
	for _, s := range h.Lane(0) {
		steps = append(steps, s.Step)
	}
	for i := 0; i <= 50; i++ {
		if steps[i] != i {
			t.Fatalf("snapshot %d is of step %d", i, steps[i])
		}
	}
	perDecade := 0
	for _, n := range steps {
		if n > 1000 && n <= 10000 {
			perDecade++
		}
	}
	if perDecade < 9 || perDecade > 11 {
		t.Errorf("%d snapshots between steps 1000 and 10000, want 10: %v", perDecade, steps)
	}
}

func BenchmarkSnapshot(b *testing.B) {
	c := Default()
	c.Runs = MaxRuns
	e, err := New(c)
	if err != nil {
		b.Fatal(err)
	}
	e.Steps(10)
	for b.Loop() {
		e.Snapshot(0)
	}
}

// Adam with gamma = 0.05 on a rotated, noisy quadratic keeps a noise ball:
// the approximate prediction (MATH.md oracle 6) matches its spread.
func ExampleExperiment_Snapshot() {
	lane := DefaultLane() // Adam with PyTorch's betas and eps
	lane.Schedule = Schedule{Kind: Const, Gamma: 0.05}
	c := Config{
		Problem: Problem{Kind: Quadratic, H1: 1, H2: 4, Angle: 30},
		Data:    Data{Dist: Gauss, Sigma: Vec{1, 1}},
		X0:      Vec{1.5, 1},
		Runs:    1000,
		Seed:    1,
		Lanes:   []LaneConfig{lane},
	}
	e, err := New(c)
	if err != nil {
		panic(err)
	}
	e.Steps(5000)
	s := e.Snapshot(0)
	fmt.Printf("step %d: %d runs, spread %.2f, median distance %.2f\n", s.Step, s.Live, s.Spread, s.Dist.Q50)
	fmt.Printf("predicted spread %.2f (exact: %v)\n", s.Predicted, s.PredictionExact)
	// Output:
	// step 5000: 1000 runs, spread 0.21, median distance 0.16
	// predicted spread 0.21 (exact: false)
}

func ExampleHistory() {
	c := Default()
	c.Runs = 1
	e, err := New(c)
	if err != nil {
		panic(err)
	}
	h := NewHistory(e, 10, 5) // every step to 10, then 5 per decade
	h.Steps(1000)
	for _, s := range h.Lane(0) {
		fmt.Print(s.Step, " ")
	}
	fmt.Println()
	// Output:
	// 0 1 2 3 4 5 6 7 8 9 10 16 26 42 67 107 170 270 428 679
}
