package sim

import (
	"fmt"
	"math"

	"noiseball/sim/detmath"
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
)

// Statuses returns every Status.
func Statuses() []Status { return []Status{Transient, Stationary, Converging, Diverged} }

// String returns "transient", "stationary", "converging" or "diverged".
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
	}
	return fmt.Sprintf("Status(%d)", int(s))
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

	// slopeZ is how many standard errors a slope must clear its threshold
	// by for a verdict: 2, a one-sided 2.3% error per verdict. An unclear
	// verdict keeps the previous status.
	slopeZ = 2

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

	d Diagnostics // the last verdict

	real *realLane // a real model's d-dimensional runs (realdiag.go), or nil
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
	d.pflugPairs = 0
	d.time0, d.time0n = [3]float64{}, 0
	d.closed++
	lag := d.hi - d.d.Anchor
	d.lo = d.hi
	d.hi = d.d.Anchor + max(lag+d.width, int(math.Ceil(float64(lag)*diagRatio)))
	d.d.Checked = n
	if d.d.Status == Diverged || d.closed < d.k {
		return false
	}
	return d.verdict(l, n)
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
	zero      bool // some window mean is 0: the log is -Inf
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
	if c.zero {
		dd.StepSlope, dd.StepSlopeErr = 0, 0
	}
	if b.zero {
		dd.DistSlope, dd.DistSlopeErr = 0, 0
	}
	dd.Ball = d.ball[last]
	dd.BallSlope = 0
	dd.StepRMS = math.Sqrt(mean(d.steps[last], alive, live))
	dd.DistRMS = math.Sqrt(mean(d.omega[last], alive, live))
	dd.BallSlope = d.ballSlope()
	dd.SampleDiverged, dd.Diverged, dd.Total = sampleDiverged, l.diverged, len(l.theta)

	status, reason := classify(dd.DistSlope, dd.DistSlopeErr, dd.StepSlope, dd.StepSlopeErr, c.zero)
	if reason == ReasonUnclear {
		dd.Reason = ReasonUnclear
		dd.Explanation = d.explain(dd.Status, ReasonUnclear)
		return false
	}
	d.setStatus(status, n, reason, d.explain(status, reason))
	return status == Stationary
}

// The reasons for a verdict (Diagnostics.Reason), stable identifiers for
// the page's translations.
const (
	ReasonTooEarly  = "too-early"  // Transient: fewer than K windows since the anchor
	ReasonMoving    = "moving"     // Transient: b - z se(b) > B
	ReasonReturning = "returning"  // Transient: b + z se(b) < -B, the distance from the anchor shrinks
	ReasonGrowing   = "steps-grow" // Transient: c - z se(c) > C, the steps grow
	ReasonShrinking = "shrinking"  // Converging: c + z se(c) < -C
	ReasonStopped   = "stopped"    // Converging: the steps are exactly 0
	ReasonSettled   = "settled"    // Stationary
	ReasonUnclear   = "unclear"    // no rule applied to the last window: the status is the previous one
	ReasonDiverged  = "diverged"   // Diverged
	ReasonOff       = "off"        // the diagnostics are switched off
)

// classify applies the rules of Diagnostics to the slopes b and c with
// their standard errors (stopped: the steps of the last windows are
// exactly 0): the status and the reason, ReasonUnclear when no rule applies.
func classify(b, sb, c, sc float64, stopped bool) (Status, string) {
	const B, C, z = MovingSlope, ShrinkingSlope, slopeZ
	switch {
	case b-float64(z*sb) > B:
		return Transient, ReasonMoving
	case stopped:
		return Converging, ReasonStopped
	case c+float64(z*sc) < -C:
		return Converging, ReasonShrinking
	case b+float64(z*sb) < B && b-float64(z*sb) > -B && c-float64(z*sc) > -C && c < C:
		return Stationary, ReasonSettled
	case b+float64(z*sb) < -B:
		return Transient, ReasonReturning
	case c-float64(z*sc) > C:
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
// quotes are those of the distance and the step length, b/2 and c/2.
func (d *diag) explain(s Status, reason string) string {
	dd := &d.d
	span := fmt.Sprintf("over steps %d to %d", dd.From, dd.To)
	from := fmt.Sprintf("the distance from step %d", dd.Anchor)
	// The slopes are against the lag n - n0.
	n := "n"
	if dd.Anchor > 0 {
		n = fmt.Sprintf("(n-%d)", dd.Anchor)
	}
	var text string
	switch reason {
	case ReasonMoving:
		text = fmt.Sprintf("transient: still moving: %s %s grows like %s^%.2f (+-%.2f), faster than %s^%g",
			span, from, n, dd.DistSlope/2, dd.DistSlopeErr/2, n, MovingSlope/2)
	case ReasonReturning:
		text = fmt.Sprintf("transient: coming back: %s %s shrinks like %s^%.2f (+-%.2f)",
			span, from, n, dd.DistSlope/2, dd.DistSlopeErr/2)
	case ReasonGrowing:
		text = fmt.Sprintf("transient: %s the steps grow like %s^%+.2f (+-%.2f)", span, n, dd.StepSlope/2, dd.StepSlopeErr/2)
	case ReasonSettled:
		text = fmt.Sprintf("stationary: not converging, a noise ball of size %.3g with steps of %.3g: %s %s no longer grows (like %s^%.2f) and the steps do not shrink (like %s^%+.2f)",
			dd.Ball, dd.StepRMS, span, from, n, dd.DistSlope/2, n, dd.StepSlope/2)
	case ReasonStopped:
		text = fmt.Sprintf("converging: %s the iterates stopped moving (steps of exactly 0)", span)
	case ReasonShrinking:
		switch {
		case dd.StepSlope/2 < -5:
			text = fmt.Sprintf("converging: %s the steps shrink faster than any power of %s (%.3g)", span, n, dd.StepRMS)
		case dd.Ball > 0 && dd.BallSlope < 0:
			text = fmt.Sprintf("converging: %s the noise ball shrinks like %s^%.2f (size %.3g) and the steps like %s^%.2f (%.3g)",
				span, n, dd.BallSlope, dd.Ball, n, dd.StepSlope/2, dd.StepRMS)
		default:
			text = fmt.Sprintf("converging: %s the steps shrink like %s^%.2f (%.3g)", span, n, dd.StepSlope/2, dd.StepRMS)
		}
	case ReasonUnclear:
		text = fmt.Sprintf("%s (unclear: %s %s grows like %s^%.2f (+-%.2f), the steps like %s^%+.2f (+-%.2f))",
			s, span, from, n, dd.DistSlope/2, dd.DistSlopeErr/2, n, dd.StepSlope/2, dd.StepSlopeErr/2)
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
