package trend

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// series returns n observations x_i = ln(i + 1), y_i = f(x_i) + e_i, with e
// a stationary AR(1) noise of standard deviation sigma and lag-1
// correlation phi, driven by the law draw (a standard variate).
func series(rnd *rand.Rand, n int, sigma, phi float64, f func(x float64) float64, draw func() float64) (x, y []float64) {
	x, y = make([]float64, n), make([]float64, n)
	e := draw()
	for i := range n {
		if i > 0 {
			e = phi*e + math.Sqrt(1-phi*phi)*draw()
		}
		x[i] = math.Log(float64(i + 1))
		y[i] = f(x[i]) + sigma*e
	}
	return x, y
}

// grouped cuts observations into groups of size m (the last one larger).
func grouped(x, y []float64, m int) []Group {
	var gs []Group
	for i := 0; i < len(x); i += m {
		end := min(i+m, len(x))
		if len(x)-end < m {
			end = len(x)
		}
		var g Group
		for j := i; j < end; j++ {
			g.Add(j, x[j], y[j])
		}
		gs = append(gs, g)
		i = end - m
	}
	return gs
}

func flat(float64) float64 { return 1 }

func gauss(rnd *rand.Rand) func() float64 { return rnd.NormFloat64 }

// TestGroupMoments checks Add and Merge against the moments computed
// directly, for groups built one observation at a time and merged in
// pieces.
func TestGroupMoments(t *testing.T) {
	rnd := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1, 2, 5, 100} {
		x, y := series(rnd, n, 2, 0.3, func(x float64) float64 { return 3 + x }, rnd.ExpFloat64)
		var whole, merged, piece Group
		for i := range n {
			whole.Add(i, x[i], y[i])
			piece.Add(i, x[i], y[i])
			if rnd.IntN(3) == 0 || i == n-1 {
				merged.Merge(piece)
				piece = Group{}
			}
		}
		mean := stat.Mean(y, nil)
		var m2, m3, m4, ssd float64
		for i, v := range y {
			d := v - mean
			m2 += d * d
			m3 += d * d * d
			m4 += d * d * d * d
			if i > 0 {
				ssd += (v - y[i-1]) * (v - y[i-1])
			}
		}
		for _, g := range []Group{whole, merged} {
			close := func(a, b float64) bool { return math.Abs(a-b) <= 1e-9*(1+math.Abs(b)) }
			if g.N != n || g.Start != 0 || !close(g.Y, mean) || !close(g.X, stat.Mean(x, nil)) ||
				!close(g.M2, m2) || !close(g.M3, m3) || !close(g.M4, m4) || !close(g.SSD, ssd) ||
				g.First != y[0] || g.Last != y[n-1] || g.X0 != x[0] || g.X1 != x[n-1] {
				t.Errorf("n = %d: %+v; want mean %v, M2 %v, M3 %v, M4 %v, SSD %v", n, g, mean, m2, m3, m4, ssd)
			}
		}
	}
}

// TestQuantiles checks TQuantile and FQuantile against gonum's distuv.
func TestQuantiles(t *testing.T) {
	for _, nu := range []float64{0.7, 1, 2, 3.5, 10, 47.3, 99.9, 100, 101.5, 200, 1000, 1e5} {
		for _, p := range []float64{0.001, 0.01, 0.05, 0.3, 0.5, 0.9, 0.95, 0.99, 0.999} {
			want := distuv.StudentsT{Mu: 0, Sigma: 1, Nu: nu}.Quantile(p)
			if got := TQuantile(p, nu); math.Abs(got-want) > 1e-8*math.Abs(want) {
				t.Errorf("TQuantile(%v, %v) = %v, distuv %v", p, nu, got, want)
			}
			for _, d2 := range []float64{1.5, 8, 300} {
				want := distuv.F{D1: nu, D2: d2}.Quantile(p)
				if got := FQuantile(p, nu, d2); math.Abs(got-want) > 1e-8*(1+math.Abs(want)) {
					t.Errorf("FQuantile(%v, %v, %v) = %v, distuv %v", p, nu, d2, got, want)
				}
			}
		}
	}
	if got, want := TQuantile(0.99, math.Inf(1)), (distuv.Normal{Mu: 0, Sigma: 1}).Quantile(0.99); math.Abs(got-want) > 1e-12 {
		t.Errorf("TQuantile(0.99, Inf) = %v, normal %v", got, want)
	}
	for _, bad := range [][2]float64{{0.5, 0}, {-0.1, 3}, {1.1, 3}, {math.NaN(), 3}, {0.9, math.NaN()}} {
		if !math.IsNaN(TQuantile(bad[0], bad[1])) || !math.IsNaN(FQuantile(bad[0], bad[1], 2)) {
			t.Errorf("quantiles of %v are not NaN", bad)
		}
	}
}

// TestEstimateNoise checks the noise model on white noise and on AR(1)
// noise, in narrow groups that absorb most of a correlated noise, and the
// kurtosis of Gaussian and exponential noise (3 and 9).
func TestEstimateNoise(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	exp := func() float64 { return rnd.ExpFloat64() - 1 }
	for _, c := range []struct {
		name       string
		n, m       int
		phi        float64
		draw       func() float64
		kurt       float64
		tolSD, tol float64 // relative tolerance of SD, absolute of phi
	}{
		{"white, groups of 4", 40_000, 4, 0, gauss(rnd), 3, 0.02, 0.02},
		{"white, groups of 50", 40_000, 50, 0, gauss(rnd), 3, 0.02, 0.02},
		{"AR(1) 0.5, groups of 8", 100_000, 8, 0.5, gauss(rnd), 3, 0.03, 0.03},
		{"AR(1) 0.9, groups of 20", 200_000, 20, 0.9, gauss(rnd), 3, 0.05, 0.02},
		{"AR(1) 0.9, groups of 200", 200_000, 200, 0.9, gauss(rnd), 3, 0.05, 0.02},
		{"exponential, groups of 10", 100_000, 10, 0, exp, 9, 0.03, 0.03},
	} {
		x, y := series(rnd, c.n, 0.5, c.phi, func(x float64) float64 { return 2 - 0.1*x }, c.draw)
		nz := EstimateNoise(grouped(x, y, c.m))
		if math.Abs(nz.SD/0.5-1) > c.tolSD || math.Abs(nz.Phi-c.phi) > c.tol {
			t.Errorf("%s: SD %.4f, phi %.4f; want 0.5 and %v", c.name, nz.SD, nz.Phi, c.phi)
		}
		// Correlated noise in narrow groups biases the kurtosis, which
		// only the F test's correction uses.
		if (c.phi == 0 || c.m >= 200) && math.Abs(nz.Kurtosis-c.kurt) > 0.15*c.kurt {
			t.Errorf("%s: kurtosis %.3g, want %v", c.name, nz.Kurtosis, c.kurt)
		}
		if nz.N != c.n || nz.SD < nz.Within {
			t.Errorf("%s: N %d, SD %v below the uncorrected %v", c.name, nz.N, nz.SD, nz.Within)
		}
	}
	if nz := EstimateNoise([]Group{{N: 1, Y: 3}}); !math.IsNaN(nz.SD) || nz.DOF != 0 {
		t.Errorf("one observation: %+v", nz)
	}
}

// TestNoiseExpectations checks the expectations EstimateNoise solves with
// against brute force: the mean residual and successive-difference sums of
// AR(1) noise around a group's own line, over many simulated groups.
func TestNoiseExpectations(t *testing.T) {
	rnd := rand.New(rand.NewPCG(17, 18))
	for _, c := range []struct {
		m   int
		phi float64
	}{{4, 0}, {4, 0.5}, {7, 0.8}, {30, 0.3}, {300, 0.9}} {
		const reps = 20_000
		var rss, ssd float64
		for range reps {
			x, y := series(rnd, c.m, 1, c.phi, flat, gauss(rnd))
			var g Group
			for i := range x {
				g.Add(i, float64(i), y[i])
			}
			r, d := g.Resid()
			rss += r
			ssd += d
		}
		g := Group{N: c.m, Cxx: 1}
		a, p := absorbed(g, c.phi)
		// The sums are of about m chi-square terms: 3% over 20000 groups.
		if got := rss / reps; math.Abs(got/(float64(c.m)-a)-1) > 0.03 {
			t.Errorf("m %d, phi %v: mean residual sum %.4g, want %.4g", c.m, c.phi, got, float64(c.m)-a)
		}
		if got := ssd / reps; math.Abs(got/p-1) > 0.03 {
			t.Errorf("m %d, phi %v: mean difference sum %.4g, want %.4g", c.m, c.phi, got, p)
		}
	}
}

// TestFitAgainstGonum checks Fit's line against gonum's weighted
// regression of the group means, and against the regression of every
// observation when the groups have one x each.
func TestFitAgainstGonum(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	x, y := series(rnd, 1000, 0.3, 0, func(x float64) float64 { return 1 + 0.5*x }, gauss(rnd))
	gs := grouped(x, y, 7)
	var gx, gy, gw []float64
	for _, g := range gs {
		gx, gy, gw = append(gx, g.X), append(gy, g.Y), append(gw, float64(g.N))
	}
	l := Fit(gs, EstimateNoise(gs))
	alpha, beta := stat.LinearRegression(gx, gy, gw, false)
	if math.Abs(l.Slope-beta) > 1e-12 || math.Abs(l.At(0)-alpha) > 1e-9 {
		t.Errorf("Fit: y = %v + %v x; gonum %v + %v x", l.At(0), l.Slope, alpha, beta)
	}
	// Groups at one x: three repeated measurements at each of 50 x.
	var sx, sy []float64
	gs = gs[:0]
	for i := range 50 {
		var g Group
		for k := range 3 {
			v := 2 - 0.1*float64(i) + rnd.NormFloat64()
			g.Add(3*i+k, float64(i), v)
			sx, sy = append(sx, float64(i)), append(sy, v)
		}
		gs = append(gs, g)
	}
	_, beta = stat.LinearRegression(sx, sy, nil, false)
	if l := Fit(gs, EstimateNoise(gs)); math.Abs(l.Slope-beta) > 1e-12 {
		t.Errorf("repeated x: slope %v, gonum %v", l.Slope, beta)
	}
}

// TestFitError checks Err against the scatter of the slope over many series
// of white and of AR(1) noise: the mean Err and the standard deviation of
// the slopes agree within their Monte Carlo error, with the true phi given
// (known, below) and with phi estimated (estimated). A short series'
// estimate of phi scatters, and being at least 0 it can only widen Err on
// white noise: there Err may be larger, never smaller.
func TestFitError(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 8))
	for _, c := range []struct {
		n, m  int
		phi   float64
		wider float64 // how much wider the estimated Err may be on average
	}{{30, 4, 0, 0.3}, {1000, 10, 0, 0.04}, {2000, 10, 0.6, 0.08}, {5000, 100, 0.95, 0.08}} {
		var slopes, known, estimated []float64
		const reps = 1500
		for range reps {
			x, y := series(rnd, c.n, 1, c.phi, flat, gauss(rnd))
			gs := grouped(x, y, c.m)
			nz := EstimateNoise(gs)
			l := Fit(gs, nz)
			slopes, estimated = append(slopes, l.Slope), append(estimated, l.Err)
			nz.Phi = c.phi
			nz = nz.Of(gs)
			known = append(known, Fit(gs, nz).Err)
		}
		sd := stat.StdDev(slopes, nil)
		// The standard deviation of 1500 values is within 1.8% (one
		// standard error), and Err is itself estimated.
		if mean := stat.Mean(known, nil); math.Abs(mean/sd-1) > 0.06 {
			t.Errorf("n %d, groups of %d, phi %v known: mean Err %.4g, the slopes' standard deviation %.4g", c.n, c.m, c.phi, mean, sd)
		}
		if mean := stat.Mean(estimated, nil); mean/sd < 0.94 || mean/sd > 1+c.wider {
			t.Errorf("n %d, groups of %d, phi %v estimated: mean Err %.4g, the slopes' standard deviation %.4g", c.n, c.m, c.phi, mean, sd)
		}
	}
}

// TestLevels checks the tests' error rates on flat white Gaussian noise,
// with few observations, where the t quantiles matter: Falls and Rises pass
// with probability alpha each, Within with a tight margin rarely, and
// Shrinks with probability alpha at most.
func TestLevels(t *testing.T) {
	rnd := rand.New(rand.NewPCG(9, 10))
	const reps, alpha = 20_000, 0.05
	for _, n := range []int{12, 20, 60} {
		var falls, rises, shrinks int
		for range reps {
			x, y := series(rnd, n, 1, 0, flat, gauss(rnd))
			gs := grouped(x, y, 4)
			nz := EstimateNoise(gs)
			// The level holds for white noise only if Phi is left at 0, its
			// estimate being free to wander: this checks the t test itself.
			nz.Phi, nz.SD, nz.DOF = 0, nz.Within, float64(n-2*len(gs))
			l := Fit(gs, nz)
			if l.Falls(alpha, 0).Pass {
				falls++
			}
			if l.Rises(alpha, 0).Pass {
				rises++
			}
			h := len(gs) / 2
			if Shrinks(nz.Of(gs[:h]), nz.Of(gs[h:]), alpha, 1).Pass {
				shrinks++
			}
		}
		// Binomial standard error of a 5% rate over 20000: 0.15%.
		for _, c := range []struct {
			name string
			k    int
		}{{"falls", falls}, {"rises", rises}} {
			if rate := float64(c.k) / reps; math.Abs(rate-alpha) > 0.006 {
				t.Errorf("n = %d: %s in %.2f%%, want %v%%", n, c.name, 100*rate, 100*alpha)
			}
		}
		if rate := float64(shrinks) / reps; rate > alpha+0.006 {
			t.Errorf("n = %d: shrinks in %.2f%%, want at most %v%%", n, 100*rate, 100*alpha)
		}
	}
}

// TestLevelsEstimated checks the same with the noise model estimated, phi
// included, for white and correlated noise: the error rates stay at or
// below alpha (estimating phi >= 0 only ever widens Err).
func TestLevelsEstimated(t *testing.T) {
	rnd := rand.New(rand.NewPCG(11, 12))
	const alpha = 0.05
	for _, c := range []struct {
		n, m, reps int
		phi        float64
		draw       func() float64
	}{
		{20, 4, 4000, 0, gauss(rnd)},
		{200, 4, 4000, 0, gauss(rnd)},
		{2000, 20, 2000, 0, func() float64 { return rnd.ExpFloat64() - 1 }},
		{10_000, 100, 2000, 0.9, gauss(rnd)},
	} {
		reps := float64(c.reps)
		var moved, shrank int
		for range c.reps {
			x, y := series(rnd, c.n, 1, c.phi, flat, c.draw)
			gs := grouped(x, y, c.m)
			nz := EstimateNoise(gs)
			l := Fit(gs, nz)
			if l.Falls(alpha/2, 0).Pass || l.Rises(alpha/2, 0).Pass {
				moved++
			}
			h := len(gs) / 2
			if Shrinks(nz.Of(gs[:h]), nz.Of(gs[h:]), alpha, 1).Pass {
				shrank++
			}
		}
		// Binomial standard error of 5% over 2000: 0.49%.
		if rate := float64(moved) / reps; rate > alpha+0.012 {
			t.Errorf("n %d, phi %v: a trend in %.2f%% of flat series, want at most %v%%", c.n, c.phi, 100*rate, 100*alpha)
		}
		if rate := float64(shrank) / reps; rate > alpha+0.012 {
			t.Errorf("n %d, phi %v: shrinking noise in %.2f%%, want at most %v%%", c.n, c.phi, 100*rate, 100*alpha)
		}
	}
}

// TestWithin checks the equivalence test: a flat series passes once Err is
// small against the margin, a slope equal to the margin rarely does.
func TestWithin(t *testing.T) {
	rnd := rand.New(rand.NewPCG(13, 14))
	const reps, alpha = 2000, 0.05
	pass := map[float64]int{}
	for _, slope := range []float64{0, 0.1} {
		for range reps {
			x, y := series(rnd, 2000, 1, 0, func(x float64) float64 { return slope * x }, gauss(rnd))
			gs := grouped(x, y, 10)
			if Fit(gs, EstimateNoise(gs)).Within(alpha, 0.1).Pass {
				pass[slope]++
			}
		}
	}
	if pass[0] < reps*9/10 || pass[0.1] > reps*(alpha+0.015) {
		t.Errorf("flat passed %d of %d, a slope at the margin %d", pass[0], reps, pass[0.1])
	}
}

// TestFitLog checks the log-log slope of an exact power law.
func TestFitLog(t *testing.T) {
	rnd := rand.New(rand.NewPCG(15, 16))
	x, y := series(rnd, 50_000, 0, 0, func(x float64) float64 { return 3 * math.Exp(-0.75*x) }, gauss(rnd))
	gs := grouped(x[5000:], y[5000:], 100)
	if l := FitLog(gs, Noise{SD: 0}); math.Abs(l.Slope+0.75) > 1e-3 || l.Err != 0 {
		t.Errorf("n^-0.75: slope %v ± %v", l.Slope, l.Err)
	}
	gs[3].Y = -1
	if l := FitLog(gs, Noise{SD: 1}); !math.IsNaN(l.Slope) {
		t.Errorf("a negative mean: slope %v, want NaN", l.Slope)
	}
}

// TestLastPart checks the choice of the last decade.
func TestLastPart(t *testing.T) {
	var gs []Group
	for i := range 10 { // x = 0 .. 9, one observation each
		gs = append(gs, Group{N: 1, X0: float64(i), X1: float64(i)})
	}
	for _, c := range []struct {
		span float64
		minN int
		want int
	}{{2.5, 1, 7}, {2.5, 5, 5}, {0.1, 1, 8}, {100, 1, 0}, {2.5, 100, 0}} {
		if got := LastPart(gs, c.span, c.minN); got != c.want {
			t.Errorf("LastPart(span %v, min %d) = %d, want %d", c.span, c.minN, got, c.want)
		}
	}
	if LastPart(gs[:1], 1, 1) != 0 {
		t.Error("one group: not 0")
	}
}
