package main

import (
	"bytes"
	"encoding/csv"
	"fmt"
	"os"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

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
			[]string{`lr="abc": want a number in (0, 10] (not a decimal number)`, `opt="foo": want one of sgd`}},
		{"bad view setting", []string{"-link", "runs=3&speed=0&lang=xx&story=99&metric=junk"}, 2, -1, "",
			[]string{`speed="0": want an integer in [1, 1000000]`, `lang="xx": want one of en, ja`,
				`story="99": want an integer in [1, 11]`, `metric="junk": want one of spread`}},
		{"hexadecimal", []string{"-link", "lr=0x1p-3&seed=1_0"}, 2, -1, "",
			[]string{`lr="0x1p-3": want a number in (0, 10] (hexadecimal: write 0.125)`, `seed="1_0": want an integer in [0, 2^64) (digits grouped with _: write 10)`}},
		{"exponent", []string{"-link", "runs=2e0&steps=5e1", "-every", "2.5e1", "-steps", "5e1"}, 0, 3, "50", nil},
		{"too many steps", []string{"-link", "runs=2", "-steps", "100000001"}, 2, -1, "",
			[]string{`-steps="100000001": want an integer in [0, 100000000]`}},
		{"steps syntax", []string{"-link", "runs=2", "-steps", "0x10"}, 2, -1, "",
			[]string{`-steps="0x10": want an integer in [0, 100000000] (hexadecimal: write 16)`}},
		{"workers without sweep", []string{"-link", "runs=2", "-workers", "2"}, 2, -1, "", []string{"-workers is for -sweep"}},
		{"bad preset", []string{"-preset", "nope"}, 2, -1, "", []string{`unknown preset "nope"`}},
		{"link and preset", []string{"-preset", "adam", "-link", "runs=2"}, 2, -1, "", []string{"not both"}},
		{"bad flag", []string{"-frobnicate"}, 2, -1, "", []string{"flag provided but not defined"}},
		{"negative every", []string{"-link", "runs=2", "-every", "-3"}, 2, -1, "", []string{`-every="-3": want an integer in [0, 100000000]`}},
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
		{[]string{"-sweep", "-preset", "sgd"}, "-sweep takes -link, -workers and -shard only"},
		{[]string{"-sweep", "-link", q, "-workers", "-2"}, `-workers="-2": want an integer in [0, 65536]`},
		{[]string{"-sweep", "-link", q + "&metric=junk"}, `metric="junk": want one of spread, loss_gap`},
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
	// lane,step,lr,loss_gap,dist,step_norm,spread,mean_x,mean_y,batch,live,diverged,loss_gap_q10,loss_gap_q50,loss_gap_q90,dist_q10,dist_q50,dist_q90,step_norm_q10,step_norm_q50,step_norm_q90,polyak_x,polyak_y,theory_spread,status
	// 1,0,0.1,0.5,1,0,0,1,0,1,2,0,0.5,0.5,0.5,1,1,1,0,0,0,1,0,0,transient
	// 1,1,0.1,0.405,0.9,0.09999999999999998,0,0.9,0,1,2,0,0.405,0.405,0.405,0.9,0.9,0.9,0.09999999999999998,0.09999999999999998,0.09999999999999998,0.9,0,0,transient
	// 1,2,0.1,0.32805000000000006,0.81,0.08999999999999997,0,0.81,0,1,2,0,0.32805000000000006,0.32805000000000006,0.32805000000000006,0.81,0.81,0.81,0.08999999999999997,0.08999999999999997,0.08999999999999997,0.855,0,0,transient
}

// -h prints the usage (the synopsis, examples and every flag, with no
// made-up defaults) and exits 0, as Go's commands do; -version names the
// command and the Go release.
func TestHelpAndVersion(t *testing.T) {
	for _, arg := range []string{"-h", "-help"} {
		var stdout, stderr bytes.Buffer
		if got := run([]string{arg}, &stdout, &stderr); got != 0 {
			t.Errorf("%s: status %d, want 0", arg, got)
		}
		usage := stderr.String()
		for _, want := range []string{"usage: noiseball -link 'QUERY'", "noiseball -sweep", "Examples:\n  noiseball -link", "-steps N", "-every K", "-preset NAME", "-version"} {
			if !strings.Contains(usage, want) {
				t.Errorf("%s: the usage has no %q:\n%s", arg, want, usage)
			}
		}
		for _, bad := range []string{"(default -1)", "(default 0)", "(default \"\")"} {
			if strings.Contains(usage, bad) {
				t.Errorf("%s: the usage prints %s:\n%s", arg, bad, usage)
			}
		}
	}
	var stdout, stderr bytes.Buffer
	if got := run([]string{"-version"}, &stdout, &stderr); got != 0 || !strings.HasPrefix(stdout.String(), "noiseball ") ||
		!strings.Contains(stdout.String(), runtime.Version()) {
		t.Errorf("-version: status %d, %q, %q", got, stdout.String(), stderr.String())
	}
	// A bad flag prints the problem and the usage, and exits 2.
	stderr.Reset()
	if got := run([]string{"-stepz", "3"}, &stdout, &stderr); got != 2 || !strings.Contains(stderr.String(), "usage: noiseball") {
		t.Errorf("-stepz: status %d, stderr %q", got, stderr.String())
	}
}

// A link with many problems gets link.MaxProblems lines and a count of
// the rest, each line short, however long the bad names and values are.
func TestProblemsCapped(t *testing.T) {
	q := "runs=2"
	for i := range 30 {
		q += fmt.Sprintf("&%s%d=%s", strings.Repeat("x", 1000), i, strings.Repeat("y", 1000))
	}
	var stdout, stderr bytes.Buffer
	if got := run([]string{"-link", q}, &stdout, &stderr); got != 2 {
		t.Fatalf("status %d", got)
	}
	lines := strings.Split(strings.TrimSuffix(stderr.String(), "\n"), "\n")
	if len(lines) != link.MaxProblems+1 || lines[len(lines)-1] != "noiseball: and 10 more problems" {
		t.Errorf("%d lines, the last %q; want %d and \"and 10 more problems\"", len(lines), lines[len(lines)-1], link.MaxProblems+1)
	}
	for _, l := range lines {
		if len(l) > 200 {
			t.Errorf("a line of %d bytes: %.80s...", len(l), l)
		}
	}
}

// countingWriter records the writes it is given.
type countingWriter struct {
	mu     sync.Mutex
	writes []string
}

func (c *countingWriter) Write(p []byte) (int, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.writes = append(c.writes, string(p))
	return len(p), nil
}

// A fast run's rows go out in few writes, each of whole rows, and all of
// them by Close.
func TestRowWriterBatches(t *testing.T) {
	var out countingWriter
	rw := newRowWriter(&out)
	row := strings.Repeat("1,", 50) + "\n"
	const rows = 20000
	start := time.Now()
	for range rows {
		if _, err := rw.Write([]byte(row)); err != nil {
			t.Fatal(err)
		}
	}
	if err := rw.Close(); err != nil {
		t.Fatal(err)
	}
	elapsed := time.Since(start)
	if got := strings.Join(out.writes, ""); got != strings.Repeat(row, rows) {
		t.Fatalf("wrote %d bytes, want %d rows of %d", len(got), rows, len(row))
	}
	// At most one write per full buffer and one per flushDelay that passed.
	limit := rows*len(row)/rowBuffer + int(elapsed/flushDelay) + 2
	if len(out.writes) > limit {
		t.Errorf("%d writes in %v, want at most %d", len(out.writes), elapsed, limit)
	}
	for i, w := range out.writes {
		if !strings.HasSuffix(w, "\n") || len(w)%len(row) != 0 {
			t.Errorf("write %d does not hold whole rows: %d bytes", i, len(w))
		}
	}
}
