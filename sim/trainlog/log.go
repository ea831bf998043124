package trainlog

// MaxRows is the most rows Read keeps: twice 10^6, so that a run logged at
// every one of a million steps fits, and at most 48 MiB of float64s.
const MaxRows = 1 << 21

// MaxLine is the longest line Read accepts, in bytes, line ending included.
// Read's buffer has this size.
const MaxLine = 1 << 18

// A Log is a training run's loss curve as Read parsed it.
//
// Step holds the steps, strictly increasing; Loss and Norm hold the values
// logged at them. NaN in Loss or Norm marks a row without a usable value
// there (a row is kept when it has a step and at least one value). Norm is
// nil when the log has no norm column. The slices are exported so that a
// caller can also build a Log from a curve of its own for Analyze.
type Log struct {
	Step []float64
	Loss []float64
	Norm []float64

	// StepName, LossName and NormName are the columns' headers, or "step",
	// "loss" and "norm" for a file without a header; NormName is "" when
	// there is no norm column.
	StepName, LossName, NormName string
	Header                       bool // whether the file had a header line

	// Rows counts the data rows read: not blank lines, comments or the header.
	Rows int
	// MissingStep, MissingLoss and MissingNorm count the values skipped as
	// missing: an empty field, "-", "null", "None", "NA", "N/A", "#N/A",
	// "nil" (in any case) or NaN, and for the loss and norm also ±Inf. A
	// row without a step is skipped whole, and so is a row with neither a
	// loss nor a norm.
	MissingStep, MissingLoss, MissingNorm int

	// Diverged reports that the loss became NaN or ±Inf after a finite
	// value and stayed so to the end of the log, from step DivergedAt on
	// line DivergedLine. Empty loss fields neither start nor end such a run,
	// and a NaN followed by a finite loss was only a gap in the log: once a
	// training run's loss is NaN it stays NaN.
	Diverged     bool
	DivergedAt   float64
	DivergedLine int
}

// Len returns the number of rows kept, len(l.Step).
func (l *Log) Len() int { return len(l.Step) }
