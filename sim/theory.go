package sim

import "math"

// MinPredictedBeta2 is the smallest beta2 for which Prediction approximates
// the adaptive methods: the approximation takes M_n for an average of many
// squared gradients, 1/(1-beta2) >= 10 of them.
const MinPredictedBeta2 = 0.9

// Prediction is the ensemble spread of one lane that MATH.md's closed forms
// predict, sqrt(trace Cov theta_n) over the runs, step by step.
//
// On the quadratic, SGD, both momentum forms and Nesterov are linear in the
// state z_n = (e_n, v_n), with e_n = theta_n - theta* and v_n the velocity
// (m_n of the moving-average form):
//
//	g_n = K e_{n-1} - H xi_n,    K = H + lambda I,  xi_n = xbar_n - E X,  Cov xi_n = Sigma / J_n
//	v_n = a v_{n-1} + c g_n
//	e_n = e_{n-1} - gamma_n D (u g_n + w v_n) - gamma_n lambda_d e_{n-1}
//
// where Sigma = diag(sigma_1^2, sigma_2^2), lambda is the coupled (L2) weight
// decay, D = I, lambda_d = 0, and (a, c, u, w) is (0, 0, 1, 0) for SGD,
// (alpha, 1-alpha, 0, 1) for momentum, (alpha, 1, 0, 1) for the heavy ball
// and (alpha, 1, 1, alpha) for Nesterov. So z_n = A_n z_{n-1} + B_n xi_n with
//
//	A_n = [ I - gamma_n (u + w c) D K - gamma_n lambda_d I   -gamma_n w a D ]   B_n = [ gamma_n (u + w c) D H ]
//	      [ c K                                              a I            ]         [ -c H                  ]
//
// and its covariance Q_n = A_n Q_{n-1} A_n^T + B_n (Sigma / J_n) B_n^T, with
// Q_0 = 0 because every run starts at X0. This is exact for any schedule,
// batch schedule and data law: MATH.md's oracle 1, in two dimensions and
// with momentum. The spread is the square root of the trace of Q_n's e-block.
//
// RMSprop, Adam and AdamW are approximated by the same recursion with the
// second moment replaced by its mean field, D_n = diag(1 / (eps + sqrt(Mhat_n,i))),
// Mhat_n = M_n / (1 - beta^n), M_n = beta M_{n-1} + (1-beta) E g_n^2 with
// E g_n,i^2 ~ (H Sigma H)_ii / J_n + (K P_{n-1} K)_ii, P_{n-1} the predicted
// covariance of theta_{n-1}; and (a, c, u, w) = (0, 0, 1, 0) for RMSprop, (beta1, 1-beta1, 0, 1) for
// Adam and AdamW, whose decoupled decay is lambda_d. For a small constant
// gamma and diagonal H this is MATH.md's oracle 6: a standard deviation of
// about sqrt(gamma s_i / 2) per coordinate, s_i = sigma_i / sqrt(J); the
// second term of M_i matters when gamma is not small against s_i. It
// neglects the mean gradient in M, so it is meant for the noise ball, not
// for the approach to it, and it needs beta >= MinPredictedBeta2.
//
// For sched=auto, a Prediction from NewPrediction (and Theory) assumes
// that the rate is never halved; Experiment.Snapshot's follows the lane's
// halvings, so that it stays exact for SGD and the momentum methods.
//
// Without noise (sigma = 0) every run is the same and the spread is exactly 0
// on the quadratic and the double well, for any optimizer. Other settings
// (Adagrad, AMSGrad, gradient clipping, the non-quadratic problems) have no
// prediction.
type Prediction struct {
	ok, exact, zero bool
	lane            LaneConfig
	dim             int // 2, or 4 when the velocity feeds back (a w != 0)
	a, c, u, w      float64
	adaptive        bool
	decay           float64       // lambda_d
	h, k, hsh       [2][2]float64 // H, K and H Sigma H
	sigma2          Vec           // the diagonal of Sigma

	state recursion

	// rate gives gamma_n when the lane's schedule is not a function of n
	// alone (sched=auto, whose halvings the Experiment knows); nil means
	// lane.Schedule.LearningRate.
	rate func(n int) float64
}

// recursion is where a Prediction has got to.
type recursion struct {
	n      int
	q      [4][4]float64 // Q_n
	gamma  float64       // gamma_n and J_n of the last step taken
	batch  int
	m      Vec     // the second moment M_n of the adaptive methods
	pow2   float64 // beta^n
	steady bool    // Q_n no longer changes while gamma_n and J_n stay put
	failed bool    // Q_n overflowed
}

// NewPrediction returns the prediction for lane k of c at step 0.
func NewPrediction(c Config, k int) *Prediction {
	l := c.Lanes[k]
	p := &Prediction{lane: l}
	noiseless := c.Data.Sigma == Vec{}
	switch {
	case noiseless && c.Problem.Kind != Reddi:
		p.ok, p.exact, p.zero = true, true, true
		return p
	case c.Problem.Kind != Quadratic || l.Clip > 0:
		return p
	}
	mom := l.Mom
	switch l.Opt {
	case SGD:
		p.u = 1
	case Momentum:
		p.a, p.c, p.w = mom, 1-mom, 1
	case HeavyBall:
		p.a, p.c, p.w = mom, 1, 1
	case Nesterov:
		p.a, p.c, p.u, p.w = mom, 1, 1, mom
	case RMSprop:
		p.u, p.adaptive = 1, true
	case Adam, AdamW:
		p.a, p.c, p.w, p.adaptive = l.Beta1, 1-l.Beta1, 1, true
	default:
		return p
	}
	lambda := l.WeightDecay
	if l.Opt == AdamW {
		lambda, p.decay = 0, l.WeightDecay
	}
	p.h = c.Problem.Hessian()
	p.k = p.h
	p.k[0][0] += lambda
	p.k[1][1] += lambda
	p.sigma2 = Vec{c.Data.Sigma[0] * c.Data.Sigma[0], c.Data.Sigma[1] * c.Data.Sigma[1]}
	for i := range 2 {
		for j := range 2 {
			p.hsh[i][j] = float64(p.h[i][0]*p.sigma2[0]*p.h[0][j]) + float64(p.h[i][1]*p.sigma2[1]*p.h[1][j])
		}
	}
	if p.adaptive && !(p.hsh[0][0] > 0 && p.hsh[1][1] > 0 && l.Beta2 >= MinPredictedBeta2) {
		return p // a coordinate without noise, or M_n not an average
	}
	p.dim = 2
	if p.a*p.w != 0 {
		p.dim = 4
	}
	p.ok, p.exact = true, !p.adaptive
	return p
}

// Theory returns the spread that MATH.md predicts for lane k of c at step n,
// and whether it has a prediction there; see Prediction. It covers the
// 2-D problems; a real model's prediction (oracles 8 and 9) needs its
// reference point, and Experiment.Snapshot reports it.
func Theory(c Config, k, n int) (spread float64, ok bool) {
	return NewPrediction(c, k).Spread(n)
}

// Exact reports whether the prediction is exact (up to rounding) rather than
// an approximation.
func (p *Prediction) Exact() bool { return p.exact }

// Spread returns the predicted spread sqrt(trace Cov theta_n) at step n, and
// whether there is a prediction: false for the settings Prediction lists, and
// from the step on which the predicted covariance overflows (a diverging
// lane). Calls with increasing n continue the recursion where the last one
// stopped; a smaller n starts it again from step 0.
func (p *Prediction) Spread(n int) (spread float64, ok bool) {
	if !p.ok {
		return 0, false
	}
	if p.zero {
		return 0, true
	}
	st := &p.state
	if n < st.n || st.pow2 == 0 {
		*st = recursion{pow2: 1}
	}
	for st.n < n && !st.failed {
		st.n++
		p.step(st.n)
	}
	if st.failed {
		return 0, false
	}
	return math.Sqrt(st.q[0][0] + st.q[1][1]), true
}

// step advances Q from step n-1 to step n.
func (p *Prediction) step(n int) {
	st := &p.state
	gamma, j := p.lane.Schedule.LearningRate(n), p.lane.Batch.BatchSize(n)
	if p.rate != nil {
		gamma = p.rate(n)
	}
	if st.steady && gamma == st.gamma && j == st.batch {
		return
	}
	st.gamma, st.batch = gamma, j
	jf := float64(j)
	d, m0 := Vec{1, 1}, st.m
	if p.adaptive {
		// M_n = beta M_{n-1} + (1-beta) E g_n^2, bias-corrected, with
		// E g_i^2 ~ (H Sigma H)_ii / J_n + (K P_{n-1} K)_ii.
		b := p.lane.Beta2
		st.pow2 *= b
		q := &st.q
		for i := range 2 {
			kpk := 0.0
			for r := range 2 {
				for l := range 2 {
					kpk += float64(p.k[i][r] * q[r][l] * p.k[l][i])
				}
			}
			st.m[i] = float64(b*st.m[i]) + float64((1-b)*(p.hsh[i][i]/jf+kpk))
			d[i] = 1 / (p.lane.Eps + math.Sqrt(st.m[i]/(1-st.pow2)))
		}
	}
	// A and B as in the type's comment, rows of D scaling the e-rows.
	var a [4][4]float64
	var b [4][2]float64
	f := gamma * (p.u + float64(p.w*p.c))
	for i := range 2 {
		for l := range 2 {
			a[i][l] = float64(-f * d[i] * p.k[i][l]) // a[i][i] is added to below
			a[i+2][l] = p.c * p.k[i][l]
			b[i][l] = f * d[i] * p.h[i][l]
			b[i+2][l] = -p.c * p.h[i][l]
		}
		a[i][i] += 1 - float64(gamma*p.decay)
		a[i][i+2] = -gamma * p.w * p.a * d[i]
		a[i+2][i+2] = p.a
	}
	// Q' = A Q A^T + B (Sigma/J) B^T, over the first dim rows and columns.
	m := p.dim
	var aq, q [4][4]float64
	for i := range m {
		for l := range m {
			s := 0.0
			for r := range m {
				s += float64(a[i][r] * st.q[r][l])
			}
			aq[i][l] = s
		}
	}
	for i := range m {
		for l := range m {
			s := 0.0
			for r := range m {
				s += float64(aq[i][r] * a[l][r])
			}
			q[i][l] = s + float64(b[i][0]*p.sigma2[0]/jf*b[l][0]) + float64(b[i][1]*p.sigma2[1]/jf*b[l][1])
		}
	}
	st.steady = nearlyEqual(&q, &st.q, m) &&
		math.Abs(st.m[0]-m0[0]) <= 0x1p-50*m0[0] && math.Abs(st.m[1]-m0[1]) <= 0x1p-50*m0[1]
	st.q = q
	if t := q[0][0] + q[1][1]; math.IsNaN(t) || math.IsInf(t, 0) {
		st.failed = true
	}
}

// nearlyEqual reports whether every entry of x and y differs by at most
// 2^-50 of its size: the recursion has reached its fixed point up to
// rounding, which it may circle without ever hitting it exactly. Then,
// while gamma_n and J_n stay the same, the remaining steps can be skipped.
func nearlyEqual(x, y *[4][4]float64, m int) bool {
	for i := range m {
		for l := range m {
			if math.Abs(x[i][l]-y[i][l]) > 0x1p-50*math.Abs(y[i][l]) {
				return false
			}
		}
	}
	return true
}
