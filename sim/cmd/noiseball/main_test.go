package main

import (
	"bytes"
	"encoding/csv"
	"os"
	"strings"
	"testing"

	"noiseball/sim"
	"noiseball/sim/link"
)

func TestRun(t *testing.T) {
	tests := []struct {
		name      string
		args      []string
		status    int
		rows      int      // data rows of the CSV
		lastStep  string   // the step of the last row
		errorHave []string // substrings of stderr, one per line
	}{
		{"link", []string{"-link", "opt=sgd&runs=20&steps=50", "-every", "10"}, 0, 6, "50", nil},
		{"default every", []string{"-link", "runs=5&steps=300"}, 0, 101, "300", nil},
		{"steps flag", []string{"-link", "runs=5&opt2=sgd", "-steps", "7", "-every", "2"}, 0, 2 * 4, "6", nil},
		{"step zero only", []string{"-link", "runs=5", "-steps", "0"}, 0, 1, "0", nil},
		{"whole url", []string{"-link", "http://localhost:8080/?v=1&runs=3&steps=4", "-every", "4"}, 0, 2, "4", nil},
		{"preset", []string{"-preset", "reddi", "-steps", "10", "-every", "5"}, 0, 2 * 3, "10", nil},
		{"bad link", []string{"-link", "lr=abc&opt=foo&runs=3"}, 2, -1, "",
			[]string{`lr="abc": want a number in (0, 10]`, `opt="foo": want one of sgd`}},
		{"bad preset", []string{"-preset", "nope"}, 2, -1, "", []string{`unknown preset "nope"`}},
		{"link and preset", []string{"-preset", "adam", "-link", "runs=2"}, 2, -1, "", []string{"not both"}},
		{"bad flag", []string{"-frobnicate"}, 2, -1, "", []string{"flag provided but not defined"}},
		{"negative every", []string{"-link", "runs=2", "-every", "-3"}, 2, -1, "", []string{"-every -3 is negative"}},
		{"stray argument", []string{"-link", "runs=2", "extra"}, 2, -1, "", []string{"unexpected arguments"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			if got := run(tt.args, &stdout, &stderr); got != tt.status {
				t.Fatalf("status %d, want %d; stderr:\n%s", got, tt.status, stderr.String())
			}
			if tt.status != 0 {
				if stdout.Len() > 0 {
					t.Errorf("a failed run wrote to stdout: %q", stdout.String())
				}
				lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
				for _, want := range tt.errorHave {
					found := false
					for _, l := range lines {
						found = found || strings.Contains(l, want)
					}
					if !found {
						t.Errorf("stderr has no line with %q:\n%s", want, stderr.String())
					}
				}
				return
			}
			records, err := csv.NewReader(&stdout).ReadAll()
			if err != nil {
				t.Fatal(err)
			}
			if h := strings.Join(records[0][:9], ","); h != "lane,step,lr,loss_gap,dist,step_norm,spread,mean_x,mean_y" {
				t.Errorf("header starts %q", h)
			}
			if got := len(records) - 1; got != tt.rows {
				t.Errorf("%d rows, want %d", got, tt.rows)
			}
			if last := records[len(records)-1][1]; last != tt.lastStep {
				t.Errorf("last row is of step %s, want %s", last, tt.lastStep)
			}
		})
	}
}

// -sweep prints one row per cell and lane, in cell order, each equal to
// the single run of the cell's link, on any number of workers.
func TestSweep(t *testing.T) {
	const q = "opt=sgd&opt2=adam&sweep=lr:0.01:0.1:log:3,b2:0.9:0.99:lin:2&sweepruns=7&sweepsteps=120"
	var out [2]bytes.Buffer
	for i, workers := range []string{"1", "0"} {
		var stderr bytes.Buffer
		if got := run([]string{"-sweep", "-link", "http://x/?" + q, "-workers", workers}, &out[i], &stderr); got != 0 {
			t.Fatalf("status %d: %s", got, stderr.String())
		}
	}
	if out[0].String() != out[1].String() {
		t.Error("the CSV depends on the number of workers")
	}
	records, err := csv.NewReader(&out[0]).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if h := strings.Join(records[0], ","); h != "lr,b2,lane,spread,loss_gap,bias,mean_x,mean_y,step_norm,final_lr,live,diverged,status" {
		t.Errorf("header %q", h)
	}
	if len(records) != 1+3*2*2 {
		t.Fatalf("%d rows, want 12", len(records)-1)
	}
	s, _ := link.ParseSweep(q)
	c, _ := s.Cell(1, 1) // cell 4: lr 0.0316..., b2 0.99
	cell, _ := sim.RunCell(c)
	want := string(sim.AppendSweepCSV(nil, s.X.Value(1), s.Y.Value(1), 1, cell.Lanes[1]))
	if got := strings.Join(records[1+4*2+1], ",") + "\n"; got != want {
		t.Errorf("cell 4 lane 2: %q, want %q", got, want)
	}
	for _, tt := range []struct {
		args []string
		want string
	}{
		{[]string{"-sweep", "-link", "opt=sgd"}, "the link has no sweep"},
		{[]string{"-sweep", "-link", "sweep=angle:0:1:log:3,b2:0.9:0.99:lin:2"}, "lo > 0 on a log scale"},
		{[]string{"-sweep", "-preset", "sgd"}, "-sweep takes -link and -workers only"},
		{[]string{"-sweep", "-link", q, "-workers", "-2"}, "-workers -2 is negative"},
	} {
		var stdout, stderr bytes.Buffer
		if got := run(tt.args, &stdout, &stderr); got != 2 || stdout.Len() > 0 || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("%v: status %d, stderr %q, want 2 and %q", tt.args, got, stderr.String(), tt.want)
		}
	}
}

func TestList(t *testing.T) {
	var stdout, stderr bytes.Buffer
	if run([]string{"-list"}, &stdout, &stderr) != 0 || !strings.Contains(stdout.String(), "reddi") {
		t.Errorf("-list printed %q, %q", stdout.String(), stderr.String())
	}
}

// SGD with gamma = 0.1 on the noiseless quadratic with H = diag(1, 4), from
// (1, 0): theta_n = (0.9^n, 0), the loss gap 0.9^(2n)/2.
func Example() {
	run([]string{"-link", "opt=sgd&lr=0.1&sigma=0&x0=1,0&angle=0&runs=2", "-steps", "2", "-every", "1"}, os.Stdout, os.Stderr)
	// Output:
	// lane,step,lr,loss_gap,dist,step_norm,spread,mean_x,mean_y,batch,live,diverged,loss_gap_q10,loss_gap_q50,loss_gap_q90,dist_q10,dist_q50,dist_q90,step_norm_q10,step_norm_q50,step_norm_q90,polyak_x,polyak_y,theory_spread
	// 1,0,0.1,0.5,1,0,0,1,0,1,2,0,0.5,0.5,0.5,1,1,1,0,0,0,1,0,0
	// 1,1,0.1,0.405,0.9,0.09999999999999998,0,0.9,0,1,2,0,0.405,0.405,0.405,0.9,0.9,0.9,0.09999999999999998,0.09999999999999998,0.09999999999999998,0.9,0,0
	// 1,2,0.1,0.32805000000000006,0.81,0.08999999999999997,0,0.81,0,1,2,0,0.32805000000000006,0.32805000000000006,0.32805000000000006,0.81,0.81,0.81,0.08999999999999997,0.08999999999999997,0.08999999999999997,0.855,0,0
}
