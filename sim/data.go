package sim

import (
	"fmt"
	"math"

	"noiseball/sim/rng"
)

// Distribution names the law of each data coordinate, before it is scaled to
// the wanted mean and standard deviation.
type Distribution string

// The data distributions. Each draws Z with E Z = 0 and Var Z = 1; a data
// coordinate is X = mu + sigma Z.
const (
	Gauss      Distribution = "gauss"      // standard normal
	Uniform    Distribution = "uniform"    // uniform on [-sqrt 3, sqrt 3]
	Rademacher Distribution = "rademacher" // +-1 with probability 1/2 each
	Exp        Distribution = "exp"        // E - 1, E ~ Exp(1): skewed, E Z^3 = 2
	TwoPoint   Distribution = "twopoint"   // skewed two-point law, see TwoPointP
	T3         Distribution = "t3"         // Student t with 3 degrees of freedom / sqrt 3: heavy tails
)

// Distributions returns every Distribution, in the order the page offers
// them.
func Distributions() []Distribution {
	return []Distribution{Gauss, Uniform, Rademacher, Exp, TwoPoint, T3}
}

// TwoPointP is the probability of the large value of the TwoPoint law:
// Z = sqrt((1-p)/p) with probability p, else -sqrt(p/(1-p)).
// Its third moment is (1-2p)/sqrt(p(1-p)) = 1.5 for p = 0.2.
const TwoPointP = 0.2

// Skewness returns E Z^3 for the standardized law d (0 for the symmetric ones).
func (d Distribution) Skewness() float64 {
	switch d {
	case Exp:
		return 2
	case TwoPoint:
		return (1 - 2*TwoPointP) / math.Sqrt(TwoPointP*(1-TwoPointP))
	}
	return 0
}

// Valid reports whether d is one of Distributions.
func (d Distribution) Valid() bool {
	for _, x := range Distributions() {
		if d == x {
			return true
		}
	}
	return false
}

var (
	sqrt3      = math.Sqrt(3)
	twoPointHi = math.Sqrt((1 - TwoPointP) / TwoPointP)
	twoPointLo = -math.Sqrt(TwoPointP / (1 - TwoPointP))
)

// standard draws one standardized variate Z of law d from s.
func (d Distribution) standard(s *rng.Source) float64 {
	switch d {
	case Uniform:
		return (float64(2*s.Float64()) - 1) * sqrt3
	case Rademacher:
		if s.Uint64()>>63 == 0 {
			return -1
		}
		return 1
	case Exp:
		return s.Exponential() - 1
	case TwoPoint:
		if s.Float64() < TwoPointP {
			return twoPointHi
		}
		return twoPointLo
	case T3:
		// T = N / sqrt(chi2_3 / 3), and Var T = 3.
		n := s.Normal()
		a, b, c := s.Normal(), s.Normal(), s.Normal()
		return n / math.Sqrt((float64(a*a)+float64(b*b)+float64(c*c))/3) / sqrt3
	}
	return s.Normal()
}

// Data describes the random vector X whose i.i.d. copies feed the stochastic
// gradients: each coordinate is X_i = Mean_i + Sigma_i Z_i, the Z_i
// independent with law Dist. Sigma = 0 gives the deterministic problem.
type Data struct {
	Dist  Distribution
	Sigma Vec
}

// batchMean returns xbar - E X, the centred mean of a mini-batch of j draws.
// A normal batch mean is drawn exactly as sigma N(0, 1)/sqrt(j), both
// coordinates by one rng.Source.Normal2 whatever j; the other laws draw all j
// points, coordinate by coordinate.
func (d *Data) batchMean(s *rng.Source, j int) Vec {
	if d.Dist == Gauss {
		z0, z1 := s.Normal2()
		if j == 1 {
			return Vec{float64(d.Sigma[0] * z0), float64(d.Sigma[1] * z1)}
		}
		inv := 1 / math.Sqrt(float64(j))
		return Vec{float64(d.Sigma[0] * inv * z0), float64(d.Sigma[1] * inv * z1)}
	}
	return d.meanOf(d.addPoints(Vec{}, s, j), j)
}

// addPoints returns sum plus k more draws of the standard law (not Gauss),
// coordinate by coordinate: batchMean's sum, which a large batch can take
// in parts (Lane.batchPart).
func (d *Data) addPoints(sum Vec, s *rng.Source, k int) Vec {
	for range k {
		sum[0] += d.Dist.standard(s)
		sum[1] += d.Dist.standard(s)
	}
	return sum
}

// meanOf returns xbar - E X of a batch of j draws whose standard draws sum
// to sum.
func (d *Data) meanOf(sum Vec, j int) Vec {
	inv := 1 / float64(j)
	return Vec{float64(d.Sigma[0] * sum[0] * inv), float64(d.Sigma[1] * sum[1] * inv)}
}

func (d Data) validate() error {
	if !d.Dist.Valid() {
		return fmt.Errorf("unknown distribution %q", d.Dist)
	}
	return nil
}
