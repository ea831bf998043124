package scene

import (
	"math"
	"slices"
	"strings"
	"testing"

	"noiseball/sim"
)

func TestLayoutTilesTheCanvas(t *testing.T) {
	for _, size := range [][3]float64{{1280, 720, 5}, {2560, 1440, 5}, {390, 700, 5}, {800, 800, 5},
		{1280, 720, 6}, {1280, 720, 7}, {390, 700, 7}, {800, 800, 6}} {
		w, h, n := size[0], size[1], int(size[2])
		land, charts := Layout(w, h, n)
		if len(charts) != n {
			t.Fatalf("%gx%g: %d charts, want %d", w, h, len(charts), n)
		}
		area := land.Dx() * land.Dy()
		for _, c := range charts {
			area += c.Dx() * c.Dy()
			if c.X0 < 0 || c.Y0 < 0 || c.X1 > w+1e-9 || c.Y1 > h+1e-9 {
				t.Errorf("%gx%g: chart %v leaves the canvas", w, h, c)
			}
			if c.Dx() < 0.15*w || c.Dy() < 0.1*h {
				t.Errorf("%gx%g: chart %v is too small to read", w, h, c)
			}
		}
		// Nothing overlaps and, on the wide layout, nothing is left over
		// but the last cell of two columns of an odd number of charts.
		if area > w*h*(1+1e-9) {
			t.Errorf("%gx%g: parts overlap (area %g > %g)", w, h, area, w*h)
		}
		if w >= 1.2*h && n > ColumnCharts && n%2 == 1 {
			area += charts[0].Dx() * charts[0].Dy()
		}
		if w >= 1.2*h && math.Abs(area-w*h) > 1e-6*w*h {
			t.Errorf("%gx%g: parts cover %g of %g", w, h, area, w*h)
		}
	}
}

func TestChartMapping(t *testing.T) {
	c := Chart{Plot: Rect{10, 20, 110, 220}, X: Axis{1, 1e4, true}, Y: Axis{-1, 1, false}}
	if x, y := c.ToScreen(1, -1); x != 10 || y != 220 {
		t.Errorf("corner (1, -1) at (%g, %g), want (10, 220)", x, y)
	}
	if x, y := c.ToScreen(100, 0); math.Abs(x-60) > 1e-9 || y != 120 {
		t.Errorf("(100, 0) at (%g, %g), want (60, 120)", x, y)
	}
	if v := c.FromScreenX(60); math.Abs(v-100) > 1e-9 {
		t.Errorf("FromScreenX(60) = %g, want 100", v)
	}
}

func TestSpan(t *testing.T) {
	a, ok := Span(true, []float64{0.03, 0, -1, math.NaN()}, []float64{250, math.Inf(1)})
	if !ok || a.Lo != 0.01 || a.Hi != 1000 {
		t.Errorf("log span = %+v, %v; want [0.01, 1000]", a, ok)
	}
	a, ok = Span(false, []float64{-1, 3})
	if !ok || math.Abs(a.Lo+1.2) > 1e-12 || math.Abs(a.Hi-3.2) > 1e-12 {
		t.Errorf("linear span = %+v, want [-1.2, 3.2]", a)
	}
	if _, ok := Span(true, []float64{0, -2, math.NaN()}); ok {
		t.Error("a log span of no positive value is ok")
	}
}

func TestMonitorIDsNameEachChart(t *testing.T) {
	ids := MonitorIDs()
	if len(ids) != len(MonitorTitles) {
		t.Fatalf("%d ids %v for %d charts", len(ids), ids, len(MonitorTitles))
	}
	seen := map[string]bool{"landscape": true} // the guide's name for the landscape
	for _, id := range ids {
		if seen[id] {
			t.Errorf("the id %q names two parts of the canvas", id)
		}
		seen[id] = true
	}
}

func TestAxisFracIsFiniteAndClamped(t *testing.T) {
	axes := []Axis{
		{Lo: 0x1p-1074, Hi: 0x1p1023, Log: true},
		{Lo: 1e-3, Hi: 10, Log: true},
		{Lo: -1, Hi: 1},
		{Lo: 1, Hi: 1, Log: true}, // degenerate
	}
	values := []float64{math.SmallestNonzeroFloat64, 1e-310, minNormal, 1e-300, 0.5, 1, 1e300, math.MaxFloat64, 0, -1, math.NaN(), math.Inf(1), math.Inf(-1)}
	for _, a := range axes {
		for _, v := range values {
			if f := a.Frac(v); !(f >= 0 && f <= 1) {
				t.Errorf("%+v.Frac(%g) = %g, want a number in [0, 1]", a, v, f)
			}
		}
	}
	// In log space: 2^e lies (e + 1074)/2097 of the way up from 2^-1074
	// to 2^1023, which a ratio v/Lo (it overflows) or math.Log on amd64
	// (golang/go#56600) gets wrong for the subnormals.
	a := axes[0]
	for _, e := range []int{-1074, -1060, -1023, -1000, 0, 1023} {
		if got, want := a.Frac(math.Ldexp(1, e)), float64(e+1074)/2097; math.Abs(got-want) > 1e-12 {
			t.Errorf("Frac(2^%d) = %.15g, want %.15g", e, got, want)
		}
	}
}

func TestSpanOfExtremes(t *testing.T) {
	tests := []struct {
		values []float64
		lo, hi float64
	}{
		{[]float64{math.SmallestNonzeroFloat64, 1}, math.Pow(10, -323), 1},
		{[]float64{1e-310, 3}, 1e-310, 10},
		{[]float64{math.MaxFloat64}, 1e307, 1e308},
		{[]float64{2e300, 3e301}, 1e300, 1e302},
		{[]float64{0.03, 250}, 0.01, 1000},
	}
	for _, tt := range tests {
		a, ok := Span(true, tt.values)
		if !ok || math.Abs(a.Lo-tt.lo) > 1e-12*tt.lo || math.Abs(a.Hi-tt.hi) > 1e-12*tt.hi {
			t.Errorf("Span(%g) = [%g, %g] (%v), want [%g, %g]", tt.values, a.Lo, a.Hi, ok, tt.lo, tt.hi)
		}
	}
}

func TestLogsOfSubnormals(t *testing.T) {
	// 2^-1074 exactly: its logarithms are known in closed form.
	x := math.SmallestNonzeroFloat64
	if got, want := ln(x), -1074*math.Ln2; math.Abs(got-want) > 1e-12*math.Abs(want) {
		t.Errorf("ln(2^-1074) = %.15g, want %.15g", got, want)
	}
	if got, want := log10(x), -1074*math.Log10(2); math.Abs(got-want) > 1e-12*math.Abs(want) {
		t.Errorf("log10(2^-1074) = %.15g, want %.15g", got, want)
	}
	for _, v := range []float64{minNormal, 1e-300, 1, 1e300} {
		if ln(v) != math.Log(v) || log10(v) != math.Log10(v) {
			t.Errorf("ln or log10 of the normal %g is not math's", v)
		}
	}
}

// TestMonitorsOfEachProblem checks which charts a view shows: the five of
// MonitorTitles for a 2-D problem; for a real model the held-out loss
// after the loss gap, and the held-out accuracy for the classifiers only;
// each with a title and an id of its own.
func TestMonitorsOfEachProblem(t *testing.T) {
	tests := []struct {
		kind sim.ProblemKind
		want []string
	}{
		{sim.Quadratic, []string{"loss", "dist", "step", "spread", "lr"}},
		{sim.Reddi, []string{"loss", "dist", "step", "spread", "lr"}},
		{sim.LinReg, []string{"loss", "heldout_loss", "dist", "step", "spread", "lr"}},
		{sim.LogReg, []string{"loss", "heldout_loss", "heldout_acc", "dist", "step", "spread", "lr"}},
		{sim.Softmax, []string{"loss", "heldout_loss", "heldout_acc", "dist", "step", "spread", "lr"}},
		{sim.MLP, []string{"loss", "heldout_loss", "heldout_acc", "dist", "step", "spread", "lr"}},
	}
	for _, tt := range tests {
		if got := ChartIDs(tt.kind); !slices.Equal(got, tt.want) {
			t.Errorf("%s: charts %v, want %v", tt.kind, got, tt.want)
		}
		c := sim.Default()
		c.Problem.Kind = tt.kind
		titles := map[string]bool{}
		for _, m := range Monitors(c) {
			if titles[m.Title()] || m.Title() == "" {
				t.Errorf("%s: title %q twice or empty", tt.kind, m.Title())
			}
			titles[m.Title()] = true
		}
	}
}

// TestEvaluatedSeriesPlotsEachEvaluationOnce checks that a chart of a real
// model's evaluations takes one point per evaluation, at the step it was
// made, while the other charts take every snapshot.
func TestEvaluatedSeriesPlotsEachEvaluationOnce(t *testing.T) {
	var snaps []sim.Snapshot
	for n, eval := range []int{0, 0, 2, 2, 2, 5, 5} {
		s := sim.Snapshot{Step: n + 1, EvalStep: eval, Spread: float64(n)}
		s.HeldoutAcc.Mean = 0.5 + 0.01*float64(eval)
		snaps = append(snaps, s)
	}
	acc := MonitorSeries(snaps, int(MonitorHeldoutAcc), 1)
	if want := []float64{0, 2, 5}; !slices.Equal(acc.X, want) {
		t.Errorf("accuracy at steps %v, want %v", acc.X, want)
	}
	if want := []float64{0.5, 0.52, 0.55}; !slices.Equal(acc.Mean, want) {
		t.Errorf("accuracy %v, want %v", acc.Mean, want)
	}
	if sp := MonitorSeries(snaps, int(MonitorSpread), 1); len(sp.X) != len(snaps) {
		t.Errorf("spread has %d points for %d snapshots", len(sp.X), len(snaps))
	}
}

// TestEvaluationsAreMarked checks that a chart of a real model's few
// evaluations marks each one in view with a dot, so that the first one
// shows before there is a line, and that a 2-D problem's chart has none.
func TestEvaluationsAreMarked(t *testing.T) {
	circles := func(marks bool, xs ...float64) int {
		v := ChartView{Rect: Rect{0, 0, 300, 160}, Title: "t", K: 1, Marks: marks}
		se := Series{X: xs}
		for range xs {
			se.Mean = append(se.Mean, 0.5)
		}
		v.Series = []Series{se}
		v.Chart, v.OK = MonitorChart(chartFrame(v.Rect, 1), v.Series)
		var r recorder
		v.Draw(&r)
		n := 0
		for _, c := range r.calls {
			if strings.HasPrefix(c, "circle ") {
				n++
			}
		}
		return n
	}
	if n := circles(true, 0, 1100); n != 1 {
		t.Errorf("evaluations at steps 0 and 1100: %d dots, want 1 (step 0 is off the log axis)", n)
	}
	if n := circles(true, 10, 100, 1000); n != 3 {
		t.Errorf("three evaluations: %d dots", n)
	}
	many := make([]float64, maxMarks+1)
	for i := range many {
		many[i] = float64(i + 1)
	}
	if n := circles(true, many...); n != 0 {
		t.Errorf("%d evaluations: %d dots, want a line alone", len(many), n)
	}
	if n := circles(false, 10, 100); n != 0 {
		t.Errorf("a 2-D chart: %d dots", n)
	}
}
