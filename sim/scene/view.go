package scene

import (
	"math"

	"noiseball/sim"
)

// View maps a square region of the plane onto a W x H pixel rectangle,
// keeping the aspect ratio: the region centred on Center with half-width
// HalfWidth (in plane units) fits the shorter side, and y grows upwards.
type View struct {
	Center    sim.Vec
	HalfWidth float64
	W, H      int
}

// scale returns pixels per plane unit.
func (v View) scale() float64 {
	return float64(min(v.W, v.H)) / (2 * v.HalfWidth)
}

// ToScreen returns the pixel coordinates of the plane point p.
func (v View) ToScreen(p sim.Vec) (x, y float64) {
	s := v.scale()
	return float64(v.W)/2 + (p[0]-v.Center[0])*s, float64(v.H)/2 - (p[1]-v.Center[1])*s
}

// ToPlane returns the plane point at pixel (x, y); it inverts ToScreen.
func (v View) ToPlane(x, y float64) sim.Vec {
	s := v.scale()
	return sim.Vec{v.Center[0] + (x-float64(v.W)/2)/s, v.Center[1] - (y-float64(v.H)/2)/s}
}

// ViewFor returns the view of a W x H screen that shows the problem's
// minimizer in the centre with the start point x0 well inside: the
// half-width is 1.25 times the larger coordinate distance from the minimizer
// to x0, at least 1, rounded up to a 1-2-5 step so that small changes of x0
// do not move the picture.
func ViewFor(p sim.Problem, x0 sim.Vec, w, h int) View {
	c := p.Minimizer()
	if p.Kind == sim.DoubleWell {
		c = sim.Vec{}
	}
	d := math.Max(math.Abs(x0[0]-c[0]), math.Abs(x0[1]-c[1]))
	if p.Kind == sim.DoubleWell {
		d = math.Max(d, 1)
	}
	if b := p.Bounds(); b > 0 {
		c, d = sim.Vec{}, b
	}
	return View{Center: c, HalfWidth: niceCeil(math.Max(1, 1.25*d)), W: w, H: h}
}

// niceCeil returns the smallest number of the form {1, 2, 5} x 10^k that is
// at least x > 0.
func niceCeil(x float64) float64 {
	p := math.Pow(10, math.Floor(math.Log10(x)))
	for _, m := range []float64{1, 2, 5, 10} {
		if m*p >= x*(1-1e-12) {
			return m * p
		}
	}
	return 10 * p
}
