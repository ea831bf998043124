package sim

import (
	"io"
	"strconv"
)

// CSVColumns returns the header of the CSV that WriteCSV writes. The first
// nine columns are the headless CLI's contract; the lane is numbered from 1,
// as in links, and the statistics are those of Snapshot: loss_gap, dist and
// step_norm are means over the live runs, their _q10, _q50, _q90 columns
// quantiles, theory_spread is empty where MATH.md has no prediction, and
// status is the lane's live diagnosis at that step (Experiment.Diagnostics,
// Status.String: the ids the page uses, such as stationary or geometric).
func CSVColumns() []string {
	return []string{
		"lane", "step", "lr", "loss_gap", "dist", "step_norm", "spread", "mean_x", "mean_y",
		"batch", "live", "diverged",
		"loss_gap_q10", "loss_gap_q50", "loss_gap_q90",
		"dist_q10", "dist_q50", "dist_q90",
		"step_norm_q10", "step_norm_q50", "step_norm_q90",
		"polyak_x", "polyak_y", "theory_spread", "status",
	}
}

// ModelCSVColumns are the columns CSVColumnsFor adds for a real model:
// the last evaluation's mean held-out loss and accuracy (Snapshot.HeldoutLoss,
// HeldoutAcc; the accuracy is empty for linreg, a regression).
var ModelCSVColumns = []string{"heldout_loss", "heldout_acc"}

// CSVColumnsFor returns the header of c's CSV: CSVColumns, and
// ModelCSVColumns for a real model.
func CSVColumnsFor(c Config) []string {
	if c.Problem.Kind.Real() {
		return append(CSVColumns(), ModelCSVColumns...)
	}
	return CSVColumns()
}

// AppendCSV appends to dst the CSV row (with its newline) of snapshot s of
// lane k, counted from 0 (written from 1), with the ModelCSVColumns when s
// is a real model's (HasHeldout). Numbers are written in the
// shortest form that reads back to the same float64 (strconv 'g', -1), so
// the text is exact and the same on every platform.
func AppendCSV(dst []byte, k int, s Snapshot) []byte {
	f := func(x float64) {
		dst = append(dst, ',')
		dst = strconv.AppendFloat(dst, x, 'g', -1, 64)
	}
	i := func(x int) {
		dst = append(dst, ',')
		dst = strconv.AppendInt(dst, int64(x), 10)
	}
	dst = strconv.AppendInt(dst, int64(k+1), 10)
	i(s.Step)
	f(s.LearningRate)
	f(s.LossGap.Mean)
	f(s.Dist.Mean)
	f(s.StepNorm.Mean)
	f(s.Spread)
	f(s.Mean[0])
	f(s.Mean[1])
	i(s.Batch)
	i(s.Live)
	i(s.Diverged)
	for _, m := range []Summary{s.LossGap, s.Dist, s.StepNorm} {
		f(m.Q10)
		f(m.Q50)
		f(m.Q90)
	}
	f(s.Polyak[0])
	f(s.Polyak[1])
	if s.HasPrediction {
		f(s.Predicted)
	} else {
		dst = append(dst, ',')
	}
	dst = append(dst, ',')
	dst = append(dst, s.Status.String()...)
	if s.HasHeldout {
		f(s.HeldoutLoss.Mean)
		if s.HasAccuracy {
			f(s.HeldoutAcc.Mean)
		} else {
			dst = append(dst, ',')
		}
	}
	return append(dst, '\n')
}

// WriteCSV runs the experiment c from its start and writes to w the header
// (CSVColumnsFor) and one row per lane (AppendCSV) for step 0 and every
// every-th step up to steps. It returns the first error from w, or an error
// from c.Validate; every < 1 counts as 1. The header and the rows of each
// step are one Write each, as soon as they are computed, so that a writer
// can pass them on as they come: for many short rows, give it a buffered
// writer.
func WriteCSV(w io.Writer, c Config, steps, every int) error {
	e, err := New(c)
	if err != nil {
		return err
	}
	every = max(every, 1)
	var row []byte
	for j, name := range CSVColumnsFor(c) {
		if j > 0 {
			row = append(row, ',')
		}
		row = append(row, name...)
	}
	row = append(row, '\n')
	if _, err := w.Write(row); err != nil {
		return err
	}
	for {
		row = row[:0]
		for k := range e.Lanes() {
			row = AppendCSV(row, k, e.Snapshot(k))
		}
		if _, err := w.Write(row); err != nil {
			return err
		}
		if e.N()+every > steps {
			return nil
		}
		e.Steps(every)
	}
}
