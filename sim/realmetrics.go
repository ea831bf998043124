package sim

import (
	"math"

	"noiseball/sim/detmath"
	"noiseball/sim/model"
)

// The metrics of a real model that need a pass over the data (the
// training loss gap, the held-out loss and accuracy) are measured on a
// bounded schedule, over the first EvalRuns' live runs of each lane
// (evalRuns: R/8 of R runs, from 2 to EvalRuns), so that they cost at
// most about a fifth of the steps' work: at step 0, and then each time
// both the step has grown by a factor 10^(1/EvalPerDecade) and the runs
// have worked through at least EvalShare times the examples that an
// evaluation reads,
//
//	next(n) = max(n + 1, ceil(n 10^(1/EvalPerDecade)), n + ceil(EvalShare EvalRuns' (N + N_test) / (R J_1))),
//
// N + N_test all the examples, R the runs per lane and J_1 the first
// batch size: for linreg or logreg with 1,000 runs every step up to 9 and
// then about 20 evaluations per decade; for the MLP with 100 runs one
// every 1,080 steps until about 2 10^4, then 20 per decade. A
// Snapshot reports the last evaluation, at or before its step
// (Snapshot.EvalStep). The schedule is a function of the configuration
// and n alone, so the command line and the page report the same numbers
// for the same step; Config.Steps, the view's last step, is always on it.
const (
	EvalPerDecade = 20
	EvalRuns      = 16
	EvalShare     = 5
)

// evalRatio is 10^(1/EvalPerDecade), the schedule's growth per evaluation.
var evalRatio = detmath.Exp(math.Ln10 / EvalPerDecade)

// evalRuns returns EvalRuns', how many runs of a lane of R runs an
// evaluation measures: R/8, at least 2 and at most EvalRuns (and at most R),
// so that a few runs give held-out numbers often rather than all of them
// seldom.
func evalRuns(runs int) int { return min(runs, max(2, min(EvalRuns, runs/8))) }

// evalGap returns the fewest steps between two evaluations of an
// experiment with the given runs and first batch on a data set of
// examples (training and held out).
func evalGap(runs, batch, examples int) int {
	w := EvalShare * evalRuns(runs) * examples
	rb := runs * batch
	return (w + rb - 1) / rb
}

// nextEval returns the evaluation step after step n, with the fewest
// steps gap between two, and last, the experiment's last step, always one
// of them (so that a sweep's cell ends on one).
func nextEval(n, gap, last int) int {
	next := max(n+1, int(math.Ceil(float64(n)*evalRatio)), n+gap)
	if n < last && next > last {
		next = last
	}
	return next
}

// evaluation is a lane's last full-data evaluation.
type evaluation struct {
	step        int
	runs        int     // how many runs it measured
	gap         Summary // L(theta) + lambda/2 ||theta||^2 - that at theta*, on the training split
	loss, acc   Summary // the held-out split's mean loss and accuracy
	hasAccuracy bool    // a classifier (not linreg)
}

// work evaluates every lane at step n (Experiment.Work): the first
// evalRuns(R) live runs of each, one run after another and each in parts
// of evalPart examples, at least one part and then as many as budget
// run-steps pay for (evalRunCost a run; the sums over a split are taken
// in the examples' order whatever the parts, so the numbers do not depend
// on the budget). It returns
// their cost and whether every lane is done; then the lanes' evaluations
// are those of step n, and the next evaluation step is set.
func (re *realExperiment) work(e *Experiment, n int, budget float64) (float64, bool) {
	const evalPart = 256 // examples of a run's evaluation between looks at the budget
	cost := evalRunCost(e.cfg.Problem)
	spent := 0.0
	for ; re.lane < len(e.lanes); re.lane++ {
		l := e.lanes[re.lane]
		r := l.real
		want := evalRuns(len(l.alive))
		if re.pos == 0 {
			for i := range re.buf {
				re.buf[i] = re.buf[i][:0]
			}
		}
		lambda := objectiveDecay(l.cfg)
		train, test := &r.m.Set.Train, &r.m.Set.Test
		rows := train.N + test.N
		for re.pos < len(l.alive) && len(re.buf[0]) < want {
			i := re.pos
			if !l.alive[i] {
				re.pos++
				continue
			}
			// The run's evaluation in parts of evalPart examples (a run
			// of the MLP with 64 hidden units is about 5 ms natively).
			th := r.run(i)
			for re.at < rows {
				if spent > 0 && spent >= budget {
					return spent, false
				}
				to := min(re.at+evalPart, rows)
				if re.at < train.N {
					to = min(to, train.N)
					r.m.AddLoss(th, train, re.at, to, &re.train, &r.scratch)
				} else {
					r.m.AddLoss(th, test, re.at-train.N, to-train.N, &re.test, &r.scratch)
				}
				spent += cost * float64(to-re.at) / float64(rows)
				re.at = to
			}
			l, _ := re.train.Mean(train)
			re.buf[0] = append(re.buf[0], model.Regularized(l, lambda, th)-r.ref.opt.Objective)
			loss, acc := re.test.Mean(test)
			re.buf[1] = append(re.buf[1], loss)
			re.buf[2] = append(re.buf[2], acc)
			re.pos++
			re.at, re.train, re.test = 0, model.LossSum{}, model.LossSum{}
		}
		ev := evaluation{step: n, hasAccuracy: r.m.Kind != model.LinReg}
		if ev.runs = len(re.buf[0]); ev.runs > 0 {
			ev.gap, ev.loss, ev.acc = summarize(re.buf[0]), summarize(re.buf[1]), summarize(re.buf[2])
		}
		r.eval = ev
		re.pos = 0
	}
	re.lane = 0
	re.next = nextEval(n, re.gap, e.cfg.Steps)
	return spent, true
}

// spread returns the ensemble spread sqrt(trace Cov theta) in R^d of the
// runs marked alive (the unbiased sample covariance, 0 for fewer than two)
// and how many they are. Deviations are taken from the first such run, as
// Snapshot does in the plane.
func (r *realLane) spread(alive []bool) (float64, int) {
	var first []float64
	sum := make([]float64, r.d)
	var sq float64
	live := 0
	for i, a := range alive {
		if !a {
			continue
		}
		th := r.run(i)
		if live == 0 {
			first = th
		}
		live++
		for j, x := range th {
			dv := x - first[j]
			sum[j] += dv
			sq += float64(dv * dv)
		}
	}
	if live < 2 {
		return 0, live
	}
	lf := float64(live)
	ss := sq - dot0(sum)/lf
	return math.Sqrt(max(ss, 0) / (lf - 1)), live
}

// snapshotReal fills the run statistics of a real model's lane into s:
// Mean, Polyak and Reach in the plane (the projections' mean is the mean's
// projection), the spread, distance and step length in R^d with the step
// bound for d coordinates, and the last evaluation's loss gap and held-out
// metrics.
func (e *Experiment) snapshotReal(l *Lane, s *Snapshot) {
	r := l.real
	mean, live := ensembleMean(l)
	s.Live = live
	if live == 0 {
		e.evaluation(l, s)
		return
	}
	s.Mean = mean
	s.Spread, _ = r.spread(l.alive)
	reach, dists, steps := e.scratch[0][:0], e.scratch[1][:0], e.scratch[2][:0]
	star := r.ref.opt.Theta
	for i, a := range l.alive {
		if a {
			reach = append(reach, math.Max(math.Abs(l.theta[i][0]), math.Abs(l.theta[i][1])))
			dists = append(dists, math.Sqrt(sqDist(r.run(i), star)))
			steps = append(steps, math.Sqrt(r.stepSq[i]))
		}
	}
	k := quantileIndex(0.9, len(reach))
	selectKth(reach, k)
	s.Reach = reach[k]
	s.Dist = summarize(dists)
	s.StepNorm = summarize(steps)
	if s.HasStepBound {
		// StepBoundFactor bounds each coordinate's step alike: sqrt(2) A_n
		// for two coordinates, sqrt(d) A_n for d.
		s.StepBound *= math.Sqrt(float64(r.d) / 2)
	}
	e.evaluation(l, s)
}

// evaluation copies the lane's last evaluation into s (0 where no run
// lived then).
func (e *Experiment) evaluation(l *Lane, s *Snapshot) {
	ev := &l.real.eval
	s.EvalStep, s.EvalRuns = ev.step, ev.runs
	s.LossGap = ev.gap
	s.HasHeldout, s.HeldoutLoss = true, ev.loss
	s.HasAccuracy = ev.hasAccuracy
	s.HeldoutAcc = ev.acc
}

// addMean adds the ensemble mean in R^d of the live runs to the sweep's
// time sum.
func (r *realLane) addMean(alive []bool) {
	if r.meanSum == nil {
		r.meanSum = make([]float64, r.d)
	}
	m := make([]float64, r.d)
	live := 0
	for i, a := range alive {
		if a {
			for j, x := range r.run(i) {
				m[j] += x
			}
			live++
		}
	}
	for j := range m {
		r.meanSum[j] += m[j] / float64(live)
	}
	r.meanN++
}

// bias returns ||Mean_d - theta*||, the distance of the sweep's time
// average of the ensemble mean from this lane's theta*, or 0 without one.
func (r *realLane) bias() float64 {
	if r.meanN == 0 {
		return 0
	}
	m := make([]float64, r.d)
	for j, s := range r.meanSum {
		m[j] = s / float64(r.meanN)
	}
	return math.Sqrt(sqDist(m, r.ref.opt.Theta))
}
