package sim

import (
	"math"

	"noiseball/sim/detmat"
)

// Summary describes a quantity over the live runs of a lane: its mean and its
// 10%, 50% and 90% quantiles. The quantiles are empirical (gonum's
// stat.Empirical): the p-quantile of R values is the smallest value that is
// at least a fraction p of them. With no live runs every field is 0.
type Summary struct {
	Mean, Q10, Q50, Q90 float64
}

// Snapshot holds the metrics of one lane at one step n. Its statistics are
// over the live runs only; diverged runs are counted and otherwise left out,
// so no field is ever NaN or infinite (with no live runs they are 0).
type Snapshot struct {
	Step         int     // n
	LearningRate float64 // gamma_n; gamma_1, the first step's, at n = 0
	Batch        int     // J_n; J_1 at n = 0

	LossGap  Summary // L(theta_n) - L*
	Dist     Summary // ||theta_n - theta*||
	StepNorm Summary // ||theta_n - theta_{n-1}||, 0 at n = 0

	// Spread is the ensemble spread sqrt(trace Cov theta_n), with the
	// unbiased sample covariance 1/(R-1) sum_r (theta_n,r - Mean)(...)^T over
	// the R live runs; 0 when R < 2.
	Spread float64
	Mean   Vec // the ensemble mean of theta_n over the live runs
	Polyak Vec // run 0's running average, Lane.Polyak

	// Reach is how far the cloud reaches on a real model's plane: the 90%
	// quantile over the live runs of max(|u|, |w|), their plane
	// coordinates' larger magnitude (the picture frames the plane by it).
	// It is 0 on the 2-D problems.
	Reach float64

	Live, Diverged int // runs alive and diverged (they add up to Config.Runs)

	// StepBound is the a-priori bound C_n gamma_n on every run's step
	// length ||theta_n - theta_{n-1}|| (StepBoundFactor), for Adam, AMSGrad,
	// RMSprop and AdamW without weight decay, when HasStepBound is true
	// (never at n = 0).
	StepBound    float64
	HasStepBound bool

	// Status is the lane's convergence verdict (Experiment.Diagnostics) and
	// StatusSince the step at which it last changed.
	Status      Status
	StatusSince int

	// Predicted is the spread MATH.md predicts (Prediction), when
	// HasPrediction is true; PredictionExact tells whether it is exact or
	// an approximation.
	Predicted       float64
	HasPrediction   bool
	PredictionExact bool

	// A real model's metrics that take a pass over the data (realmetrics.go)
	// were measured at step EvalStep <= Step over its first EvalRuns live
	// runs: LossGap (for them the training objective's gap to theta*),
	// and, when HasHeldout, the held-out split's mean loss HeldoutLoss and,
	// for a classifier (HasAccuracy), the fraction it classifies right,
	// HeldoutAcc. On the 2-D problems EvalStep = Step and EvalRuns = Live.
	EvalStep, EvalRuns      int
	HeldoutLoss, HeldoutAcc Summary
	HasHeldout, HasAccuracy bool
}

// predict makes each lane's prediction of its spread (the charts' dashed
// line) and the snapshots' scratch, on the first Snapshot or in Prepare; a
// real model's may solve with its Hessian (oracle.go), pausing between
// pieces.
func (e *Experiment) predict(pause detmat.Pause) {
	e.theory = make([]predictor, len(e.lanes))
	for i, l := range e.lanes {
		if l.real != nil {
			e.theory[i] = e.realPrediction(i, pause)
			continue
		}
		p := NewPrediction(e.cfg, i)
		if k := l.cfg.Schedule.Kind; k == Auto || k == Plateau {
			p.rate = l.rateAt
		}
		e.theory[i] = p
	}
	for i := range e.scratch {
		e.scratch[i] = make([]float64, e.cfg.Runs)
	}
}

// Snapshot returns the metrics of lane k at the current step. It takes time
// linear in Config.Runs (the quantiles are found by selection, not sorting)
// and, for the prediction, in the steps since the last call.
func (e *Experiment) Snapshot(k int) Snapshot {
	l := e.lanes[k]
	n := e.n
	c := &l.cfg
	s := Snapshot{
		Step:         n,
		LearningRate: c.Schedule.LearningRate(max(n, 1)),
		Batch:        c.Batch.BatchSize(max(n, 1)),
		Polyak:       l.Polyak(),
		Diverged:     l.diverged,
	}
	if n > 0 {
		s.LearningRate, s.Batch = l.gamma, l.batch
		if f, ok := StepBoundFactor(*c, n); ok {
			s.StepBound, s.HasStepBound = f*l.gamma, true
		}
	}
	s.Status, s.StatusSince = l.diag.d.Status, l.diag.d.Since
	if e.theory == nil {
		e.predict(nil)
	}
	s.Predicted, s.HasPrediction = e.theory[k].Spread(n)
	s.PredictionExact = s.HasPrediction && e.theory[k].Exact()
	if l.real != nil {
		e.snapshotReal(l, &s)
		return s
	}
	s.EvalStep = n

	// Sums of deviations from the first live run's position, so that
	// identical runs (no noise) give their position and a spread of exactly
	// 0, and rounding stays small when the runs sit far from the origin.
	var ref, sum Vec
	var sq float64 // sum of squared deviations from ref
	gaps, dists, steps := e.scratch[0][:0], e.scratch[1][:0], e.scratch[2][:0]
	p := &e.grad
	star := e.cfg.Problem.Minimizer()
	for r, th := range l.theta {
		if !l.alive[r] {
			continue
		}
		if s.Live == 0 {
			ref = th
		}
		s.Live++
		d := th.Sub(ref)
		sum = sum.Add(d)
		sq += float64(d[0]*d[0]) + float64(d[1]*d[1])
		gaps = append(gaps, p.lossGap(th))
		dists = append(dists, th.Sub(star).Norm())
		steps = append(steps, th.Sub(l.prev[r]).Norm())
	}
	s.EvalRuns = s.Live
	if s.Live == 0 {
		return s
	}
	live := float64(s.Live)
	s.Mean = Vec{ref[0] + sum[0]/live, ref[1] + sum[1]/live}
	if s.Live > 1 {
		// sum_r ||theta_r - mean||^2 = sum_r ||d_r||^2 - ||sum_r d_r||^2 / R.
		ss := sq - (float64(sum[0]*sum[0])+float64(sum[1]*sum[1]))/live
		s.Spread = math.Sqrt(max(ss, 0) / (live - 1))
	}
	s.LossGap = summarize(gaps)
	s.Dist = summarize(dists)
	s.StepNorm = summarize(steps)
	return s
}

// summarize returns the Summary of xs, reordering xs. The mean is
// x_0 + sum (x_i - x_0) / n, exact when all the values are equal.
func summarize(xs []float64) Summary {
	sum := 0.0
	for _, x := range xs {
		sum += x - xs[0]
	}
	var s Summary
	s.Mean = xs[0] + sum/float64(len(xs))
	s.Q10, s.Q50, s.Q90 = quantiles3(xs)
	return s
}

// ensembleMean returns the mean of theta_n over the live runs of l and how
// many live, computed exactly as Snapshot computes Mean (the same sums in
// the same order, so the same bits): ref + sum_r (theta_r - ref) / R with
// ref the first live run's position.
func ensembleMean(l *Lane) (Vec, int) {
	var ref, sum Vec
	live := 0
	for r, th := range l.theta {
		if !l.alive[r] {
			continue
		}
		if live == 0 {
			ref = th
		}
		live++
		sum = sum.Add(th.Sub(ref))
	}
	if live == 0 {
		return Vec{}, 0
	}
	lf := float64(live)
	return Vec{ref[0] + sum[0]/lf, ref[1] + sum[1]/lf}, live
}
