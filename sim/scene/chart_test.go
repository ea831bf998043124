package scene

import (
	"math"
	"testing"
)

func TestLayoutTilesTheCanvas(t *testing.T) {
	for _, size := range [][2]float64{{1280, 720}, {2560, 1440}, {390, 700}, {800, 800}} {
		w, h := size[0], size[1]
		land, charts := Layout(w, h, 5)
		if len(charts) != 5 {
			t.Fatalf("%gx%g: %d charts, want 5", w, h, len(charts))
		}
		area := land.Dx() * land.Dy()
		for _, c := range charts {
			area += c.Dx() * c.Dy()
			if c.X0 < 0 || c.Y0 < 0 || c.X1 > w+1e-9 || c.Y1 > h+1e-9 {
				t.Errorf("%gx%g: chart %v leaves the canvas", w, h, c)
			}
			if c.Dx() < 0.2*w && c.Dy() < 0.05*h {
				t.Errorf("%gx%g: chart %v is too small to read", w, h, c)
			}
		}
		// Nothing overlaps and, on the wide layout, nothing is left over.
		if area > w*h*(1+1e-9) {
			t.Errorf("%gx%g: parts overlap (area %g > %g)", w, h, area, w*h)
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
