package trainlog

import (
	"math"

	"gonum.org/v1/gonum/floats"

	"noiseball/sim/trend"
)

// Smoothing resolution. The smoothed curve is the mean over bins of equal
// width in log n: BinsPerDecade of them per factor 10 (and at least
// BinsPerDecade in all), so that a bin spans 2.3% of its n and a power law
// n^-a moves by only 2.3a% across one, but at most MaxPoints over the whole
// run, which bounds what a plot draws. A bin holding fewer than four
// values (minBin) is merged with the next, so that sparse logs are
// smoothed too and every bin leaves three degrees of freedom or more for
// the noise and its kurtosis.
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

// bin is one bin of the smoothed curve: the trend.Group of its values,
// with x = ln t for t = step + shift, and what the plot needs.
type bin struct {
	trend.Group
	t           float64 // the mean of t
	first, last float64 // the first and the last t
	min, max    float64
}

// merge puts o, whose values follow b's, into b.
func (b *bin) merge(o bin) {
	if o.N == 0 {
		return
	}
	if b.N == 0 {
		*b = o
		return
	}
	na, nb := float64(b.N), float64(o.N)
	b.t += (o.t - b.t) * nb / (na + nb)
	b.last = o.last
	b.min, b.max = math.Min(b.min, o.min), math.Max(b.max, o.max)
	b.Group.Merge(o.Group)
}

// binCurve sorts the finite values of y into log-spaced bins of
// t = step + shift, as described at BinsPerDecade, and returns the bins that
// hold values. A value's index in the Group is its index in y, so that
// values left out (NaN) leave gaps. step must increase and step + shift be
// positive. It returns nil if fewer than two values are finite.
func binCurve(step, y []float64, shift float64) []bin {
	n := min(len(step), len(y))
	first, last := -1, -1
	for i := range n {
		if isFinite(y[i]) {
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
		if !isFinite(v) {
			continue
		}
		t := step[i] + shift
		for k < nb-1 && t >= edges[k+1] {
			k++
		}
		b := &bins[k]
		one := bin{t: t, first: t, last: t, min: v, max: v}
		one.Add(i, math.Log(t), v)
		b.merge(one)
	}
	// Merge in place: out never passes the bin being read.
	out := bins[:0]
	var cur bin
	for _, b := range bins {
		cur.merge(b)
		if cur.N >= minBin {
			out = append(out, cur)
			cur = bin{}
		}
	}
	if cur.N > 0 {
		if len(out) > 0 {
			out[len(out)-1].merge(cur)
		} else {
			out = append(out, cur)
		}
	}
	return out
}

// isFinite reports whether v is neither NaN nor infinite.
func isFinite(v float64) bool { return !math.IsNaN(v) && !math.IsInf(v, 0) }

// groups returns the bins' trend.Groups.
func groups(bins []bin) []trend.Group {
	g := make([]trend.Group, len(bins))
	for i, b := range bins {
		g[i] = b.Group
	}
	return g
}
