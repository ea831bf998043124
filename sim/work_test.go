package sim_test

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"testing"

	"noiseball/sim"
	"noiseball/sim/dataset"
	"noiseball/sim/link"
)

// slicedCSV runs c from Begin to steps with Work, in slices of random
// budgets between 1 run-step and twice a step's cost, and writes what
// WriteCSV(c, steps, 1) writes, from a Snapshot of every step once Work
// has finished it. It checks on the way that a slice never does more than
// its budget plus one unit of the cost model's granularity (workGrain).
func slicedCSV(t *testing.T, c sim.Config, steps int, seed uint64) []byte {
	t.Helper()
	e, err := sim.Begin(c)
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	for j, name := range sim.CSVColumnsFor(c) {
		if j > 0 {
			b.WriteByte(',')
		}
		b.WriteString(name)
	}
	b.WriteByte('\n')
	r := rand.New(rand.NewPCG(seed, 1))
	top := math.Log(2 * max(sim.StepCost(c, steps), 2))
	slices, over := 0, 0.0
	for {
		for e.InStep() {
			budget := math.Exp(r.Float64() * top)
			spent := e.Work(budget)
			slices++
			over = max(over, spent-budget)
		}
		for k := range e.Lanes() {
			b.Write(sim.AppendCSV(nil, k, e.Snapshot(k)))
		}
		if e.N() == steps {
			break
		}
		budget := math.Exp(r.Float64() * top)
		spent := e.Work(budget)
		slices++
		over = max(over, spent-budget)
	}
	if limit := workGrain(c, steps); over > limit {
		t.Errorf("a slice did %.4g run-steps more than its budget, more than the grain %.4g", over, limit)
	}
	if slices <= steps {
		t.Errorf("%d slices for %d steps: the budgets never split a step", slices, steps)
	}
	return b.Bytes()
}

// workGrain bounds what Work may do beyond its budget: the larger of a
// lane's fixed cost with its diagnostics plus a run's step (on a real
// model one example and a run's cost apart from its batch) and, on a real
// model, a run's evaluation, with a margin of 1e-9 for the sums' rounding.
func workGrain(c sim.Config, steps int) float64 {
	grain := 0.0
	for k := range c.Lanes {
		fixed := sim.LaneStepCost(c, k, steps) - float64(c.Runs)*sim.RunStepCost(c, k, steps)
		one := c
		one.Lanes = []sim.LaneConfig{c.Lanes[k]}
		one.Lanes[0].Batch = sim.Batch{Size: 1}
		base1 := sim.RunStepCost(one, 0, 1) // the base and one point
		grain = max(grain, fixed+min(sim.RunStepCost(c, k, steps), base1))
		if c.Problem.Kind.Real() {
			one.Lanes[0].Batch = sim.Batch{Size: 2}
			point := sim.RunStepCost(one, 0, 1) - base1
			rows, _, _, _ := dataset.Shape(c.Problem.Dataset)
			grain = max(grain, float64(rows)*point) // a run's evaluation: a pass over the examples
		}
	}
	return grain * (1 + 1e-9)
}

// A step taken in slices of any size (Work) gives the command line's
// numbers bit for bit: the CSV of every step equals WriteCSV's, for every
// link of the determinism test, with more runs than a chunk (so that the
// slices cut the diagnostics' sample and the chunks), and for real models
// with batches that a slice cuts within a run.
func TestWorkInSlicesIsTheCommandLine(t *testing.T) {
	type tc struct {
		name, query string
		runs, steps int
	}
	var cases []tc
	for _, l := range determinismLinks {
		cases = append(cases, tc{l.name, determinismBase + l.query, 600, 40})
	}
	for _, l := range determinismModelLinks {
		cases = append(cases, tc{l.name, determinismModelBase + l.query, 24, 12})
	}
	cases = append(cases,
		tc{"t3-batch-4096", determinismBase + "dist=t3&batch=4096&opt2=sgd", 300, 6},
		tc{"exp-batch-3000-clip-l2", determinismBase + "dist=exp&batch=3000&clip=0.5&wd=0.1&opt=sgd&opt2=adamw&wd2=0.1", 20, 6},
		tc{"reddi-batch-5000", determinismBase + "problem=reddi&x0=0&b1=0&b2=0.1&batch=5000", 10, 5},
		tc{"doublewell-uniform-batch-2000-auto", determinismBase + "problem=doublewell&dist=uniform&batch=2000&sched=auto", 280, 5},
		tc{"mlp-batch-3000-auto", determinismModelBase + "problem=mlp&hidden=4&batch=3000&sched=auto&opt2=sgd&lr2=0.05", 20, 6},
		tc{"logreg-batch-2000", determinismModelBase + "problem=logreg&batch=2000&bgrow=lin:100", 40, 8},
	)
	for i, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			c, err := link.Parse(tc.query)
			if err != nil {
				t.Fatalf("Parse(%q): %v", tc.query, err)
			}
			c.Runs = tc.runs
			var want bytes.Buffer
			if err := sim.WriteCSV(&want, c, tc.steps, 1); err != nil {
				t.Fatal(err)
			}
			got := slicedCSV(t, c, tc.steps, uint64(i))
			if !bytes.Equal(got, want.Bytes()) {
				t.Errorf("the CSV of a run in slices differs from WriteCSV's:\n%s", firstDiff(got, want.Bytes()))
			}
		})
	}
}

// firstDiff describes the first line where got and want differ.
func firstDiff(got, want []byte) string {
	g, w := bytes.Split(got, []byte("\n")), bytes.Split(want, []byte("\n"))
	for i := range min(len(g), len(w)) {
		if !bytes.Equal(g[i], w[i]) {
			return fmt.Sprintf("line %d:\n got %s\nwant %s", i+1, g[i], w[i])
		}
	}
	return fmt.Sprintf("%d lines, want %d", len(g), len(w))
}

// Work never goes past the end of a step, and Step finishes one that Work
// began.
func ExampleExperiment_Work() {
	c := sim.Default()
	c.Runs = 1000
	e, _ := sim.Begin(c)
	cost := sim.StepCost(c, 1)
	slices := 0
	for e.N() < 1 {
		e.Work(cost / 10)
		slices++
	}
	fmt.Println("step", e.N(), "in", slices, "slices; in a step:", e.InStep())
	e.Work(cost / 2)
	fmt.Println("half a step later: step", e.N(), "in a step:", e.InStep())
	e.Step()
	fmt.Println("after Step: step", e.N(), "in a step:", e.InStep())
	// Output:
	// step 1 in 10 slices; in a step: false
	// half a step later: step 1 in a step: true
	// after Step: step 2 in a step: false
}
