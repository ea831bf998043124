package sim

import (
	"fmt"
	"math"
	"slices"

	"noiseball/sim/detmat"
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

	// The step in progress (Work): whether there is one, and the lane at
	// work on it.
	busy bool
	cur  int
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

	diag     *diag     // the convergence diagnostics (diagnostics.go)
	scale    float64   // 2^-h, sched=auto's factor after h halvings
	halvedAt []int     // the steps after which sched=auto halved gamma, or sched=plateau reduced it
	scaleAt  []float64 // sched=plateau's scale after each reduction

	plateau  *plateau // sched=plateau's scheduler (plateau.go), or nil
	miniLoss float64  // run 0's mini-batch loss of the last step, for sched=plateau

	real *realLane // a real model's runs in R^d (reallane.go), or nil

	// The lane's step in progress (Work): whether it has begun, its
	// coefficients and decay, what a run of it and a point of its batch
	// cost, the next run to take it, the points of that run's batch taken
	// so far and, on the 2-D problems, their sum (Lane.batchPart), and the
	// first chunk's gradients, which the diagnostics read once that chunk
	// is done.
	begun              bool
	k                  coeffs
	decay              float64
	runCost, pointCost float64
	next, taken        int
	sum                Vec
	g                  []Vec
}

// New returns the experiment c describes, at step 0, or the error
// c.Validate reports.
func New(c Config) (*Experiment, error) {
	e, err := newExperiment(c, nil, nil)
	if err != nil {
		return nil, err
	}
	e.finish()
	return e, nil
}

// Begin is New for a caller that bounds its work (Work): on a real model
// it leaves step 0's evaluations (realmetrics.go), which read the whole
// data set for several runs of every lane, to the first calls of Work,
// and InStep reports true until they are done. On the 2-D problems it is
// New.
func Begin(c Config) (*Experiment, error) { return newExperiment(c, nil, nil) }

// Prepare is Begin for a caller on one thread that must keep answering
// (the page, in a goroutine of its own): it makes what a real model's
// experiment needs before its first step (the data set, the reference
// point, the plane, the predictions of the charts' dashed lines) calling
// pause between pieces of a few milliseconds each natively, where Begin
// takes up to a second at once. What it makes is kept for later
// Experiments of the same model, as New's is. Its Experiment is Begin's,
// bit for bit.
func Prepare(c Config, pause detmat.Pause) (*Experiment, error) {
	e, err := newExperiment(c, nil, pause)
	if err != nil {
		return nil, err
	}
	e.predict(pause)
	return e, nil
}

// newExperiment is New, with the plane a real model's runs are drawn on
// given (nil: its own, planeFor), pausing while it prepares a real model.
func newExperiment(c Config, plane *Plane, pause detmat.Pause) (*Experiment, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	c.Lanes = append([]LaneConfig(nil), c.Lanes...)
	e := &Experiment{cfg: c, grad: c.Problem.gradient()}
	if c.Problem.Kind.Real() {
		var err error
		if e.real, err = newRealExperiment(c, plane, pause); err != nil {
			return nil, err
		}
	}
	for k, lc := range c.Lanes {
		pause.Now() // a real lane's state is runs x d numbers
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
			g:          make([]Vec, min(c.Runs, chunk)),
		}
		if lc.Opt == AMSGrad {
			l.vmax = make([]Vec, c.Runs)
		}
		if lc.Schedule.Kind == Plateau {
			l.plateau = newPlateau(lc.Schedule)
		}
		for r := range l.theta {
			l.theta[r] = c.X0
			l.prev[r] = c.X0
			l.src[r] = rng.New(c.Seed, uint64(r))
			l.alive[r] = true
		}
		if e.real != nil {
			e.real.attach(l, k, c.Runs, pause)
		}
		l.diag.setup(c, lc)
		l.diag.restart(0, l.theta)
		e.lanes = append(e.lanes, l)
	}
	if e.real != nil {
		e.real.owed, e.busy = true, true // step 0's evaluations
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

// Step advances every run of every lane by one step, n -> n+1: it
// finishes the step that Work began, or takes a whole one.
func (e *Experiment) Step() {
	n := e.n
	for e.n == n {
		e.Work(math.Inf(1))
	}
	e.finish()
}

// finish does what remains of the step in progress without advancing to
// the next: a real model's evaluations of the current step.
func (e *Experiment) finish() {
	for e.busy {
		e.Work(math.Inf(1))
	}
}

// InStep reports whether a step is in progress (Work has begun it and not
// finished it, or a real model's evaluations of step N are not done):
// then the runs are not all at one step, and Snapshot, Diagnostics and
// History.Observe must wait until it is done.
func (e *Experiment) InStep() bool { return e.busy }

// Work takes the experiment further by about budget run-steps of the cost
// model (cost.go: RunStepCost for each run, a lane's fixed cost and its
// diagnostics' pass, a real model's evaluations at their cost) and returns
// the run-steps it did. It takes the lanes in order and each lane's runs
// in order, at least one run (on a real model, at least a slice of one
// run's batch), and never goes past the end of a step: it returns once
// step N+1 is done, N advanced, and a real model's evaluations of that
// step, which follow it, are done. So a step larger than any budget is
// taken over several calls, and a caller checks its clock between calls.
// How a step is cut between calls changes no number: Work(b) until
// InStep is false is Step, bit for bit, whatever b.
func (e *Experiment) Work(budget float64) float64 {
	e.busy = true
	spent := 0.0
	if e.real == nil || !e.real.owed {
		n := e.n + 1
		for ; e.cur < len(e.lanes); e.cur++ {
			l := e.lanes[e.cur]
			if spent > 0 && spent >= budget && !l.begun {
				return spent
			}
			if !l.begun {
				spent += l.start(e, e.cur, n)
			}
			spent += l.work(e, n, budget-spent)
			if l.begun { // the budget ran out within the lane
				return spent
			}
		}
		e.cur, e.n = 0, n
		if e.real != nil && n >= e.real.next {
			e.real.owed = true
		}
	}
	if e.real != nil && e.real.owed {
		if spent > 0 && spent >= budget {
			return spent
		}
		w, done := e.real.work(e, e.n, budget-spent)
		spent += w
		if !done {
			return spent
		}
		e.real.owed = false
	}
	e.busy = false
	return spent
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
	if s.Kind == Plateau {
		scale := 1.0
		for i, at := range l.halvedAt {
			if at < n {
				scale = l.scaleAt[i]
			}
		}
		if scale == 1 {
			return g
		}
		return math.Max(s.Min, g*scale)
	}
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

// reduce hands run 0's mini-batch loss of step n to sched=plateau's
// scheduler and, when it reduces the rate at an epoch's end, applies the
// new rate from step n+1 on.
func (l *Lane) reduce(n int) {
	s := l.cfg.Schedule
	lr := math.Max(s.Min, s.Gamma*l.scale)
	next, ok := l.plateau.observe(l.miniLoss, n, s.N0, lr, s.Min)
	if !ok {
		return
	}
	l.scale = next / s.Gamma
	l.halvedAt = append(l.halvedAt, n)
	l.scaleAt = append(l.scaleAt, l.scale)
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
