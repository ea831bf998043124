package sim

import "math"

// Optimizer names an optimization method. The recursions are MATH.md's, with
// m_0 = M_0 = 0 and all squares, roots and divisions taken coordinate-wise.
type Optimizer string

// The optimizers.
const (
	// SGD: theta_n = theta_{n-1} - gamma_n g_n.
	SGD Optimizer = "sgd"
	// Momentum, moving-average form (alpha = Mom in [0, 1)):
	// m_n = alpha m_{n-1} + (1-alpha) g_n; theta_n = theta_{n-1} - gamma_n m_n.
	Momentum Optimizer = "momentum"
	// HeavyBall, PyTorch's form: v_n = alpha v_{n-1} + g_n;
	// theta_n = theta_{n-1} - gamma_n v_n.
	HeavyBall Optimizer = "heavyball"
	// Nesterov, PyTorch's form: v_n = alpha v_{n-1} + g_n;
	// theta_n = theta_{n-1} - gamma_n (g_n + alpha v_n).
	Nesterov Optimizer = "nesterov"
	// Adagrad: G_n = G_{n-1} + g_n^2; theta_n = theta_{n-1} - gamma_n g_n / (eps + sqrt(G_n)).
	Adagrad Optimizer = "adagrad"
	// RMSprop (beta = Beta2): M_n = beta M_{n-1} + (1-beta) g_n^2;
	// theta_n = theta_{n-1} - gamma_n g_n / (eps + sqrt(M_n)).
	RMSprop Optimizer = "rmsprop"
	// Adam (alpha = Beta1, beta = Beta2):
	// m_n = alpha m_{n-1} + (1-alpha) g_n; M_n = beta M_{n-1} + (1-beta) g_n^2;
	// theta_n = theta_{n-1} - gamma_n [m_n/(1-alpha^n)] / (eps + sqrt(M_n/(1-beta^n))).
	// Without bias correction the factors 1/(1-alpha^n), 1/(1-beta^n) are 1.
	Adam Optimizer = "adam"
	// AMSGrad: Adam with Mhat_n = max(Mhat_{n-1}, M_n) in place of M_n in the
	// denominator.
	AMSGrad Optimizer = "amsgrad"
	// AdamW: Adam followed by decoupled weight decay,
	// theta_n <- theta_n - gamma_n lambda theta_{n-1}.
	AdamW Optimizer = "adamw"
)

// Optimizers returns every Optimizer, in the order the page offers them.
func Optimizers() []Optimizer {
	return []Optimizer{SGD, Momentum, HeavyBall, Nesterov, Adagrad, RMSprop, Adam, AMSGrad, AdamW}
}

// Name returns o as people write it, in any language: "Adam", "RMSprop",
// "SGD", "Heavy ball"; o itself if it is not one of Optimizers.
func (o Optimizer) Name() string {
	switch o {
	case SGD:
		return "SGD"
	case Momentum:
		return "Momentum"
	case HeavyBall:
		return "Heavy ball"
	case Nesterov:
		return "Nesterov"
	case Adagrad:
		return "Adagrad"
	case RMSprop:
		return "RMSprop"
	case Adam:
		return "Adam"
	case AMSGrad:
		return "AMSGrad"
	case AdamW:
		return "AdamW"
	}
	return string(o)
}

// Valid reports whether o is one of Optimizers.
func (o Optimizer) Valid() bool {
	for _, x := range Optimizers() {
		if o == x {
			return true
		}
	}
	return false
}

// rule is an Optimizer as a small integer, for the switch in the hot loop.
type rule uint8

const (
	ruleSGD rule = iota
	ruleMomentum
	ruleHeavyBall
	ruleNesterov
	ruleAdagrad
	ruleRMSprop
	ruleAdam // also AdamW, whose decoupled decay step.go applies after the update
	ruleAMSGrad
)

func (o Optimizer) rule() rule {
	switch o {
	case Momentum:
		return ruleMomentum
	case HeavyBall:
		return ruleHeavyBall
	case Nesterov:
		return ruleNesterov
	case Adagrad:
		return ruleAdagrad
	case RMSprop:
		return ruleRMSprop
	case Adam, AdamW:
		return ruleAdam
	case AMSGrad:
		return ruleAMSGrad
	}
	return ruleSGD
}

// coeffs holds the constants of one step n of a lane: gamma = gamma_n, the
// decay rates, and the bias corrections bc1 = 1/(1-alpha^n),
// bc2 = 1/(1-beta^n) (1 when switched off). Its methods advance one
// coordinate's optimizer state for the gradient coordinate g and return the
// step, the amount subtracted from theta; they are small enough to inline.
// Every product that feeds a sum, the returned step included, is rounded
// explicitly (float64(a*b)), so that no platform fuses it into a
// multiply-add.
type coeffs struct {
	gamma     float64
	mom, mom1 float64 // alpha and 1 - alpha of the momentum methods
	a, a1     float64 // alpha and 1 - alpha of Adam's first moment
	b, b1     float64 // beta and 1 - beta of the second moment
	eps       float64
	bc1, bc2  float64
}

// momentum: m = alpha m + (1-alpha) g; step gamma m.
func (k *coeffs) momentum(m *float64, g float64) float64 {
	*m = float64(k.mom**m) + float64(k.mom1*g)
	return float64(k.gamma * *m)
}

// heavyBall: v = alpha v + g; step gamma v.
func (k *coeffs) heavyBall(v *float64, g float64) float64 {
	*v = float64(k.mom**v) + g
	return float64(k.gamma * *v)
}

// nesterov: v = alpha v + g; step gamma (g + alpha v).
func (k *coeffs) nesterov(v *float64, g float64) float64 {
	*v = float64(k.mom**v) + g
	return float64(k.gamma * (g + float64(k.mom**v)))
}

// adagrad: G = G + g^2; step gamma g / (eps + sqrt(G)).
func (k *coeffs) adagrad(G *float64, g float64) float64 {
	*G += float64(g * g)
	return k.gamma * g / (k.eps + math.Sqrt(*G))
}

// rmsprop: M = beta M + (1-beta) g^2; step gamma g / (eps + sqrt(M)).
func (k *coeffs) rmsprop(M *float64, g float64) float64 {
	*M = float64(k.b**M) + float64(k.b1*g*g)
	return k.gamma * g / (k.eps + math.Sqrt(*M))
}

// adam: m = alpha m + (1-alpha) g, M = beta M + (1-beta) g^2;
// step gamma (m bc1) / (eps + sqrt(M bc2)).
func (k *coeffs) adam(m, M *float64, g float64) float64 {
	*m = float64(k.a**m) + float64(k.a1*g)
	*M = float64(k.b**M) + float64(k.b1*g*g)
	return k.gamma * (*m * k.bc1) / (k.eps + math.Sqrt(*M*k.bc2))
}

// amsgrad: Adam's moments and Mhat = max(Mhat, M);
// step gamma (m bc1) / (eps + sqrt(Mhat bc2)).
func (k *coeffs) amsgrad(m, M, Mhat *float64, g float64) float64 {
	*m = float64(k.a**m) + float64(k.a1*g)
	*M = float64(k.b**M) + float64(k.b1*g*g)
	*Mhat = math.Max(*Mhat, *M)
	return k.gamma * (*m * k.bc1) / (k.eps + math.Sqrt(*Mhat*k.bc2))
}
