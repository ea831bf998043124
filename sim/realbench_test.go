package sim

import (
	"math"
	"testing"
)

// benchModelStep measures steps of one lane of Adam (PyTorch's defaults)
// on the real model p with batch j over the given runs, with the
// diagnostics on (the default) and the full-data evaluations left out
// (they have their own budget, realmetrics.go), after a few steps, and
// reports the time per step of one run.
func benchModelStep(b *testing.B, p Problem, runs int) {
	for _, j := range []int{1, 8} {
		name := "batch1"
		if j == 8 {
			name = "batch8"
		}
		b.Run(name, func(b *testing.B) {
			c := Default()
			c.Problem = p
			c.Runs = runs
			l := DefaultLaneFor(p)
			l.Schedule.Gamma = 0.01
			l.Batch.Size = j
			c.Lanes = []LaneConfig{l}
			e, err := New(c)
			if err != nil {
				b.Fatal(err)
			}
			e.real.next = math.MaxInt
			e.Steps(10)
			b.ResetTimer()
			for b.Loop() {
				e.Step()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(runs), "ns/run-step")
		})
	}
}

// BenchmarkLinRegStep is Adam on linreg (diabetes, d = 11) with 1000 runs.
func BenchmarkLinRegStep(b *testing.B) { benchModelStep(b, ModelProblem(LinReg), 1000) }

// BenchmarkLogRegStep is Adam on logreg (cancer, d = 31) with 1000 runs.
func BenchmarkLogRegStep(b *testing.B) { benchModelStep(b, ModelProblem(LogReg), 1000) }

// BenchmarkSoftmaxStep is Adam on softmax (digits, d = 650) with 100 runs.
func BenchmarkSoftmaxStep(b *testing.B) { benchModelStep(b, ModelProblem(Softmax), 100) }

// BenchmarkMLPStep is Adam on the MLP (digits, 16 hidden units, d = 1210)
// with 100 runs.
func BenchmarkMLPStep(b *testing.B) { benchModelStep(b, ModelProblem(MLP), 100) }
