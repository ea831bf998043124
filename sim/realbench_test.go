package sim

import (
	"math"
	"testing"

	"noiseball/sim/dataset"
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

// BenchmarkPrepare measures what New costs the first time a real model is
// opened, with the caches empty: the data set, the reference point
// (model.Solve) and the plane, for the default settings of each model and
// lane 1 = Adam (plane=noise adds the reference cloud for softmax and the
// MLP). The page pays this once per configuration; later Experiments of
// the same model and weight decay find it in memory.
func BenchmarkPrepare(b *testing.B) {
	for _, k := range ModelKinds() {
		for _, pl := range PlaneKinds() {
			b.Run(string(k)+"-"+string(pl), func(b *testing.B) {
				c := Default()
				c.Problem = ModelProblem(k)
				c.Problem.Plane = pl
				c.Lanes = []LaneConfig{DefaultLaneFor(c.Problem)}
				for b.Loop() {
					datasets = memo[dataset.Name, *dataset.Set]{keep: len(dataset.Names())}
					references = memo[refKey, *modelRef]{keep: 16}
					planes = memo[planeKey, *Plane]{keep: 16}
					if _, err := New(c); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
	}
}
