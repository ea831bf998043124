package main

import (
	"bytes"
	"encoding/csv"
	"strconv"
	"strings"
	"testing"

	"noiseball/sim"
	"noiseball/sim/link"
)

// On a real model -link prints the same columns plus heldout_loss and
// heldout_acc: the held-out loss is positive, the accuracy is a fraction
// for a classifier and empty for linreg, a regression.
func TestRealModelColumns(t *testing.T) {
	for _, tt := range []struct {
		query      string
		classifier bool
	}{
		{"problem=linreg&runs=20&steps=40&opt=sgd&lr=0.02&opt2=adam", false},
		{"problem=logreg&runs=20&steps=40", true},
	} {
		var stdout, stderr bytes.Buffer
		if got := run([]string{"-link", tt.query, "-every", "10"}, &stdout, &stderr); got != 0 {
			t.Fatalf("%s: status %d: %s", tt.query, got, stderr.String())
		}
		records, err := csv.NewReader(&stdout).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		want := strings.Join(append(sim.CSVColumns(), "heldout_loss", "heldout_acc"), ",")
		if h := strings.Join(records[0], ","); h != want {
			t.Errorf("%s: header %q, want %q", tt.query, h, want)
		}
		c, _ := link.Parse(tt.query)
		if n := len(records) - 1; n != 5*len(c.Lanes) {
			t.Errorf("%s: %d rows, want %d", tt.query, n, 5*len(c.Lanes))
		}
		for _, r := range records[1:] {
			loss, err := strconv.ParseFloat(r[len(r)-2], 64)
			if err != nil || !(loss > 0) {
				t.Errorf("%s: heldout_loss %q", tt.query, r[len(r)-2])
			}
			acc := r[len(r)-1]
			if !tt.classifier {
				if acc != "" {
					t.Errorf("%s: heldout_acc %q for a regression", tt.query, acc)
				}
				continue
			}
			if a, err := strconv.ParseFloat(acc, 64); err != nil || a < 0 || a > 1 {
				t.Errorf("%s: heldout_acc %q", tt.query, acc)
			}
		}
	}
}

// -sweep on a real model: the same columns plus heldout_loss,heldout_acc,
// each row equal to the single run of its cell.
func TestRealModelSweep(t *testing.T) {
	const q = "problem=logreg&opt=sgd&sweep=lr:0.01:0.1:log:2,batch:1:4:log:2&sweepruns=5&sweepsteps=60"
	var stdout, stderr bytes.Buffer
	if got := run([]string{"-sweep", "-link", q}, &stdout, &stderr); got != 0 {
		t.Fatalf("status %d: %s", got, stderr.String())
	}
	records, err := csv.NewReader(&stdout).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if h := strings.Join(records[0], ","); h != "lr,batch,lane,spread,loss_gap,bias,mean_x,mean_y,step_norm,final_lr,live,diverged,status,heldout_loss,heldout_acc" {
		t.Errorf("header %q", h)
	}
	s, _ := link.ParseSweep(q)
	c, _ := s.Cell(1, 1)
	cell, _ := sim.RunCell(c)
	want := string(sim.AppendSweepCSV(nil, s.X.Value(1), s.Y.Value(1), 0, cell.Lanes[0]))
	if got := strings.Join(records[4], ",") + "\n"; got != want {
		t.Errorf("cell 3: %q, want %q", got, want)
	}
}

// Bad links on the real models exit with status 2 and a message naming
// the parameter and the allowed values.
func TestRealModelBadLinks(t *testing.T) {
	for _, tt := range []struct{ query, want string }{
		{"problem=mlp&data=foo", `data="foo": want one of digits, cancer for problem=mlp`},
		{"problem=mlp&hidden=0", `hidden="0": want an integer in [2, 64]`},
		{"problem=mlp&data=diabetes", `data="diabetes": want one of digits, cancer for problem=mlp`},
	} {
		var stdout, stderr bytes.Buffer
		if got := run([]string{"-link", tt.query}, &stdout, &stderr); got != 2 || stdout.Len() > 0 || !strings.Contains(stderr.String(), tt.want) {
			t.Errorf("%s: status %d, stderr %q; want 2 and %q", tt.query, got, stderr.String(), tt.want)
		}
	}
}
