package sim

import "testing"

// benchStep measures steps of a single lane of opt on the 2-D quadratic with
// batch 1 and normal data over MaxRuns runs, and reports the time per step
// of one run.
func benchStep(b *testing.B, opt Optimizer) {
	lane := DefaultLane()
	lane.Opt = opt
	c := Config{
		Problem: Problem{Kind: Quadratic, H1: 1, H2: 4, Angle: 30},
		Data:    Data{Dist: Gauss, Sigma: Vec{1, 1}},
		X0:      Vec{1.5, 1},
		Runs:    MaxRuns,
		Seed:    1,
		Lanes:   []LaneConfig{lane},
	}
	e, err := New(c)
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		e.Step()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/MaxRuns, "ns/run-step")
}

// BenchmarkAdamStep is Adam (PyTorch's defaults) on the 2-D quadratic, batch
// 1, normal data, 10,000 runs.
func BenchmarkAdamStep(b *testing.B) { benchStep(b, Adam) }

// BenchmarkSGDStep is SGD in the same setting.
func BenchmarkSGDStep(b *testing.B) { benchStep(b, SGD) }
