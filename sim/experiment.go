package sim

import (
	"math"

	"noiseball/sim/rng"
)

// DivergenceBox is the half-width of the box outside which a run counts as
// diverged. The problems' interesting region is within a few units of the
// minimizer; 1e6 is far beyond any noise ball.
const DivergenceBox = 1e6

// Experiment is a set of lanes, each running Config.Runs independent runs of
// one optimizer on the same problem and the same data stream (common random
// numbers: run r of every lane draws the same data X_{n,j}, so differences
// between lanes are the optimizers', not luck).
//
// Memory and time per step are linear in lanes x runs.
type Experiment struct {
	cfg   Config
	grad  gradient
	lanes []*Lane
	n     int
}

// Lane holds the state of every run of one lane. Its slices are indexed by
// run and must be treated as read-only outside this package.
type Lane struct {
	cfg        LaneConfig
	data       Data
	theta      []Vec // theta_n per run
	prev       []Vec // theta_{n-1} per run
	grad       []Vec // g_n per run (scratch)
	m, v, vmax []Vec // optimizer moments: m_n, M_n (or G_n), Mhat_n
	src        []rng.Source
	alive      []bool
	divergedAt []int // step at which each run diverged, 0 if it has not
	diverged   int
	pow1, pow2 float64 // alpha^n, beta^n
	gamma      float64 // gamma_n of the last step
	batch      int     // J_n of the last step
}

// New returns the experiment c describes, at step 0, or the error
// c.Validate reports.
func New(c Config) (*Experiment, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c.Lanes = append([]LaneConfig(nil), c.Lanes...)
	e := &Experiment{cfg: c, grad: c.Problem.gradient()}
	for _, lc := range c.Lanes {
		l := &Lane{
			cfg:        lc,
			data:       c.Data,
			theta:      make([]Vec, c.Runs),
			prev:       make([]Vec, c.Runs),
			grad:       make([]Vec, c.Runs),
			m:          make([]Vec, c.Runs),
			v:          make([]Vec, c.Runs),
			src:        make([]rng.Source, c.Runs),
			alive:      make([]bool, c.Runs),
			divergedAt: make([]int, c.Runs),
			pow1:       1,
			pow2:       1,
		}
		if lc.Opt == AMSGrad {
			l.vmax = make([]Vec, c.Runs)
		}
		for r := range l.theta {
			l.theta[r] = c.X0
			l.prev[r] = c.X0
			l.src[r] = rng.New(c.Seed, uint64(r))
			l.alive[r] = true
		}
		e.lanes = append(e.lanes, l)
	}
	return e, nil
}

// Config returns the experiment's configuration.
func (e *Experiment) Config() Config { return e.cfg }

// N returns the number of steps taken so far.
func (e *Experiment) N() int { return e.n }

// Lanes returns the lanes, in the order of Config.Lanes.
func (e *Experiment) Lanes() []*Lane { return e.lanes }

// Step advances every run of every lane by one step, n -> n+1.
func (e *Experiment) Step() {
	e.n++
	for _, l := range e.lanes {
		l.step(&e.grad, e.n, e.cfg.Problem.Bounds())
	}
}

// Steps advances the experiment by k steps.
func (e *Experiment) Steps(k int) {
	for i := 0; i < k; i++ {
		e.Step()
	}
}

// Config returns the lane's configuration.
func (l *Lane) Config() LaneConfig { return l.cfg }

// Positions returns theta_n of every run. The slice is the lane's own: read it,
// do not keep or change it.
func (l *Lane) Positions() []Vec { return l.theta }

// Previous returns theta_{n-1} of every run, under the same terms as Positions.
func (l *Lane) Previous() []Vec { return l.prev }

// Diverged returns how many runs have diverged.
func (l *Lane) Diverged() int { return l.diverged }

// DivergedAt returns the step at which run r diverged, or 0 if it has not.
// A diverged run is frozen at its last finite, in-box position.
func (l *Lane) DivergedAt(r int) int { return l.divergedAt[r] }

// LearningRate returns gamma_n of the last step (0 before the first).
func (l *Lane) LearningRate() float64 { return l.gamma }

// BatchSize returns J_n of the last step (0 before the first).
func (l *Lane) BatchSize() int { return l.batch }

func (l *Lane) step(gr *gradient, n int, box float64) {
	c := &l.cfg
	l.gamma = c.Schedule.LearningRate(n)
	l.batch = c.Batch.BatchSize(n)
	copy(l.prev, l.theta)
	l.gradients(gr, l.batch)
	bc1, bc2 := 1.0, 1.0
	l.pow1 *= c.Beta1
	l.pow2 *= c.Beta2
	if c.BiasCorrection {
		bc1, bc2 = 1/(1-l.pow1), 1/(1-l.pow2)
	}
	l.update(l.gamma, bc1, bc2)
	if c.Opt == AdamW && c.WeightDecay != 0 {
		k := l.gamma * c.WeightDecay
		for r := range l.theta {
			if l.alive[r] {
				l.theta[r] = l.theta[r].Sub(l.prev[r].Scale(k))
			}
		}
	}
	for r, th := range l.theta {
		if !l.alive[r] {
			continue
		}
		if box > 0 {
			th = Vec{clamp(th[0], box), clamp(th[1], box)}
			l.theta[r] = th
		}
		if !th.Finite() || math.Abs(th[0]) > DivergenceBox || math.Abs(th[1]) > DivergenceBox {
			l.alive[r] = false
			l.divergedAt[r] = n
			l.diverged++
			l.theta[r] = l.prev[r]
		}
	}
}

func clamp(x, w float64) float64 { return math.Max(-w, math.Min(w, x)) }

// gradients fills l.grad with the stochastic gradient g_n of every live run at
// batch size j, after gradient-norm clipping and coupled (L2) weight decay,
// in that order.
func (l *Lane) gradients(gr *gradient, j int) {
	c := &l.cfg
	l2 := c.WeightDecay
	if c.Opt == AdamW {
		l2 = 0
	}
	h := gr.h
	for r := range l.theta {
		if !l.alive[r] {
			continue
		}
		th := l.theta[r]
		var g Vec
		switch gr.kind {
		case Quadratic:
			x := l.data.batchMean(&l.src[r], j)
			d0, d1 := th[0]-x[0], th[1]-x[1]
			g = Vec{h[0][0]*d0 + h[0][1]*d1, h[1][0]*d0 + h[1][1]*d1}
		case DoubleWell:
			x := l.data.batchMean(&l.src[r], j)
			// grad f(theta) = R grad_u f(u), u = R^T theta.
			u1 := gr.c*th[0] + gr.s*th[1]
			u2 := -gr.s*th[0] + gr.c*th[1]
			f1 := gr.h1 / 2 * u1 * (u1*u1 - 1)
			f2 := gr.h2 * u2
			g = Vec{
				gr.c*f1 - gr.s*f2 - (h[0][0]*x[0] + h[0][1]*x[1]),
				gr.s*f1 + gr.c*f2 - (h[1][0]*x[0] + h[1][1]*x[1]),
			}
		case Reddi:
			g = Vec{reddiBatchMean(&l.src[r], j, gr.redC), gr.h2 * th[1]}
		}
		if c.Clip > 0 {
			if norm := g.Norm(); norm > c.Clip {
				g = g.Scale(c.Clip / norm)
			}
		}
		if l2 != 0 {
			g = g.Add(th.Scale(l2))
		}
		l.grad[r] = g
	}
}

// reddiBatchMean returns the mean of j draws of Reddi's data: C with
// probability 1/3, else -1.
func reddiBatchMean(s *rng.Source, j int, c float64) float64 {
	sum := 0.0
	for k := 0; k < j; k++ {
		if s.Float64()*3 < 1 {
			sum += c
		} else {
			sum--
		}
	}
	return sum / float64(j)
}
