package sim

import (
	"fmt"
	"math"

	"noiseball/sim/detmath"
	"noiseball/sim/trend"
)

// Status is a lane's convergence verdict, as the live diagnostics give it.
// Its String is a stable identifier the page can translate.
type Status int

// The statuses, in the order a typical constant-rate lane goes through them.
const (
	// Transient: still on the way, or too early to judge.
	Transient Status = iota
	// Stationary: not converging. The iterates have settled into a noise
	// ball that does not shrink: the distance from the anchor has stopped
	// growing and the steps do not shrink.
	Stationary
	// Converging: the steps shrink like a power of n, and so does the noise
	// ball (a learning rate or a batch schedule that removes the noise).
	Converging
	// Diverged: at least half of the lane's runs left the box
	// |theta_i| <= DivergenceBox (or became NaN).
	Diverged
	// Geometric: converging geometrically, the steps shrinking by a
	// constant factor a step (linear convergence, as gradient descent
	// without noise has at a constant rate).
	Geometric
	// Precision: at machine precision, the steps exactly 0 or a few units
	// in the last place of the iterates, while the learning rate is not 0.
	Precision
	// WrongLimit: converging, but to a point that is not the minimizer: the
	// steps shrink while the runs' mean stays clearly away from theta*
	// (only where theta* is known: the quadratic and Reddi's problem).
	WrongLimit
)

// Statuses returns every Status.
func Statuses() []Status {
	return []Status{Transient, Stationary, Converging, Diverged, Geometric, Precision, WrongLimit}
}

// String returns the status's stable identifier, which the page, the
// CLI's CSV (the status column) and the README use: "transient",
// "stationary", "converging", "diverged", "geometric", "precision" or
// "wrong-limit".
func (s Status) String() string {
	switch s {
	case Transient:
		return "transient"
	case Stationary:
		return "stationary"
	case Converging:
		return "converging"
	case Diverged:
		return "diverged"
	case Geometric:
		return "geometric"
	case Precision:
		return "precision"
	case WrongLimit:
		return "wrong-limit"
	}
	return fmt.Sprintf("Status(%d)", int(s))
}

// Converges reports whether s is one of the converging statuses:
// Converging, Geometric, Precision or WrongLimit.
func (s Status) Converges() bool {
	return s == Converging || s == Geometric || s == Precision || s == WrongLimit
}

// Words returns the status in English words, as the one-line explanation
// starts: "transient", "stationary", "converging", "diverged", "converging
// geometrically", "at machine precision", "converging to a point that is
// not the minimizer".
func (s Status) Words() string {
	switch s {
	case Geometric:
		return "converging geometrically"
	case Precision:
		return "at machine precision"
	case WrongLimit:
		return "converging to a point that is not the minimizer"
	}
	return s.String()
}

// The diagnostics' constants. Each is explained where it is used; in short:
//
//   - DiagRuns: the statistics average over runs 0 .. min(R, DiagRuns)-1, the
//     first chunk of the hot loop, so that their cost per step is bounded
//     whatever Config.Runs is. With 256 runs the standard error of a mean is
//     1/16 of one run's; more runs would not change a verdict visibly.
//   - MovingSlope (B) and ShrinkingSlope (C): the thresholds on the two
//     log-log slopes, b of the squared distance from the anchor and c of the
//     mean squared step.
//   - slopeZ: a verdict needs the slope beyond its threshold by slopeZ
//     standard errors; otherwise the previous status stands.
const (
	// DiagRuns is the most runs the diagnostics of a lane average over.
	DiagRuns = chunk

	// MovingSlope is B: a lane whose mean squared distance from the anchor
	// grows faster than (n - n0)^B is still moving (Transient); one whose
	// squared distance grows slower has settled.
	//
	// Why 0.7: on the quadratic the iterates are linear in the noise, and
	// b depends on n only through x = (n - n0)/T, T = 1/(gamma kappa) the
	// relaxation time. Far from theta* the drift dominates: the distance
	// from the start grows like 1 - e^-x, and b = 2x/(e^x - 1) is 2 at
	// first, 1.16 at x = 1, and falls through 0.7 at x = 1.8, when 16% of
	// the way is left (1.5 standard deviations of the ball when the start is
	// 10 away, as in the presets). From inside the ball (after a halving of
	// sched=auto) the squared distance grows like 1 - e^-x, a random walk
	// that saturates, and b = x/(e^x - 1) falls from 1 through 0.7 at x =
	// 0.7. So b crosses B between 0.7 T and 1.8 T after the anchor; the fit
	// over K = 3 windows looks back a factor 2^(1/4), a verdict waits for a
	// window's end and needs its 2 standard errors, so the test fires about
	// T after a halving and 2 to 3 T after a far start: within a factor 3
	// of T, the target (TestStationaryWithinRelaxationTime: 2.4 or
	// 2.9 T in 199 of 200 seeds of the sgd preset; B = 0.6 gave 2.9 to 3.5
	// T). A converged lane has b -> 0 too, so b alone cannot tell a limit
	// from a noise ball: that is the step slope's job.
	MovingSlope = 0.7

	// ShrinkingSlope is C: a lane whose mean squared step falls faster than
	// n^-C is converging; one whose steps fall slower than that is not.
	//
	// Why 0.5: a schedule gamma_n ~ n^-p makes SGD's and Adam's steps
	// shrink like n^-p, so c = -2p: -2 for gamma_n = c/n, -1 for 1/sqrt(n).
	// A noise ball has c = 0. C = 0.5 (steps like n^-1/4) sits between with
	// a margin of several standard errors for the ensemble (c is measured to
	// about +-0.05 from 256 runs), and it lets the slow adaptation of Adam's
	// second moment (beta2 = 0.999, c about -0.4 for a few hundred steps)
	// pass as not converging.
	ShrinkingSlope = 0.5

	// slopeAlpha is the level of each one-sided test on a slope: a slope
	// must clear its threshold by t_{1-slopeAlpha, nu} standard errors for
	// a verdict, Student's t quantile with the degrees of freedom nu of its
	// standard error (R' - 1 from the spread over R' runs, K - 2 from a
	// fit's residuals; trend.TQuantile), which is about 1.97 for 256 runs
	// and 2.57 for one run's 15 windows: a fixed 2 would be a 2.3% test
	// for many runs and a 3.5% one for a single run. An unclear verdict
	// keeps the previous status.
	slopeAlpha = 0.025

	// geometricFall is how much the squared step must have fallen over the
	// windows the geometric test looks at, at least: a factor 10^4 (the
	// step length by 100), so that a drift settling into a noise ball
	// (a factor 25 on the presets) is not taken for linear convergence.
	geometricFall = 1e4

	// precisionULPs is the step length, in units of the iterates' size
	// times the float64 epsilon 2^-52, at or below which a lane is at
	// machine precision: its steps change only the last few bits.
	precisionULPs = 8

	// wrongLimitSE is how many standard errors of the runs' mean its
	// distance from theta* must exceed for WrongLimit, and wrongLimitKeep
	// the least share of that distance kept over the K windows of the
	// fit: a mean still heading for theta* loses more (SGD's mean shrinks
	// geometrically), a biased limit keeps it all up to its noise.
	wrongLimitSE   = 4
	wrongLimitKeep = 0.8

	// minWindowSamples is the fewest run-steps a window holds: a window
	// is at least ceil(64/R') steps long, 64 steps for a single run, so that
	// a window mean is not one noisy point.
	minWindowSamples = 64

	// maxWindows is windowsFor(1), the largest K.
	maxWindows = 15

	// diagRatio is the ratio of consecutive window ends, 2^(1/4): four
	// windows per doubling of the lag.
	diagRatio = 1.189207115002721
)

// tooEarly is the explanation before the first verdict.
const tooEarly = "transient: too early to judge"

// windowsFor returns K, how many of the latest windows the slopes are
// fitted over, for a sample of R' runs: 3 (a span of a factor 1.4 in n, so
// that the verdict lags the dynamics by little) when R' >= 64, and 2 more
// for every halving of R' below 64, up to 15 for a single run (a factor 11
// in n). A fit over K points spaced evenly in log n has a standard error
// proportional to K^(-3/2) at a fixed spacing; R' runs divide the noise of
// each point by sqrt(R'). So fewer runs need a longer span for the same
// precision; the growth by 2 per halving more than compensates for K >= 5.
func windowsFor(runs int) int {
	k := 3
	for r := runs; r < 64; r *= 2 {
		k += 2
	}
	return k
}

// Diagnostics is what a lane's live convergence diagnostics say at the
// current step: a Status, when it last changed, a one-line explanation, and
// the numbers it rests on, so that the page can write its own sentence in
// any language.
//
// The statistics average over the sample, the lane's runs 0 .. R'-1 with
// R' = min(Config.Runs, DiagRuns), and are taken over log-spaced windows of
// the lag l = n - n0 since the anchor step n0 (0, or the last halving of
// sched=auto): window ends grow by a factor 2^(1/4), and a window holds at
// least 64 run-steps (64/R' steps). For each window w and sampled run r,
//
//	Omega_{r,w} = mean over the window's steps of ||theta_n,r - theta_n0,r||^2
//	S_{r,w}     = mean over the window's steps of ||theta_n,r - theta_{n-1},r||^2
//
// and Omega_w, S_w are their means over the live sampled runs. After each
// window the slopes are fitted by least squares over the last K windows
// (windowsFor: 3 for R' >= 64, up to 15 for one run) against log of the
// window's mean lag:
//
//	b = d log Omega_w / d log l   (Pesme, Dieuleveut and Flammarion, 2020)
//	c = d log S_w / d log l
//
// b is about 2 while the iterates drift, 1 for a random walk, and 0 once
// they stop going anywhere (a noise ball, or a limit); c is 0 in a noise
// ball and -2p when the steps shrink like gamma_n ~ n^-p. Their standard
// errors come from the spread over the sampled runs (delta method, R' >= 8)
// or, for fewer runs, from the fit's residuals. With B = MovingSlope,
// C = ShrinkingSlope and z = 2, each window's verdict is, in this order:
//
//	Diverged    at least half of the lane's runs diverged (checked every step)
//	Transient   b - z se(b) > B: still moving away from the anchor
//	Converging  c + z se(c) < -C: the steps shrink (or are exactly 0)
//	Stationary  |b| + z se(b) < B, c - z se(c) > -C and c < C: the
//	            distance from the anchor neither grows nor shrinks, and the
//	            steps do not shrink (nor grow)
//	Transient   b + z se(b) < -B or c - z se(c) > C: coming back towards
//	            the anchor, or steps that grow (an unstable start)
//	unchanged   otherwise: the slopes are not clear yet
//
// Pflug's statistic (Chee and Toulis, 2018) is computed alongside, per run
// and averaged over the sample, at each window's end n:
//
//	S_n = sum_{k=n0+2}^{n} mean_r <g_k,r, g_{k-1},r>
//
// with g the stochastic gradient after clipping and L2 decay, and the mean
// over the runs alive at the end of each window (each run keeps its own
// running sum, so that the hot loop has no chain of additions across runs).
// For one run it is exactly Chee and Toulis's statistic; for several, their
// statistics' average: the same expectation, sqrt(R') times less noise.
// Averaging rather than watching run 0 is what a lane needs: all its runs
// share gamma_n, so its decision should rest on all of them. Its increments are negative in SGD's noise ball (E <g_k, g_{k+1}>
// = -kappa^2 eta s^2/(2 - eta) per direction), positive while the drift
// dominates. It does not drive the status: in two dimensions the stiff
// direction makes it negative long before the flat one has settled, and for
// the momentum methods it stays positive inside the ball (consecutive
// gradients of a slowly oscillating iterate agree), so Pesme et al.'s
// distance test decides, as they recommend.
type Diagnostics struct {
	Status      Status
	Since       int    // the step at which Status last changed (0 at the start)
	Reason      string // why: one of the Reason constants, for the page's translations
	Explanation string // one line, in English, with the numbers
	Checked     int    // the step of the last window's verdict, 0 before the first

	Runs     int // R': how many runs the statistics average over
	Anchor   int // n0: the step the distances are measured from
	Halvings int // how many times sched=auto has halved the learning rate

	// Pflug is Chee and Toulis's S_n, PflugRate the mean of its increments
	// over the last window (negative in SGD's noise ball).
	Pflug, PflugRate float64

	// HasSlopes tells whether the fields below hold a fit: K windows have
	// closed since the anchor. From and To are the steps the fit spans.
	HasSlopes bool
	From, To  int

	// DistSlope is b, the log-log slope of the mean squared distance from
	// the anchor against the lag n - n0, and DistSlopeErr its standard
	// error; the distance itself grows like (n - n0)^(b/2).
	DistSlope, DistSlopeErr float64
	// StepSlope is c, the log-log slope of the mean squared step, and
	// StepSlopeErr its standard error (both 0 when the steps are exactly
	// 0, ReasonStopped); the step length goes like (n - n0)^(c/2).
	StepSlope, StepSlopeErr float64

	// Ball is the noise ball's size s at the end of the last window: the
	// ensemble spread sqrt(trace Cov theta_n) over the live sampled runs
	// (Snapshot.Spread over the sample), or, for a single run, the
	// standard deviation sqrt(trace Cov) of its positions over the last
	// window. BallSlope is d log s / d log (n - n0) over the K windows (0
	// if some window has no ball): a converging lane's rate, s ~ n^BallSlope.
	Ball, BallSlope float64

	// StepRMS and DistRMS are sqrt(S_w) and sqrt(Omega_w) of the last
	// window: the typical step length and distance from the anchor.
	StepRMS, DistRMS float64

	// DOF is the degrees of freedom of the slopes' standard errors: the
	// tests compare with Student's t quantile t_{1-alpha, DOF}, alpha =
	// 0.025 (R' - 1 from the spread over the runs, K - 2 from the fit).
	DOF float64
	// Rate is a for the rate n^-a that Converging and WrongLimit quote
	// (a > 0; 0 for none): the noise ball's if it shrinks, else the step
	// length's. Factor is a Geometric lane's factor per step of its step
	// length (< 1).
	Rate, Factor float64
	// PrevStepSlope and its error are c over the K windows before the
	// fit's, which the slowing test compares with.
	PrevStepSlope, PrevStepSlopeErr float64
	// Offset is WrongLimit's distance of the sampled runs' mean from
	// theta*, and OffsetErr that mean's standard error.
	Offset, OffsetErr float64

	// SampleDiverged and Diverged count the diverged runs in the sample
	// and in the lane, of Total = Config.Runs.
	SampleDiverged, Diverged, Total int
}

// diag is the state of a lane's diagnostics.
type diag struct {
	off   bool // switched off (Experiment.SetDiagnostics); sched=auto keeps it on
	runs  int  // R'
	k     int  // K, windowsFor(R')
	width int  // the least window length, ceil(minWindowSamples/R')

	gprev  []Vec        // g_{n-1} of each sampled run
	anchor []Vec        // theta_{n0} of each sampled run
	acc    [][3]float64 // the current window's sums of ||theta - anchor||^2, ||step||^2 and <g_n, g_{n-1}> per sampled run

	// the current window: lags (lo, hi], and sums over it
	lo, hi     int
	pflugPairs int        // the window's steps with a pair of gradients
	time0      [3]float64 // run 0's sum of theta_1, theta_2 and ||theta||^2 over the window
	time0n     int

	// the last K windows, a ring indexed by closed % K
	closed int
	omega  [][]float64 // [K][R'] Omega_{r,w}
	steps  [][]float64 // [K][R'] S_{r,w}
	x      []float64   // log of the window's mean lag
	ends   []int       // the window's last step
	starts []int       // the window's first step
	ball   []float64

	pflug float64 // S_n since the anchor

	// hist is every window closed since the anchor, oldest first: what
	// the geometric, the slowing and the wrong-limit tests look back on.
	hist []window

	// What the diagnostics know of the lane's setting (setup): whether
	// its gradients are noisy (the theorem's data hypothesis), theta* when
	// it is known, and driveEnd, the first step from which gamma_n and J_n
	// stay constant for ever (math.MaxInt if they never do, or if the
	// optimizer's own rate decays, as Adagrad's does).
	noisy    bool
	star     Vec
	hasStar  bool
	box      float64 // the half-width of the box the runs are projected onto, 0 for none
	driveEnd int

	d Diagnostics // the last verdict

	real *realLane // a real model's d-dimensional runs (realdiag.go), or nil
}

// window is what the diagnostics keep of a closed window.
type window struct {
	end  int     // its last step
	lag  float64 // end - n0
	fall float64 // ln of end2: the mean squared step of its last step
	// pos2 is the live sampled runs' mean ||theta||^2 at its end, mean
	// their mean and meanSE the standard error of that mean,
	// sqrt(trace Cov / R'); D the distance of mean from theta*.
	pos2, meanSE, dist float64
	mean               Vec
	ball               float64
	// fit tells whether the step slope c was fitted at its end (K windows
	// had closed), with its standard error.
	fit   bool
	c, se float64
}

// setup tells the diagnostics what they may know of lane lc of c (see the
// diag fields noisy, star, driveEnd).
func (d *diag) setup(c Config, lc LaneConfig) {
	for _, h := range Hypotheses(Config{Problem: c.Problem, Data: c.Data, Lanes: []LaneConfig{lc}}, 0).Hypotheses {
		if h.ID == HypNoise {
			d.noisy = h.Held
		}
	}
	switch c.Problem.Kind {
	case Quadratic, Reddi:
		d.star, d.hasStar = c.Problem.Minimizer(), true
	}
	d.box = c.Problem.Bounds()
	d.driveEnd = driveEnd(lc)
}

// driveEnd returns the first step from which lane lc's gamma_n and J_n are
// constant for ever, or math.MaxInt if there is none: a schedule that
// decays to 0, sched=auto (whose halvings go on as long as the lane is
// stationary), a batch that grows, or Adagrad, whose effective rate decays
// by itself. A floor, the end of a cosine, and the batch cap MaxBatch are
// such steps: from there on, with noisy gradients, the steps cannot keep
// shrinking (the theorem).
func driveEnd(lc LaneConfig) int {
	s, b := lc.Schedule, lc.Batch
	if lc.Opt == Adagrad || s.Kind == Auto || s.Kind == Plateau || s.Decays() {
		return math.MaxInt
	}
	// The first n >= lo from which f(n) equals its value far away, for f
	// monotone from lo on.
	const far = 1 << 40
	first := func(lo int, f func(int) float64) int {
		v := f(far)
		hi := far
		for lo < hi {
			mid := lo + (hi-lo)/2
			if f(mid) == v {
				hi = mid
			} else {
				lo = mid + 1
			}
		}
		return lo
	}
	n := first(s.Warmup+1, s.LearningRate)
	if b.Grows() {
		n = max(n, first(1, func(n int) float64 { return float64(b.BatchSize(n)) }))
	}
	return n
}

func newDiag(runs int) *diag {
	r := min(runs, DiagRuns)
	k := windowsFor(r)
	d := &diag{
		runs:   r,
		k:      k,
		width:  (minWindowSamples + r - 1) / r,
		gprev:  make([]Vec, r),
		anchor: make([]Vec, r),
		acc:    make([][3]float64, r),
		omega:  make([][]float64, k),
		steps:  make([][]float64, k),
		x:      make([]float64, k),
		ends:   make([]int, k),
		starts: make([]int, k),
		ball:   make([]float64, k),
	}
	for w := range k {
		d.omega[w] = make([]float64, r)
		d.steps[w] = make([]float64, r)
	}
	d.d = Diagnostics{Status: Transient, Runs: r, Total: runs, Reason: ReasonTooEarly, Explanation: tooEarly}
	return d
}

// restart makes step n the anchor n0: the sampled runs' positions become the
// anchors and the windows and Pflug's statistic start afresh.
func (d *diag) restart(n int, theta []Vec) {
	copy(d.anchor, theta[:d.runs])
	clear(d.acc)
	d.lo, d.hi = n, n+d.width
	d.pflugPairs = 0
	d.time0, d.time0n = [3]float64{}, 0
	d.closed = 0
	d.pflug = 0
	d.d.Anchor = n
	d.d.HasSlopes = false
	d.hist = d.hist[:0]
	if d.real != nil {
		d.real.restartDiag(d.runs)
	}
}

// observe adds step n to the diagnostics: the sampled runs' new positions
// (theta, after the whole step), their previous ones and their gradients g
// (indexed like theta, from run 0). It reports whether a window closed with
// a fresh Stationary verdict, which is what sched=auto acts on.
func (d *diag) observe(l *Lane, n int, g []Vec) (stationary bool) {
	r := d.runs
	if d.d.Status == Diverged { // for good: diverged runs stay frozen
		if l.diverged != d.d.Diverged {
			live := 0
			for _, a := range l.alive[:r] {
				if a {
					live++
				}
			}
			d.d.SampleDiverged, d.d.Diverged = r-live, l.diverged
			d.d.Explanation = d.divergedText(l)
		}
		return false
	}
	theta, prev, alive := l.theta[:r], l.prev[:r], l.alive[:r]
	g = g[:min(r, len(g))]
	gprev, anchor, acc := d.gprev[:r], d.anchor[:r], d.acc[:r]
	if n-d.d.Anchor < 2 {
		// g_{n-1} is not of this anchor's epoch: no pair for Pflug yet.
		clear(gprev)
	} else {
		d.pflugPairs++
	}
	// Scalar loads and stores: Go would copy each Vec through the stack.
	live := 0
	if d.real != nil { // the terms of a real model's runs, in R^d
		live = d.observeReal(l)
		theta = nil
	}
	for i := range theta {
		if !alive[i] {
			continue
		}
		live++
		t0, t1 := theta[i][0], theta[i][1]
		g0, g1 := g[i][0], g[i][1]
		s0, s1 := t0-prev[i][0], t1-prev[i][1]
		o0, o1 := t0-anchor[i][0], t1-anchor[i][1]
		ac := &acc[i]
		ac[0] += float64(o0*o0) + float64(o1*o1)
		ac[1] += float64(s0*s0) + float64(s1*s1)
		ac[2] += float64(g0*gprev[i][0]) + float64(g1*gprev[i][1])
		gprev[i][0], gprev[i][1] = g0, g1
	}
	if alive[0] && d.real == nil {
		th := theta[0]
		d.time0[0] += th[0]
		d.time0[1] += th[1]
		d.time0[2] += float64(th[0]*th[0]) + float64(th[1]*th[1])
		d.time0n++
	}
	if 2*l.diverged >= len(l.theta) || live == 0 {
		d.d.SampleDiverged, d.d.Diverged, d.d.Total = r-live, l.diverged, len(l.theta)
		d.setStatus(Diverged, n, ReasonDiverged, d.divergedText(l))
		return false
	}
	if n == d.driveEnd && d.noisy && (d.d.Status == Converging || d.d.Status == WrongLimit) && d.d.Reason != ReasonStopped {
		// gamma_n and J_n stay constant from now on: the steps cannot
		// keep shrinking (the theorem), so the verdict is not kept.
		d.setStatus(Transient, n, ReasonConstRate, d.explain(Transient, ReasonConstRate))
	}
	if n < d.hi {
		return false
	}
	return d.close(l, n)
}

// close ends the window (lo, hi] at step n = hi and gives its verdict.
func (d *diag) close(l *Lane, n int) (stationary bool) {
	w := d.closed % d.k
	length := float64(d.hi - d.lo)
	om, st := d.omega[w], d.steps[w]
	var pflug float64
	live := 0
	for i, a := range d.acc {
		om[i] = a[0] / length
		st[i] = a[1] / length
		if l.alive[i] {
			pflug += a[2]
			live++
		}
	}
	clear(d.acc)
	if live > 0 {
		pflug /= float64(live)
	}
	d.pflug += pflug
	d.d.Pflug = d.pflug
	if d.pflugPairs > 0 {
		d.d.PflugRate = pflug / float64(d.pflugPairs)
	}
	// The window's mean lag is ((lo+1) + hi)/2 - n0.
	d.x[w] = detmath.Log((float64(d.lo+1+d.hi) - float64(2*float64(d.d.Anchor))) / 2)
	d.starts[w], d.ends[w] = d.lo+1, d.hi
	d.ball[w] = d.ballSize(l)
	d.hist = append(d.hist, d.summary(l))
	d.pflugPairs = 0
	d.time0, d.time0n = [3]float64{}, 0
	d.closed++
	lag := d.hi - d.d.Anchor
	d.lo = d.hi
	d.hi = d.d.Anchor + max(lag+d.width, int(math.Ceil(float64(lag)*diagRatio)))
	d.d.Checked = n
	if d.d.Status == Diverged {
		return false
	}
	if d.closed < d.k {
		// Before K windows only what needs no slope fit: machine
		// precision, and a geometric fall, whose test fits its own line.
		if status, reason := d.early(l); reason != "" {
			d.setStatus(status, n, reason, d.explain(status, reason))
		}
		return false
	}
	return d.verdict(l, n)
}

// early returns the verdict the windows since the anchor give before K of
// them have closed: Precision, Geometric, or reason "" for none.
func (d *diag) early(l *Lane) (Status, string) {
	if s, r := d.precision(l); r != "" {
		return s, r
	}
	if d.geometric() {
		return Geometric, ReasonGeometric
	}
	return Transient, ""
}

// precision returns Precision (or Converging, ReasonStopped, if the
// learning rate is 0) when the last window's last steps are exactly 0 or
// at most precisionULPs units in the last place of the iterates; reason ""
// otherwise.
func (d *diag) precision(l *Lane) (Status, string) {
	w := d.hist[len(d.hist)-1]
	const eps = 0x1p-52
	switch {
	case math.IsInf(w.fall, -1) && l.gamma == 0:
		return Converging, ReasonStopped
	case math.IsInf(w.fall, -1):
		return Precision, ReasonPrecision
	case d.real == nil && w.pos2 > 0 && detmath.Exp(w.fall) <= float64(precisionULPs*eps)*float64(precisionULPs*eps)*w.pos2:
		return Precision, ReasonPrecision
	}
	return Transient, ""
}

// geometric tests whether the squared steps fall geometrically over the
// last m = min(windows since the anchor, 2K) windows (m >= 4): with y_w
// the log of the mean squared step of window w's last step and l_w its
// lag, the least-squares line y = a + lambda l must fall (lambda + t se <
// 0, t = t_{1-slopeAlpha, m-2} and se from the residuals), fit at least
// four times better than the line in log l (a power law) by the residual
// sum of squares, and the squared step must have fallen by geometricFall
// over the m windows. It sets d.d.Factor to e^(lambda/2), the step
// length's factor per step.
func (d *diag) geometric() bool {
	m := min(len(d.hist), 2*d.k)
	if m < 4 {
		return false
	}
	ws := d.hist[len(d.hist)-m:]
	if math.IsInf(ws[m-1].fall, -1) || ws[0].fall-ws[m-1].fall < detmath.Log(geometricFall) {
		return false
	}
	var xs, ls, ys [2 * maxWindows]float64
	for i, w := range ws {
		if math.IsInf(w.fall, 0) || math.IsNaN(w.fall) {
			return false
		}
		xs[i], ls[i], ys[i] = w.lag, detmath.Log(w.lag), w.fall
	}
	lin := lineFit(xs[:m], ys[:m])
	pow := lineFit(ls[:m], ys[:m])
	t := trend.TQuantile(1-slopeAlpha, float64(m-2))
	if !(lin.slope+float64(t*lin.se) < 0 && float64(4*lin.rss) <= pow.rss) {
		return false
	}
	d.d.Factor = detmath.Exp(lin.slope / 2)
	d.d.From, d.d.To = ws[0].end, ws[m-1].end
	return true
}

// line is a least-squares line's slope, its standard error from the
// residuals, and their sum of squares.
type line struct{ slope, se, rss float64 }

func lineFit(x, y []float64) line {
	n := float64(len(x))
	var xbar, ybar float64
	for i := range x {
		xbar += x[i]
		ybar += y[i]
	}
	xbar, ybar = xbar/n, ybar/n
	var sxx, sxy float64
	for i := range x {
		sxx += float64((x[i] - xbar) * (x[i] - xbar))
		sxy += float64((x[i] - xbar) * (y[i] - ybar))
	}
	f := line{slope: sxy / sxx}
	for i := range x {
		r := y[i] - ybar - float64(f.slope*(x[i]-xbar))
		f.rss += float64(r * r)
	}
	f.se = math.Sqrt(f.rss / (n - 2) / sxx)
	return f
}

// summary returns the window just ended at step d.hi, as the window
// record keeps it: its last step's squared step and, on the 2-D problems,
// the runs' mean and its distance from theta*.
func (d *diag) summary(l *Lane) window {
	w := window{end: d.hi, lag: float64(d.hi - d.d.Anchor), ball: d.ball[(d.closed)%d.k]}
	var end2, pos2 float64
	var sum, sq Vec
	live := 0
	for i, a := range l.alive[:d.runs] {
		if !a {
			continue
		}
		live++
		if d.real != nil {
			end2 += d.real.terms[i][1]
			continue
		}
		th, pr := l.theta[i], l.prev[i]
		s0, s1 := th[0]-pr[0], th[1]-pr[1]
		end2 += float64(s0*s0) + float64(s1*s1)
		pos2 += float64(th[0]*th[0]) + float64(th[1]*th[1])
		sum = sum.Add(th)
		sq = sq.Add(Vec{float64(th[0] * th[0]), float64(th[1] * th[1])})
	}
	if live == 0 {
		return w
	}
	lf := float64(live)
	w.fall = math.Inf(-1)
	if end2 > 0 {
		w.fall = detmath.Log(end2 / lf)
	}
	w.pos2 = pos2 / lf
	if d.real == nil {
		w.mean = sum.Scale(1 / lf)
		if live >= 2 {
			v := (sq[0] + sq[1] - (float64(sum[0]*sum[0])+float64(sum[1]*sum[1]))/lf) / (lf - 1)
			w.meanSE = math.Sqrt(max(v, 0) / lf)
		}
		w.dist = w.mean.Sub(d.star).Norm()
	}
	return w
}

// ballSize returns s for the window just ended (see Diagnostics.Ball).
func (d *diag) ballSize(l *Lane) float64 {
	if d.real != nil {
		return d.ballSizeReal(l)
	}
	theta, alive := l.theta[:d.runs], l.alive[:d.runs]
	var ref, sum Vec
	var sq float64
	live := 0
	for i, th := range theta {
		if !alive[i] {
			continue
		}
		if live == 0 {
			ref = th
		}
		live++
		dv := th.Sub(ref)
		sum = sum.Add(dv)
		sq += float64(dv[0]*dv[0]) + float64(dv[1]*dv[1])
	}
	if live >= 2 {
		lf := float64(live)
		return math.Sqrt(max(sq-(float64(sum[0]*sum[0])+float64(sum[1]*sum[1]))/lf, 0) / (lf - 1))
	}
	if d.time0n < 2 {
		return 0
	}
	// One run: sqrt(trace Cov) of its positions over the window, unbiased.
	m := float64(d.time0n)
	ss := d.time0[2] - (float64(d.time0[0]*d.time0[0])+float64(d.time0[1]*d.time0[1]))/m
	return math.Sqrt(max(ss, 0) / (m - 1))
}

// fit is a least-squares slope with its standard error.
type fit struct {
	slope, se float64
	dof       float64 // the degrees of freedom of se
	zero      bool    // some window mean is 0: the log is -Inf
}

// slopes fits log of the live runs' mean of vals[w] against d.x[w] over the
// last K windows, with the standard error from the spread over runs (delta
// method) when at least 8 sampled runs live, else from the residuals.
//
// With weights c_w = (x_w - xbar) / sum_v (x_v - xbar)^2 the slope is
// sum_w c_w log V_w, V_w = mean_r V_{r,w}; to first order its error is
// sum_w c_w dV_w / V_w = mean_r u_r with u_r = sum_w c_w V_{r,w} / V_w,
// whose mean is 0 (sum_w c_w = 0), so se^2 = sum_r u_r^2 / (R (R - 1)).
func (d *diag) slopes(vals [][]float64, alive []bool, live int) fit {
	k := d.k
	var xbar float64
	for _, x := range d.x {
		xbar += x
	}
	xbar /= float64(k)
	var sxx float64
	for _, x := range d.x {
		sxx += float64((x - xbar) * (x - xbar))
	}
	var means, ys [maxWindows]float64
	for w := range k {
		var s float64
		for i, a := range alive {
			if a {
				s += vals[w][i]
			}
		}
		means[w] = s / float64(live)
		if !(means[w] > 0) {
			return fit{zero: true}
		}
	}
	var slope float64
	for w := range k {
		ys[w] = detmath.Log(means[w])
		slope += float64((d.x[w] - xbar) / sxx * ys[w])
	}
	f := fit{slope: slope}
	if live >= 8 {
		var su float64
		for i, a := range alive {
			if !a {
				continue
			}
			var u float64
			for w := range k {
				u += (d.x[w] - xbar) / sxx * vals[w][i] / means[w]
			}
			su += float64(u * u)
		}
		lf := float64(live)
		f.se = math.Sqrt(su / (lf * (lf - 1)))
		f.dof = lf - 1
		return f
	}
	var ybar float64
	for _, y := range ys[:k] {
		ybar += y
	}
	ybar /= float64(k)
	var rss float64
	for w := range k {
		res := ys[w] - ybar - float64(slope*(d.x[w]-xbar))
		rss += float64(res * res)
	}
	f.se = math.Sqrt(rss / float64(k-2) / sxx)
	f.dof = float64(k - 2)
	return f
}

// verdict fits the slopes over the last K windows and updates the status;
// it reports a fresh Stationary verdict.
func (d *diag) verdict(l *Lane, n int) (stationary bool) {
	alive := l.alive[:d.runs]
	live := 0
	sampleDiverged := 0
	for _, a := range alive {
		if a {
			live++
		} else {
			sampleDiverged++
		}
	}
	b := d.slopes(d.omega, alive, live)
	c := d.slopes(d.steps, alive, live)
	last := (d.closed - 1) % d.k
	first := d.closed % d.k
	dd := &d.d
	dd.HasSlopes = true
	dd.From, dd.To = d.starts[first], d.ends[last]
	dd.DistSlope, dd.DistSlopeErr = b.slope, b.se
	dd.StepSlope, dd.StepSlopeErr = c.slope, c.se
	dd.DOF = c.dof
	if c.zero {
		dd.StepSlope, dd.StepSlopeErr = 0, 0
	}
	if b.zero {
		dd.DistSlope, dd.DistSlopeErr = 0, 0
	}
	dd.Ball = d.ball[last]
	dd.StepRMS = math.Sqrt(mean(d.steps[last], alive, live))
	dd.DistRMS = math.Sqrt(mean(d.omega[last], alive, live))
	dd.BallSlope = d.ballSlope()
	dd.SampleDiverged, dd.Diverged, dd.Total = sampleDiverged, l.diverged, len(l.theta)
	h := &d.hist[len(d.hist)-1]
	h.fit, h.c, h.se = !c.zero, dd.StepSlope, dd.StepSlopeErr

	status, reason := d.precision(l)
	if reason == "" {
		t := trend.TQuantile(1-slopeAlpha, c.dof)
		status, reason = classify(dd.DistSlope, dd.DistSlopeErr, dd.StepSlope, dd.StepSlopeErr, c.zero, t)
		if reason != ReasonMoving && d.geometric() {
			status, reason = Geometric, ReasonGeometric
		} else if status == Converging && reason == ReasonShrinking {
			status, reason = d.converging(l, n, t)
		}
	}
	dd.Rate = d.rate(status)
	if reason == ReasonUnclear {
		dd.Reason = ReasonUnclear
		dd.Explanation = d.explain(dd.Status, ReasonUnclear)
		return false
	}
	d.setStatus(status, n, reason, d.explain(status, reason))
	return status == Stationary
}

// converging checks a Converging verdict (the steps shrink faster than
// n^-C/2 over the last K windows) against what would make it a transient
// or a wrong limit, in this order:
//
//	Transient  fewer than 2K windows since the anchor: the slowing test
//	           below needs two disjoint fits (ReasonTooEarly)
//	Transient  noisy gradients and gamma_n and J_n constant from step
//	           driveEnd <= n on (a constant rate, a floor reached, the end
//	           of a cosine, the batch cap): the steps cannot keep
//	           shrinking, as the theorem says (ReasonConstRate)
//	Transient  the slope c is larger (shallower) than the fit's over the K
//	           windows before, c - c' - t sqrt(se^2 + se'^2) > 0, by so
//	           much that twice that change would bring it above -C: the
//	           steps shrink less and less (ReasonSlowing)
//	WrongLimit theta* is known, the runs' mean is more than wrongLimitSE
//	           standard errors from it, at least wrongLimitKeep of that
//	           distance is left from K windows before, and, for a theta*
//	           on the boundary of a box, it is more than twice the noise
//	           ball's size
//	Converging otherwise
func (d *diag) converging(l *Lane, n int, t float64) (Status, string) {
	dd := &d.d
	if len(d.hist) < 2*d.k || !d.hist[len(d.hist)-1-d.k].fit {
		return Transient, ReasonTooEarly
	}
	if d.noisy && n >= d.driveEnd {
		return Transient, ReasonConstRate
	}
	prev := d.hist[len(d.hist)-1-d.k]
	dd.PrevStepSlope, dd.PrevStepSlopeErr = prev.c, prev.se
	change := dd.StepSlope - prev.c
	se := math.Sqrt(float64(dd.StepSlopeErr*dd.StepSlopeErr) + float64(prev.se*prev.se))
	if change-float64(t*se) > 0 && dd.StepSlope+2*change >= -ShrinkingSlope {
		return Transient, ReasonSlowing
	}
	cur, old := d.hist[len(d.hist)-1], d.hist[len(d.hist)-d.k]
	// A minimizer on the boundary of the box the runs are projected onto
	// (Reddi's -1) has the cloud on one side of it: its mean sits inside
	// by about the cloud's width, so there the distance must exceed twice
	// the noise ball's size as well.
	boundary := d.box > 0 && (math.Abs(d.star[0]) == d.box || math.Abs(d.star[1]) == d.box)
	if d.hasStar && d.real == nil && d.runs >= 8 && cur.dist > wrongLimitSE*cur.meanSE && cur.dist >= wrongLimitKeep*old.dist &&
		(!boundary || cur.dist > 2*cur.ball) {
		dd.Offset, dd.OffsetErr = cur.dist, cur.meanSE
		return WrongLimit, ReasonWrongLimit
	}
	return Converging, ReasonShrinking
}

// rate returns the exponent a of the rate n^-a a converging lane's status
// quotes: that of the noise ball's size if it shrinks, else that of the
// step length, and 0 (no rate) if neither shrinks or the status is not
// Converging or WrongLimit.
func (d *diag) rate(s Status) float64 {
	if s != Converging && s != WrongLimit {
		return 0
	}
	dd := &d.d
	if dd.Ball > 0 && dd.BallSlope < 0 {
		return -dd.BallSlope
	}
	return max(0, -dd.StepSlope/2)
}

// The reasons for a verdict (Diagnostics.Reason), stable identifiers for
// the page's translations.
const (
	ReasonTooEarly   = "too-early"   // Transient: fewer than K windows since the anchor (2K for Converging)
	ReasonMoving     = "moving"      // Transient: b - t se(b) > B
	ReasonReturning  = "returning"   // Transient: b + t se(b) < -B, the distance from the anchor shrinks
	ReasonGrowing    = "steps-grow"  // Transient: c - t se(c) > C, the steps grow
	ReasonConstRate  = "const-rate"  // Transient: the steps shrink, but gamma_n and J_n stay constant with noisy gradients
	ReasonSlowing    = "slowing"     // Transient: the steps shrink less and less
	ReasonShrinking  = "shrinking"   // Converging: c + t se(c) < -C
	ReasonStopped    = "stopped"     // Converging: the learning rate is 0 and the steps are exactly 0
	ReasonGeometric  = "geometric"   // Geometric
	ReasonPrecision  = "precision"   // Precision
	ReasonWrongLimit = "wrong-limit" // WrongLimit
	ReasonSettled    = "settled"     // Stationary
	ReasonUnclear    = "unclear"     // no rule applied to the last window: the status is the previous one
	ReasonDiverged   = "diverged"    // Diverged
	ReasonOff        = "off"         // the diagnostics are switched off
)

// classify applies the rules of Diagnostics to the slopes b and c with
// their standard errors and the quantile t (stopped: the steps of the
// last windows are exactly 0): the status and the reason, ReasonUnclear
// when no rule applies.
func classify(b, sb, c, sc float64, stopped bool, t float64) (Status, string) {
	const B, C = MovingSlope, ShrinkingSlope
	switch {
	case b-float64(t*sb) > B:
		return Transient, ReasonMoving
	case stopped:
		return Precision, ReasonPrecision
	case c+float64(t*sc) < -C:
		return Converging, ReasonShrinking
	case b+float64(t*sb) < B && b-float64(t*sb) > -B && c-float64(t*sc) > -C && c < C:
		return Stationary, ReasonSettled
	case b+float64(t*sb) < -B:
		return Transient, ReasonReturning
	case c-float64(t*sc) > C:
		return Transient, ReasonGrowing
	}
	return Transient, ReasonUnclear
}

func mean(xs []float64, alive []bool, live int) float64 {
	var s float64
	for i, a := range alive {
		if a {
			s += xs[i]
		}
	}
	return s / float64(live)
}

func (d *diag) setStatus(s Status, n int, reason, text string) {
	if s != d.d.Status {
		d.d.Status, d.d.Since = s, n
	}
	d.d.Reason, d.d.Explanation = reason, text
}

// explain writes the one-line explanation of a verdict of status s for the
// reason; for ReasonUnclear s is the status that stands. The exponents it
// quotes are those of the distance and the step length, b/2 and c/2, each
// with its one sign; it ends with what was tested over which steps.
func (d *diag) explain(s Status, reason string) string {
	dd := &d.d
	span := fmt.Sprintf("over steps %d to %d", dd.From, dd.To)
	from := fmt.Sprintf("the distance from step %d", dd.Anchor)
	// The slopes are against the lag n - n0.
	n := "n"
	if dd.Anchor > 0 {
		n = fmt.Sprintf("(n-%d)", dd.Anchor)
	}
	pow := func(e float64) string { return n + "^" + exponent(e) }
	var text string
	tested := true
	switch reason {
	case ReasonMoving:
		text = fmt.Sprintf("transient: still moving: %s %s grows like %s (+-%.2f), faster than %s",
			span, from, pow(dd.DistSlope/2), dd.DistSlopeErr/2, pow(MovingSlope/2))
	case ReasonReturning:
		text = fmt.Sprintf("transient: coming back: %s %s shrinks like %s (+-%.2f)",
			span, from, pow(dd.DistSlope/2), dd.DistSlopeErr/2)
	case ReasonGrowing:
		text = fmt.Sprintf("transient: %s the steps grow like %s (+-%.2f)", span, pow(dd.StepSlope/2), dd.StepSlopeErr/2)
	case ReasonConstRate:
		text = fmt.Sprintf("transient: %s the steps shrink like %s (+-%.2f), but the learning rate and the batch stay constant from step %d on and the gradients are noisy: the steps cannot keep shrinking (the theorem), the noise ball is still settling",
			span, pow(dd.StepSlope/2), dd.StepSlopeErr/2, max(d.driveEnd, 1))
	case ReasonSlowing:
		text = fmt.Sprintf("transient: the steps shrink less and less: like %s (+-%.2f) %s, like %s (+-%.2f) over the %d windows before",
			pow(dd.StepSlope/2), dd.StepSlopeErr/2, span, pow(dd.PrevStepSlope/2), dd.PrevStepSlopeErr/2, d.k)
	case ReasonSettled:
		text = fmt.Sprintf("stationary: not converging, a noise ball of size %.3g with steps of %.3g: %s %s no longer grows (like %s) and the steps do not shrink (like %s)",
			dd.Ball, dd.StepRMS, span, from, pow(dd.DistSlope/2), pow(dd.StepSlope/2))
	case ReasonStopped:
		text = fmt.Sprintf("converging: %s the learning rate is 0 and the iterates stopped (steps of exactly 0)", span)
	case ReasonPrecision:
		w := d.hist[len(d.hist)-1]
		if math.IsInf(w.fall, -1) {
			text = fmt.Sprintf("at machine precision: at step %d the steps are exactly 0 although the learning rate is not", w.end)
		} else {
			text = fmt.Sprintf("at machine precision: at step %d the steps (%.3g) change only the last bits of the iterates (%.3g)",
				w.end, math.Sqrt(detmath.Exp(w.fall)), math.Sqrt(w.pos2))
		}
		tested = false
	case ReasonGeometric:
		text = fmt.Sprintf("converging geometrically: %s the step length shrinks by a factor %.4g a step, down to %.3g: a straight line against n on a log scale (a t-test on its slope, and a fit at least 4 times closer than a power of n)",
			span, dd.Factor, math.Sqrt(detmath.Exp(d.hist[len(d.hist)-1].fall)))
		tested = false
	case ReasonShrinking, ReasonWrongLimit:
		switch {
		case dd.StepSlope/2 < -5:
			text = fmt.Sprintf("converging: %s the steps shrink faster than any power of %s (%.3g)", span, n, dd.StepRMS)
		case dd.Ball > 0 && dd.BallSlope < 0:
			text = fmt.Sprintf("converging: %s the noise ball shrinks like %s (size %.3g) and the steps like %s (%.3g)",
				span, pow(dd.BallSlope), dd.Ball, pow(dd.StepSlope/2), dd.StepRMS)
		default:
			text = fmt.Sprintf("converging: %s the steps shrink like %s (%.3g)", span, pow(dd.StepSlope/2), dd.StepRMS)
		}
		if reason == ReasonWrongLimit {
			text = fmt.Sprintf("converging to a point that is not the minimizer: the runs' mean stays %.3g (+-%.2g) from theta* = (%g, %g); %s",
				dd.Offset, dd.OffsetErr, d.star[0], d.star[1], text[len("converging: "):])
		}
	case ReasonTooEarly:
		text = fmt.Sprintf("transient: too early to judge: %s the steps shrink like %s (+-%.2f), but a rate needs %d windows since step %d to be checked",
			span, pow(dd.StepSlope/2), dd.StepSlopeErr/2, 2*d.k, dd.Anchor)
	case ReasonUnclear:
		text = fmt.Sprintf("%s (unclear: %s %s grows like %s (+-%.2f), the steps like %s (+-%.2f))",
			s, span, from, pow(dd.DistSlope/2), dd.DistSlopeErr/2, pow(dd.StepSlope/2), dd.StepSlopeErr/2)
	}
	if tested && dd.HasSlopes && dd.DOF > 0 {
		text += fmt.Sprintf("; tested: one-sided t-tests at %g%% (t = %.2f, %g degrees of freedom) on the log-log slopes fitted over %d windows, %d runs",
			100*slopeAlpha, trend.TQuantile(1-slopeAlpha, dd.DOF), dd.DOF, d.k, d.runs)
	}
	switch h := dd.Halvings; {
	case h == 1:
		text += "; sched=auto has halved the learning rate once"
	case h == 2:
		text += "; sched=auto has halved the learning rate twice"
	case h > 2:
		text += fmt.Sprintf("; sched=auto has halved the learning rate %d times", h)
	}
	return text
}

// exponent writes the exponent e with its one sign, "0" when it rounds to
// 0 at two decimals: "-0.33", "+0.04", "0".
func exponent(e float64) string {
	if math.Abs(e) < 0.005 {
		return "0"
	}
	return fmt.Sprintf("%+.2f", e)
}

func (d *diag) divergedText(l *Lane) string {
	first := 0
	for _, at := range l.divergedAt {
		if at > 0 && (first == 0 || at < first) {
			first = at
		}
	}
	return fmt.Sprintf("diverged: %d of %d runs left the box |theta_i| <= %g, the first at step %d",
		l.diverged, len(l.theta), float64(DivergenceBox), first)
}

// ballSlope fits log Ball against log lag over the last K windows; 0 if
// some window has no ball (a single point, or identical runs).
func (d *diag) ballSlope() float64 {
	var xbar, ybar float64
	var ys [maxWindows]float64
	for w := range d.k {
		if !(d.ball[w] > 0) {
			return 0
		}
		ys[w] = detmath.Log(d.ball[w])
		xbar += d.x[w]
		ybar += ys[w]
	}
	xbar /= float64(d.k)
	ybar /= float64(d.k)
	var sxx, sxy float64
	for w := range d.k {
		sxx += float64((d.x[w] - xbar) * (d.x[w] - xbar))
		sxy += float64((d.x[w] - xbar) * (ys[w] - ybar))
	}
	return sxy / sxx
}
