package trend

import (
	"math"

	"gonum.org/v1/gonum/mathext"
)

// normalDOF is the number of degrees of freedom beyond which TQuantile
// returns the normal quantile: t_{0.999, 10^6} differs from it by 4e-6.
// From expansionDOF on it uses Fisher's expansion.
const (
	normalDOF    = 1e6
	expansionDOF = 100
)

// TQuantile returns the p-quantile of Student's t distribution with nu
// degrees of freedom (nu > 0, not necessarily an integer):
//
//	t_p = sqrt(nu x / (1 - x)),  x = I^-1_{2p-1}(1/2, nu/2)  for p > 1/2,
//
// I^-1 the inverse of the regularized incomplete beta function
// (mathext.InvRegIncBeta), and -t_{1-p} for p < 1/2; the normal quantile
// for nu >= 10^6 or +Inf. For nu >= 100 it uses Fisher's (1926) expansion
// in powers of 1/nu around the normal quantile z (Abramowitz and Stegun
// 26.7.5), which is within 1e-8 of the exact value there and a hundred
// times faster. It equals gonum's distuv.StudentsT.Quantile,
// which the tests check it against, and which inverts I(nu/2, 1/2) at
// 2(1 - p) instead, seven to thirty times slower; package stat would also
// bring gonum's matrix packages into the WebAssembly binary. NaN for
// nu <= 0 or NaN, or p outside [0, 1].
func TQuantile(p, nu float64) float64 {
	switch {
	case !(nu > 0) || !(p >= 0 && p <= 1):
		return math.NaN()
	case p == 0.5:
		return 0
	case nu >= normalDOF:
		return float64(math.Sqrt2 * math.Erfinv(2*p-1))
	case p < 0.5:
		return -TQuantile(1-p, nu)
	case nu >= expansionDOF:
		return fisher(float64(math.Sqrt2*math.Erfinv(2*p-1)), nu)
	}
	x := mathext.InvRegIncBeta(0.5, nu/2, 2*p-1)
	return math.Sqrt(float64(nu*x) / (1 - x))
}

// FQuantile returns the p-quantile of Fisher's F distribution with d1 and
// d2 degrees of freedom (positive reals), d2 x / (d1 (1 - x)) with
// x = I^-1_p(d1/2, d2/2): gonum's distuv.F.Quantile. Degrees of freedom
// beyond 10^6 count as 10^6. NaN for a degree of freedom <= 0 or p outside
// [0, 1].
func FQuantile(p, d1, d2 float64) float64 {
	if !(d1 > 0 && d2 > 0) || !(p >= 0 && p <= 1) {
		return math.NaN()
	}
	d1, d2 = min(d1, normalDOF), min(d2, normalDOF)
	x := mathext.InvRegIncBeta(d1/2, d2/2, p)
	return float64(d2*x) / float64(d1*(1-x))
}

// fisher returns the t quantile for the normal quantile z and nu degrees of
// freedom by Fisher's expansion to the fourth order:
//
//	t = z + g1/nu + g2/nu^2 + g3/nu^3 + g4/nu^4,
//	g1 = (z^3 + z)/4,
//	g2 = (5z^5 + 16z^3 + 3z)/96,
//	g3 = (3z^7 + 19z^5 + 17z^3 - 15z)/384,
//	g4 = (79z^9 + 776z^7 + 1482z^5 - 1920z^3 - 945z)/92160.
func fisher(z, nu float64) float64 {
	z2 := float64(z * z)
	poly := func(c ...float64) float64 { // c[0] z^(2k+1) + ... + c[k] z, in z2
		r := c[0]
		for _, v := range c[1:] {
			r = float64(r*z2) + v
		}
		return float64(r * z)
	}
	g1 := poly(1, 1) / 4
	g2 := poly(5, 16, 3) / 96
	g3 := poly(3, 19, 17, -15) / 384
	g4 := poly(79, 776, 1482, -1920, -945) / 92160
	return z + (g1+(g2+(g3+g4/nu)/nu)/nu)/nu
}
