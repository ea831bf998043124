package sim

import (
	"math"

	"noiseball/sim/detmat"
	"noiseball/sim/model"
)

// solveLyapunov returns the symmetric P solving H P + P H = S for a symmetric
// positive definite n x n H, through H's eigenvectors u_i and eigenvalues
// h_i (detmat.Eigen): (U^T P U)_ij = (U^T S U)_ij / (h_i + h_j).
func solveLyapunov(h, s []float64, n int) []float64 {
	vals, u := detmat.Eigen(h, n) // u[i*n:(i+1)*n] is u_i
	su := make([]float64, n*n)    // row j: S u_j
	for j := range n {
		detmat.MulVec(s, n, u[j*n:(j+1)*n], su[j*n:(j+1)*n])
	}
	pt := make([]float64, n*n)
	for i := range n {
		for j := range n {
			pt[i*n+j] = detmat.Dot(u[i*n:(i+1)*n], su[j*n:(j+1)*n]) / (vals[i] + vals[j])
		}
	}
	// P = U Pt U^T: W = Pt U^T (W_ib = sum_j Pt_ij u_j[b]), P_ab = sum_i u_i[a] W_ib.
	w := make([]float64, n*n)
	for i := range n {
		for j := range n {
			detmat.Axpy(pt[i*n+j], u[j*n:(j+1)*n], w[i*n:(i+1)*n])
		}
	}
	p := make([]float64, n*n)
	for a := range n {
		for b := a; b < n; b++ {
			var v float64
			for i := range n {
				v += float64(u[i*n+a] * w[i*n+b])
			}
			p[a*n+b], p[b*n+a] = v, v
		}
	}
	return p
}

// smallGammaCovariance returns MATH.md oracle 9's stationary covariance P
// of theta_n near theta* for a constant rate gamma and batch J, first
// order in gamma, from the Hessian H (with the weight decay) and the
// per-example gradient covariance S at theta*:
//
//	SGD:              H P + P H = (gamma / J) S
//	RMSprop and Adam: D^-1 H P + P H D^-1 = (gamma / J) D^-1 S D^-1,  D = diag(eps + sqrt(S_ii / J)),
//
// the second solved as Hh Q + Q Hh = (gamma / J) D^-1/2 S D^-1/2 with
// Hh = D^-1/2 H D^-1/2 and P = D^-1/2 Q D^-1/2. A coordinate without
// noise (S_ii = 0, eps = 0) takes D_ii = 1.
func smallGammaCovariance(h, s []float64, n int, gamma float64, j int, adaptive bool, eps float64) []float64 {
	c := gamma / float64(j)
	if !adaptive {
		r := make([]float64, n*n)
		for i, v := range s {
			r[i] = c * v
		}
		return solveLyapunov(h, r, n)
	}
	q := make([]float64, n) // D^-1/2
	for i := range n {
		di := eps + math.Sqrt(s[i*n+i]/float64(j))
		if !(di > 0) {
			di = 1
		}
		q[i] = 1 / math.Sqrt(di)
	}
	hh := make([]float64, n*n)
	sh := make([]float64, n*n)
	for a := range n {
		for b := range n {
			f := float64(q[a] * q[b])
			hh[a*n+b] = float64(f * h[a*n+b])
			sh[a*n+b] = float64(c * float64(f*s[a*n+b]))
		}
	}
	p := solveLyapunov(hh, sh, n)
	for a := range n {
		for b := range n {
			p[a*n+b] = float64(float64(q[a]*q[b]) * p[a*n+b])
		}
	}
	return p
}

// noiseCovariance returns the shape of oracle 9's stationary covariance at
// the reference r (gamma/J = 1, eps = 0), whose top eigenvectors span
// plane=noise for linreg and logreg: they do not depend on gamma or J.
func noiseCovariance(r *modelRef, adaptive bool) []float64 {
	return smallGammaCovariance(r.hess, r.gradCov(), r.model.D, 1, 1, adaptive, 0)
}

// traceHinvS returns trace(H^-1 S) = (1/N) sum_i q_i^T H^-1 q_i, q_i the
// per-example gradients of the objective at theta* (S's factors), from a
// Cholesky factor of H: SGD's oracle 9 spread, trace P = gamma/(2J)
// trace(H^-1 S), without forming S or solving the Lyapunov equation. It
// is computed once per reference (a solve per example: about 0.3 s for
// softmax on digits natively), pausing after each example.
func (r *modelRef) traceHinvS(pause detmat.Pause) (float64, error) {
	r.traceOnce.Do(func() { r.trace, r.traceErr = r.computeTraceHinvS(pause) })
	return r.trace, r.traceErr
}

func (r *modelRef) computeTraceHinvS(pause detmat.Pause) (float64, error) {
	m := r.model
	l, err := detmat.Cholesky(r.hess, m.D, pause)
	if err != nil {
		return 0, err
	}
	q := make([]float64, m.D)
	var s model.Scratch
	var sum float64
	for i := range m.Set.Train.N {
		pause.Now()
		m.ExampleGradient(r.opt.Theta, i, q, &s)
		detmat.Axpy(r.key.lambda, r.opt.Theta, q)
		detmat.ForwardSolve(l, m.D, q)
		sum += detmat.Dot(q, q)
	}
	return sum / float64(m.Set.Train.N), nil
}

// constantSpread is a prediction that does not change with n: oracle 9's
// stationary spread, from step from+1 on (after a warm-up).
type constantSpread struct {
	value float64
	from  int
}

func (c constantSpread) Spread(n int) (float64, bool) { return c.value, n > c.from }
func (constantSpread) Exact() bool                    { return false }

// noPrediction is a lane without one.
type noPrediction struct{}

func (noPrediction) Spread(int) (float64, bool) { return 0, false }
func (noPrediction) Exact() bool                { return false }
