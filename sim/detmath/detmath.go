// Package detmath computes Exp, Log, Pow, Sin and Cos in pure Go, so that
// they return bit-identical results on every GOARCH.
//
// The standard library's math.Exp and math.Log use assembly on amd64 and pure
// Go on js/wasm; the two can differ in the last bit, which is enough to make a
// simulation that must be reproducible in the browser drift from the native
// run. The algorithms here are the classic fdlibm ones (Sun Microsystems,
// 1993), accurate to within 1 ulp, using only +, -, *, /, Frexp and Ldexp,
// which IEEE 754 fixes exactly, and Go's Cephes-based Sin and Cos.
//
// They are fusion-proof: the Go specification lets a compiler fuse x*y + z
// into one multiply-add rounded once (arm64 always does, amd64 with
// GOAMD64=v3), which changes the last bits, so every product that feeds a
// sum is rounded explicitly, float64(x*y) + z.
package detmath

import "math"

const (
	ln2Hi = 6.93147180369123816490e-01 // 0x3fe62e42fee00000
	ln2Lo = 1.90821492927058770002e-10 // 0x3dea39ef35793c76
	log2e = 1.44269504088896338700e+00
)

// Log returns the natural logarithm of x.
//
// Special cases: Log(+Inf) = +Inf, Log(0) = -Inf, Log(x < 0) = NaN, Log(NaN) = NaN.
//
// With x = 2^k (1+f), sqrt(2)/2 < 1+f < sqrt(2), s = f/(2+f):
//
//	log(1+f) = f - s (f - R(s^2)),   log(x) = k ln2 + log(1+f)
//
// where R is fdlibm's degree-14 minimax polynomial.
func Log(x float64) float64 {
	const (
		l1 = 6.666666666666735130e-01 // 0x3FE5555555555593
		l2 = 3.999999999940941908e-01 // 0x3FD999999997FA04
		l3 = 2.857142874366239149e-01 // 0x3FD2492494229359
		l4 = 2.222219843214978396e-01 // 0x3FCC71C51D8E78AF
		l5 = 1.818357216161805012e-01 // 0x3FC7466496CB03DE
		l6 = 1.531383769920937332e-01 // 0x3FC39A09D078C69F
		l7 = 1.479819860511658591e-01 // 0x3FC2F112DF3E5244
	)
	switch {
	case math.IsNaN(x) || math.IsInf(x, 1):
		return x
	case x < 0:
		return math.NaN()
	case x == 0:
		return math.Inf(-1)
	}
	f1, ki := math.Frexp(x)
	if f1 < math.Sqrt2/2 {
		f1 *= 2
		ki--
	}
	f := f1 - 1
	k := float64(ki)
	s := f / (2 + f)
	s2 := s * s
	s4 := s2 * s2
	// t1 = s2 (l1 + s4 (l3 + s4 (l5 + s4 l7))), t2 = s4 (l2 + s4 (l4 + s4 l6)).
	t1 := float64(s4 * l7)
	t1 = float64(s4 * (l5 + t1))
	t1 = float64(s4 * (l3 + t1))
	t1 = float64(s2 * (l1 + t1))
	t2 := float64(s4 * l6)
	t2 = float64(s4 * (l4 + t2))
	t2 = float64(s4 * (l2 + t2))
	r := t1 + t2
	hfsq := float64(0.5 * f * f)
	return float64(k*ln2Hi) - ((hfsq - (float64(s*(hfsq+r)) + float64(k*ln2Lo))) - f)
}

// Exp returns e**x.
//
// Special cases: Exp(+Inf) = +Inf, Exp(NaN) = NaN, Exp(-Inf) = 0; very large
// x overflow to +Inf and very negative x underflow to 0.
//
// With x = k ln2 + r, |r| <= ln2/2, and c = r - r^2 P(r^2) (fdlibm's degree-10
// Remez polynomial):
//
//	exp(r) = 1 + r + r c/(2 - c),   exp(x) = 2^k exp(r)
func Exp(x float64) float64 {
	const (
		overflow  = 7.09782712893383973096e+02
		underflow = -7.45133219101941108420e+02
		nearZero  = 1.0 / (1 << 28)

		p1 = 1.66666666666666657415e-01  // 0x3FC555555555553E
		p2 = -2.77777777770155933842e-03 // 0xBF66C16C16BEBD93
		p3 = 6.61375632143793436117e-05  // 0x3F11566AAF25DE2C
		p4 = -1.65339022054652515390e-06 // 0xBEBBBD41C5D26BF1
		p5 = 4.13813679705723846039e-08  // 0x3E66376972BEA4D0
	)
	switch {
	case math.IsNaN(x) || math.IsInf(x, 1):
		return x
	case math.IsInf(x, -1):
		return 0
	case x > overflow:
		return math.Inf(1)
	case x < underflow:
		return 0
	case -nearZero < x && x < nearZero:
		return 1 + x
	}
	var k int
	if x < 0 {
		k = int(float64(log2e*x) - 0.5)
	} else {
		k = int(float64(log2e*x) + 0.5)
	}
	hi := x - float64(float64(k)*ln2Hi)
	lo := float64(float64(k) * ln2Lo)
	r := hi - lo
	t := r * r
	// c = r - t (p1 + t (p2 + t (p3 + t (p4 + t p5)))).
	p := float64(t * p5)
	p = float64(t * (p4 + p))
	p = float64(t * (p3 + p))
	p = float64(t * (p2 + p))
	p = float64(t * (p1 + p))
	c := r - p
	y := 1 - ((lo - (r*c)/(2-c)) - hi)
	if -1020 <= k && k <= 1020 {
		// y is near 1 and y 2^k a normal number: multiplying by the power
		// of two is exact, the same bits as Ldexp's, without its call (a
		// fifth of an MLP's step in WebAssembly).
		return y * math.Float64frombits(uint64(k+1023)<<52)
	}
	return math.Ldexp(y, k)
}

// Pow returns x**y for x > 0, computed as Exp(y Log(x)); the relative error
// grows like |y Log(x)| ulp, which is ample for learning-rate schedules.
// Pow(x, 0) = 1 for any x; for x <= 0 and y != 0 it returns NaN, except
// Pow(0, y > 0) = 0.
func Pow(x, y float64) float64 {
	switch {
	case y == 0:
		return 1
	case x == 0 && y > 0:
		return 0
	case x <= 0 || math.IsNaN(x) || math.IsNaN(y):
		return math.NaN()
	}
	return Exp(y * Log(x))
}

// Powi returns x**k for an integer k >= 0 by binary exponentiation: about
// 2 log2(k) multiplications, each rounded once, so the relative error is at
// most about 2 log2(k) ulp, and the result is exact whenever every partial
// product is representable (2**10, 1.5**20, 0.5**30). Powi(x, 0) = 1; for
// k < 0 it returns 1/Powi(x, -k).
func Powi(x float64, k int) float64 {
	if k < 0 {
		return 1 / Powi(x, -k)
	}
	r := 1.0
	for k > 0 {
		if k&1 == 1 {
			r *= x
		}
		x *= x
		k >>= 1
	}
	return r
}
