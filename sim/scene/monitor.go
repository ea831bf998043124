package scene

import (
	"math"

	"noiseball/sim"
)

// MonitorTitles are the monitor charts, top to bottom, titled as the game
// titles them: loss gap, distance to the minimizer, step length, spread
// and learning rate. The titles are formulas, so a picture needs no
// translation. Each chart plots, per lane and against the step n on
// log-log axes, the ensemble mean with its 10-90% band where there is one,
// and the theory's prediction where sim/MATH.md has one.
var MonitorTitles = []string{"L(θₙ) − L*", "|θₙ − θ*|", "|θₙ − θₙ₋₁|", "√tr Cov θₙ", "γₙ"}

// MonitorIDs returns the monitor charts' names, in the order of
// MonitorTitles: the ids by which the page and its guide (the chart of a
// step in story.json) name them.
func MonitorIDs() []string { return []string{"loss", "dist", "step", "spread", "lr"} }

// Series is what one lane contributes to one monitor chart. Lo, Hi and
// Theory may be nil.
type Series struct {
	X, Mean, Lo, Hi, Theory []float64
}

// MonitorSeries returns the data of monitor chart k (an index into
// MonitorTitles) from one lane's snapshots, in step order, of an experiment
// with the given runs per lane: the 10-90% band needs more than one run.
func MonitorSeries(snaps []sim.Snapshot, k, runs int) Series {
	var se Series
	se.Fill(snaps, k, runs)
	return se
}

// Fill sets se to MonitorSeries(snaps, k, runs), reusing se's slices: a
// caller that redraws often spares the garbage collector.
func (se *Series) Fill(snaps []sim.Snapshot, k, runs int) {
	n := len(snaps)
	resize := func(b []float64) []float64 {
		if cap(b) < n {
			return make([]float64, n, 2*n)
		}
		return b[:n]
	}
	se.X, se.Mean = resize(se.X), resize(se.Mean)
	var sum func(sim.Snapshot) sim.Summary
	switch k {
	case 0:
		sum = func(s sim.Snapshot) sim.Summary { return s.LossGap }
	case 1:
		sum = func(s sim.Snapshot) sim.Summary { return s.Dist }
	case 2:
		sum = func(s sim.Snapshot) sim.Summary { return s.StepNorm }
	}
	bands := sum != nil && runs > 1
	if bands {
		se.Lo, se.Hi = resize(se.Lo), resize(se.Hi)
	} else {
		se.Lo, se.Hi = nil, nil
	}
	// The dashed line: the theory's spread on chart 3, and on chart 2 the
	// a-priori bound on Adam's and RMSprop's step length.
	has := func(s sim.Snapshot) (float64, bool) {
		switch k {
		case 2:
			return s.StepBound, s.HasStepBound
		case 3:
			return s.Predicted, s.HasPrediction
		}
		return 0, false
	}
	theory := false
	for _, s := range snaps {
		_, ok := has(s)
		theory = theory || ok
	}
	if theory {
		se.Theory = resize(se.Theory)
	} else {
		se.Theory = nil
	}
	for i, s := range snaps {
		se.X[i] = float64(s.Step)
		switch {
		case sum != nil:
			q := sum(s)
			se.Mean[i] = q.Mean
			if bands {
				se.Lo[i], se.Hi[i] = q.Q10, q.Q90
			}
		case k == 3:
			se.Mean[i] = s.Spread
		default:
			se.Mean[i] = s.LearningRate
		}
		if theory {
			// 0 where there is no line: a log axis skips it.
			v, _ := has(s)
			se.Theory[i] = v
		}
	}
}

// MonitorChart returns the chart that plots every lane's series in the
// plotting area area: log-log, the step axis from 1 to the last step (at
// least 10), so that the newest data sit at the right edge, and the value
// axis over whole powers of ten holding every positive value. ok is false
// when there is nothing to plot.
func MonitorChart(area Rect, all []Series) (ch Chart, ok bool) {
	var xs, ys [][]float64
	for _, s := range all {
		xs = append(xs, s.X)
		ys = append(ys, s.Mean, s.Lo, s.Hi, s.Theory)
	}
	_, okx := Span(true, xs...)
	ya, oky := Span(true, ys...)
	if !okx || !oky {
		return Chart{}, false
	}
	last := 10.0
	for _, x := range xs {
		if len(x) > 0 {
			last = math.Max(last, x[len(x)-1])
		}
	}
	return Chart{Plot: area, X: Axis{Lo: 1, Hi: last, Log: true}, Y: ya}, true
}
