package link

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"noiseball/sim"
)

func TestAxisValues(t *testing.T) {
	tests := []struct {
		axis Axis
		want []float64
	}{
		{Axis{"lr", 0.001, 0.1, true, 3}, []float64{0.001, 0.01, 0.1}},
		{Axis{"b2", 0.9, 0.99, false, 4}, []float64{0.9, 0.93, 0.96, 0.99}},
		{Axis{"batch", 1, 64, true, 7}, []float64{1, 2, 4, 8, 16, 32, 64}},
		{Axis{"batch", 1, 10, true, 4}, []float64{1, 2, 5, 10}},
		{Axis{"warmup", 0, 10, false, 3}, []float64{0, 5, 10}},
		{Axis{"sigma", 0.5, 0.5, false, 1}, []float64{0.5}},
		{Axis{"lr2", 1, 1000, true, 4}, []float64{1, 10, 100, 1000}},
	}
	for _, tt := range tests {
		t.Run(tt.axis.String(), func(t *testing.T) {
			got := tt.axis.Values()
			if len(got) != len(tt.want) {
				t.Fatalf("%v, want %v", got, tt.want)
			}
			for i := range got {
				if math.Abs(got[i]-tt.want[i]) > 1e-12*tt.want[i] {
					t.Errorf("%v, want %v", got, tt.want)
					break
				}
			}
			if got[0] != tt.axis.Lo || got[len(got)-1] != tt.axis.Hi {
				t.Errorf("the ends %g, %g are not exactly %g, %g", got[0], got[len(got)-1], tt.axis.Lo, tt.axis.Hi)
			}
		})
	}
}

func TestParseSweep(t *testing.T) {
	s, err := ParseSweep("opt=sgd&runs=7&sweep=lr:1e-3:1e-1:log:8,batch:1:64:log:7&sweepsteps=5000&sweepruns=40&speed=9")
	if err != nil {
		t.Fatal(err)
	}
	want := Sweep{
		X: Axis{"lr", 0.001, 0.1, true, 8}, Y: Axis{"batch", 1, 64, true, 7},
		Runs: 40, Steps: 5000,
	}
	if s.X != want.X || s.Y != want.Y || s.Runs != want.Runs || s.Steps != want.Steps {
		t.Errorf("ParseSweep = %+v, want %+v", s, want)
	}
	if s.Base.Lanes[0].Opt != sim.SGD || s.Base.Runs != 7 || s.Len() != 56 {
		t.Errorf("base %+v, %d cells", s.Base, s.Len())
	}
	if q := EncodeSweep(s); q != "v=1&runs=7&opt=sgd&sweep=lr:0.001:0.1:log:8,batch:1:64:log:7&sweepruns=40&sweepsteps=5000" {
		t.Errorf("EncodeSweep = %q", q)
	}
	// Parse ignores the sweep, the sweep defaults apply, HasSweep sees it.
	c, err := Parse("opt=sgd&sweep=nonsense&sweepruns=x")
	if err != nil || c.Lanes[0].Opt != sim.SGD {
		t.Errorf("Parse of a sweep link: %v", err)
	}
	if d, _ := ParseSweep("sweep=lr:0.01:0.1:lin:2,b2:0.9:0.99:lin:2"); d.Runs != DefaultSweepRuns || d.Steps != DefaultSweepSteps {
		t.Errorf("defaults %d runs, %d steps", d.Runs, d.Steps)
	}
	if !HasSweep("v=1&sweep=") || HasSweep("v=1&opt=sgd") {
		t.Error("HasSweep")
	}
}

// Every bad sweep is a *ParamError that names the sweep parameter and
// says what is wrong, in the words of the allowed values.
func TestParseSweepErrors(t *testing.T) {
	tests := []struct {
		query, param, allowed string
	}{
		{"v=1", "sweep", "the link has no sweep"},
		{"sweep=lr:0.01:0.1:log:3", "sweep", "two axes"},
		{"sweep=lr:0.01:0.1:log:3,b2:0.9:0.99:lin:3,mom:0:0.5:lin:2", "sweep", "two axes"},
		{"sweep=lr:0.01:0.1:log,b2:0.9:0.99:lin:3", "sweep", "five parts"},
		{"sweep=opt:0.01:0.1:log:3,b2:0.9:0.99:lin:3", "sweep", "numeric parameter"},
		{"sweep=runs:1:10:log:3,b2:0.9:0.99:lin:3", "sweep", "numeric parameter"},
		{"sweep=seed:1:10:lin:3,b2:0.9:0.99:lin:3", "sweep", "numeric parameter"},
		{"sweep=lr5:0.01:0.1:log:3,b2:0.9:0.99:lin:3", "sweep", "numeric parameter"},
		{"sweep=lr:abc:0.1:log:3,b2:0.9:0.99:lin:3", "sweep", "a number for lr's low end"},
		{"sweep=lr:0.01:NaN:log:3,b2:0.9:0.99:lin:3", "sweep", "a number for lr's high end"},
		{"sweep=lr:0:0.1:lin:3,b2:0.9:0.99:lin:3", "sweep", "(0, 10]"},
		{"sweep=lr:0.01:20:log:3,b2:0.9:0.99:lin:3", "sweep", "high end of lr"},
		{"sweep=lr:0.01:0.1:log:3,b2:0.9:1:lin:3", "sweep", "[0, 1)"},
		{"sweep=lr:0.01:0.1:log:3,batch:0.5:8:log:3", "sweep", "[1, 65536]"},
		{"sweep=lr:0.01:0.1:cubic:3,b2:0.9:0.99:lin:3", "sweep", "log or lin"},
		{"sweep=lr:0.01:0.1:log:17,b2:0.9:0.99:lin:3", "sweep", "[1, 16]"},
		{"sweep=lr:0.01:0.1:log:0,b2:0.9:0.99:lin:3", "sweep", "[1, 16]"},
		{"sweep=lr:0.1:0.01:log:3,b2:0.9:0.99:lin:3", "sweep", "lo < hi"},
		{"sweep=lr:0.01:0.1:log:1,b2:0.9:0.99:lin:3", "sweep", "lo = hi"},
		{"sweep=angle:-10:10:log:3,b2:0.9:0.99:lin:3", "sweep", "lo > 0 on a log scale"},
		{"sweep=lr:0.01:0.1:log:3,lr:0.9:0.99:lin:3", "sweep", "two different"},
		{"sweep=lr:0.01:0.1:log:3,b2:0.9:0.99:lin:3&sweepruns=0", "sweepruns", "[1, 10000]"},
		{"sweep=lr:0.01:0.1:log:3,b2:0.9:0.99:lin:3&sweepsteps=1e9", "sweepsteps", "[1, 10000000]"},
		{"sweep=lr:0.01:0.1:log:3,b2:0.9:0.99:lin:3&lr=abc", "lr", "(0, 10]"},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			_, err := ParseSweep(tt.query)
			var pe *ParamError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v, want a *ParamError", err)
			}
			found := false
			for _, e := range Errors(err) {
				if errors.As(e, &pe) && pe.Param == tt.param && strings.Contains(pe.Allowed, tt.allowed) {
					found = true
				}
			}
			if !found {
				t.Errorf("error %q: no *ParamError for %s allowing %q", err, tt.param, tt.allowed)
			}
		})
	}
}

func randomSweep(r *rand.Rand) Sweep {
	names := SweepableParams()
	axis := func(exclude string) Axis {
		for {
			a := Axis{Param: names[r.IntN(len(names))], Log: r.IntN(2) == 0, N: 1 + r.IntN(MaxAxis)}
			if _, k := splitLane(a.Param); k == 1 && r.IntN(3) == 0 {
				a.Param += strconv.Itoa(2 + r.IntN(3))
			}
			if a.Param == exclude {
				continue
			}
			lo, hi := 1+r.Float64(), 2+r.Float64()
			if paramKind(a.Param) == 'i' {
				lo, hi = math.Round(lo), math.Round(hi*3)
			}
			if a.N == 1 {
				hi = lo
			}
			// Keep inside every range: scale into [0.01, 0.9] for the betas and such.
			for _, f := range []*float64{&lo, &hi} {
				if _, ok := checkValue(a.Param, *f); !ok {
					*f /= 4
				}
			}
			if _, ok := checkValue(a.Param, lo); !ok {
				continue
			}
			if _, ok := checkValue(a.Param, hi); !ok || (a.N > 1 && !(lo < hi)) {
				continue
			}
			a.Lo, a.Hi = lo, hi
			return a
		}
	}
	s := Sweep{Base: randomConfig(r), Runs: 1 + r.IntN(sim.MaxRuns), Steps: 1 + r.IntN(MaxSweepSteps)}
	s.X = axis("")
	s.Y = axis(s.X.Param)
	return s
}

func TestSweepRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 9))
	for range 500 {
		s := randomSweep(r)
		q := EncodeSweep(s)
		back, err := ParseSweep(q)
		if err != nil {
			t.Fatalf("ParseSweep(%q): %v", q, err)
		}
		if !reflect.DeepEqual(back, s) {
			t.Fatalf("round trip of %q:\n got %+v\nwant %+v", q, back, s)
		}
		if q2 := EncodeSweep(back); q2 != q {
			t.Fatalf("EncodeSweep is not stable: %q then %q", q, q2)
		}
		// Every cell is a valid link, with the swept values in it.
		i, j := r.IntN(s.X.N), r.IntN(s.Y.N)
		c, err := s.Cell(i, j)
		if err != nil {
			t.Fatalf("cell (%d, %d) of %q: %v", i, j, q, err)
		}
		if c.Runs != s.Runs || c.Steps != s.Steps {
			t.Fatalf("cell (%d, %d) of %q: runs %d, steps %d", i, j, q, c.Runs, c.Steps)
		}
		link := "&" + s.CellLink(i, j) + "&"
		for _, a := range []struct {
			axis Axis
			k    int
		}{{s.X, i}, {s.Y, j}} {
			v := a.axis.formatValue(a.k)
			if p := paramKind(a.axis.Param); p == 'p' {
				continue // a pair may be written x,y when the base had two values
			}
			if !strings.Contains(link, "&"+a.axis.Param+"="+v+"&") && !sameAsDefault(s, a.axis.Param, v) {
				t.Fatalf("cell link %q lacks %s=%s", link, a.axis.Param, v)
			}
		}
	}
}

// sameAsDefault reports whether the canonical link may leave name=v out:
// it is the default (or lane 1's value, for a lane-k parameter).
func sameAsDefault(s Sweep, name, v string) bool {
	c, _ := Parse("&" + name + "=" + v)
	return Encode(c) == "v=1" || strings.ContainsAny(name, "234")
}

func FuzzParseSweep(f *testing.F) {
	for _, q := range []string{"sweep=lr:1e-3:1e-1:log:8,batch:1:64:log:7", "sweep=b2:0.9:0.999:lin:16,lr2:0.01:1:log:16&sweepruns=3", "sweep=,", "sweep=a:b:c:d:e,::::", "sweep=lr:1:1:lin:1,sigma:0:2:lin:3&sweepsteps=9"} {
		f.Add(q)
	}
	f.Fuzz(func(t *testing.T, q string) {
		s, err := ParseSweep(q)
		if err != nil {
			return
		}
		back, err := ParseSweep(EncodeSweep(s))
		if err != nil || !reflect.DeepEqual(back, s) {
			t.Fatalf("round trip of %q through %q: %v", q, EncodeSweep(s), err)
		}
		if s.Len() > MaxAxis*MaxAxis {
			t.Fatalf("%d cells", s.Len())
		}
		if _, err := s.Cell(s.X.N-1, s.Y.N-1); err != nil {
			t.Fatalf("the last cell of %q: %v", q, err)
		}
	})
}

// The sweep's central property: every cell of a 4x4 sweep equals an independent
// single run of the cell's link with the same seed, bit for bit, whether
// the sweep runs on several goroutines (RunSweep) or a slice at a time
// (Sweep.Advance, as in the browser). The single run is measured with the
// plain API: Snapshot at the last step, and the mean of Snapshot.Mean over
// the sampled steps of the second half.
func TestSweepCellsEqualSingleRuns(t *testing.T) {
	s, err := ParseSweep("v=1&opt2=sgd&dist=exp&b2=0.9&sweep=lr:0.005:0.2:log:4,b1:0:0.9:lin:4&sweepruns=30&sweepsteps=700")
	if err != nil {
		t.Fatal(err)
	}
	cells, err := s.Cells()
	if err != nil {
		t.Fatal(err)
	}
	parallel, err := sim.RunSweep(cells, 3)
	if err != nil {
		t.Fatal(err)
	}
	sliced, err := sim.NewSweep(cells)
	if err != nil {
		t.Fatal(err)
	}
	budgets := 0
	for sliced.Advance(float64(5000 + 977*budgets%3)) {
		budgets++
		if d := sliced.Done(); d > 0 {
			if _, ok := sliced.Cell(d - 1); !ok {
				t.Fatalf("cell %d not done after Done() = %d", d-1, d)
			}
		}
	}
	if sliced.Done() != 16 || sliced.Progress() != 1 {
		t.Errorf("Done %d, Progress %g", sliced.Done(), sliced.Progress())
	}
	for j := range s.Y.N {
		for i := range s.X.N {
			index := j*s.X.N + i
			want := singleRun(t, s.CellLink(i, j))
			want.Index = index
			got, _ := sliced.Cell(index)
			if !reflect.DeepEqual(got, want) {
				t.Errorf("cell (%d, %d) sliced:\n got %+v\nwant %+v", i, j, got, want)
			}
			if !reflect.DeepEqual(parallel[index], want) {
				t.Errorf("cell (%d, %d) parallel:\n got %+v\nwant %+v", i, j, parallel[index], want)
			}
		}
	}
	if budgets < 10 {
		t.Errorf("the sweep took only %d slices", budgets)
	}
}

// singleRun runs link and measures it as SweepLane documents, with the
// public API only.
func singleRun(t *testing.T, link string) sim.SweepCell {
	c, err := Parse(link)
	if err != nil {
		t.Fatal(err)
	}
	e, err := sim.New(c)
	if err != nil {
		t.Fatal(err)
	}
	n := c.Steps
	stride := max(1, (n-n/2+255)/256)
	sums := make([]sim.Vec, len(c.Lanes))
	counts := make([]int, len(c.Lanes))
	for e.N() < n {
		e.Step()
		if m := e.N(); m > n/2 && (n-m)%stride == 0 {
			for k := range c.Lanes {
				if s := e.Snapshot(k); s.Live > 0 {
					sums[k] = sums[k].Add(s.Mean)
					counts[k]++
				}
			}
		}
	}
	cell := sim.SweepCell{}
	for k := range c.Lanes {
		s := e.Snapshot(k)
		l := sim.SweepLane{Spread: s.Spread, LossGap: s.LossGap.Mean, StepNorm: s.StepNorm.Mean,
			LearningRate: s.LearningRate, Live: s.Live, Diverged: s.Diverged, Status: s.Status}
		l.Mean = sim.Vec{sums[k][0] / float64(counts[k]), sums[k][1] / float64(counts[k])}
		l.Bias = l.Mean.Sub(c.Problem.Minimizer()).Norm()
		cell.Lanes = append(cell.Lanes, l)
	}
	return cell
}

func TestWriteSweepCSV(t *testing.T) {
	s, err := ParseSweep("opt=sgd&opt2=adam&sweep=lr:0.01:0.1:log:3,batch:1:4:log:3&sweepruns=5&sweepsteps=50")
	if err != nil {
		t.Fatal(err)
	}
	cells, _ := s.Cells()
	res, _ := sim.RunSweep(cells, 0)
	var b bytes.Buffer
	if err := WriteSweepCSV(&b, s, res); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&b).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if h := strings.Join(rows[0], ","); h != "lr,batch,lane,spread,loss_gap,bias,mean_x,mean_y,step_norm,final_lr,live,diverged,status" {
		t.Errorf("header %q", h)
	}
	if len(rows) != 1+9*2 {
		t.Fatalf("%d rows, want 18 and a header", len(rows)-1)
	}
	// Row 5 is cell 2 = (lr 0.1, batch 1), lane 1: its final_lr is its lr.
	if r := rows[5]; r[0] != "0.1" || r[1] != "1" || r[2] != "1" || r[9] != "0.1" || r[10] != "5" {
		t.Errorf("row 5 = %v", r)
	}
}

func ExampleParseSweep() {
	s, err := ParseSweep("v=1&opt=sgd&sweep=lr:0.001:0.1:log:3,batch:1:16:log:3&sweepsteps=2000")
	if err != nil {
		panic(err)
	}
	fmt.Println(s.X.Values(), s.Y.Values(), s.Len(), "cells")
	fmt.Println(s.CellLink(2, 1))
	fmt.Println(EncodeSweep(s))
	// Output:
	// [0.001 0.01 0.1] [1 4 16] 9 cells
	// v=1&runs=100&steps=2000&opt=sgd&lr=0.1&batch=4
	// v=1&opt=sgd&sweep=lr:0.001:0.1:log:3,batch:1:16:log:3&sweepsteps=2000
}

// A sweep of SGD's learning rate and batch size on the isotropic quadratic:
// the spread of the final ensemble is sqrt(2 gamma s^2 / (J (2 - gamma))),
// about sqrt(gamma / J) (sim/MATH.md oracle 2): 0.100, 0.202, 0.050, 0.101.
func ExampleWriteSweepCSV() {
	s, err := ParseSweep("v=1&opt=sgd&angle=0&h2=1&sweep=lr:0.01:0.04:log:2,batch:1:4:log:2&sweepruns=2000&sweepsteps=1000")
	if err != nil {
		panic(err)
	}
	cells, err := s.Cells()
	if err != nil {
		panic(err)
	}
	res, err := sim.RunSweep(cells, 0) // on every core
	if err != nil {
		panic(err)
	}
	for _, c := range res {
		i, j := c.Index%s.X.N, c.Index/s.X.N
		fmt.Printf("lr %.2f batch %.0f: spread %.3f\n", s.X.Value(i), s.Y.Value(j), c.Lanes[0].Spread)
	}
	_ = WriteSweepCSV(os.Stdout, s, res[:1])
	// Output:
	// lr 0.01 batch 1: spread 0.100
	// lr 0.04 batch 1: spread 0.201
	// lr 0.01 batch 4: spread 0.050
	// lr 0.04 batch 4: spread 0.101
	// lr,batch,lane,spread,loss_gap,bias,mean_x,mean_y,step_norm,final_lr,live,diverged,status
	// 0.01,1,1,0.09962586645909059,0.004962080519194161,0.002056965693360894,0.0016559037068298844,0.001220283072639587,0.012507661981589507,0.01,2000,0,stationary
}
