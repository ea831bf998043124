package scene

import (
	"math"

	"noiseball/sim"
)

// MonitorTitles are the monitor charts of the 2-D problems, top to
// bottom, titled as the game titles them: loss gap, distance to the
// minimizer, step length, spread and learning rate. The titles are
// formulas, so a picture needs no translation. Each chart plots, per lane
// and against the step n on log-log axes, the ensemble mean with its
// 10-90% band where there is one, and the theory's prediction where
// sim/MATH.md has one. A chart's index here is its Monitor.
var MonitorTitles = []string{"L(θₙ) − L*", "|θₙ − θ*|", "|θₙ − θₙ₋₁|", "√tr Cov θₙ", "γₙ"}

// MonitorIDs returns the monitor charts' names, in the order of
// MonitorTitles: the ids by which the page and its guide (the chart of a
// step in story.json) name them.
func MonitorIDs() []string { return []string{"loss", "dist", "step", "spread", "lr"} }

// Monitor names a monitor chart: the 2-D problems' five are the indices of
// MonitorTitles, and a real model adds its held-out metrics.
type Monitor int

// The monitor charts. A real model's loss gap is the training objective's,
// L(θ) − L(θ*) on the whole training set, and its held-out loss and
// accuracy are measured on the held-out split; the three are measured on
// a bounded schedule of steps (sim.Snapshot.EvalStep) and plotted there.
const (
	MonitorLoss Monitor = iota
	MonitorDist
	MonitorStep
	MonitorSpread
	MonitorLR
	MonitorHeldoutLoss
	MonitorHeldoutAcc
)

// Title returns the chart's title: a formula for the 2-D problems' five
// (MonitorTitles), and for the held-out metrics their words in English
// (ChartWords; a picture writes them in its Labels' language).
func (m Monitor) Title() string {
	switch m {
	case MonitorHeldoutLoss, MonitorHeldoutAcc:
		return ChartWords()[m.ID()]
	}
	return MonitorTitles[m]
}

// ID returns the chart's name, as MonitorIDs and ChartIDs give it.
func (m Monitor) ID() string {
	switch m {
	case MonitorHeldoutLoss:
		return "heldout_loss"
	case MonitorHeldoutAcc:
		return "heldout_acc"
	}
	return MonitorIDs()[m]
}

// evaluated reports whether the chart plots a real model's evaluations,
// at their steps.
func (m Monitor) evaluated() bool {
	return m == MonitorLoss || m == MonitorHeldoutLoss || m == MonitorHeldoutAcc
}

// Monitors returns the charts a view of c shows, top to bottom: the five
// of MonitorTitles for the 2-D problems; for a real model the training
// loss gap, the held-out loss and, for a classifier, the held-out
// accuracy, then the other four.
func Monitors(c sim.Config) []Monitor {
	if !c.Problem.Kind.Real() {
		return []Monitor{MonitorLoss, MonitorDist, MonitorStep, MonitorSpread, MonitorLR}
	}
	ms := []Monitor{MonitorLoss, MonitorHeldoutLoss}
	if c.Problem.Kind != sim.LinReg {
		ms = append(ms, MonitorHeldoutAcc)
	}
	return append(ms, MonitorDist, MonitorStep, MonitorSpread, MonitorLR)
}

// ChartIDs returns the ids of the charts a view of problem kind k shows
// (Monitors), in order: what the page outlines over the canvas.
func ChartIDs(k sim.ProblemKind) []string {
	c := sim.Default()
	c.Problem.Kind = k
	var ids []string
	for _, m := range Monitors(c) {
		ids = append(ids, m.ID())
	}
	return ids
}

// Series is what one lane contributes to one monitor chart. Lo, Hi and
// Theory may be nil.
type Series struct {
	X, Mean, Lo, Hi, Theory []float64
	// Exact tells whether the Theory line is exact (sim.Snapshot's
	// PredictionExact at its last point); a chart labels the approximate.
	Exact bool
}

// MonitorSeries returns the data of monitor chart k (a Monitor) from one
// lane's snapshots, in step order, of an experiment with the given runs
// per lane: the 10-90% band needs more than one run.
func MonitorSeries(snaps []sim.Snapshot, k, runs int) Series {
	var se Series
	se.Fill(snaps, k, runs)
	return se
}

// Fill sets se to MonitorSeries(snaps, k, runs), reusing se's slices: a
// caller that redraws often spares the garbage collector. A chart of a
// real model's evaluations (the loss gap and the held-out metrics) plots
// each evaluation once, at the step it was made (sim.Snapshot.EvalStep);
// on the 2-D problems every snapshot is one.
func (se *Series) Fill(snaps []sim.Snapshot, k, runs int) {
	m := Monitor(k)
	// The snapshots plotted: each evaluation once for a chart of them.
	n := len(snaps)
	if m.evaluated() {
		n = 0
		for i := range snaps {
			if i == 0 || snaps[i].EvalStep != snaps[i-1].EvalStep {
				n++
			}
		}
	}
	resize := func(b []float64) []float64 {
		if cap(b) < n {
			return make([]float64, n, 2*n)
		}
		return b[:n]
	}
	se.X, se.Mean = resize(se.X), resize(se.Mean)
	var sum func(sim.Snapshot) sim.Summary
	switch m {
	case MonitorLoss:
		sum = func(s sim.Snapshot) sim.Summary { return s.LossGap }
	case MonitorDist:
		sum = func(s sim.Snapshot) sim.Summary { return s.Dist }
	case MonitorStep:
		sum = func(s sim.Snapshot) sim.Summary { return s.StepNorm }
	case MonitorHeldoutLoss:
		sum = func(s sim.Snapshot) sim.Summary { return s.HeldoutLoss }
	case MonitorHeldoutAcc:
		sum = func(s sim.Snapshot) sim.Summary { return s.HeldoutAcc }
	}
	bands := sum != nil && runs > 1
	if bands {
		se.Lo, se.Hi = resize(se.Lo), resize(se.Hi)
	} else {
		se.Lo, se.Hi = nil, nil
	}
	// The dashed line: the theory's spread on the spread's chart, and on
	// the step length's the a-priori bound on Adam's and RMSprop's.
	has := func(s sim.Snapshot) (float64, bool) {
		switch m {
		case MonitorStep:
			return s.StepBound, s.HasStepBound
		case MonitorSpread:
			return s.Predicted, s.HasPrediction
		}
		return 0, false
	}
	theory := false
	se.Exact = true
	for _, s := range snaps {
		if _, ok := has(s); ok {
			theory = true
			se.Exact = m != MonitorSpread || s.PredictionExact
		}
	}
	if theory {
		se.Theory = resize(se.Theory)
	} else {
		se.Theory = nil
	}
	i := 0
	for j, s := range snaps {
		if m.evaluated() && j > 0 && s.EvalStep == snaps[j-1].EvalStep {
			continue
		}
		se.X[i] = float64(s.Step)
		if m.evaluated() {
			se.X[i] = float64(s.EvalStep)
		}
		switch {
		case sum != nil:
			q := sum(s)
			se.Mean[i] = q.Mean
			if bands {
				se.Lo[i], se.Hi[i] = q.Q10, q.Q90
			}
		case m == MonitorSpread:
			se.Mean[i] = s.Spread
		default:
			se.Mean[i] = s.LearningRate
		}
		if theory {
			// 0 where there is no line: a log axis skips it.
			v, _ := has(s)
			se.Theory[i] = v
		}
		i++
	}
}

// MonitorChart returns the chart that plots every lane's series in the
// plotting area area: log-log, the step axis from 1 to the last step (at
// least 10), so that the newest data sit at the right edge, and the value
// axis over whole powers of ten holding every positive value. ok is false
// when there is nothing to plot.
func MonitorChart(area Rect, all []Series) (ch Chart, ok bool) {
	return monitorChart(area, all, 0, true)
}

// monitorChart is MonitorChart with the step axis reaching at least last
// and a linear value axis (padded by 5%) unless logY.
func monitorChart(area Rect, all []Series, last float64, logY bool) (ch Chart, ok bool) {
	var xs, ys [][]float64
	for _, s := range all {
		xs = append(xs, s.X)
		ys = append(ys, s.Mean, s.Lo, s.Hi, s.Theory)
	}
	_, okx := Span(true, xs...)
	ya, oky := Span(logY, ys...)
	if !okx || !oky {
		return Chart{}, false
	}
	last = math.Max(last, 10)
	for _, x := range xs {
		if len(x) > 0 {
			last = math.Max(last, x[len(x)-1])
		}
	}
	return Chart{Plot: area, X: Axis{Lo: 1, Hi: last, Log: true}, Y: ya}, true
}
