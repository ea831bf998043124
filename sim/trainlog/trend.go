package trainlog

import (
	"math"

	"gonum.org/v1/gonum/floats"
)

// The last part of a run, where the verdict looks, is its last decade of
// steps: n from n_end/10 to n_end, where a power law n^-a falls by a factor
// 10^a, so that even a slow a = 0.1 shows (a fall of 21%), while the early
// transient is left out. A log too sparse to hold minPart values there is
// judged on its last minPart values instead. The part is cut into windows
// equally wide in log n for the slope.
const (
	minPart = 32
	windows = 8
)

// A Trend describes one logged curve, the loss or the parameter norm, over
// the last part of the run. Steps are counted from 1 as in sim/MATH.md:
// n = step + 1 for a log whose steps start at 0 (n = step - step_0 + 1 if
// the first step is negative), which matters only for the slope.
//
// Write y_i for the values at steps n_i, and group them into the log-spaced
// bins of the smoothed curve (see BinsPerDecade), bin b holding N_b values
// with mean ybar_b. The last part is the bins in n_end/10 <= n <= n_end.
type Trend struct {
	// Smoothed is the curve of bin means over the whole run, one Point per
	// bin that holds values: at most MaxPoints, in increasing step order.
	Smoothed []Point

	N int // the number of finite values

	From, To float64 // the first and last step of the last part

	// Slope is the least-squares slope a of log ybar_w against log n_w over
	// the eight windows w of the last part, each an eighth of it in log n
	// and weighted equally, with ybar_w the mean of the window's values and
	// n_w the mean of their n: y goes like n^Slope. SlopeErr is its
	// standard error, sqrt(RSS / (W - 2) / sum_w (log n_w - mean)^2) for the
	// W windows that hold values. Both are NaN if a window mean is <= 0 or
	// fewer than 3 windows hold values.
	//
	// The floor L* of the loss is unknown and is taken as 0: Slope is that
	// of the loss itself, not of the gap L - L*. When the floor is above 0,
	// the gap falls faster than the loss, so -Slope underestimates the
	// gap's exponent; the verdict therefore does not rest on Slope's size.
	Slope, SlopeErr float64

	// Noise is s, the standard deviation of the values around the smoothed
	// curve over the last part, with one degree of freedom per bin:
	// s^2 = sum_b sum_{i in b} (y_i - ybar_b)^2 / sum_b (N_b - 1).
	// NoiseEarly and NoiseLate are the same over the part's first and second
	// half in log n (its last two half-decade windows), whose means differ
	// by Change = mean(second half) - mean(first half).
	Noise, NoiseEarly, NoiseLate float64
	Change                       float64
}

// trendOf computes the Trend of the binned curve; shift is t - step, and n
// the number of finite values.
func trendOf(bins []bin, shift float64, n int) Trend {
	nan := math.NaN()
	tr := Trend{N: n, From: nan, To: nan, Slope: nan, SlopeErr: nan,
		Noise: nan, NoiseEarly: nan, NoiseLate: nan, Change: nan}
	tr.Smoothed = make([]Point, len(bins))
	for i, b := range bins {
		tr.Smoothed[i] = Point{Step: b.t - shift, Value: b.mean, Min: b.min, Max: b.max, N: b.n}
	}
	if n < MinPoints || len(bins) < 2 {
		return tr
	}
	end := bins[len(bins)-1].last
	p := len(bins)
	for p > 0 && bins[p-1].first >= end/10 {
		p--
	}
	count := 0
	for _, b := range bins[p:] {
		count += b.n
	}
	for p > 0 && (count < minPart || len(bins)-p < 2) {
		p--
		count += bins[p].n
	}
	part := bins[p:]
	tr.From, tr.To = part[0].first-shift, end-shift

	mid := math.Sqrt(part[0].first * end)
	h := 1
	for h < len(part)-1 && part[h].t < mid {
		h++
	}
	early, late := part[:h], part[h:]
	tr.Noise, tr.NoiseEarly, tr.NoiseLate = noise(part), noise(early), noise(late)
	tr.Change = mean(late) - mean(early)
	tr.Slope, tr.SlopeErr = slope(part)
	return tr
}

// noise returns sqrt(sum M2_b / sum (N_b - 1)) over bins, or NaN if no bin
// holds two values.
func noise(bins []bin) float64 {
	var ss, dof float64
	for _, b := range bins {
		ss += b.m2
		dof += float64(b.n - 1)
	}
	if dof == 0 {
		return math.NaN()
	}
	return math.Sqrt(ss / dof)
}

// mean returns the mean of all values in bins.
func mean(bins []bin) float64 {
	var s, n float64
	for _, b := range bins {
		s += float64(b.n) * b.mean
		n += float64(b.n)
	}
	return s / n
}

// slope fits log(window mean) = c + a log(window mean t) by least squares
// over `windows` windows equally wide in log t, and returns a and its
// standard error; see Trend.Slope.
func slope(bins []bin) (a, se float64) {
	nan := math.NaN()
	lo, hi := math.Log(bins[0].t), math.Log(bins[len(bins)-1].t)
	if !(hi > lo) {
		return nan, nan
	}
	var cnt, st, sy [windows]float64
	for _, b := range bins {
		w := min(windows-1, int(windows*(math.Log(b.t)-lo)/(hi-lo)))
		cnt[w] += float64(b.n)
		st[w] += float64(b.n) * b.t
		sy[w] += float64(b.n) * b.mean
	}
	var x, y [windows]float64
	k := 0
	for w := range windows {
		if cnt[w] == 0 {
			continue
		}
		m := sy[w] / cnt[w]
		if !(m > 0) {
			return nan, nan
		}
		x[k], y[k] = math.Log(st[w]/cnt[w]), math.Log(m)
		k++
	}
	return fitLine(x[:k], y[:k])
}

// fitLine returns the least-squares slope a of y against x,
// a = sum (x_i - xbar)(y_i - ybar) / sum (x_i - xbar)^2, and its standard
// error sqrt(RSS / (k - 2) / sum (x_i - xbar)^2); NaN for fewer than three
// points or a single x. It is gonum's stat.LinearRegression (which the
// tests check it against) plus the standard error, written out because
// package stat would bring gonum's matrix packages into the WebAssembly
// binary.
func fitLine(x, y []float64) (a, se float64) {
	k := len(x)
	if k < 3 {
		return math.NaN(), math.NaN()
	}
	xm, ym := floats.Sum(x)/float64(k), floats.Sum(y)/float64(k)
	var sxx, sxy float64
	for i := range k {
		sxx += (x[i] - xm) * (x[i] - xm)
		sxy += (x[i] - xm) * (y[i] - ym)
	}
	if sxx == 0 {
		return math.NaN(), math.NaN()
	}
	a = sxy / sxx
	var rss float64
	for i := range k {
		r := y[i] - ym - a*(x[i]-xm)
		rss += r * r
	}
	return a, math.Sqrt(rss / float64(k-2) / sxx)
}
