package sim

import (
	"fmt"
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
	if !s.Advance(500) || s.Done() != 0 || s.Progress() != 500.0/2021 {
		t.Errorf("after 500 run-steps: done %d, progress %g", s.Done(), s.Progress())
	}
	if !s.Advance(521) || s.Done() != 2 { // finishes cell 0 (500 left), then cell 1 (21)
		t.Errorf("after 1021 run-steps: done %d, progress %g", s.Done(), s.Progress())
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
	for s.Next() { // about 2^16 run-steps per call
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
	// 31 slices
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
