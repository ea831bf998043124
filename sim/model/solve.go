package model

import (
	"fmt"
	"math"

	"noiseball/sim/detmat"
	"noiseball/sim/detmath"
	"noiseball/sim/rng"
)

// GradTolerance is the gradient norm at which Solve's Newton iteration
// stops for LogReg and Softmax.
const GradTolerance = 1e-10

// Optimum is a model's reference point: theta*, the minimizer of the
// objective L(theta) + lambda/2 ||theta||^2 (for the MLP, which has no
// unique minimizer, the end of a long run; see Solve).
type Optimum struct {
	Theta      []float64
	Objective  float64 // L(theta*) + lambda/2 ||theta*||^2 on the training split
	GradNorm   float64 // ||grad L(theta*) + lambda theta*||
	Iterations int     // Newton steps, or the MLP's run's steps
}

// Solve returns the reference point of m for the weight decay lambda >= 0:
//
//   - LinReg: theta* solves the normal equations (H + lambda I) theta* =
//     (1/N) X^T y, H = (1/N) X^T X, by a Cholesky factorization and one step
//     of iterative refinement.
//   - LogReg and Softmax: Newton's method from 0, theta <- theta - t (H +
//     lambda I)^-1 g, with a backtracking line search (t halved until the
//     objective decreases by at least 1e-4 t |g.s|; a full step once ||g|| <
//     1e-6, where the quadratic convergence needs no search), to a gradient
//     norm of GradTolerance. Each Newton system is solved to a relative
//     residual min(0.1, ||g||) by conjugate gradients preconditioned with
//     the last Hessian's Cholesky factor (pcg), and the Hessian is formed
//     afresh only when that does not converge quickly. It needs lambda > 0
//     when the classes are separable (the cancer set is, nearly): the
//     default is 1e-3.
//   - MLP: the end of a deterministic run (Reference).
//
// It takes bounded time: linreg and logreg well under a millisecond,
// softmax on digits and the MLP about a second natively (see
// BenchmarkSolve), and pauses between pieces of a few milliseconds.
func Solve(m *Model, lambda float64, pause detmat.Pause) (Optimum, error) {
	switch m.Kind {
	case LinReg:
		return m.normalEquations(lambda, pause)
	case LogReg, Softmax:
		return m.newton(lambda, pause)
	}
	return m.Reference(lambda, pause), nil
}

// regularizedGradient sets g = grad L(theta) + lambda theta and returns its norm.
func (m *Model) regularizedGradient(theta []float64, lambda float64, g []float64, s *Scratch) float64 {
	m.Gradient(theta, g, s)
	axpy(lambda, theta, g)
	return math.Sqrt(dot(g, g))
}

func (m *Model) normalEquations(lambda float64, pause detmat.Pause) (Optimum, error) {
	d := m.D
	a := m.Hessian(nil, pause)
	for i := range d {
		a[i*d+i] += lambda
	}
	l, err := detmat.Cholesky(a, d, pause)
	if err != nil {
		return Optimum{}, fmt.Errorf("linreg: normal equations: %w", err)
	}
	// b = (1/N) X^T y is minus the gradient at 0.
	var s Scratch
	theta := make([]float64, d)
	g := make([]float64, d)
	for range 2 { // the solve and one refinement: theta -= A^-1 grad(theta)
		m.regularizedGradient(theta, lambda, g, &s)
		detmat.CholSolve(l, d, g)
		for i := range theta {
			theta[i] -= g[i]
		}
	}
	o := Optimum{Theta: theta, Iterations: 1}
	o.GradNorm = m.regularizedGradient(theta, lambda, g, &s)
	o.Objective = m.Objective(theta, lambda, &s)
	return o, nil
}

func (m *Model) newton(lambda float64, pause detmat.Pause) (Optimum, error) {
	d := m.D
	var s Scratch
	theta := make([]float64, d)
	g := make([]float64, d)
	step := make([]float64, d)
	trial := make([]float64, d)
	obj := m.Objective(theta, lambda, &s)
	pause.Now()
	norm := m.regularizedGradient(theta, lambda, g, &s)
	var l []float64 // a Cholesky factor of H + lambda I at an earlier point
	it := 0
	for ; norm > GradTolerance && it < 100; it++ {
		eta := min(0.1, norm) // the Newton step's relative residual: superlinear convergence
		if l == nil || !m.pcg(theta, lambda, l, g, step, eta, &s, pause) {
			h := m.Hessian(theta, pause)
			for i := range d {
				h[i*d+i] += lambda
			}
			var err error
			if l, err = detmat.Cholesky(h, d, pause); err != nil {
				return Optimum{}, fmt.Errorf("%s: Newton step %d: %w", m.Kind, it+1, err)
			}
			copy(step, g)
			detmat.CholSolve(l, d, step) // theta - step is the Newton point
		}
		slope := dot(g, step)
		t := 1.0
		for {
			pause.Now() // an objective is a pass over the training set
			for i := range trial {
				trial[i] = theta[i] - float64(t*step[i])
			}
			if norm < 1e-6 {
				break
			}
			o := m.Objective(trial, lambda, &s)
			if o <= obj-float64(1e-4*t*slope) || t < 1e-10 {
				obj = o
				break
			}
			t /= 2
		}
		theta, trial = trial, theta
		norm = m.regularizedGradient(theta, lambda, g, &s)
	}
	if norm > GradTolerance {
		return Optimum{}, fmt.Errorf("%s: Newton's method stopped at gradient norm %g after %d steps", m.Kind, norm, it)
	}
	return Optimum{Theta: theta, Objective: m.Objective(theta, lambda, &s), GradNorm: norm, Iterations: it}, nil
}

// pcgSteps bounds the conjugate-gradient iterations of one Newton step
// before Hessian's fresh matrix is cheaper.
const pcgSteps = 30

// pcg solves (H + lambda I) x = g at theta to the relative residual eta by
// conjugate gradients with the exact Hessian-vector product and, as
// preconditioner, the Cholesky factor l of the Hessian at an earlier point
// (so that a Newton step need not form the Hessian again, the cost of
// which is most of Newton's for softmax). It reports whether it converged
// within pcgSteps iterations. It pauses after each.
func (m *Model) pcg(theta []float64, lambda float64, l, g, x []float64, eta float64, s *Scratch, pause detmat.Pause) bool {
	d := m.D
	r := append([]float64(nil), g...)
	z := append([]float64(nil), g...)
	detmat.CholSolve(l, d, z)
	p := append([]float64(nil), z...)
	ap := make([]float64, d)
	clear(x)
	rz := dot(r, z)
	stop := float64(eta*eta) * dot(g, g)
	for range pcgSteps {
		pause.Now()
		m.HessianVector(theta, p, ap, s, pause)
		axpy(lambda, p, ap)
		alpha := rz / dot(p, ap)
		axpy(alpha, p, x)
		axpy(-alpha, ap, r)
		if dot(r, r) <= stop {
			return true
		}
		copy(z, r)
		detmat.CholSolve(l, d, z)
		next := dot(r, z)
		beta := next / rz
		rz = next
		for i := range p {
			p[i] = z[i] + float64(beta*p[i])
		}
	}
	return false
}

// The MLP's reference run (Reference).
const (
	referenceBatch  = 64
	referenceWork   = 2e8      // example-coordinates: steps x batch x D
	referenceSeed   = 0x726566 // "ref"
	referenceGamma  = 0.01
	referenceSteps1 = 20000 // at most
)

// ReferenceSteps returns the length of the MLP's reference run:
// referenceWork / (batch x D) steps, at most 20,000, so that it costs
// about the same for every hidden size.
func (m *Model) ReferenceSteps() int {
	return min(referenceSteps1, int(referenceWork/float64(referenceBatch*m.D)))
}

// Reference returns the MLP's reference point for the weight decay
// lambda: the end of a long deterministic run of Adam (beta1 = 0.9, beta2 =
// 0.999, eps = 1e-8, bias correction) on the objective L + lambda/2
// ||theta||^2 from theta_0 (Init), batches of 64 drawn with replacement by
// rng.New(referenceSeed, 0), and a learning rate decaying to zero,
// gamma_n = 0.01 (1 + cos(pi n / S)) / 2 over S = ReferenceSteps() steps. Its
// gradient is small but not zero: an MLP has no unique minimizer, and a
// run's loss may go below the reference's. It pauses after each step.
func (m *Model) Reference(lambda float64, pause detmat.Pause) Optimum {
	d := m.D
	theta := make([]float64, d)
	m.Init(theta)
	mom := make([]float64, d)
	vel := make([]float64, d)
	g := make([]float64, d)
	idx := make([]int32, referenceBatch)
	src := rng.New(referenceSeed, 0)
	var s Scratch
	steps := m.ReferenceSteps()
	const b1, b2, eps = 0.9, 0.999, 1e-8
	p1, p2 := 1.0, 1.0
	for n := 1; n <= steps; n++ {
		pause.Now()
		DrawBatch(&src, m.Set.Train.N, idx)
		m.BatchGradient(theta, idx, g, &s)
		axpy(lambda, theta, g)
		gamma := referenceGamma * (1 + detmath.Cos(math.Pi*float64(n)/float64(steps))) / 2
		p1, p2 = float64(p1*b1), float64(p2*b2) // rounded: 1 - p1 must not fuse with the product
		c1, c2 := 1/(1-p1), 1/(1-p2)
		for i, gi := range g {
			mom[i] = float64(b1*mom[i]) + float64((1-b1)*gi)
			vel[i] = float64(b2*vel[i]) + float64((1-b2)*float64(gi*gi))
			theta[i] -= float64(gamma*float64(mom[i]*c1)) / (eps + math.Sqrt(float64(vel[i]*c2)))
		}
	}
	o := Optimum{Theta: theta, Iterations: steps}
	o.GradNorm = m.regularizedGradient(theta, lambda, g, &s)
	o.Objective = m.Objective(theta, lambda, &s)
	return o
}

// DrawBatch fills idx with indices drawn uniformly with replacement from
// [0, n): each from 32 random bits of src, (b n) >> 32, whose bias is below
// n / 2^32 (3e-7 for the largest training set); two indices per Uint64.
func DrawBatch(src *rng.Source, n int, idx []int32) {
	nn := uint64(n)
	j := 0
	for ; j+1 < len(idx); j += 2 {
		b := src.Uint64()
		idx[j] = int32((b & 0xffffffff) * nn >> 32)
		idx[j+1] = int32((b >> 32) * nn >> 32)
	}
	if j < len(idx) {
		idx[j] = int32((src.Uint64() & 0xffffffff) * nn >> 32)
	}
}
