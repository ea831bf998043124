package sim

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"os"
	"strconv"
	"testing"
)

// WriteCSV's rows are AppendCSV of the snapshots of an experiment stepped by
// hand, so a page that steps its own experiment writes the same numbers.
func TestWriteCSVRows(t *testing.T) {
	c := Default()
	c.Runs = 50
	c.Lanes = append(c.Lanes, DefaultLane())
	c.Lanes[1].Opt = SGD
	var buf bytes.Buffer
	if err := WriteCSV(&buf, c, 25, 10); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(bytes.NewReader(buf.Bytes())).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != 1+3*2 {
		t.Fatalf("%d records, want a header and 6 rows", len(records))
	}
	for _, rec := range records {
		if len(rec) != len(CSVColumns()) {
			t.Fatalf("record %q has %d fields, want %d", rec, len(rec), len(CSVColumns()))
		}
	}
	e, _ := New(c)
	var want []byte
	for _, n := range []int{0, 10, 20} {
		e.Steps(n - e.N())
		for k := range c.Lanes {
			want = AppendCSV(want, k, e.Snapshot(k))
		}
	}
	if got := buf.Bytes()[bytes.IndexByte(buf.Bytes(), '\n')+1:]; !bytes.Equal(got, want) {
		t.Errorf("WriteCSV rows:\n%s\nwant:\n%s", got, want)
	}
	// Every number reads back exactly; the status is a Status's id.
	ids := map[string]bool{}
	for _, s := range Statuses() {
		ids[s.String()] = true
	}
	for _, rec := range records[1:] {
		for i, f := range rec {
			if CSVColumns()[i] == "status" {
				if !ids[f] {
					t.Errorf("column status: %q is not a status", f)
				}
				continue
			}
			if f == "" {
				continue
			}
			x, err := strconv.ParseFloat(f, 64)
			if err != nil || strconv.FormatFloat(x, 'g', -1, 64) != f {
				t.Errorf("column %s: %q does not round-trip", CSVColumns()[i], f)
			}
		}
	}
}

type failingWriter struct{}

func (failingWriter) Write([]byte) (int, error) { return 0, errors.New("disk full") }

func TestWriteCSVErrors(t *testing.T) {
	c := Default()
	if err := WriteCSV(failingWriter{}, c, 10, 1); err == nil || err.Error() != "disk full" {
		t.Errorf("WriteCSV to a failing writer: %v", err)
	}
	c.Runs = 0
	if err := WriteCSV(&bytes.Buffer{}, c, 10, 1); err == nil {
		t.Error("WriteCSV of an invalid config succeeded")
	}
}

// Momentum on the noiseless quadratic with H = diag(1, 4): every run is the
// same, so the quantiles equal the means and the spread is 0, as predicted.
func ExampleWriteCSV() {
	lane := DefaultLane()
	lane.Opt = Momentum
	lane.Schedule = Schedule{Kind: Const, Gamma: 0.5}
	c := Config{
		Problem: Problem{Kind: Quadratic, H1: 1, H2: 4},
		Data:    Data{Dist: Gauss},
		X0:      Vec{1, 1},
		Runs:    3,
		Lanes:   []LaneConfig{lane},
	}
	if err := WriteCSV(os.Stdout, c, 20, 10); err != nil {
		fmt.Println(err)
	}
	// Output:
	// lane,step,lr,loss_gap,dist,step_norm,spread,mean_x,mean_y,batch,live,diverged,loss_gap_q10,loss_gap_q50,loss_gap_q90,dist_q10,dist_q50,dist_q90,step_norm_q10,step_norm_q50,step_norm_q90,polyak_x,polyak_y,theory_spread,status
	// 1,0,0.5,2.5,1.4142135623730951,0,0,1,1,1,3,0,2.5,2.5,2.5,1.4142135623730951,1.4142135623730951,1.4142135623730951,0,0,0,1,1,0,transient
	// 1,10,0.5,0.048375245912230455,0.31095404039917324,0.2995266157803649,0,-0.31092291066962874,0.0043998705999998,1,3,0,0.048375245912230455,0.048375245912230455,0.048375245912230455,0.31095404039917324,0.31095404039917324,0.31095404039917324,0.2995266157803649,0.2995266157803649,0.2995266157803649,0.32909391937034194,-0.17514841914000007,0,transient
	// 1,20,0.5,0.25129108254538135,0.36966200034872887,0.08833261812348198,0,-0.12113052590288954,-0.34925261659193485,1,3,0,0.25129108254538135,0.25129108254538135,0.25129108254538135,0.36966200034872887,0.36966200034872887,0.36966200034872887,0.08833261812348198,0.08833261812348198,0.08833261812348198,-0.01639689540837617,-0.025551120821542966,0,transient
}
