package trend

import (
	"math"

	"noiseball/sim/detmath"
)

// A Line is a straight line fitted to group means, y = Intercept +
// Slope (x - X), with the standard error of its slope under a noise model.
type Line struct {
	Slope     float64 // dy/dx
	Err       float64 // the standard error of Slope
	Intercept float64 // the fitted y at X
	X         float64 // the weighted mean of x
	X0, X1    float64 // the first and the last x of the groups
	DOF       float64 // the degrees of freedom of Err (Noise.DOF)
	N         int     // observations
	Groups    int     // groups
}

// Fit fits the weighted least-squares line through the group means
// (X_g, Y_g) with weights w_g = N_g: with xbar and ybar the weighted means,
//
//	Slope = sum_g w_g (X_g - xbar)(Y_g - ybar) / S,  S = sum_g w_g (X_g - xbar)^2,
//
// which is the least-squares line through every observation when each
// group's x are equal, and gives the slope's variance, a linear form
// sum_g c_g Y_g with c_g = w_g (X_g - xbar) / S, under the noise model:
//
//	Var(Slope) = sigma^2 [sum_g c_g^2 G(phi, N_g)/N_g + 2 sum_{g<h} c_g c_h C_gh],
//	C_gh = phi^(start_h - end_g) (1 - phi^N_g)(1 - phi^N_h) / ((1 - phi)^2 N_g N_h),
//
// where end_g is the index of g's last observation and G is as in
// EstimateNoise; C_gh is the covariance of the two means over sigma^2. Err
// is sqrt(Var(Slope)) with sigma = nz.SD. Slope and Err are NaN for fewer
// than two groups, or when every group has the same x; Err is NaN when the
// noise is unknown.
func Fit(groups []Group, nz Noise) Line {
	return fit(groups, nz, false)
}

// FitLog fits ln Y_g instead of Y_g, the same way, with weights N_g Y_g^2 and
// the delta method's variances (the covariances over Y_g Y_h): for x = ln n,
// Slope is the log-log slope a of a curve going like n^a. Slope and Err are
// NaN if a group's mean is 0 or less.
func FitLog(groups []Group, nz Noise) Line {
	return fit(groups, nz, true)
}

func fit(groups []Group, nz Noise, logs bool) Line {
	nan := math.NaN()
	l := Line{Slope: nan, Err: nan, Intercept: nan, X: nan, X0: nan, X1: nan, DOF: nz.DOF, Groups: len(groups)}
	if len(groups) == 0 {
		return l
	}
	l.X0, l.X1 = groups[0].X0, groups[len(groups)-1].X1
	y := func(g Group) float64 { return g.Y }
	w := func(g Group) float64 { return float64(g.N) }
	if logs {
		for _, g := range groups {
			if !(g.Y > 0) {
				return l
			}
		}
		y = func(g Group) float64 { return math.Log(g.Y) }
		w = func(g Group) float64 { return float64(float64(g.N)*g.Y) * g.Y }
	}
	var sw, sx, sy float64
	for _, g := range groups {
		l.N += g.N
		wg := w(g)
		sw += wg
		sx += float64(wg * g.X)
		sy += float64(wg * y(g))
	}
	xbar, ybar := sx/sw, sy/sw
	var sxx, sxy float64
	for _, g := range groups {
		dx := g.X - xbar
		wdx := float64(w(g) * dx)
		sxx += float64(wdx * dx)
		sxy += float64(wdx * (y(g) - ybar))
	}
	l.X, l.Intercept = xbar, ybar
	if len(groups) < 2 || !(sxx > 0) {
		return l
	}
	l.Slope = sxy / sxx
	if math.IsNaN(nz.SD) {
		return l
	}
	// u_g = c_g (over Y_g for logs); q_g = u_g (1 - phi^N_g) / ((1 - phi) N_g),
	// and a runs over sum_{g<h} q_g phi^(start_h - end_g) for the next h.
	phi := nz.Phi
	var v, a float64
	for i, g := range groups {
		u := float64(w(g)*(g.X-xbar)) / sxx
		if logs {
			u /= g.Y
		}
		m := float64(g.N)
		v += float64(float64(u*u)*meanVar(phi, g.N)) / m
		if phi == 0 {
			continue
		}
		q := float64(u*(1-detmath.Powi(phi, g.N))) / float64((1-phi)*m)
		v += float64(2*a) * q
		if i+1 < len(groups) {
			next := groups[i+1].Start
			a = float64(a*detmath.Powi(phi, next-g.Start)) + float64(q*detmath.Powi(phi, next-(g.End()-1)))
		}
	}
	l.Err = nz.SD * math.Sqrt(max(v, 0))
	return l
}

// At returns the fitted y at x.
func (l Line) At(x float64) float64 { return l.Intercept + float64(l.Slope*(x-l.X)) }
