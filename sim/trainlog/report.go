package trainlog

import (
	"fmt"
	"math"
	"strconv"
)

// A Verdict says where a run stands.
type Verdict int

const (
	// TooShort: fewer than MinPoints finite losses, too few to judge.
	TooShort Verdict = iota
	// Improving: the loss still falls by more than it fluctuates, or its
	// fluctuations shrink.
	Improving
	// Plateaued: the loss changes by less than it fluctuates, and the
	// fluctuations do not shrink: the noise ball.
	Plateaued
	// Diverging: the loss rises by more than it fluctuates, or became NaN
	// or infinite for good.
	Diverging
)

// String returns the verdict in words: "too short to judge", "still
// improving", "plateaued" or "diverging".
func (v Verdict) String() string {
	switch v {
	case TooShort:
		return "too short to judge"
	case Improving:
		return "still improving"
	case Plateaued:
		return "plateaued"
	case Diverging:
		return "diverging"
	}
	return "Verdict(" + strconv.Itoa(int(v)) + ")"
}

// MinPoints is the fewest finite losses Analyze judges: two half-decades
// of at least two bins of minBin values each.
const MinPoints = 16

// Shrinking is the ratio q = NoiseLate/NoiseEarly below which the
// fluctuations count as shrinking. The two halves of the last decade are a
// factor sqrt(10) apart in n, so noise falling like n^-b gives q =
// 10^(-b/2): 0.32 for the 1/n of SGD's gap with gamma_n = c/n, 0.56 for
// 1/sqrt(n), 0.8 for b = 0.2. Stationary noise gives q = 1 up to sampling
// error: log q has a standard error of about
// sqrt((kurtosis - 1)/4 (1/N_early + 1/N_late)), 0.08 for the square of a
// Gaussian (kurtosis 15) with 1000 values a half, so that a noise ball
// falls below 0.8 by chance at 2.7 standard errors, and in longer logs
// practically never.
const Shrinking = 0.8

// Steady is the t-statistic Slope/SlopeErr above which a rise counts as
// steady. A loss that grows, be it like a power or exponentially, puts
// the window means on a smooth curve and gives t of 8 or more (the
// curvature of exp in log-log coordinates is what keeps it that low);
// a rise by one jump, or a path whose fluctuations are as slow as the run
// itself wandering up, leaves the windows scattered around the line and t
// mostly below 3.
const Steady = 3

// A Report is Analyze's judgement of a run. Its embedded Trend is the
// loss's; Norm is the parameter norm's, nil without a norm column.
type Report struct {
	Verdict Verdict
	Trend
	Norm *Trend

	// DivergedAt is the step from which the loss stayed NaN or infinite
	// (Log.Diverged), or NaN.
	DivergedAt float64
}

// Analyze judges the loss curve of l; see Trend for the statistics. With
// Noise = s, Change = D (the mean of the second half of the last decade
// minus that of the first) and the ratio q = NoiseLate/NoiseEarly, the
// verdict is, in this order:
//
//   - Diverging if l.Diverged: the loss became NaN or infinite for good;
//   - TooShort if fewer than MinPoints losses are finite;
//   - Diverging if D > s and Slope > Steady SlopeErr (or Slope is NaN):
//     the loss rises by more than it fluctuates, and steadily;
//   - Improving if D < -s: the loss falls by more than it fluctuates;
//   - Improving if q < Shrinking: the fluctuations shrink, as they do when
//     the learning rate decays;
//   - Plateaued otherwise: the change over the last decade is within the
//     fluctuations (the slope is near 0 on the scale the noise sets) and
//     the fluctuations do not shrink.
//
// Comparing D with s makes the test free of units and of the unknown floor
// L*. D is a difference of two means whose own noise is
// s sqrt(1/N_early + 1/N_late) times a factor for correlation: 0.41 s for
// the smallest logs judged (8 and 24 values), and a small fraction of s
// for hundreds of values or more. So |D| > s is a change the fluctuations
// could not have made, and a change smaller than the fluctuations is one
// that training on for another decade will not make visible either.
//
// A rise by more than s that is not steady falls through to the last two
// rules. One kind of run defeats any single-run test: one whose
// fluctuations are as slow as the run, such as the gap of SGD with
// gamma_n = 1/(kappa n), where theta_n is a running mean and wanders on the
// time scale n itself. Over a decade such a path can climb smoothly from an
// unusually small value: of 1000 such runs of 10^5 steps, 93% read as
// improving, 6% as plateaued and 1.5% as diverging. The mean of a few runs
// does not have this problem (TestDecayingRate).
//
// Analyze needs l.Step to increase, as Read guarantees; NaN values in
// l.Loss and l.Norm are skipped.
func Analyze(l *Log) Report {
	r := Report{DivergedAt: math.NaN()}
	shift := 1.0
	if len(l.Step) > 0 && l.Step[0] < 0 {
		shift = 1 - l.Step[0]
	}
	r.Trend = curveTrend(l.Step, l.Loss, shift)
	if l.Norm != nil {
		t := curveTrend(l.Step, l.Norm, shift)
		r.Norm = &t
	}
	s, d, q := r.Noise, r.Change, r.NoiseLate/r.NoiseEarly
	switch {
	case l.Diverged:
		r.Verdict, r.DivergedAt = Diverging, l.DivergedAt
	case r.N < MinPoints || math.IsNaN(s) || math.IsNaN(d):
		r.Verdict = TooShort
	case d > s && (math.IsNaN(r.Slope) || r.Slope > Steady*r.SlopeErr):
		r.Verdict = Diverging
	case d < -s:
		r.Verdict = Improving
	case q < Shrinking:
		r.Verdict = Improving
	default:
		r.Verdict = Plateaued
	}
	return r
}

// curveTrend bins and analyses one curve.
func curveTrend(step, y []float64, shift float64) Trend {
	n := 0
	for _, v := range y[:min(len(y), len(step))] {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			n++
		}
	}
	return trendOf(binCurve(step, y, shift), shift, n)
}

// String explains the verdict in one line, with the numbers it rests on,
// for example
//
//	plateaued with noise of size 0.169: over steps 2009 to 19999 the loss changed by 0.000279 (like n^+0.00), less than it fluctuates, and the fluctuations do not shrink (0.168, then 0.169)
func (r Report) String() string {
	span := fmt.Sprintf("over steps %s to %s", formatStep(r.From), formatStep(r.To))
	switch r.Verdict {
	case TooShort:
		return fmt.Sprintf("too short to judge: %d finite losses, want at least %d", r.N, MinPoints)
	case Diverging:
		if !math.IsNaN(r.DivergedAt) {
			return fmt.Sprintf("diverging: the loss became NaN or infinite at step %s and stayed so", formatStep(r.DivergedAt))
		}
		return fmt.Sprintf("diverging: %s the loss rose by %.3g%s, more than it fluctuates (%.3g)", span, r.Change, r.rate(), r.Noise)
	case Improving:
		if r.Change < -r.Noise {
			return fmt.Sprintf("still improving: %s the loss fell by %.3g%s, more than it fluctuates (%.3g)", span, -r.Change, r.rate(), r.Noise)
		}
		return fmt.Sprintf("still improving: %s the fluctuations shrink from %.3g to %.3g, and the loss changed by %.3g%s", span, r.NoiseEarly, r.NoiseLate, r.Change, r.rate())
	case Plateaued:
		if r.Noise == 0 {
			return fmt.Sprintf("plateaued: %s the loss is constant, with no fluctuations", span)
		}
		return fmt.Sprintf("plateaued with noise of size %.3g: %s the loss changed by %.3g%s, less than it fluctuates, and the fluctuations do not shrink (%.3g, then %.3g)",
			r.Noise, span, r.Change, r.rate(), r.NoiseEarly, r.NoiseLate)
	}
	return r.Verdict.String()
}

// rate returns " (like n^a)" for the fitted slope, or "" without one.
func (r Report) rate() string {
	if math.IsNaN(r.Slope) {
		return ""
	}
	return fmt.Sprintf(" (like n^%+.2f)", r.Slope)
}

// formatStep writes a step as an integer when it is one.
func formatStep(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		return strconv.FormatFloat(x, 'f', 0, 64)
	}
	return strconv.FormatFloat(x, 'g', 6, 64)
}
