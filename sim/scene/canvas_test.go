package scene

import (
	"fmt"
	"image/color"
	"math"
	"math/rand/v2"
	"strings"
	"testing"
)

// recorder is a Canvas that keeps what it is asked to draw, as text, and
// every coordinate it is given, with the clip in force.
type recorder struct {
	calls  []string
	points []recorded
	clip   *Rect
	groups []string
}

type recorded struct {
	call string
	p    Point
	clip *Rect
}

func (r *recorder) add(call string, pts ...Point) {
	r.calls = append(r.calls, call)
	for _, p := range pts {
		r.points = append(r.points, recorded{call, p, r.clip})
	}
}

func (r *recorder) Rect(rc Rect, c color.RGBA, alpha float64) {
	r.add(fmt.Sprintf("rect %v %v %.3g", rc, c, alpha), Point{rc.X0, rc.Y0}, Point{rc.X1, rc.Y1})
}
func (r *recorder) Landscape(rc Rect, l *Landscape) {
	r.add(fmt.Sprintf("landscape %v %dx%d", rc, l.View.W, l.View.H), Point{rc.X0, rc.Y0})
}
func (r *recorder) Dots(pts []Point, size float64, c color.RGBA, alpha float64) {
	r.add(fmt.Sprintf("dots %d %g %v %.3g", len(pts), size, c, alpha), pts...)
}
func (r *recorder) Line(pts []Point, width float64, c color.RGBA, alpha, dash float64) {
	r.add(fmt.Sprintf("line %d %g %v %.3g %g", len(pts), width, c, alpha, dash), pts...)
}
func (r *recorder) Band(upper, lower []Point, c color.RGBA, alpha float64) {
	r.add(fmt.Sprintf("band %d %d %v %.3g", len(upper), len(lower), c, alpha), append(append([]Point(nil), upper...), lower...)...)
}
func (r *recorder) Circle(x, y, rad float64, c color.RGBA) {
	r.add(fmt.Sprintf("circle %g %v", rad, c), Point{x, y})
}
func (r *recorder) Ring(x, y, rad, width float64, c color.RGBA) {
	r.add(fmt.Sprintf("ring %g %g %v", rad, width, c), Point{x, y})
}
func (r *recorder) Text(s string, x, y, px float64, c color.RGBA, ax, ay float64) {
	r.add(fmt.Sprintf("text %q %g %v", s, px, c), Point{x, y})
}

// TextWidth measures 0.6 em a character.
func (r *recorder) TextWidth(s string, px float64) float64 {
	return 0.6 * px * float64(len([]rune(s)))
}
func (r *recorder) Clip(rc Rect)    { r.clip = &rc; r.calls = append(r.calls, "clip") }
func (r *recorder) Unclip()         { r.clip = nil; r.calls = append(r.calls, "unclip") }
func (r *recorder) Group(id string) { r.groups = append(r.groups, id) }
func (r *recorder) End()            {}

// count returns how many calls start with prefix.
func (r *recorder) count(prefix string) int {
	n := 0
	for _, c := range r.calls {
		if strings.HasPrefix(c, prefix) {
			n++
		}
	}
	return n
}

// positiveSeries returns n finite positive numbers from all over the
// float64 range, subnormals included, with the extremes among them.
func positiveSeries(rng *rand.Rand, n int) []float64 {
	special := []float64{math.SmallestNonzeroFloat64, 2e-323, 1e-310, minNormal, 1e-300, 1, 1e300, math.MaxFloat64}
	s := make([]float64, n)
	for i := range s {
		if rng.IntN(4) == 0 {
			s[i] = special[rng.IntN(len(special))]
			continue
		}
		// A mantissa in [1, 2) at a binary exponent from -1074 to 1023.
		s[i] = math.Ldexp(1+rng.Float64(), rng.IntN(1074+1024)-1074)
		if s[i] == 0 || math.IsInf(s[i], 0) {
			s[i] = 1
		}
	}
	return s
}

// TestChartMapsEveryPositiveSeriesInside is the log axes' property: for
// any finite positive series, every coordinate a chart draws is finite
// and inside the chart, and its data inside the plotting area.
func TestChartMapsEveryPositiveSeriesInside(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 2))
	r := Rect{X0: 500.5, Y0: 98.2, X1: 911, Y1: 196.4}
	for trial := range 300 {
		n := 1 + rng.IntN(300)
		if trial%3 == 0 {
			n = 1000 + rng.IntN(2000) // strided
		}
		var series []Series
		for range 1 + rng.IntN(4) {
			x := make([]float64, n)
			for i := range x {
				x[i] = float64(i) // step 0 as the history has it
			}
			se := Series{X: x, Mean: positiveSeries(rng, n)}
			if rng.IntN(2) == 0 {
				se.Lo, se.Hi = positiveSeries(rng, n), positiveSeries(rng, n)
			}
			if rng.IntN(2) == 0 {
				se.Theory = positiveSeries(rng, n)
			}
			series = append(series, se)
		}
		v := ChartView{Rect: r, Title: "t", K: 1, Series: series}
		var ok bool
		v.Chart, ok = MonitorChart(chartFrame(r, 1), series)
		if !ok {
			t.Fatalf("trial %d: no chart of %d positive values", trial, n)
		}
		v.OK = true
		a := v.Chart.Y
		if !(a.Lo > 0) || math.IsInf(a.Hi, 0) || !(a.Hi > a.Lo) {
			t.Fatalf("trial %d: value axis [%g, %g]", trial, a.Lo, a.Hi)
		}
		var rec recorder
		v.Draw(&rec)
		if rec.count("line") == 0 {
			t.Fatalf("trial %d: no line drawn", trial)
		}
		plot := v.Chart.Plot
		for _, p := range rec.points {
			if math.IsNaN(p.p.X) || math.IsNaN(p.p.Y) || math.IsInf(p.p.X, 0) || math.IsInf(p.p.Y, 0) {
				t.Fatalf("trial %d: %s at %v", trial, p.call, p.p)
			}
			// Text sits around the plotting area, a little outside r at
			// most (a label centred on the last tick).
			in := r
			if strings.HasPrefix(p.call, "line") || strings.HasPrefix(p.call, "band") {
				if p.clip != nil {
					in = plot
				}
				in = Rect{X0: in.X0 - 1e-9, Y0: in.Y0 - 1e-9, X1: in.X1 + 1e-9, Y1: in.Y1 + 1e-9}
			} else {
				in = Rect{X0: r.X0 - 20, Y0: r.Y0, X1: r.X1 + 20, Y1: r.Y1}
			}
			if p.p.X < in.X0 || p.p.X > in.X1 || p.p.Y < in.Y0 || p.p.Y > in.Y1 {
				t.Fatalf("trial %d: %s at %v, outside %v", trial, p.call, p.p, in)
			}
		}
	}
}

func TestDashes(t *testing.T) {
	pieces := Dashes([]Point{{X: 0, Y: 0}, {X: 10, Y: 0}, {X: 10, Y: 10}}, 4)
	// 20 pixels of line: on 0-4, 8-12 (round the corner) and 16-20.
	if len(pieces) != 3 {
		t.Fatalf("%d dashes: %v", len(pieces), pieces)
	}
	total := 0.0
	for _, p := range pieces {
		for i := 1; i < len(p); i++ {
			total += math.Hypot(p[i].X-p[i-1].X, p[i].Y-p[i-1].Y)
		}
	}
	if math.Abs(total-12) > 1e-9 {
		t.Errorf("dashes cover %g pixels, want 12", total)
	}
	if got := pieces[1]; len(got) != 3 || got[0] != (Point{X: 8, Y: 0}) || got[1] != (Point{X: 10, Y: 0}) || got[2] != (Point{X: 10, Y: 2}) {
		t.Errorf("the dash round the corner is %v", got)
	}
}
