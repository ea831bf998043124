package trend

import "math"

// A Test is the outcome of one of the tests on a Line or a Noise: its
// statistic, the critical value it was compared with, and whether it
// passed.
type Test struct {
	Pass bool
	Stat float64 // t = Slope/Err, a bound on |Slope|, or the variance ratio F
	Crit float64 // the quantile of the statistic's distribution that decides
	DOF  float64 // the degrees of freedom of that distribution (the first of two for F)
}

// Falls tests that the slope is negative and of some size: negative at
// level alpha by the one-sided t-test Slope + t_{1-alpha, DOF} Err < 0, and
// with an estimate below -margin (margin >= 0). Stat is t = Slope/Err and
// Crit is t_{1-alpha, DOF}. A flat series passes with probability alpha at
// most.
func (l Line) Falls(alpha, margin float64) Test {
	q := TQuantile(1-alpha, l.DOF)
	t := Test{Stat: l.Slope / l.Err, Crit: q, DOF: l.DOF}
	t.Pass = l.Slope+float64(q*l.Err) < 0 && -l.Slope > margin
	return t
}

// Rises is Falls for a positive slope: Slope - t_{1-alpha, DOF} Err > 0 and
// Slope > margin.
func (l Line) Rises(alpha, margin float64) Test {
	q := TQuantile(1-alpha, l.DOF)
	t := Test{Stat: l.Slope / l.Err, Crit: q, DOF: l.DOF}
	t.Pass = l.Slope-float64(q*l.Err) > 0 && l.Slope > margin
	return t
}

// Within tests at level alpha that |Slope| < margin, by the two one-sided
// tests of equivalence (Schuirmann, 1987): both Slope - q Err > -margin and
// Slope + q Err < margin with q = t_{1-alpha, DOF}, that is
// |Slope| + q Err < margin. Stat is that bound on |Slope| and Crit is
// margin. A flat series passes with probability 1 - 2 alpha or more once
// q Err is small against margin, and a slope of margin or more passes with
// probability alpha at most.
func (l Line) Within(alpha, margin float64) Test {
	q := TQuantile(1-alpha, l.DOF)
	bound := math.Abs(l.Slope) + float64(q*l.Err)
	return Test{Pass: bound < margin, Stat: bound, Crit: margin, DOF: l.DOF}
}

// Needed estimates how many observations a fit like l needs for Within to
// pass at level alpha if the slope is truly 0: Err falls like 1/sqrt(N) at
// a fixed layout, and a slope estimate of 0 has |Slope| about 0.67 Err
// (its median), so N (q + 0.67)^2 Err^2 / margin^2, with q =
// t_{1-alpha, DOF} (at least N + 1).
func (l Line) Needed(alpha, margin float64) int {
	q := TQuantile(1-alpha, l.DOF)
	r := (q + 0.67) * l.Err / margin
	n := float64(l.N) * r * r
	if !(n < 1e15) {
		return math.MaxInt32
	}
	return max(l.N+1, int(math.Ceil(n)))
}

// Shrinks tests at level alpha that the noise of a later part is smaller
// than that of an earlier one (both from Noise.Of under one phi and
// kurtosis), and by more than a factor ratio: the variance ratio
// F = late.SD^2 / early.SD^2 must fall below the alpha-quantile of Fisher's
// F(nu_late, nu_early) and sqrt(F) below ratio. The degrees of freedom are
// each part's DOF times 2/(kurtosis - 1): a variance of non-Gaussian noise
// varies (kurtosis - 1)/2 times as much as a Gaussian one's, which the F
// distribution assumes (Box, 1953). The kurtosis counts as 3 at least: an
// estimate below that is more likely sampling error than light tails, and
// taking it at face value would make the test pass too often. Stat is F and
// Crit the quantile.
func Shrinks(early, late Noise, alpha, ratio float64) Test {
	k := max(early.Kurtosis, late.Kurtosis, 3)
	d1, d2 := float64(late.DOF*2)/(k-1), float64(early.DOF*2)/(k-1)
	f := float64(late.SD*late.SD) / float64(early.SD*early.SD)
	t := Test{Stat: f, DOF: d1, Crit: math.NaN()}
	if !(d1 > 0 && d2 > 0) || math.IsNaN(f) {
		return t
	}
	t.Crit = FQuantile(alpha, d1, d2)
	t.Pass = f < t.Crit && math.Sqrt(f) < ratio
	return t
}
