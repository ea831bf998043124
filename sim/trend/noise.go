package trend

import (
	"math"

	"noiseball/sim/detmath"
)

// MaxPhi is the largest lag-1 autocorrelation EstimateNoise reports: a noise
// that keeps 99.9% of itself from one observation to the next is, over any
// series short enough to log, a drift.
const MaxPhi = 0.999

// Noise is the noise model of a series (see the package documentation):
// stationary, with standard deviation SD, lag-1 autocorrelation Phi and
// kurtosis Kurtosis, as EstimateNoise measures them in groups of
// consecutive observations.
type Noise struct {
	SD       float64 // sigma, corrected for the groups' means (>= Within)
	Within   float64 // the pooled within-group standard deviation, uncorrected
	Phi      float64 // the lag-1 autocorrelation, in [0, MaxPhi]
	Kurtosis float64 // E(e^4) / sigma^4: 3 for Gaussian noise, at least 1

	// DOF is the degrees of freedom of SD^2 as an estimate of sigma^2:
	// nu = sum_g (N_g - 2) for white noise, nu (1 - Phi^2)/(1 + Phi^2) for
	// correlated noise (Bartlett's variance of a sample variance of an
	// AR(1)) but at least 1, 0 when no group leaves a degree of freedom.
	DOF float64

	N int // the observations of the groups
}

// EstimateNoise measures the noise around each group's own least-squares
// line, so that a trend across a group (a steep fall, a blow-up) does not
// pass for noise. With R_g and D_g the sums of squared residuals and of
// squared successive differences around group g's line (Group.Resid; a
// group with every x equal keeps its mean, M2 and SSD), a stationary AR(1)
// noise of variance sigma^2 has
//
//	E R_g = sigma^2 (N_g - A_g(phi)),  E D_g = sigma^2 P_g(phi),
//
// where A is the variance the group's line absorbs, tr(H R) for the line's
// hat matrix H and the noise's correlation matrix R, and P = tr(D'D (I - H) R)
// for the differencing matrix D. For equally spaced x, A = G(phi, N) +
// S(phi, N) and P = 2 (N - 1)(1 - phi) - T(phi, N), with
//
//	G(phi, m) = 1 + 2 phi/(1 - phi) - 2 phi (1 - phi^m) / (m (1 - phi)^2)
//
// m times the variance of a mean of m successive observations over
// sigma^2, S(phi, m) = u'Ru / u'u for u the centred positions and
// T(phi, m) = sum_j u_j (phi^(m-j) - phi^(j-1)) / u'u (both exact for
// m <= 256, and their expansions for a noise much shorter than the group
// beyond); a group around its mean has A = G and P = 2 (N - 1)(1 - phi).
// Phi is measured on the groups merged into runs of at least 16
// observations (minPhiGroup): in a group of four, a correlated noise and a
// white one leave residuals too much alike to tell them apart. It solves
// sum_g P_g / sum_g (N_g - A_g) = sum_g D_g / sum_g R_g there when the
// differences are significantly smaller than white noise makes them (a
// one-sided test at 5%, von Neumann's ratio test for these groups), and is
// 0 otherwise: an estimate of phi from a few groups scatters so much that
// taking it at face value would widen every error bar for nothing;
// with s^2 = sum_g R_g / nu, nu = sum_g (N_g - 2) (N_g - 1 around a mean),
// SD = s / sqrt(h(Phi)) for h = sum_g (N_g - A_g) / nu. The kurtosis pools
// Fisher's unbiased k-statistics k4 / k2^2 of the groups of four or more
// observations, weighted by N_g - 3 (3 if there is none). For white noise
// Phi is 0 up to sampling error, h = 1 and SD = s.
func EstimateNoise(groups []Group) Noise {
	nan := math.NaN()
	nz := Noise{SD: nan, Within: nan, Phi: 0, Kurtosis: 3}
	var rss, nu, ssd, dofMean, k4, w4, m2 float64
	for _, g := range groups {
		nz.N += g.N
		if g.N < 2 {
			continue
		}
		r, d := g.Resid()
		rss += r
		ssd += d
		dofMean += float64(g.N - 1)
		nu += dofOf(g)
		m2 += g.M2
		if g.N >= 4 {
			n := float64(g.N)
			k := float64(n*(float64((n+1)*g.M4)-float64(3*(n-1)*float64(g.M2*g.M2))/n)) / float64(float64((n-1)*(n-2))*(n-3))
			k4 += float64((n - 3) * k)
			w4 += n - 3
		}
	}
	if nu == 0 {
		return nz
	}
	s2 := rss / nu
	nz.Within = math.Sqrt(s2)
	if s2 == 0 {
		nz.SD, nz.DOF = 0, nu
		return nz
	}
	if w4 > 0 {
		// k2 from the deviations from the means, as k4 is.
		k2 := m2 / dofMean
		nz.Kurtosis = max(1, 3+k4/w4/float64(k2*k2))
	}
	if coarse := merged(groups, minPhiGroup); coarse != nil {
		var crss, cssd float64
		var cnu float64
		for _, g := range coarse {
			r, d := g.Resid()
			crss, cssd, cnu = crss+r, cssd+d, cnu+dofOf(g)
		}
		if crss > 0 && correlated(coarse, crss, cssd, crss/cnu) {
			nz.Phi = solvePhi(coarse, cssd/crss)
		}
	}
	nz.SD = math.Sqrt(s2 / within(groups, nu, nz.Phi))
	nz.DOF = dofAR(nu, nz.Phi)
	return nz
}

// Of returns the noise of a subset of the groups under nz's Phi and
// Kurtosis: its own SD and DOF, as EstimateNoise computes them for a given
// phi. Shrinks compares two parts of a series this way.
func (nz Noise) Of(groups []Group) Noise {
	out := Noise{SD: math.NaN(), Within: math.NaN(), Phi: nz.Phi, Kurtosis: nz.Kurtosis}
	var rss, nu float64
	for _, g := range groups {
		out.N += g.N
		if g.N < 2 {
			continue
		}
		r, _ := g.Resid()
		rss += r
		nu += dofOf(g)
	}
	if nu == 0 {
		return out
	}
	s2 := rss / nu
	out.Within = math.Sqrt(s2)
	out.SD = math.Sqrt(s2 / within(groups, nu, nz.Phi))
	out.DOF = dofAR(nu, nz.Phi)
	return out
}

// minPhiGroup is the fewest observations of a group that EstimateNoise
// measures the correlation in.
const minPhiGroup = 16

// merged returns the groups merged, in order, into groups of at least min
// observations (the last one may be smaller and joins the one before), or
// nil if they hold fewer than min in all.
func merged(groups []Group, min int) []Group {
	var out []Group
	var cur Group
	for _, g := range groups {
		cur.Merge(g)
		if cur.N >= min {
			out = append(out, cur)
			cur = Group{}
		}
	}
	switch {
	case cur.N > 0 && len(out) > 0:
		out[len(out)-1].Merge(cur)
	case cur.N > 0:
		return nil
	}
	return out
}

// dofOf returns the degrees of freedom a group leaves for the noise: N - 2
// around its line, N - 1 around its mean when every x is the same.
func dofOf(g Group) float64 {
	if g.Cxx > 0 && g.N > 2 {
		return float64(g.N - 2)
	}
	if g.Cxx > 0 {
		return 0 // two observations fit a line exactly
	}
	return float64(g.N - 1)
}

// dofAR returns nu (1 - phi^2) / (1 + phi^2), and at least 1 (or nu, if
// less): a noise estimate always has a degree of freedom, and fewer would
// send the t quantiles to infinity on a curve whose only noise is its own
// smooth bending inside the groups (a log of a noise-free run).
func dofAR(nu, phi float64) float64 {
	p2 := float64(phi * phi)
	return max(min(nu, 1), float64(nu*(1-p2))/(1+p2))
}

// meanVar returns G(phi, m): m times the variance of the mean of m
// successive observations of an AR(1) noise of variance 1.
func meanVar(phi float64, m int) float64 {
	if phi == 0 || m == 1 {
		return 1
	}
	q := 1 - phi
	return 1 + float64(2*phi)/q - float64(2*phi)*(1-detmath.Powi(phi, m))/float64(float64(float64(m)*q)*q)
}

// exactSlope is the largest group for which slopeVar and edges sum exactly.
const exactSlope = 256

// slopeVar returns S(phi, m) = u'Ru / u'u for u_i = i - (m+1)/2: the share
// of an AR(1) noise of variance 1 that the slope of a line through m
// equally spaced observations absorbs. With A_k = sum_{i<=m-k} u_i u_{i+k}
// = sum_{i<=m-k} u_i^2 - k^2 (m-k)/2, S = (A_0 + 2 sum_k phi^k A_k) / A_0.
func slopeVar(phi float64, m int) float64 {
	if phi == 0 || m < 3 {
		return 1
	}
	if m > exactSlope {
		q := 1 - phi
		return (1+phi)/q - float64(6*phi)/float64(float64(float64(m)*q)*q)
	}
	c := float64(m+1) / 2
	sq := func(n int) float64 { // sum_{i=1..n} (i - c)^2
		f := float64(n)
		return float64(f*float64(f+1)*float64(2*f+1))/6 - float64(float64(c*f)*(f+1)) + float64(f*float64(c*c))
	}
	a0 := sq(m)
	s, pk := a0, 1.0
	for k := 1; k < m; k++ {
		pk *= phi
		f := float64(k)
		ak := sq(m-k) - float64(float64(f*f)*float64(m-k))/2
		s += float64(2 * float64(pk*ak))
	}
	return s / a0
}

// edges returns T(phi, m) = sum_j u_j (phi^(m-j) - phi^(j-1)) / u'u: what
// the fitted slope takes from the successive differences of m equally
// spaced observations (12/(m(m+1)) for white noise). As u is odd about the
// middle, T = -2 sum_j u_j phi^(j-1) / u'u.
func edges(phi float64, m int) float64 {
	c := float64(m+1) / 2
	a0 := float64(float64(float64(m)*float64(m-1))*float64(m+1)) / 12
	if m > exactSlope {
		q := 1 - phi
		return (float64(m-1)/q - float64(2*phi)/float64(q*q)) / a0
	}
	var s float64
	pk := 1.0
	for j := 1; j <= m && pk != 0; j++ {
		s += float64((float64(j) - c) * pk)
		pk *= phi
	}
	return -2 * s / a0
}

// absorbed returns A_g(phi) and P_g(phi) for a group (see EstimateNoise).
func absorbed(g Group, phi float64) (a, p float64) {
	m := g.N
	p = float64(float64(2*(m-1)) * (1 - phi))
	a = meanVar(phi, m)
	if g.Cxx > 0 {
		a += slopeVar(phi, m)
		p -= edges(phi, m)
	}
	return a, p
}

// within returns h(phi), the expected pooled residual variance of an
// AR(1) noise of variance 1 over these groups, nu their degrees of
// freedom; at least 0.01, where the noise is too slow for the groups to
// measure.
func within(groups []Group, nu, phi float64) float64 {
	var s float64
	for _, g := range groups {
		if g.N < 2 || dofOf(g) == 0 {
			continue
		}
		a, _ := absorbed(g, phi)
		s += max(0, float64(g.N)-a)
	}
	return max(0.01, s/nu)
}

// correlated tests at 5% whether the successive differences are smaller
// than a white noise would make them: with k = sum_g P_g(0) / sum_g
// (N_g - A_g(0)), white Gaussian noise gives W = k R - D a mean of 0 and a
// variance of 2 sigma^4 sum_g (tr(M_D^2) - 2 k P_g(0) + k^2 nu_g), M_D the
// quadratic form of D_g, whose tr(M_D^2) is about 6 N_g - 8 (that of the
// plain differences; taking out the line lowers it a little, which leaves
// the test on the cautious side of calling noise white). It reports
// W / sd(W) > 1.645, with sigma^2 estimated by s2.
func correlated(groups []Group, rss, ssd, s2 float64) bool {
	k := ratioAt(groups, 0)
	var v float64
	for _, g := range groups {
		nu := dofOf(g)
		if g.N < 2 || nu == 0 {
			continue
		}
		_, p := absorbed(g, 0)
		v += 2 * (float64(6*g.N-8) - float64(2*float64(k*p)) + float64(float64(k*k)*nu))
	}
	if !(v > 0) {
		return false
	}
	return (float64(k*rss)-ssd)/float64(s2*math.Sqrt(v)) > 1.645
}

// ratioAt returns sum_g P_g / sum_g (N_g - A_g) at phi.
func ratioAt(groups []Group, phi float64) float64 {
	return sizesOf(groups).ratio(phi)
}

// sizes counts groups by their size and kind (around a line or a mean), so
// that the expectations are computed once for each.
type sizes []struct {
	n     int
	line  bool
	count float64
}

func sizesOf(groups []Group) sizes {
	var out sizes
	index := map[[2]int]int{}
	for _, g := range groups {
		if g.N < 2 || dofOf(g) == 0 {
			continue
		}
		key := [2]int{g.N, 0}
		if g.Cxx > 0 {
			key[1] = 1
		}
		i, ok := index[key]
		if !ok {
			i = len(out)
			index[key] = i
			out = append(out, struct {
				n     int
				line  bool
				count float64
			}{g.N, key[1] == 1, 0})
		}
		out[i].count++
	}
	return out
}

// ratio returns sum_g P_g / sum_g (N_g - A_g) at phi.
func (ss sizes) ratio(phi float64) float64 {
	var num, den float64
	for _, s := range ss {
		g := Group{N: s.n}
		if s.line {
			g.Cxx = 1
		}
		a, p := absorbed(g, phi)
		num += float64(s.count * max(0, p))
		den += float64(s.count * max(0, float64(s.n)-a))
	}
	if !(den > 0) {
		return 0
	}
	return num / den
}

// solvePhi returns the smallest phi in [0, MaxPhi] at which ratioAt equals
// ratio = sum_g D_g / sum_g R_g: 0 if the ratio at 0 is already smaller
// than it, MaxPhi if the ratio never gets down to it. It brackets the
// first crossing on a grid and bisects there.
func solvePhi(groups []Group, ratio float64) float64 {
	ss := sizesOf(groups)
	ratioAt := ss.ratio
	if !(ratioAt(0) > ratio) {
		return 0
	}
	grid := []float64{0, 0.05, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 0.95, 0.98, 0.99, 0.995, MaxPhi}
	for i := 1; i < len(grid); i++ {
		if ratioAt(grid[i]) > ratio {
			continue
		}
		lo, hi := grid[i-1], grid[i]
		for range 40 {
			mid := (lo + hi) / 2
			if ratioAt(mid) > ratio {
				lo = mid
			} else {
				hi = mid
			}
		}
		return (lo + hi) / 2
	}
	return MaxPhi
}
