package sim

import "testing"

// benchStep measures steps of a single lane of opt on the 2-D quadratic with
// batch 1 and normal data over the given number of runs, with the
// convergence diagnostics on or off, and reports the time per step of one
// run.
func benchStep(b *testing.B, opt Optimizer, runs int, diagnostics bool) {
	lane := DefaultLane()
	lane.Opt = opt
	c := Config{
		Problem: Problem{Kind: Quadratic, H1: 1, H2: 4, Angle: 30},
		Data:    Data{Dist: Gauss, Sigma: Vec{1, 1}},
		X0:      Vec{1.5, 1},
		Runs:    runs,
		Seed:    1,
		Lanes:   []LaneConfig{lane},
	}
	e, err := New(c)
	if err != nil {
		b.Fatal(err)
	}
	e.SetDiagnostics(diagnostics)
	for b.Loop() {
		e.Step()
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(runs), "ns/run-step")
}

// BenchmarkAdamStep is Adam (PyTorch's defaults) on the 2-D quadratic, batch
// 1, normal data, 10,000 runs, with the diagnostics on (the default).
func BenchmarkAdamStep(b *testing.B) { benchStep(b, Adam, MaxRuns, true) }

// BenchmarkSGDStep is SGD in the same setting.
func BenchmarkSGDStep(b *testing.B) { benchStep(b, SGD, MaxRuns, true) }

// BenchmarkAdamStepNoDiagnostics is BenchmarkAdamStep with the diagnostics
// switched off.
func BenchmarkAdamStepNoDiagnostics(b *testing.B) { benchStep(b, Adam, MaxRuns, false) }

// BenchmarkSGDStepNoDiagnostics is BenchmarkSGDStep with the diagnostics
// switched off.
func BenchmarkSGDStepNoDiagnostics(b *testing.B) { benchStep(b, SGD, MaxRuns, false) }

// BenchmarkAdamStep1000 is Adam with the presets' 1000 runs, where the
// diagnostics' pass over 256 of them weighs most, with and without it.
func BenchmarkAdamStep1000(b *testing.B) {
	b.Run("diagnostics", func(b *testing.B) { benchStep(b, Adam, 1000, true) })
	b.Run("off", func(b *testing.B) { benchStep(b, Adam, 1000, false) })
}

// BenchmarkSGDStep1000 is SGD with 1000 runs, with and without the diagnostics.
func BenchmarkSGDStep1000(b *testing.B) {
	b.Run("diagnostics", func(b *testing.B) { benchStep(b, SGD, 1000, true) })
	b.Run("off", func(b *testing.B) { benchStep(b, SGD, 1000, false) })
}

// BenchmarkObserve is the diagnostics' pass over a full sample of 256 runs.
func BenchmarkObserve(b *testing.B) {
	c := Default()
	c.Runs = DiagRuns
	e, err := New(c)
	if err != nil {
		b.Fatal(err)
	}
	e.Steps(10)
	l := e.lanes[0]
	g := make([]Vec, DiagRuns)
	for i := range g {
		g[i] = Vec{float64(i), 1}
	}
	l.diag.hi = 1 << 60
	for b.Loop() {
		l.diag.observe(l, 20, g)
	}
}

// BenchmarkAdamStep1 is Adam with a single run (the bare link), where the
// per-step costs outside the runs' loops weigh most.
func BenchmarkAdamStep1(b *testing.B) { benchStep(b, Adam, 1, true) }
