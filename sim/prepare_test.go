package sim

import (
	"fmt"
	"testing"
	"time"

	"noiseball/sim/dataset"
)

// forgetPrepared empties the caches of the real models' preparation, as a
// fresh page has them.
func forgetPrepared() {
	datasets = memo[dataset.Name, *dataset.Set]{keep: len(dataset.Names())}
	references = memo[refKey, *modelRef]{keep: 16}
	planes = memo[planeKey, *Plane]{keep: 16}
}

// Prepare's Experiment is Begin's, bit for bit: from empty caches each,
// the two give the same CSV over 30 steps, for every model, both planes,
// and lanes whose dashed line needs the Hessian (SGD: trace H^-1 S;
// Adam on cancer: the Lyapunov solve). It pauses throughout: the longest
// stretch between two pauses is logged (the page's start-up test bounds
// it in the browser, where it matters).
func TestPrepareIsBegin(t *testing.T) {
	mlp := ModelProblem(MLP)
	mlp.Hidden = 4
	var configs []Config
	for _, p := range []Problem{ModelProblem(LinReg), ModelProblem(LogReg), ModelProblem(Softmax), mlp} {
		for _, plane := range PlaneKinds() {
			p.Plane = plane
			configs = append(configs, modelLanes(p, 5, Schedule{Kind: Const, P: 1, N0: 1}, []Optimizer{Adam, SGD}, []float64{0.01, 0.02}))
		}
	}
	for _, c := range configs {
		c.Steps = 30
		t.Run(fmt.Sprintf("%s-%s", c.Problem.Kind, c.Problem.Plane), func(t *testing.T) {
			forgetPrepared()
			pauses := 0
			var longest time.Duration
			last := time.Now()
			prepared, err := Prepare(c, func() {
				pauses++
				longest = max(longest, time.Since(last))
				last = time.Now()
			})
			if err != nil {
				t.Fatal(err)
			}
			longest = max(longest, time.Since(last))
			forgetPrepared()
			begun, err := Begin(c)
			if err != nil {
				t.Fatal(err)
			}
			if pauses < 10 {
				t.Errorf("Prepare paused %d times", pauses)
			}
			t.Logf("%d pauses, the longest stretch between two %v", pauses, longest)
			if a, b := runCSV(prepared), runCSV(begun); a != b {
				t.Errorf("Prepare's run differs from Begin's:\n%s\n%s", a, b)
			}
		})
	}
	forgetPrepared()
}

// runCSV finishes e's step-0 evaluations, runs it to its Config.Steps and
// returns the CSV of every step.
func runCSV(e *Experiment) string {
	for e.InStep() {
		e.Work(1e9)
	}
	h := NewHistory(e, e.Config().Steps, 0)
	for e.N() < e.Config().Steps {
		e.Step()
		h.Observe()
	}
	var b []byte
	for i := range h.Len() {
		for k := range e.Lanes() {
			b = AppendCSV(b, k, h.Lane(k)[i])
		}
	}
	return string(b)
}
