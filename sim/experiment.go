package sim

import (
	"fmt"
	"math"
	"slices"

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

	// For Snapshot, made on first use: a prediction per lane and scratch
	// space for the per-run quantities whose quantiles it takes.
	theory  []predictor
	scratch [3][]float64

	real *realExperiment // a real model's plane and evaluations (realexperiment.go), or nil
}

// predictor is what Snapshot asks of a lane's prediction of the spread:
// a Prediction on the 2-D problems, oracle 8 or 9 on the real models.
type predictor interface {
	Spread(n int) (float64, bool)
	Exact() bool
}

// Lane holds the state of every run of one lane. Its slices are indexed by
// run and must be treated as read-only outside this package.
type Lane struct {
	cfg        LaneConfig
	rule       rule
	data       Data
	theta      []Vec // theta_n per run
	prev       []Vec // theta_{n-1} per run
	m, v, vmax []Vec // optimizer moments: m_n, M_n (or G_n), Mhat_n
	src        []rng.Source
	alive      []bool
	divergedAt []int // step at which each run diverged, 0 if it has not
	diverged   int
	pow1, pow2 float64 // alpha^n, beta^n
	gamma      float64 // gamma_n of the last step
	batch      int     // J_n of the last step
	polyakSum  Vec     // theta_1 + ... + theta_n of run 0, while it lives
	polyakN    int     // how many terms polyakSum has

	diag     *diag   // the convergence diagnostics (diagnostics.go)
	scale    float64 // 2^-h, sched=auto's factor after h halvings
	halvedAt []int   // the steps after which sched=auto halved gamma

	real *realLane // a real model's runs in R^d (reallane.go), or nil
}

// New returns the experiment c describes, at step 0, or the error
// c.Validate reports.
func New(c Config) (*Experiment, error) { return newExperiment(c, nil) }

// newExperiment is New, with the plane a real model's runs are drawn on
// given (nil: its own, planeFor).
func newExperiment(c Config, plane *Plane) (*Experiment, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c.Lanes = append([]LaneConfig(nil), c.Lanes...)
	e := &Experiment{cfg: c, grad: c.Problem.gradient()}
	if c.Problem.Kind.Real() {
		var err error
		if e.real, err = newRealExperiment(c, plane); err != nil {
			return nil, err
		}
	}
	for k, lc := range c.Lanes {
		l := &Lane{
			cfg:        lc,
			rule:       lc.Opt.rule(),
			data:       c.Data,
			theta:      make([]Vec, c.Runs),
			prev:       make([]Vec, c.Runs),
			m:          make([]Vec, c.Runs),
			v:          make([]Vec, c.Runs),
			src:        make([]rng.Source, c.Runs),
			alive:      make([]bool, c.Runs),
			divergedAt: make([]int, c.Runs),
			pow1:       1,
			pow2:       1,
			diag:       newDiag(c.Runs),
			scale:      1,
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
		if e.real != nil {
			e.real.attach(l, k, c.Runs)
		}
		l.diag.restart(0, l.theta)
		e.lanes = append(e.lanes, l)
	}
	if e.real != nil {
		e.real.evaluate(e)
	}
	return e, nil
}

// Config returns the experiment's configuration.
func (e *Experiment) Config() Config {
	c := e.cfg
	c.Lanes = slices.Clone(c.Lanes)
	return c
}

// N returns the number of steps taken so far.
func (e *Experiment) N() int { return e.n }

// Lanes returns the lanes, in the order of Config.Lanes.
func (e *Experiment) Lanes() []*Lane { return e.lanes }

// Step advances every run of every lane by one step, n -> n+1.
func (e *Experiment) Step() {
	e.n++
	if e.real != nil {
		e.real.step(e)
		return
	}
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

// Positions returns theta_n of every run (for a real model, its point in
// the experiment's Plane). The slice is the lane's own: read it, do not
// keep or change it.
func (l *Lane) Positions() []Vec { return l.theta }

// Previous returns theta_{n-1} of every run, under the same terms as Positions.
func (l *Lane) Previous() []Vec { return l.prev }

// Diverged returns how many runs have diverged.
func (l *Lane) Diverged() int { return l.diverged }

// DivergedAt returns the step at which run r diverged, or 0 if it has not.
// A diverged run is frozen at its last finite, in-box position.
func (l *Lane) DivergedAt(r int) int { return l.divergedAt[r] }

// Polyak returns the Polyak (running) average of run 0,
// (theta_1 + ... + theta_n)/n, over the steps before it diverged if it did;
// theta_0 before the first step.
func (l *Lane) Polyak() Vec {
	if l.polyakN == 0 {
		return l.theta[0]
	}
	n := float64(l.polyakN)
	return Vec{l.polyakSum[0] / n, l.polyakSum[1] / n}
}

// LearningRate returns gamma_n of the last step, and before the first step
// gamma_1, the rate the first step will take (as Snapshot does: a view at
// step 0 shows the rate chosen, not 0). For sched=auto it includes the
// halvings: gamma_n = max(Min, w_n gamma 2^-h_n), with w_n the warm-up's
// factor and h_n the halvings before step n.
func (l *Lane) LearningRate() float64 {
	if l.batch == 0 { // no step yet: every step sets J_n >= 1
		return l.rateAt(1)
	}
	return l.gamma
}

// rateAt returns gamma_n for n >= 1 from the schedule and the halvings
// sched=auto has made before step n.
func (l *Lane) rateAt(n int) float64 {
	s := l.cfg.Schedule
	g := s.LearningRate(n)
	if s.Kind != Auto {
		return g
	}
	h := 0
	for _, at := range l.halvedAt {
		if at < n {
			h++
		}
	}
	if h == 0 {
		return g
	}
	return math.Max(s.Min, g*math.Ldexp(1, -h))
}

// halve is sched=auto's reaction to a stationary verdict at step n: it
// halves gamma from step n+1 on, unless that would go below the floor Min
// or past MaxHalvings, and makes step n the diagnostics' new anchor.
func (l *Lane) halve(n int) {
	s := l.cfg.Schedule
	if s.Kind != Auto || len(l.halvedAt) >= MaxHalvings || !(s.Gamma*l.scale > s.Min) {
		return
	}
	l.scale /= 2
	l.halvedAt = append(l.halvedAt, n)
	d := l.diag
	d.d.Halvings = len(l.halvedAt)
	d.d.Explanation = d.explain(d.d.Status, d.d.Reason) + fmt.Sprintf(", to %.3g after step %d", math.Max(s.Min, s.Gamma*l.scale), n)
	d.restart(n, l.theta)
}

// Diagnostics returns what lane k's convergence diagnostics say at the
// current step (see Diagnostics).
func (e *Experiment) Diagnostics(k int) Diagnostics {
	l := e.lanes[k]
	d := l.diag.d
	if l.diag.off {
		d.Reason, d.Explanation = ReasonOff, "diagnostics are switched off"
	}
	d.Halvings = len(l.halvedAt)
	return d
}

// SetDiagnostics switches the convergence diagnostics of every lane on or
// off; they are on after New. Lanes with sched=auto keep them on, as their
// schedule needs them. Off, they cost nothing; switched on again, they start
// afresh from the current step. They never change the simulated numbers
// (but for sched=auto's halvings).
func (e *Experiment) SetDiagnostics(on bool) {
	for _, l := range e.lanes {
		off := !on && l.cfg.Schedule.Kind != Auto
		if l.diag.off && !off {
			l.diag.restart(e.n, l.theta)
			l.diag.d.Status, l.diag.d.Since = Transient, e.n
			l.diag.d.Reason, l.diag.d.Explanation = ReasonTooEarly, tooEarly
		}
		l.diag.off = off
	}
}
