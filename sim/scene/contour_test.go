package scene

import (
	"math"
	"testing"

	"noiseball/sim"
)

// field samples fn on an n x n grid of cells over a size x size square.
func field(size float64, n int, fn func(x, y float64) float64) Field {
	f := Field{W: size, H: size, Nx: n, Ny: n, V: make([]float64, (n+1)*(n+1))}
	for j := 0; j <= n; j++ {
		for i := 0; i <= n; i++ {
			x, y := f.at(i, j)
			f.V[j*(n+1)+i] = fn(x, y)
		}
	}
	return f
}

// signedArea is the shoelace area of poly, positive when it turns
// clockwise on the screen (y down).
func signedArea(poly []Point) float64 {
	a := 0.0
	for i, p := range poly {
		q := poly[(i+1)%len(poly)]
		a += p.X*q.Y - q.X*p.Y
	}
	return a / 2
}

func TestContourOfADisc(t *testing.T) {
	const r = 30.0
	f := field(100, 50, func(x, y float64) float64 { return math.Hypot(x-50, y-50) })
	below, lines := f.Contour(r)
	area := 0.0
	for _, poly := range below {
		a := signedArea(poly)
		if a < 0 {
			t.Fatalf("polygon %v turns the other way", poly)
		}
		area += a
	}
	if want := math.Pi * r * r; math.Abs(area-want) > 0.01*want {
		t.Errorf("the region below the level has area %g, want about %g", area, want)
	}
	length := 0.0
	for _, s := range lines {
		for _, p := range s {
			// Linear interpolation along a 2-pixel edge is off by a little.
			if d := math.Hypot(p.X-50, p.Y-50); math.Abs(d-r) > 0.05 {
				t.Fatalf("contour point %v lies %g from the centre, want %g", p, d, r)
			}
		}
		length += math.Hypot(s[1].X-s[0].X, s[1].Y-s[0].Y)
	}
	if want := 2 * math.Pi * r; math.Abs(length-want) > 0.01*want {
		t.Errorf("the contour is %g long, want about %g", length, want)
	}
	// Levels outside the field's range: nothing, or everything in one run per row.
	if below, lines := f.Contour(-1); len(below) != 0 || len(lines) != 0 {
		t.Errorf("a level below the minimum traced %d polygons and %d segments", len(below), len(lines))
	}
	if below, lines := f.Contour(1e9); len(below) != 50 || len(lines) != 0 {
		t.Errorf("a level above the maximum gave %d polygons (want a run per row) and %d segments", len(below), len(lines))
	}
}

func TestContourSaddle(t *testing.T) {
	// Low at the top left and bottom right corners, high at the others.
	f := Field{W: 1, H: 1, Nx: 1, Ny: 1, V: []float64{0, 1, 1, 0}}
	below, lines := f.Contour(0.5)
	if len(below) != 1 || len(below[0]) != 6 || len(lines) != 2 {
		t.Fatalf("saddle: %v, %v; want one hexagon joining the low corners and two segments", below, lines)
	}
	if a := signedArea(below[0]); math.Abs(a-0.75) > 1e-12 {
		t.Errorf("saddle polygon area %g, want 0.75", a)
	}
	// A NaN sample counts as infinitely high: the level crosses the
	// edges at their other ends, and the cell's other half is below.
	f.V = []float64{math.NaN(), 0, 0, 0}
	if below, _ := f.Contour(0.5); len(below) != 1 || math.Abs(signedArea(below[0])-0.5) > 1e-12 {
		t.Errorf("NaN corner: %v", below)
	}
}

// TestBandColorMatchesRenderLandscape checks that BandColor, ContourLine
// and ContourLineAlpha are the colours RenderLandscape paints.
func TestBandColorMatchesRenderLandscape(t *testing.T) {
	p := sim.Default().Problem
	v := ViewFor(p, sim.Vec{1.5, 1}, 120, 90)
	levels := ContourLevels(p, v)
	img := RenderLandscape(p, v, levels)
	band, line := 0, 0
	for y := 0; y < v.H; y++ {
		for x := 0; x < v.W; x++ {
			b := bandOf(p.LossGap(v.ToPlane(float64(x)+0.5, float64(y)+0.5)), levels)
			c := BandColor(b, len(levels))
			switch got := img.RGBAAt(x, y); got {
			case c:
				band++
			case blend(c, ContourLine, ContourLineAlpha):
				line++
			default:
				t.Fatalf("pixel (%d, %d) is %v, neither band %d's colour %v nor its line colour", x, y, got, b, c)
			}
		}
	}
	if band == 0 || line == 0 {
		t.Errorf("%d band pixels, %d line pixels", band, line)
	}
}

// TestLandscapeLinePixels checks where RenderLandscape draws the contour
// lines, on a rotated quadratic and a double well: exactly the pixels
// whose right or lower neighbour's centre lies in another band, each
// band's pixels in its own colour.
func TestLandscapeLinePixels(t *testing.T) {
	for _, p := range []sim.Problem{
		{Kind: sim.Quadratic, H1: 1, H2: 4, Angle: 30},
		{Kind: sim.DoubleWell, H1: 1, H2: 2, C: 1},
	} {
		v := ViewFor(p, sim.Vec{1.5, 1}, 160, 110)
		levels := ContourLevels(p, v)
		img := RenderLandscape(p, v, levels)
		bandAt := func(x, y int) int { return bandOf(p.LossGap(v.ToPlane(float64(x)+0.5, float64(y)+0.5)), levels) }
		lines := 0
		for y := 0; y < v.H; y++ {
			for x := 0; x < v.W; x++ {
				b := bandAt(x, y)
				want := BandColor(b, len(levels))
				if (x+1 < v.W && bandAt(x+1, y) != b) || (y+1 < v.H && bandAt(x, y+1) != b) {
					want = blend(want, ContourLine, ContourLineAlpha)
					lines++
				}
				if got := img.RGBAAt(x, y); got != want {
					t.Fatalf("%s: pixel (%d, %d) is %v, want %v", p.Kind, x, y, got, want)
				}
			}
		}
		if lines == 0 {
			t.Errorf("%s: no contour lines", p.Kind)
		}
	}
}

func TestSampleLossGap(t *testing.T) {
	p := sim.Default().Problem
	v := ViewFor(p, sim.Vec{1.5, 1}, 200, 100)
	f := SampleLossGap(p, v, 4)
	if f.Nx != 50 || f.Ny != 25 || len(f.V) != 51*26 {
		t.Fatalf("grid %dx%d with %d samples", f.Nx, f.Ny, len(f.V))
	}
	if got, want := f.V[len(f.V)-1], p.LossGap(v.ToPlane(200, 100)); got != want {
		t.Errorf("the last sample is %g, want the loss at the corner, %g", got, want)
	}
}

func TestMonitor(t *testing.T) {
	c := sim.Default()
	c.Runs, c.Steps = 20, 300
	e, err := sim.New(c)
	if err != nil {
		t.Fatal(err)
	}
	h := sim.NewHistory(e, 0, 0)
	h.Steps(c.Steps)
	var all []Series
	for k := range MonitorTitles {
		s := MonitorSeries(h.Lane(0), k, c.Runs)
		// The history is log-spaced: its last step is at most the experiment's.
		if len(s.X) != h.Len() || len(s.Mean) != h.Len() || s.X[0] != 0 || s.X[len(s.X)-1] > 300 || s.X[len(s.X)-1] < 290 {
			t.Fatalf("chart %d: %d points, from step %g to %g", k, len(s.X), s.X[0], s.X[len(s.X)-1])
		}
		// The default lane is Adam: a step bound on chart 2, a predicted spread on 3.
		if (s.Lo != nil) != (k < 3) || (s.Theory != nil) != (k == 2 || k == 3) {
			t.Errorf("chart %d: band %v, theory %v", k, s.Lo != nil, s.Theory != nil)
		}
		all = append(all, s)
	}
	for i, snap := range h.Lane(0) {
		if snap.HasStepBound && all[2].Theory[i] != snap.StepBound {
			t.Fatalf("step %d: the dashed line on chart 2 is %g, want the bound %g", snap.Step, all[2].Theory[i], snap.StepBound)
		}
	}
	if s := MonitorSeries(h.Lane(0), 0, 1); s.Lo != nil {
		t.Error("one run has a 10-90% band")
	}
	ch, ok := MonitorChart(Rect{0, 0, 300, 100}, all[:1])
	if !ok || ch.X != (Axis{1, all[0].X[len(all[0].X)-1], true}) || !ch.Y.Log || ch.Y.Lo <= 0 {
		t.Errorf("chart %+v, %v", ch, ok)
	}
	if _, ok := MonitorChart(Rect{0, 0, 300, 100}, nil); ok {
		t.Error("a chart of nothing")
	}
}
