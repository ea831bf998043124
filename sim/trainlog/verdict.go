package trainlog

import (
	"math"
	"strconv"

	"noiseball/sim/trend"
)

// A Verdict says where a run stands.
type Verdict int

const (
	// TooShort: too few values to judge, or not enough to tell a fall or a
	// rise from a plateau at the noise the log has.
	TooShort Verdict = iota
	// Improving: the loss still falls by more than its fluctuation
	// explains, or its fluctuation shrinks (converging).
	Improving
	// Plateaued: the loss changes by less than it fluctuates, and the
	// fluctuation does not shrink: the noise ball.
	Plateaued
	// Diverging: the loss rises by more than its fluctuation explains, or
	// became NaN or infinite for good.
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

// ID returns a stable identifier of the verdict: "too-short", "improving",
// "plateaued" or "diverging".
func (v Verdict) ID() string {
	switch v {
	case Improving:
		return "improving"
	case Plateaued:
		return "plateaued"
	case Diverging:
		return "diverging"
	}
	return "too-short"
}

// The verdict's constants; Analyze says how each is used.
const (
	// MinRows is the fewest finite values Analyze judges: with bins of at
	// least four values, two bins and six degrees of freedom for the noise.
	MinRows = 10

	// Alpha is the level of the tests that call a run improving or
	// diverging: a flat log is called either with probability at most
	// Alpha each, whatever its length (TestFlatLogs).
	Alpha = 0.01

	// AlphaFlat is the level of the equivalence test that calls a run
	// plateaued: a loss falling by Margin fluctuations per decade or more
	// is called plateaued with probability at most AlphaFlat.
	AlphaFlat = 0.05

	// AlphaRecent is the level of the plateau test on the later tails of a
	// run whose last decade falls or rises (a plateau that began within
	// the last decade): later looks, at a stricter level.
	AlphaRecent = 0.005

	// Margin is how much the loss may change per decade of steps, in units
	// of its fluctuation, and still count as flat: over ten times more
	// steps, a plateau's loss moves by less than it fluctuates.
	Margin = 1.0

	// Relevant is how much a fall or a rise must be per decade of steps,
	// in units of the fluctuation, to count at all: a long log can show a
	// fall of a hundredth of its fluctuation per decade beyond doubt, and
	// that is still a plateau for anyone training the model.
	Relevant = 0.25

	// Shrinking is the ratio of the fluctuation in the second half of the
	// last decade to that in the first below which a shrinking that the F
	// test finds counts as converging: noise falling like n^-b gives
	// 10^(-b/2), 0.56 for 1/sqrt(n) and 0.8 for b = 0.2.
	Shrinking = 0.8
)

// ln10 converts a slope per unit of ln n to one per decade of steps.
const ln10 = math.Ln10

// Analyze judges the curve c: every statistic accounts for how many values
// it rests on, with the noise model of package trend (a smooth curve plus
// stationary noise whose variance, lag-1 correlation and kurtosis are
// measured around the smoothed curve).
//
// Steps are counted from 1 as in sim/MATH.md, n = step + 1 for a log whose
// steps start at 0 (n = step - step_0 + 1 if the first step is negative).
// The finite values are binned as BinsPerDecade says, and the last part is
// the bins of the last decade of steps, n_end/10 <= n <= n_end, where a
// power law n^-a falls by a factor 10^a and an early transient is left
// out, extended back to MinRows values if it holds fewer.
//
// The tests run on the logarithm of the loss when every value is positive,
// as a loss almost always is, and on the loss itself otherwise. On the log
// scale a fluctuation proportional to the loss (as a mini-batch loss's
// roughly is) has one size from the start of the part to its end, a power
// law n^a is a straight line of slope a, and a blow-up by orders of
// magnitude is a clear rise against a noise measured in the same relative
// units. Over the part, with s the fluctuation on the tested scale, D the
// fitted change per decade of steps on that scale (a weighted least-squares
// line through the bin means against ln n: ln 10 times the log-log slope
// on the log scale, Trend.PerDecade on the loss's own) and se its standard
// error, the verdict is, in this order:
//
//   - Diverging if the loss became NaN or infinite after a finite value
//     and stayed so to the end;
//   - TooShort if fewer than MinRows values are finite;
//   - Diverging if D - t se > 0 (t the 1 - Alpha quantile of Student's t
//     with the noise estimate's degrees of freedom) and D > Relevant s:
//     the loss rises, beyond chance and by a relevant amount;
//   - Improving if D + t se < 0 and -D > Relevant s: it falls;
//   - Improving if the fluctuation of the second half of the part is
//     smaller than that of the first at level Alpha (an F test,
//     trend.Shrinks) and by a factor Shrinking: converging, as when a
//     learning rate decays;
//   - Plateaued if (|D| + t' se) S < Margin s, t' the 1 - AlphaFlat
//     quantile and S the part's span in decades: even the far end of a
//     one-sided 95% interval leaves the change from the part's start to its
//     end below one fluctuation (two one-sided tests of equivalence); Since
//     is then the first step of the longest tail of the run that passes the
//     same test;
//   - TooShort otherwise: neither a clear change nor a clear plateau at
//     this noise; Needed estimates how many rows would tell.
//
// When the last decade falls or rises, its later tails, from every fifth
// bin to the one that leaves a factor 2 of steps, are judged the same way
// with the plateau test at AlphaRecent: the first that passes makes the run
// plateaued since its start (a plateau that began within the last decade
// is a plateau now).
//
// A flat log with white Gaussian noise is called improving with
// probability at most Alpha at any length, by the t distribution's
// exactness (the estimate of the correlation can only widen se).
// Relevant < Margin/2 keeps the outcomes consistent: a significant change
// smaller than Relevant s passes the plateau test.
//
// Analyze needs c.Step to increase, as Log.Curve guarantees; values that are
// NaN or infinite and followed by finite ones are left out.
func Analyze(c *Curve) Report {
	nan := math.NaN()
	r := Report{Column: c.Name, DivergedAt: nan, Since: nan, Needed: 0}
	r.Trend = Trend{From: nan, To: nan, PerDecade: nan, PerDecadeErr: nan, Bound: nan, Slope: nan, SlopeErr: nan,
		Noise: nan, NoiseEarly: nan, NoiseLate: nan, Change: nan, Phi: nan, Kurtosis: nan}
	n := min(len(c.Step), len(c.Value))
	step, val := c.Step[:n], c.Value[:n]
	shift := 1.0
	if n > 0 && step[0] < 0 {
		shift = 1 - step[0]
	}
	last, positive := -1, true
	for i, v := range val {
		if isFinite(v) {
			r.N++
			last = i
			positive = positive && v > 0
		}
	}
	if last >= 0 {
		r.To = step[last]
	}
	bins := binCurve(step, val, shift)
	r.Smoothed = make([]Point, len(bins))
	for i, b := range bins {
		r.Smoothed[i] = Point{Step: b.t - shift, Value: b.Y, Min: b.min, Max: b.max, N: b.N}
	}
	if last >= 0 && last < n-1 {
		r.Verdict, r.DivergedAt = Diverging, step[last+1]
		r.Reason = msg("reason.nan", "step", formatStep(r.DivergedAt))
		return r
	}
	if r.N < MinRows || len(bins) < 2 {
		r.Verdict, r.Needed = TooShort, MinRows
		r.Reason = msg("reason.rows", "n", strconv.Itoa(r.N))
		return r
	}
	a := analysis{bins: bins, ys: groups(bins), shift: shift, step: step, val: val, last: last, positive: positive, alphaFlat: AlphaFlat}
	// The last decade; and when it falls or rises, its last half-decade,
	// which may have flattened since: a plateau that began within the last
	// decade is a plateau now.
	p := trend.LastPart(a.ys, ln10, MinRows)
	out := a.judge(r, p)
	if out.Verdict == Improving && !out.Converging || out.Verdict == Diverging {
		// Later looks, from every fifth bin of the decade on to the one
		// that leaves a factor 2 of steps: the first tail that passes the
		// plateau test, at the stricter AlphaRecent, is a plateau since
		// its start.
		a.alphaFlat = AlphaRecent
		end := a.ys[len(a.ys)-1].X1
		for q := p + 5; q < len(a.ys)-1 && a.ys[q].X0 <= end-math.Ln2; q += 5 {
			if n := a.count(q); n < MinRows {
				break
			}
			if recent := a.judge(r, q); recent.Verdict == Plateaued {
				out = recent
				break
			}
		}
	}
	return out
}

// analysis holds what Analyze's judgement of a part needs.
type analysis struct {
	bins     []bin
	ys       []trend.Group // the bins' groups of the loss
	shift    float64
	step     []float64
	val      []float64
	last     int  // the index of the last finite value
	positive bool // every finite value is positive
	logs     []trend.Group

	alphaFlat float64 // the plateau test's level: AlphaFlat, or AlphaRecent for the second look
}

// count returns the number of values from bin p on.
func (a *analysis) count(p int) int {
	n := 0
	for _, g := range a.ys[p:] {
		n += g.N
	}
	return n
}

// judge judges the part of the curve from bin p on, filling in r.
func (a *analysis) judge(r Report, p int) Report {
	bins, ys, shift, step, val, last := a.bins, a.ys, a.shift, a.step, a.val, a.last
	positive, nan := a.positive, math.NaN()
	r.From, r.To = bins[p].first-shift, step[last]
	ynz := trend.EstimateNoise(ys[p:])
	yline := trend.Fit(ys[p:], ynz)
	r.PartN, r.Noise = yline.N, ynz.SD
	r.PerDecade, r.PerDecadeErr = yline.Slope*ln10, yline.Err*ln10
	r.Change = meanOf(ys[p:], yhalf(ys[p:]), true) - meanOf(ys[p:], yhalf(ys[p:]), false)

	// The tested scale: the log scale if every value is positive and the
	// fluctuation there is at most a factor e.
	gs, nz := ys, ynz
	if positive {
		if a.logs == nil {
			logs := make([]float64, len(val))
			for i, v := range val {
				logs[i] = math.Log(v) // NaN or ±Inf where v is not finite: left out
			}
			a.logs = groups(binCurve(step, logs, shift))
		}
		if lnz := trend.EstimateNoise(a.logs[p:]); lnz.SD <= maxLogNoise {
			gs, nz = a.logs, lnz
		} else {
			positive = false
		}
	}
	part := gs[p:]
	line := trend.Fit(part, nz)
	r.Phi, r.Kurtosis, r.DOF = nz.Phi, nz.Kurtosis, nz.DOF
	if positive {
		r.Slope, r.SlopeErr = line.Slope, line.Err
	} else {
		l := trend.FitLog(ys[p:], ynz)
		r.Slope, r.SlopeErr = l.Slope, l.Err
	}
	h := yhalf(part)
	early, late := nz.Of(part[:h]), nz.Of(part[h:])
	ye, yl := ynz.Of(ys[p:][:h]), ynz.Of(ys[p:][h:])
	r.NoiseEarly, r.NoiseLate = ye.SD, yl.SD

	s := nz.SD
	perLn := s / ln10 // s per decade, as a slope per unit of ln n
	// The plateau's margin: over the part's own span of ln n, a change of
	// at most Margin fluctuations (one per decade for the last decade).
	span := math.Max(part[len(part)-1].X1-part[0].X0, math.Ln2)
	margin := Margin * s / span
	flat := line.Within(a.alphaFlat, margin)
	r.Bound = flat.Stat * span
	// The reason's numbers: on the log scale the log-log slope and the
	// factors of change and fluctuation, on the loss's own the change per
	// decade and the fluctuation in the loss's units.
	var nums []string
	suffix := ""
	if positive {
		suffix = ".log"
		nums = []string{"rate", rate(line.Slope), "err", num(line.Err), "noise", percent(s),
			"factor", num(math.Pow(10, line.Slope)), "bound", percent(r.Bound)}
	} else {
		nums = []string{"rate", rate(r.Slope), "err", num(r.PerDecadeErr), "noise", num(s),
			"change", num(r.PerDecade), "bound", num(r.Bound)}
	}
	reason := func(code string, kv ...string) Message {
		return msg(code+suffix, append(append(spanMessage(r), nums...), kv...)...)
	}
	constant := true
	for _, g := range ys[p:] {
		constant = constant && g.M2 == 0 && g.Y == ys[len(ys)-1].Y
	}
	switch {
	case constant:
		k := len(bins) - 1
		for k > 0 && bins[k-1].M2 == 0 && bins[k-1].Y == bins[k].Y {
			k--
		}
		r.Verdict, r.Since = Plateaued, bins[k].first-shift
		r.Reason = msg("reason.constant", spanMessage(r)...)
	case line.Rises(Alpha, Relevant*perLn).Pass && ends(ys[p:]) > 0:
		r.Verdict = Diverging
		r.Reason = reason("reason.rise")
	case line.Falls(Alpha, Relevant*perLn).Pass && ends(ys[p:]) < 0:
		r.Verdict = Improving
		r.Reason = reason("reason.fall")
	case trend.Shrinks(early, late, Alpha, Shrinking).Pass:
		r.Verdict, r.Converging = Improving, true
		r.Reason = reason("reason.shrink", "early", num(ye.SD), "late", num(yl.SD))
	case flat.Pass:
		r.Verdict = Plateaued
		r.Since = since(bins, gs, nz, shift, p)
		r.Reason = reason("reason.plateau")
		r.Theory = theory(nan, nan)
	default:
		r.Verdict = TooShort
		need := float64(line.Needed(a.alphaFlat, margin)) * float64(r.N) / float64(line.N)
		r.Needed = max(r.N+1, int(math.Ceil(min(need, maxNeeded*float64(r.N)))))
		r.Reason = reason("reason.undecided", "need", count(r.Needed))
	}
	return r
}

// maxLogNoise is the largest fluctuation, on the log scale, with which
// Analyze tests on the log scale: a factor e. A noise as large as the loss
// itself (a mini-batch loss that comes near 0, the gap of a run around its
// limit) has an enormous and skewed spread of logarithms, and is tested on
// its own scale.
const maxLogNoise = 1.0

// maxNeeded bounds Needed at this many times the rows there are: beyond
// that the noise is too slow (too correlated) for any log to tell.
const maxNeeded = 100

// ends returns the mean of the last fifth of the part's values minus that
// of the first fifth: a fall or a rise must show there too. A noise whose
// memory is longer than the noise model sees (the gap of a run whose
// iterate is a running mean wanders on the time scale n itself) can tilt
// the fitted line against what happened from the part's start to its end.
func ends(part []trend.Group) float64 {
	n := 0
	for _, g := range part {
		n += g.N
	}
	mean := func(gs []trend.Group, k int) float64 {
		var s, c float64
		for _, g := range gs {
			if c >= float64(k) {
				break
			}
			s += float64(g.N) * g.Y
			c += float64(g.N)
		}
		return s / c
	}
	rev := make([]trend.Group, len(part))
	for i, g := range part {
		rev[len(part)-1-i] = g
	}
	return mean(rev, n/5) - mean(part, n/5)
}

// yhalf returns the index of the first group of the second half of the
// part in ln n.
func yhalf(part []trend.Group) int {
	mid := (part[0].X0 + part[len(part)-1].X1) / 2
	h := 1
	for h < len(part)-1 && part[h].X < mid {
		h++
	}
	return h
}

// percent writes a fluctuation or a change on the log scale as a percentage
// of the loss: 100 (e^x - 1), "2.1%".
func percent(x float64) string {
	if math.IsNaN(x) {
		return "?"
	}
	p := 100 * math.Expm1(x)
	if math.Abs(p) >= 10 {
		return strconv.FormatFloat(p, 'f', 0, 64) + "%"
	}
	return strconv.FormatFloat(p, 'g', 2, 64) + "%"
}

// since returns the first step of the longest tail of the run, from a bin
// at or before p, that passes the plateau test and whose first decade does
// not clearly fall or rise: the candidates are every fifth bin, 20 a
// decade.
func since(bins []bin, gs []trend.Group, nz trend.Noise, shift float64, p int) float64 {
	for k := 0; k < p; k += 5 {
		tail := gs[k:]
		tn := nz.Of(tail)
		perLn := tn.SD / ln10
		span := math.Max(tail[len(tail)-1].X1-tail[0].X0, math.Ln2)
		if !trend.Fit(tail, tn).Within(AlphaFlat, Margin*tn.SD/span).Pass {
			continue
		}
		// The tail's first decade must not fall or rise either: the fit
		// over a long tail weighs its first rows little.
		d := 1
		for d < len(tail) && tail[d].X0 < tail[0].X0+ln10 {
			d++
		}
		fn := nz.Of(tail[:d])
		first := trend.Fit(tail[:d], fn)
		if !first.Falls(Alpha, Relevant*perLn).Pass && !first.Rises(Alpha, Relevant*perLn).Pass {
			return bins[k].first - shift
		}
	}
	return bins[p].first - shift
}

// meanOf returns the mean of the values of the groups from h on (late) or
// before h.
func meanOf(gs []trend.Group, h int, late bool) float64 {
	if late {
		gs = gs[h:]
	} else {
		gs = gs[:h]
	}
	var s, n float64
	for _, g := range gs {
		s += float64(g.N) * g.Y
		n += float64(g.N)
	}
	return s / n
}
