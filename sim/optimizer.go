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

// Optimizers lists every Optimizer in the order the page offers them.
var Optimizers = []Optimizer{SGD, Momentum, HeavyBall, Nesterov, Adagrad, RMSprop, Adam, AMSGrad, AdamW}

// Valid reports whether o is one of Optimizers.
func (o Optimizer) Valid() bool {
	for _, x := range Optimizers {
		if o == x {
			return true
		}
	}
	return false
}

// Adaptive reports whether o divides by a running second moment (the class
// Dereich, Graeber and Jentzen's theorem covers, together with SGD and momentum).
func (o Optimizer) Adaptive() bool {
	switch o {
	case Adagrad, RMSprop, Adam, AMSGrad, AdamW:
		return true
	}
	return false
}

// update applies one step of lane l's optimizer to every live run, given the
// gradients in l.grad. gamma is gamma_n; bc1 = 1/(1-alpha^n) and
// bc2 = 1/(1-beta^n) are the bias corrections (1 when switched off).
// The switch sits outside the loops so each loop is tight.
func (l *Lane) update(gamma, bc1, bc2 float64) {
	c := &l.cfg
	a, b, eps := c.Beta1, c.Beta2, c.Eps
	th, g, m, v, alive := l.theta, l.grad, l.m, l.v, l.alive
	switch c.Opt {
	case SGD:
		for r := range th {
			if alive[r] {
				for i := 0; i < 2; i++ {
					th[r][i] -= gamma * g[r][i]
				}
			}
		}
	case Momentum:
		mom := c.Mom
		for r := range th {
			if alive[r] {
				for i := 0; i < 2; i++ {
					m[r][i] = mom*m[r][i] + (1-mom)*g[r][i]
					th[r][i] -= gamma * m[r][i]
				}
			}
		}
	case HeavyBall, Nesterov:
		mom, nest := c.Mom, c.Opt == Nesterov
		for r := range th {
			if alive[r] {
				for i := 0; i < 2; i++ {
					m[r][i] = mom*m[r][i] + g[r][i]
					if nest {
						th[r][i] -= gamma * (g[r][i] + mom*m[r][i])
					} else {
						th[r][i] -= gamma * m[r][i]
					}
				}
			}
		}
	case Adagrad:
		for r := range th {
			if alive[r] {
				for i := 0; i < 2; i++ {
					v[r][i] += g[r][i] * g[r][i]
					th[r][i] -= gamma * g[r][i] / (eps + math.Sqrt(v[r][i]))
				}
			}
		}
	case RMSprop:
		for r := range th {
			if alive[r] {
				for i := 0; i < 2; i++ {
					v[r][i] = b*v[r][i] + (1-b)*g[r][i]*g[r][i]
					th[r][i] -= gamma * g[r][i] / (eps + math.Sqrt(v[r][i]))
				}
			}
		}
	case Adam, AdamW:
		for r := range th {
			if alive[r] {
				for i := 0; i < 2; i++ {
					m[r][i] = a*m[r][i] + (1-a)*g[r][i]
					v[r][i] = b*v[r][i] + (1-b)*g[r][i]*g[r][i]
					th[r][i] -= gamma * (m[r][i] * bc1) / (eps + math.Sqrt(v[r][i]*bc2))
				}
			}
		}
	case AMSGrad:
		vmax := l.vmax
		for r := range th {
			if alive[r] {
				for i := 0; i < 2; i++ {
					m[r][i] = a*m[r][i] + (1-a)*g[r][i]
					v[r][i] = b*v[r][i] + (1-b)*g[r][i]*g[r][i]
					vmax[r][i] = math.Max(vmax[r][i], v[r][i])
					th[r][i] -= gamma * (m[r][i] * bc1) / (eps + math.Sqrt(vmax[r][i]*bc2))
				}
			}
		}
	}
}
