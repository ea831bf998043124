package trainlog

import (
	"math"

	"gonum.org/v1/gonum/floats"
)

// Smoothing resolution. The smoothed curve is the mean over bins of equal
// width in log n: BinsPerDecade of them per factor 10 (and at least
// BinsPerDecade in all), so that a bin spans 2.3% of its n and a power law
// n^-a moves by only 2.3a% across one, but at most MaxPoints over the whole
// run, which bounds what a plot draws. A bin holding fewer than four
// values (minBin) is merged with the next, so that sparse logs are
// smoothed too and every bin leaves three degrees of freedom or more for
// the noise.
const (
	BinsPerDecade = 100
	MaxPoints     = 1000
	minBin        = 4
)

// A Point is one point of a smoothed curve: the mean of the values logged in
// one bin of steps.
type Point struct {
	Step     float64 // the mean step of the bin's values
	Value    float64 // the mean of the values
	Min, Max float64 // their smallest and largest
	N        int     // how many there are
}

// bin accumulates the values in one interval of t = step + shift.
type bin struct {
	n           int
	t           float64 // mean of t
	first, last float64 // smallest and largest t
	mean, m2    float64 // mean of the values and their sum of squared deviations from it
	min, max    float64
}

// add puts the value y at t into b (Welford's update).
func (b *bin) add(t, y float64) {
	b.n++
	if b.n == 1 {
		b.first, b.min, b.max = t, y, y
	}
	b.last = t
	b.min, b.max = math.Min(b.min, y), math.Max(b.max, y)
	n := float64(b.n)
	b.t += (t - b.t) / n
	d := y - b.mean
	b.mean += d / n
	b.m2 += d * (y - b.mean)
}

// merge puts the values of o, which lie after b's, into b (Chan, Golub and
// LeVeque's pairwise update: M2 = M2_b + M2_o + d^2 n_b n_o / n).
func (b *bin) merge(o bin) {
	if o.n == 0 {
		return
	}
	if b.n == 0 {
		*b = o
		return
	}
	na, nb := float64(b.n), float64(o.n)
	n := na + nb
	d := o.mean - b.mean
	b.mean += d * nb / n
	b.m2 += o.m2 + d*d*na*nb/n
	b.t += (o.t - b.t) * nb / n
	b.n += o.n
	b.last = o.last
	b.min, b.max = math.Min(b.min, o.min), math.Max(b.max, o.max)
}

// binCurve sorts the finite values of y into log-spaced bins of
// t = step + shift, as described at BinsPerDecade, and returns the bins that
// hold values. step must increase and step + shift be positive; NaN values
// are skipped. It returns nil if fewer than two values are finite.
func binCurve(step, y []float64, shift float64) []bin {
	n := min(len(step), len(y))
	first, last := -1, -1
	for i := range n {
		if !math.IsNaN(y[i]) && !math.IsInf(y[i], 0) {
			if first < 0 {
				first = i
			}
			last = i
		}
	}
	if first < 0 || first == last {
		return nil
	}
	lo, hi := step[first]+shift, step[last]+shift
	if !(lo > 0 && hi > lo) || math.IsInf(hi, 0) {
		return nil
	}
	nb := int(math.Min(MaxPoints, math.Max(BinsPerDecade, math.Ceil(BinsPerDecade*math.Log10(hi/lo)))))
	edges := floats.LogSpan(make([]float64, nb+1), lo, hi)
	bins := make([]bin, nb)
	k := 0
	for i := first; i <= last; i++ {
		v := y[i]
		if math.IsNaN(v) || math.IsInf(v, 0) {
			continue
		}
		t := step[i] + shift
		for k < nb-1 && t >= edges[k+1] {
			k++
		}
		bins[k].add(t, v)
	}
	// Merge in place: out never passes the bin being read.
	out := bins[:0]
	var cur bin
	for _, b := range bins {
		cur.merge(b)
		if cur.n >= minBin {
			out = append(out, cur)
			cur = bin{}
		}
	}
	if cur.n > 0 {
		if len(out) > 0 {
			out[len(out)-1].merge(cur)
		} else {
			out = append(out, cur)
		}
	}
	return out
}
