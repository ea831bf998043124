package still

import (
	"context"
	"math"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"noiseball/sim/scene"
)

// positiveSeries returns n finite positive numbers from all over the
// float64 range, subnormals and the extremes included.
func positiveSeries(rng *rand.Rand, n int) []float64 {
	special := []float64{math.SmallestNonzeroFloat64, 2e-323, 1e-310, 0x1p-1022, 1e-300, 1, 1e300, math.MaxFloat64}
	s := make([]float64, n)
	for i := range s {
		if rng.IntN(4) == 0 {
			s[i] = special[rng.IntN(len(special))]
			continue
		}
		s[i] = math.Ldexp(1+rng.Float64(), rng.IntN(1074+1024)-1074)
		if s[i] == 0 || math.IsInf(s[i], 0) {
			s[i] = 1
		}
	}
	return s
}

// randomChart returns a chart in r of one to four lanes of random
// positive series, with bands and theory lines.
func randomChart(rng *rand.Rand, r scene.Rect) *scene.ChartView {
	n := 1 + rng.IntN(600)
	var series []scene.Series
	for range 1 + rng.IntN(4) {
		x := make([]float64, n)
		for i := range x {
			x[i] = float64(i)
		}
		series = append(series, scene.Series{X: x, Mean: positiveSeries(rng, n), Lo: positiveSeries(rng, n), Hi: positiveSeries(rng, n), Theory: positiveSeries(rng, n)})
	}
	v := &scene.ChartView{Rect: r, Title: "L", K: 1, Series: series}
	// A chart's plotting area is its rectangle less room for the labels.
	v.Chart, v.OK = scene.MonitorChart(scene.Rect{X0: r.X0 + 44, Y0: r.Y0 + 20, X1: r.X1 - 10, Y1: r.Y1 - 18}, series)
	return v
}

// number matches a number as the SVG writes them, and the words a
// broken computation would write instead.
var (
	number = regexp.MustCompile(`-?[0-9]+(\.[0-9]+)?`)
	broken = regexp.MustCompile(`NaN|Inf`)
	coords = regexp.MustCompile(` (x|y|width|height|d)="([^"]*)"`)
)

// TestSVGChartsAreFiniteAndInside holds the SVG writer to the log axes'
// property: for any finite positive series, every coordinate it writes is
// a plain finite number inside the chart's rectangle.
func TestSVGChartsAreFiniteAndInside(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 3))
	r := scene.Rect{X0: 500, Y0: 100, X1: 900, Y1: 200}
	for trial := range 200 {
		v := randomChart(rng, r)
		if !v.OK {
			t.Fatalf("trial %d: no chart", trial)
		}
		c := &svgCanvas{}
		v.Draw(c)
		doc := c.b.String()
		if m := broken.FindString(doc); m != "" {
			t.Fatalf("trial %d: the SVG writes %q: %.300s", trial, m, doc[strings.Index(doc, m)-100:])
		}
		if !strings.Contains(doc, `stroke-dasharray`) || !strings.Contains(doc, `fill-opacity="0.180"`) {
			t.Fatalf("trial %d: no theory line or band", trial)
		}
		for _, attr := range coords.FindAllStringSubmatch(doc, -1) {
			if strings.ContainsAny(attr[2], "eE") {
				t.Fatalf("trial %d: %s=%q is not a plain number", trial, attr[1], attr[2])
			}
			nums := number.FindAllString(attr[2], -1)
			for i, s := range nums {
				x, _ := strconv.ParseFloat(s, 64)
				lo, hi := r.Y0, r.Y1
				switch {
				case attr[1] == "x" || (attr[1] == "d" && i%2 == 0):
					lo, hi = r.X0-20, r.X1+20 // a label centred on the last tick
				case attr[1] == "width" || attr[1] == "height":
					lo, hi = 0, r.Dx()
				}
				if x < lo || x > hi {
					t.Fatalf("trial %d: %s=%q has %g outside [%g, %g]", trial, attr[1], attr[2], x, lo, hi)
				}
			}
		}
	}
}

// TestRasterChartsStayInside is the property for the raster: for any
// finite positive series, the chart paints nothing outside its rectangle
// and its lines show inside the plotting area.
func TestRasterChartsStayInside(t *testing.T) {
	rng := rand.New(rand.NewPCG(15, 4))
	r := scene.Rect{X0: 40, Y0: 30, X1: 440, Y1: 130}
	for trial := range 60 {
		v := randomChart(rng, r)
		ras := newRaster(480, 160, 1)
		v.Draw(ras)
		lane := 0
		for y := 0; y < 160; y++ {
			for x := 0; x < 480; x++ {
				c := ras.img.RGBAAt(x, y)
				// A label centred on the last tick may stick out right.
				inside := float64(x) >= r.X0-1 && float64(x) < r.X1+20 && float64(y) >= r.Y0-1 && float64(y) < r.Y1+1
				if !inside && c.A != 0 {
					t.Fatalf("trial %d: pixel (%d, %d) outside the chart %v is painted %v", trial, x, y, r, c)
				}
				if p := v.Chart.Plot; float64(x) > p.X0 && float64(x) < p.X1 && float64(y) > p.Y0 && float64(y) < p.Y1 && c == scene.LaneColor(0) {
					lane++
				}
			}
		}
		if lane == 0 {
			t.Fatalf("trial %d: lane 1's line does not show in the plotting area", trial)
		}
	}
}

// TestSubnormalLossDrawsNoNaN draws the link whose SVG once held NaN:
// Adagrad with eps=0 and no noise drives the loss through the subnormal
// numbers to 0.
func TestSubnormalLossDrawsNoNaN(t *testing.T) {
	s := simulate(t, "lr=10&opt=adagrad&eps=0&sigma=0")
	svg, err := s.SVG(context.Background(), Options{Width: 1200, Height: 630, Cloud: true}, "subnormal")
	if err != nil {
		t.Fatal(err)
	}
	doc := string(svg)
	if strings.Contains(doc, "NaN") || strings.Contains(doc, "Inf") {
		t.Fatal("the SVG writes NaN or Inf")
	}
	_, chart, _ := strings.Cut(doc, `<g id="chart-1">`)
	chart, _, _ = strings.Cut(chart, `<g id="chart-2">`)
	if !strings.Contains(chart, `stroke="#d55e00"`) {
		t.Errorf("the loss chart draws no line of lane 1: %.500s", chart)
	}
	// The loss reaches 5e-324: the axis goes down to its decade.
	if !strings.Contains(chart, ">1e-323<") {
		t.Errorf("the loss chart's axis does not reach 1e-323: %.2000s", chart)
	}
}
