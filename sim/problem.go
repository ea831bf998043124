package sim

import (
	"fmt"
	"math"

	"noiseball/sim/dataset"
	"noiseball/sim/detmath"
	"noiseball/sim/rng"
)

// ProblemKind names a stochastic optimization problem.
type ProblemKind string

// The problems. All live in the plane, with the Hessian scale
// H = R diag(H1, H2) R^T, R the rotation by Angle degrees.
const (
	// Quadratic is MATH.md's core problem, l(theta, x) = 1/2 (theta-x)^T H (theta-x),
	// so g = H (theta - xbar), L(theta) - L* = 1/2 theta^T H theta, theta* = 0
	// (the data mean).
	Quadratic ProblemKind = "quadratic"
	// DoubleWell is non-convex: in rotated coordinates u = R^T theta,
	// f(u) = H1/8 (u1^2 - 1)^2 + H2/2 u2^2, with minima at u = (+-1, 0) and
	// curvature H1, H2 there. Noise model: l(theta, x) = f(theta) - <H x, theta>
	// with E x = 0, so g = grad f(theta) - H xbar and L = f exactly.
	DoubleWell ProblemKind = "doublewell"
	// Reddi is the stochastic form of Reddi, Kale and Kumar's (2018) online
	// problem on [-1, 1]: along the first coordinate l(theta, x) = x theta_1,
	// x = C with probability 1/3, else -1, so E x = (C-2)/3 > 0 and the
	// minimizer is theta_1 = -1. Iterates are projected onto [-1, 1]^2. The
	// second coordinate is a noiseless quadratic H2/2 theta_2^2.
	Reddi ProblemKind = "reddi"
)

// ProblemKinds returns every 2-D ProblemKind; ModelKinds (realdata.go)
// returns the real models.
func ProblemKinds() []ProblemKind { return []ProblemKind{Quadratic, DoubleWell, Reddi} }

// Problem is a stochastic optimization problem and its parameters: H1, H2,
// Angle and C for the 2-D problems, Dataset, Hidden and Plane for the real
// models (realdata.go), each set ignoring the other's.
type Problem struct {
	Kind   ProblemKind
	H1, H2 float64 // eigenvalues of H, the curvatures at the minimizer
	Angle  float64 // rotation of the eigenvectors, in degrees
	C      float64 // Reddi's large gradient, C > 2

	Dataset dataset.Name // the data set a real model trains on
	Hidden  int          // the MLP's hidden units
	Plane   PlaneKind    // the plane a real model's runs are drawn on
}

// Hessian returns H = R diag(H1, H2) R^T as rows.
func (p Problem) Hessian() [2][2]float64 {
	c, s := p.rotation()
	return [2][2]float64{
		{float64(p.H1*c*c) + float64(p.H2*s*s), (p.H1 - p.H2) * c * s},
		{(p.H1 - p.H2) * c * s, float64(p.H1*s*s) + float64(p.H2*c*c)},
	}
}

// rotation returns cos and sin of Angle. Angles that are multiples of 90
// degrees are exact, so an unrotated problem is exactly diagonal.
func (p Problem) rotation() (c, s float64) {
	switch math.Mod(p.Angle, 360) {
	case 0:
		return 1, 0
	case 90, -270:
		return 0, 1
	case 180, -180:
		return -1, 0
	case 270, -90:
		return 0, -1
	}
	rad := p.Angle * math.Pi / 180
	return detmath.Cos(rad), detmath.Sin(rad)
}

// Minimizer returns theta*, a global minimizer of L. For DoubleWell it is the
// right-hand well; for a real model, the origin of its plane, where theta*
// (or the MLP's reference point) is.
func (p Problem) Minimizer() Vec {
	switch p.Kind {
	case DoubleWell:
		c, s := p.rotation()
		return Vec{c, s}
	case Reddi:
		return Vec{-1, 0}
	}
	return Vec{}
}

// LossGap returns L(theta) - L*, which is >= 0. A real model's loss on
// its plane depends on the lanes' weight decay and on the plane, which
// the Problem alone does not know: for them LossGap is 0, and
// Experiment.Surface has the loss on the plane.
func (p Problem) LossGap(theta Vec) float64 {
	if p.Kind.Real() {
		return 0
	}
	g := p.gradient()
	return g.lossGap(theta)
}

// LossGapFunc returns LossGap with the problem's rotation worked out once,
// for a caller that evaluates it at many points: the picture's landscape
// takes it at every pixel, where working out the rotation again cost more
// than the loss.
func (p Problem) LossGapFunc() func(theta Vec) float64 {
	if p.Kind.Real() {
		return p.LossGap // 0: a real model's loss is its Plane's (Experiment.Surface)
	}
	g := p.gradient()
	return g.lossGap
}

// Bounds returns the half-width of the box iterates are projected onto, or 0
// when there is none.
func (p Problem) Bounds() float64 {
	if p.Kind == Reddi {
		return 1
	}
	return 0
}

func (p Problem) validate() error {
	switch p.Kind {
	case Quadratic, DoubleWell, Reddi:
	default:
		if p.Kind.Real() {
			return p.validateModel()
		}
		return fmt.Errorf("unknown problem %q", p.Kind)
	}
	if !(p.H1 > 0) || !(p.H2 > 0) {
		return fmt.Errorf("curvatures must be positive, got h1=%g h2=%g", p.H1, p.H2)
	}
	if p.Kind == Reddi && !(p.C > 2) {
		return fmt.Errorf("reddi: C must exceed 2, got %g", p.C)
	}
	return nil
}

// gradient is a Problem prepared for the hot loop: its Hessian and rotation
// computed once.
type gradient struct {
	kind ProblemKind
	h    [2][2]float64
	c, s float64 // rotation
	h1   float64
	h2   float64
	redC float64
}

// lossGap is Problem.LossGap with the rotation and Hessian computed once.
func (p *gradient) lossGap(theta Vec) float64 {
	switch p.kind {
	case DoubleWell:
		u1 := float64(p.c*theta[0]) + float64(p.s*theta[1])
		u2 := float64(-p.s*theta[0]) + float64(p.c*theta[1])
		w := float64(u1*u1) - 1
		return float64(p.h1/8*w*w) + float64(p.h2/2*u2*u2)
	case Reddi:
		return float64((p.redC-2)/3*(theta[0]+1)) + float64(p.h2/2*theta[1]*theta[1])
	}
	h := &p.h
	hx0 := float64(h[0][0]*theta[0]) + float64(h[0][1]*theta[1])
	hx1 := float64(h[1][0]*theta[0]) + float64(h[1][1]*theta[1])
	return 0.5 * (float64(theta[0]*hx0) + float64(theta[1]*hx1))
}

func (p Problem) gradient() gradient {
	c, s := p.rotation()
	return gradient{kind: p.Kind, h: p.Hessian(), c: c, s: s, h1: p.H1, h2: p.H2, redC: p.C}
}

// stochastic returns the stochastic gradient g_n at theta for a batch of j
// data points drawn from s:
//
//	Quadratic:  g = H (theta - xbar)
//	DoubleWell: g = grad f(theta) - H xbar, grad f(theta) = R grad_u f(u), u = R^T theta
//	Reddi:      g = (xbar_Reddi, H2 theta_2)
//
// with xbar the centred batch mean of Data (Reddi draws its own data).
func (p *gradient) stochastic(th Vec, s *rng.Source, j int, d *Data) Vec {
	if p.kind == Reddi {
		return Vec{reddiBatchMean(s, j, p.redC), p.h2 * th[1]}
	}
	return p.atMean(th, d.batchMean(s, j))
}

// atMean returns the stochastic gradient at th of a batch whose centred
// mean is x, on the problems other than Reddi's.
func (p *gradient) atMean(th, x Vec) Vec {
	h := &p.h
	if p.kind == DoubleWell {
		u1 := float64(p.c*th[0]) + float64(p.s*th[1])
		u2 := float64(-p.s*th[0]) + float64(p.c*th[1])
		f1 := p.h1 / 2 * u1 * (float64(u1*u1) - 1)
		f2 := p.h2 * u2
		return Vec{
			float64(p.c*f1) - float64(p.s*f2) - (float64(h[0][0]*x[0]) + float64(h[0][1]*x[1])),
			float64(p.s*f1) + float64(p.c*f2) - (float64(h[1][0]*x[0]) + float64(h[1][1]*x[1])),
		}
	}
	d0, d1 := th[0]-x[0], th[1]-x[1]
	return Vec{float64(h[0][0]*d0) + float64(h[0][1]*d1), float64(h[1][0]*d0) + float64(h[1][1]*d1)}
}

// addPoints returns a batch's sum (stochastic's, for the laws that draw
// every point) with k more points drawn from s, so that a large batch can
// be taken in parts: Reddi's data in sum[0], the others' standard draws.
func (p *gradient) addPoints(sum Vec, s *rng.Source, k int, d *Data) Vec {
	if p.kind == Reddi {
		sum[0] = reddiAdd(sum[0], s, k, p.redC)
		return sum
	}
	return d.addPoints(sum, s, k)
}

// fromSum returns stochastic's gradient at th from the sum (addPoints) of
// a batch of j points.
func (p *gradient) fromSum(th, sum Vec, j int, d *Data) Vec {
	if p.kind == Reddi {
		return Vec{sum[0] / float64(j), p.h2 * th[1]}
	}
	return p.atMean(th, d.meanOf(sum, j))
}

// reddiBatchMean returns the mean of j draws of Reddi's data: C with
// probability 1/3, else -1.
func reddiBatchMean(s *rng.Source, j int, c float64) float64 {
	return reddiAdd(0, s, j, c) / float64(j)
}

// reddiAdd returns sum plus k draws of Reddi's data.
func reddiAdd(sum float64, s *rng.Source, k int, c float64) float64 {
	for range k {
		if s.Float64()*3 < 1 {
			sum += c
		} else {
			sum--
		}
	}
	return sum
}
