package sim

import (
	"math"

	"noiseball/sim/detmath"
)

// StepBoundFactor returns C_n, the constant of the a-priori (pathwise)
// bound on the step length of lane l at step n >= 1,
//
//	||theta_n - theta_{n-1}|| <= C_n gamma_n,
//
// which holds for every run and every data stream, and whether l has one:
// RMSprop, Adam, AMSGrad, and AdamW without weight decay (the paper's
// "pathwise a priori bounds", Dereich, Graeber and Jentzen, 2024). The
// bound is what keeps a step from exploding while gamma_n stays bounded;
// the theorem is what keeps it from vanishing.
//
// Derivation, per coordinate i (alpha = Beta1, beta = Beta2, m_0 = M_0 = 0):
// m_n = (1-alpha) sum_{j<n} alpha^j g_{n-j} and M_n = (1-beta) sum_{j<n}
// beta^j g_{n-j}^2, so by Cauchy-Schwarz, writing alpha^j g = (alpha^j /
// beta^(j/2)) (beta^(j/2) g),
//
//	|m_n| <= (1-alpha) sqrt(S_n) sqrt(M_n / (1-beta)),  S_n = sum_{j<n} r^j = (1 - r^n)/(1 - r),  r = alpha^2/beta.
//
// Adam's step is gamma_n |m_n| b1_n / (eps + sqrt(M_n b2_n)) with the bias
// corrections b1_n = 1/(1-alpha^n), b2_n = 1/(1-beta^n) (1 without bias
// correction); eps >= 0 only makes it smaller, and AMSGrad's Mhat_n >= M_n
// too. So |step_i| <= gamma_n A_n with
//
//	A_n = (1-alpha) b1_n sqrt(S_n / ((1-beta) b2_n)),
//
// and, both coordinates being bounded alike, C_n = sqrt(2) A_n. RMSprop is
// alpha = 0 without bias correction: C_n = sqrt(2/(1-beta)). With bias
// correction the first step is gamma_1 sign(g_1) per coordinate and
// C_1 = sqrt(2), attained exactly when eps = 0.
//
// When r < 1 (alpha^2 < beta, e.g. PyTorch's 0.9 and 0.999) C_n tends to
// sqrt(2) (1-alpha) / sqrt((1-beta)(1-r)), about 10.3 for those betas.
// When r >= 1 the bound grows like r^(n/2) and is reported as long as it
// is finite. With beta = 0 and alpha > 0 there is none (M_n = g_n^2 can
// vanish while m_n does not).
//
// Clipping and L2 weight decay change g_n, not the bound, which holds for
// any g; the projection onto Reddi's box does not lengthen a step that
// starts inside the box; a diverged run stops.
func StepBoundFactor(l LaneConfig, n int) (c float64, ok bool) {
	if n < 1 {
		return 0, false
	}
	var alpha float64
	bc := l.BiasCorrection
	switch l.Opt {
	case RMSprop:
		bc = false
	case Adam, AMSGrad:
		alpha = l.Beta1
	case AdamW:
		if l.WeightDecay != 0 {
			return 0, false
		}
		alpha = l.Beta1
	default:
		return 0, false
	}
	beta := l.Beta2
	var s float64 // S_n
	switch {
	case alpha == 0:
		s = 1
	case beta == 0:
		return 0, false
	default:
		r := alpha * alpha / beta
		if r == 1 {
			s = float64(n)
		} else {
			s = (1 - detmath.Powi(r, n)) / (1 - r)
		}
	}
	a := (1 - alpha) * math.Sqrt(s/(1-beta))
	if bc {
		// b1_n / sqrt(b2_n) = sqrt(1 - beta^n) / (1 - alpha^n)
		a *= math.Sqrt(1-detmath.Powi(beta, n)) / (1 - detmath.Powi(alpha, n))
	}
	c = math.Sqrt2 * a
	if math.IsNaN(c) || math.IsInf(c, 0) {
		return 0, false
	}
	return c, true
}
