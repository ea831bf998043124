package trend

// A Group summarizes consecutive observations (x_i, y_i) of a series: their
// count, the means of x and y, the sums of the second to fourth powers of
// the deviations of y from its mean, and what the successive differences
// need. Build one with Add, observation by observation, and join two
// neighbours with Merge; the zero Group is empty.
type Group struct {
	N     int // observations
	Start int // the index in the series of the first observation

	X, Y   float64 // the means of x and y
	X0, X1 float64 // the first and the last x

	// M2, M3, M4 are sum_i (y_i - Y)^k for k = 2, 3, 4; Cxx and Cxy are
	// sum_i (x_i - X)^2 and sum_i (x_i - X)(y_i - Y).
	M2, M3, M4 float64
	Cxx, Cxy   float64

	// SSD, Sxx and Sxy are sum_i d_i^2, sum_i e_i^2 and sum_i e_i d_i over
	// the group's N - 1 pairs of successive observations, with
	// d_i = y_{i+1} - y_i and e_i = x_{i+1} - x_i; First and Last are y_1
	// and y_N.
	SSD, Sxx, Sxy float64
	First, Last   float64
}

// End returns the index just past the group's last observation.
func (g *Group) End() int { return g.Start + g.N }

// Add appends the observation (x, y) to g. The first one fixes g.Start at
// index i; the later ones must follow at i = g.End().
func (g *Group) Add(i int, x, y float64) {
	if g.N == 0 {
		*g = Group{N: 1, Start: i, X: x, Y: y, X0: x, X1: x, First: y, Last: y}
		return
	}
	g.Merge(Group{N: 1, Start: i, X: x, Y: y, X0: x, X1: x, First: y, Last: y})
}

// Merge puts o, whose observations follow g's, into g. The moments combine
// as Chan, Golub and LeVeque's and Pebay's (2008) pairwise formulas give
// them: with n = n_a + n_b and d = Y_b - Y_a,
//
//	M2 = M2a + M2b + d^2 n_a n_b / n
//	M3 = M3a + M3b + d^3 n_a n_b (n_a - n_b) / n^2 + 3 d (n_a M2b - n_b M2a) / n
//	M4 = M4a + M4b + d^4 n_a n_b (n_a^2 - n_a n_b + n_b^2) / n^3
//	     + 6 d^2 (n_a^2 M2b + n_b^2 M2a) / n^2 + 4 d (n_a M3b - n_b M3a) / n
//	Cxy = Cxy_a + Cxy_b + dx d n_a n_b / n,  dx = X_b - X_a
//
// The pair (g.Last, o.First) counts in SSD, Sxx and Sxy when o starts
// right after g.
func (g *Group) Merge(o Group) {
	if o.N == 0 {
		return
	}
	if g.N == 0 {
		*g = o
		return
	}
	na, nb := float64(g.N), float64(o.N)
	n := na + nb
	d := o.Y - g.Y
	d2 := float64(d * d)
	nab := float64(na * nb)
	m2 := g.M2 + o.M2 + float64(d2*nab)/n
	m3 := g.M3 + o.M3 + float64(float64(d2*d)*float64(nab*(na-nb)))/float64(n*n) +
		float64(3*d)*(float64(na*o.M2)-float64(nb*g.M2))/n
	m4 := g.M4 + o.M4 + float64(float64(d2*d2)*float64(nab*(float64(na*na)-nab+float64(nb*nb))))/float64(float64(n*n)*n) +
		float64(6*d2)*(float64(float64(na*na)*o.M2)+float64(float64(nb*nb)*g.M2))/float64(n*n) +
		float64(4*d)*(float64(na*o.M3)-float64(nb*g.M3))/n
	dx := o.X - g.X
	cxx := g.Cxx + o.Cxx + float64(float64(dx*dx)*nab)/n
	cxy := g.Cxy + o.Cxy + float64(float64(dx*d)*nab)/n
	if o.Start == g.End() {
		e, ex := o.First-g.Last, o.X0-g.X1
		g.SSD += float64(e * e)
		g.Sxx += float64(ex * ex)
		g.Sxy += float64(ex * e)
	}
	g.SSD += o.SSD
	g.Sxx += o.Sxx
	g.Sxy += o.Sxy
	g.M2, g.M3, g.M4, g.Cxx, g.Cxy = m2, m3, m4, cxx, cxy
	g.Y += float64(d*nb) / n
	g.X += float64(dx*nb) / n
	g.X1, g.Last = o.X1, o.Last
	g.N += o.N
}

// Resid returns the sum of squared residuals of y around the group's own
// least-squares line in x, M2 - Cxy^2/Cxx (M2 if every x is the same), and
// the sum of squared successive differences around it,
// sum_i (d_i - b e_i)^2 = SSD - 2 b Sxy + b^2 Sxx with b = Cxy/Cxx: the
// group's noise with a trend across it taken out.
func (g *Group) Resid() (rss, ssd float64) {
	if !(g.Cxx > 0) {
		return g.M2, g.SSD
	}
	b := g.Cxy / g.Cxx
	rss = max(0, g.M2-float64(b*g.Cxy))
	ssd = max(0, g.SSD-float64(2*b*g.Sxy)+float64(float64(b*b)*g.Sxx))
	return rss, ssd
}
