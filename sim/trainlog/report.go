package trainlog

import (
	"fmt"
	"math"
	"strconv"
	"strings"
)

// A Curve is one series of a log, ready for Analyze: its steps, strictly
// increasing, and its values as logged (finite, NaN or infinite). Log.Curve
// makes one from a Series; a caller may also build one from a curve of its
// own.
type Curve struct {
	Name  string
	Step  []float64
	Value []float64

	// Notes says what Log.Curve found and Analyze leaves out (NaN or
	// infinite values that finite ones follow).
	Notes []Message
}

// A Report is Analyze's judgement of a curve.
type Report struct {
	Verdict Verdict
	// Converging tells, for an Improving verdict, that the fluctuation
	// shrinks while the level does not clearly fall.
	Converging bool
	// Reason says why, with the numbers: one of the reason.* codes of
	// Catalog. Headline is the verdict's one-line summary.
	Reason Message

	Column string // the series judged
	Trend

	// Since is, for a Plateaued verdict, the first step of the longest
	// tail of the run that passes the plateau test (at the start of the
	// last decade or earlier); NaN otherwise.
	Since float64
	// DivergedAt is the step from which the loss stayed NaN or infinite,
	// or NaN.
	DivergedAt float64
	// Needed is, for a TooShort verdict, about how many rows a verdict
	// needs: MinRows for a log with fewer, else an estimate from the noise
	// (Analyze).
	Needed int

	// Theory says what the theory of the noise ball says a change of the
	// learning rate would do, for a plateau with a fluctuation; nil
	// otherwise. Check fills in the learning rate when the log has one.
	Theory *Message

	// Notes collects what the reader and Log.Curve left out.
	Notes []Message
}

// A Trend is the statistics of a curve that Analyze rests on, over the last
// part of the run (From to To: the last decade of steps, or the last
// MinRows values).
type Trend struct {
	// Smoothed is the curve of bin means over the whole run, one Point per
	// bin that holds values: at most MaxPoints, in increasing step order.
	Smoothed []Point

	N        int     // the finite values of the whole curve
	PartN    int     // the finite values of the last part
	From, To float64 // the first and the last step of the last part

	// PerDecade is the fitted change of the loss per decade of steps (a
	// weighted least-squares line through the bin means against log n),
	// PerDecadeErr its standard error under the noise model, and Bound the
	// one-sided 95% bound on |PerDecade| that the plateau test uses. DOF is
	// the degrees of freedom of the noise estimate behind them.
	PerDecade, PerDecadeErr, Bound, DOF float64

	// Slope is the log-log slope a of the bin means over the last part
	// (the loss goes like n^Slope) and SlopeErr its standard error: NaN if
	// a bin's mean is 0 or less. The floor L* of the loss is unknown and
	// is taken as 0: Slope is that of the loss itself, not of the gap
	// L - L*, which falls faster when the floor is above 0.
	Slope, SlopeErr float64

	// Noise is the loss's fluctuation: the standard deviation of its values
	// around the smoothed curve over the last part, corrected for the
	// correlation of successive values (Phi, their lag-1 correlation) and
	// Kurtosis its kurtosis (3 for Gaussian noise). NoiseEarly and
	// NoiseLate are the fluctuation over the part's first and second half
	// in log n, whose means differ by Change.
	Noise, Phi, Kurtosis  float64
	NoiseEarly, NoiseLate float64
	Change                float64
}

// Headline returns the verdict in one line: "too short: 40 rows; at least
// 150 are needed", "still improving", "plateaued in a noise ball since step
// 12,400 (fluctuation ±0.013)", "diverging".
func (r Report) Headline() Message {
	switch r.Verdict {
	case TooShort:
		return msg("head.tooshort", "rows", count(r.N), "need", count(r.Needed))
	case Improving:
		if r.Converging {
			return msg("head.converging")
		}
		return msg("head.improving")
	case Plateaued:
		if r.Noise == 0 {
			return msg("head.constant", "since", formatStep(r.Since))
		}
		return msg("head.plateaued", "since", formatStep(r.Since), "noise", num(r.Noise))
	}
	return msg("head.diverging")
}

// Text writes the verdict and its reason in lang ("en" or "ja"), as one
// line.
func (r Report) Text(lang string) string {
	return r.Headline().Text(lang) + ": " + r.Reason.Text(lang)
}

// String returns the verdict and its reason in English, for example
//
//	plateaued in a noise ball since step 10 (fluctuation ±0.169): over steps 2,001 to 19,999 the loss changed by ...
func (r Report) String() string { return r.Text("en") }

// spanMessage returns the parameters from and to of the last part.
func spanMessage(r Report) []string {
	return []string{"from", formatStep(r.From), "to", formatStep(r.To)}
}

// num formats a statistic with three significant digits.
func num(x float64) string {
	if math.IsNaN(x) {
		return "?"
	}
	return strconv.FormatFloat(x, 'g', 3, 64)
}

// rate formats a log-log slope as an exponent: "-0.49", "+0.02"; "?"
// without one.
func rate(a float64) string {
	if math.IsNaN(a) {
		return "?"
	}
	return fmt.Sprintf("%+.2f", a)
}

// count writes an integer with thousands separators: 12,400.
func count(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	if neg {
		s = s[1:]
	}
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	if neg {
		return "-" + s
	}
	return s
}

// formatStep writes a step as an integer with thousands separators when it
// is one, else with six significant digits.
func formatStep(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return count(int(x))
	}
	return strconv.FormatFloat(x, 'g', 6, 64)
}

// theory returns what the theory says a smaller learning rate would do to a
// plateau that is a noise ball (sim/MATH.md, oracles 2 and 6: the stationary
// variance of SGD is eta s^2/(2 - eta), about gamma kappa s^2 / 2, and
// Adam's about gamma s / 2, so the excess loss kappa/2 Var is proportional
// to gamma for a small gamma in both). With the learning rate over the
// plateau known (first and last, NaN if not) it names the rates, or, if the
// rate fell by more than half during the plateau, says that a noise ball
// would have shrunk with it.
func theory(first, last float64) *Message {
	var m Message
	switch {
	case math.IsNaN(first) || math.IsNaN(last) || !(last > 0):
		m = msg("theory.noiseball")
	case last < first/2:
		m = msg("theory.lr.falling", "start", num(first), "end", num(last))
	default:
		m = msg("theory.noiseball.lr", "lr", num(last), "lower", num(last/10))
	}
	return &m
}
