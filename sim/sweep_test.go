package sim

import (
	"fmt"
	"math"
	"reflect"
	"sync"
	"testing"
)

// A sweep advances cell by cell within its budget, reports its progress,
// and refuses an invalid cell.
func TestSweepAdvance(t *testing.T) {
	c := Default()
	c.Runs, c.Steps = 10, 100
	d := c
	d.Runs, d.Steps = 3, 7
	s, err := NewSweep([]Config{c, d, c})
	if err != nil {
		t.Fatal(err)
	}
	if s.Len() != 3 || s.Done() != 0 || s.Progress() != 0 {
		t.Fatalf("a new sweep: %d cells, %d done, progress %g", s.Len(), s.Done(), s.Progress())
	}
	// Cell c costs 100 steps of 10 runs and a lane's fixed cost (9 and
	// 0.2 a sampled run): 2100 run-steps; cell d 7 x 12.6.
	costC, costD := CostBetween(c, 0, c.Steps), CostBetween(d, 0, d.Steps)
	if costC != 2100 || math.Abs(costD-88.2) > 1e-9 {
		t.Fatalf("the cells cost %g and %g, want 2100 and 88.2", costC, costD)
	}
	total := 2*costC + costD
	if !s.Advance(500) || s.Done() != 0 || s.Progress() != 500/total {
		t.Errorf("after 500 run-steps: done %d, progress %g, want %g", s.Done(), s.Progress(), 500/total)
	}
	// Finishes cell 0 (1600 left), then cell 1, with 1 to spare: less than
	// a step of cell 2, which begins.
	if !s.Advance(costC-500+costD+1) || s.Done() != 2 {
		t.Errorf("after cells 0 and 1: done %d, progress %g", s.Done(), s.Progress())
	}
	if _, ok := s.Cell(2); ok {
		t.Error("cell 2 is done already")
	}
	for s.Next() {
	}
	if r, ok := s.Cell(2); !ok || r.Index != 2 || len(r.Lanes) != 1 || r.Lanes[0].Live != 10 {
		t.Errorf("cell 2: %+v, %v", r, ok)
	}
	if s.Progress() != 1 {
		t.Errorf("progress %g at the end", s.Progress())
	}
	r, _ := s.Cell(0)
	for _, m := range SweepMetrics() {
		v, ok := r.Lanes[0].Metric(m)
		if !ok || !(v > 0) {
			t.Errorf("metric %s = %g, %v", m, v, ok)
		}
	}
	if _, ok := r.Lanes[0].Metric("nonsense"); ok {
		t.Error("metric nonsense exists")
	}
	bad := c
	bad.Runs = 0
	if _, err := NewSweep([]Config{c, bad}); err == nil {
		t.Error("NewSweep accepted a cell with 0 runs")
	}
	if _, err := RunSweep([]Config{bad}, 2); err == nil {
		t.Error("RunSweep accepted a cell with 0 runs")
	}
	if _, err := RunCell(bad); err == nil {
		t.Error("RunCell accepted a cell with 0 runs")
	}
}

// A sweep built progressively, as the browser does it: a slice of work per
// frame, reading the cells as they finish. (Package link builds the cells
// of a sweep link: link.ParseSweep, then Sweep.Cells.)
func ExampleSweep() {
	var cells []Config
	for _, gamma := range []float64{0.01, 0.1} {
		c := Default()
		c.Lanes[0].Opt, c.Lanes[0].Schedule.Gamma = SGD, gamma
		c.Runs, c.Steps = 500, 2000
		cells = append(cells, c)
	}
	s, err := NewSweep(cells)
	if err != nil {
		panic(err)
	}
	frames := 0
	for s.Next() { // about 2^16 run-steps of the cost model per call: 22 for 2 x 2000 x (9 + 0.2 x 256 + 500 x 0.6)
		frames++
	}
	for i := range s.Len() {
		c, _ := s.Cell(i)
		l := c.Lanes[0]
		fmt.Printf("gamma %g: spread %.2f, loss gap %.3f, %s\n", cells[i].Lanes[0].Schedule.Gamma, l.Spread, l.LossGap, l.Status)
	}
	fmt.Println(frames+1, "slices")
	// Output:
	// gamma 0.01: spread 0.16, loss gap 0.045, stationary
	// gamma 0.1: spread 0.55, loss gap 0.521, stationary
	// 22 slices
}

// RunSweepNotify reports every cell once, and its results are RunSweep's.
func TestRunSweepNotify(t *testing.T) {
	var cells []Config
	for i := range 7 {
		c := Default()
		c.Runs, c.Steps, c.Seed = 5, 20+i, uint64(i)
		cells = append(cells, c)
	}
	var mu sync.Mutex
	seen := map[int]int{}
	got, err := RunSweepNotify(cells, 3, func(i int) {
		mu.Lock()
		seen[i]++
		mu.Unlock()
	})
	if err != nil {
		t.Fatal(err)
	}
	want, _ := RunSweep(cells, 1)
	if !reflect.DeepEqual(got, want) {
		t.Error("RunSweepNotify's results differ from RunSweep's")
	}
	for i := range cells {
		if seen[i] != 1 {
			t.Errorf("cell %d reported %d times", i, seen[i])
		}
	}
}

// A sweep's slice is bounded however heavy a step: with t3 data and a
// batch of 4096 a step of 300 runs costs about 4 10^6 run-steps, and the
// sweep takes it in slices of SweepSlice and a run's step, with the cell's
// numbers those of RunCell.
func TestSweepSlicesAStep(t *testing.T) {
	c := Default()
	c.Data.Dist, c.Lanes[0].Batch.Size = T3, 4096
	c.Runs, c.Steps = 300, 2
	s, err := NewSweep([]Config{c})
	if err != nil {
		t.Fatal(err)
	}
	total := CostBetween(c, 0, c.Steps)
	grain := LaneStepCost(c, 0, 1) - float64(c.Runs)*RunStepCost(c, 0, 1) + RunStepCost(c, 0, 1)
	slices, before := 0, 0.0
	for more := true; more; slices++ {
		more = s.Next()
		if done := s.Progress() * total; done-before > SweepSlice+grain+1e-6*total {
			t.Fatalf("slice %d did %g run-steps, more than %d and a run's step %g", slices, done-before, SweepSlice, grain)
		} else {
			before = done
		}
	}
	if min := int(total / (SweepSlice + grain)); slices < min {
		t.Errorf("%d slices for %g run-steps, want at least %d", slices, total, min)
	}
	want, _ := RunCell(c)
	if got, _ := s.Cell(0); !reflect.DeepEqual(got, want) {
		t.Errorf("the sliced cell:\n got %+v\nwant %+v", got, want)
	}
}
