package scene

import (
	"math"
	"testing"

	"noiseball/sim"
)

func TestViewRoundTrip(t *testing.T) {
	v := View{Center: sim.Vec{1, -2}, HalfWidth: 5, W: 640, H: 480}
	for _, p := range []sim.Vec{{1, -2}, {0, 0}, {6, 3}, {-4, -7}} {
		x, y := v.ToScreen(p)
		back := v.ToPlane(x, y)
		if math.Abs(back[0]-p[0]) > 1e-12 || math.Abs(back[1]-p[1]) > 1e-12 {
			t.Errorf("ToPlane(ToScreen(%v)) = %v", p, back)
		}
	}
	// The centre is at the middle of the screen, y grows upwards, and the
	// half-width fits the shorter side.
	if x, y := v.ToScreen(v.Center); x != 320 || y != 240 {
		t.Errorf("centre at (%g, %g), want (320, 240)", x, y)
	}
	if _, y := v.ToScreen(sim.Vec{1, 3}); y != 0 {
		t.Errorf("top of the region at y = %g, want 0", y)
	}
}

func TestNiceCeil(t *testing.T) {
	tests := []struct{ x, want float64 }{{1, 1}, {1.1, 2}, {2, 2}, {3.2, 5}, {5.01, 10}, {0.03, 0.05}, {120, 200}}
	for _, tt := range tests {
		if got := niceCeil(tt.x); math.Abs(got-tt.want) > 1e-12*tt.want {
			t.Errorf("niceCeil(%g) = %g, want %g", tt.x, got, tt.want)
		}
	}
}

func TestViewForContainsStart(t *testing.T) {
	for _, p := range []sim.Problem{
		{Kind: sim.Quadratic, H1: 1, H2: 4},
		{Kind: sim.DoubleWell, H1: 1, H2: 1, Angle: 30},
		{Kind: sim.Reddi, H1: 1, H2: 1, C: 3},
	} {
		x0 := sim.Vec{0.8, -0.5}
		v := ViewFor(p, x0, 800, 600)
		for _, q := range []sim.Vec{x0, p.Minimizer()} {
			x, y := v.ToScreen(q)
			if x < 0 || x > 800 || y < 0 || y > 600 {
				t.Errorf("%s: %v at (%g, %g) is off screen", p.Kind, q, x, y)
			}
		}
	}
}

// Along a ray from the minimizer of a quadratic the loss grows, so the band
// index must never decrease, and the minimizer's pixel lies in the lowest band.
func TestLandscapeBandsGrowOutwards(t *testing.T) {
	p := sim.Problem{Kind: sim.Quadratic, H1: 1, H2: 4, Angle: 30}
	v := View{HalfWidth: 3, W: 200, H: 200}
	levels := ContourLevels(p, v)
	if len(levels) < 4 {
		t.Fatalf("only %d levels for a loss range of several decades", len(levels))
	}
	for i := 1; i < len(levels); i++ {
		if r := levels[i] / levels[i-1]; math.Abs(r-math.Sqrt(10)) > 1e-9 {
			t.Fatalf("levels %g and %g are not half a decade apart", levels[i-1], levels[i])
		}
	}
	img := RenderLandscape(p, v, levels)
	if img.Bounds().Dx() != 200 || img.Bounds().Dy() != 200 {
		t.Fatalf("image is %v, want 200x200", img.Bounds())
	}
	prev := -1
	for x := 100; x < 200; x++ {
		b := bandOf(p.LossGap(v.ToPlane(float64(x)+0.5, 100.5)), levels)
		if b < prev {
			t.Fatalf("band falls from %d to %d at x = %d", prev, b, x)
		}
		prev = b
	}
	if prev == 0 {
		t.Error("one band covers the whole ray")
	}
}
