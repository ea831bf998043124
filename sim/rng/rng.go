// Package rng is the simulation's random source: small, fast in WebAssembly,
// and bit-for-bit the same on every platform.
//
// The generator is xoshiro256** (Blackman and Vigna, 2018), seeded through
// splitmix64. It needs only 64-bit shifts, rotations and multiplications,
// which are cheap in wasm, unlike the 128-bit multiply of PCG. Normal variates
// come from a 1024-layer ziggurat (Marsaglia and Tsang, 2000, in Doornik's
// 2005 form) whose tables are built with package detmath, so they too are
// identical everywhere. With 1024 layers rather than the usual 128 or 256,
// 99.6% of the draws take the fast path; the tables (24 KiB) still fit the
// first-level cache.
package rng

import (
	"math"
	"math/bits"

	"noiseball/sim/detmath"
)

// Source is a xoshiro256** generator. The zero value is not usable; call New.
// A Source is a plain value: copying it forks the stream.
type Source struct {
	s0, s1, s2, s3 uint64
}

// splitmix64 advances *x and returns the next splitmix64 output.
func splitmix64(x *uint64) uint64 {
	*x += 0x9e3779b97f4a7c15
	z := *x
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// New returns the Source for stream number stream of seed seed. Different
// (seed, stream) pairs give streams that are, for any practical purpose,
// independent; the same pair always gives the same stream.
func New(seed, stream uint64) Source {
	x := seed ^ bits.RotateLeft64(stream*0xd1342543de82ef95+0x632be59bd9b4e019, 17)
	// Mix twice so that consecutive seeds and streams land far apart.
	x = splitmix64(&x) ^ stream
	var s Source
	s.s0 = splitmix64(&x)
	s.s1 = splitmix64(&x)
	s.s2 = splitmix64(&x)
	s.s3 = splitmix64(&x)
	return s
}

// Uint64 returns 64 uniformly distributed random bits.
func (s *Source) Uint64() uint64 {
	result := bits.RotateLeft64(s.s1*5, 7) * 9
	t := s.s1 << 17
	s.s2 ^= s.s0
	s.s3 ^= s.s1
	s.s1 ^= s.s2
	s.s0 ^= s.s3
	s.s2 ^= t
	s.s3 = bits.RotateLeft64(s.s3, 45)
	return result
}

// Float64 returns a uniform value in [0, 1) with 53 random bits. (The
// conversions here are from int64: exact for these values, and much cheaper
// in wasm than those from uint64. The product is rounded explicitly, as
// every product the simulation adds to: Float64 is inlined, and arm64 would
// otherwise fuse it with the caller's sum.)
func (s *Source) Float64() float64 {
	return float64(float64(int64(s.Uint64()>>11)) * 0x1p-53)
}

// OpenFloat64 returns a uniform value in (0, 1), safe to take the log of.
func (s *Source) OpenFloat64() float64 {
	return float64((float64(int64(s.Uint64()>>12)) + 0.5) * 0x1p-52)
}

// Exponential returns an Exp(1) variate, -log(U) with U uniform on (0, 1).
func (s *Source) Exponential() float64 {
	return -detmath.Log(s.OpenFloat64())
}

// Normal returns a standard normal variate by the ziggurat method: the low 10
// bits of a Uint64 pick a layer i, its top 53 bits give u uniform on [-1, 1)
// (the two do not overlap); u x_i is accepted at once when
// |u| < x_{i+1}/x_i (99.6% of draws), else the wedge between the layer's
// rectangle and the density is tested, or, in the base layer, the tail
// beyond r is sampled by Marsaglia's method.
func (s *Source) Normal() float64 {
	b := s.Uint64()
	u := float64(float64(int64(b>>11))*0x1p-52) - 1
	return s.ziggurat(int(b&(zigLayers-1)), u)
}

// Normal2 returns two independent standard normal variates from one Uint64,
// 32 bits each, as in Marsaglia and Tsang's original 32-bit ziggurat: 10
// bits pick the layer i and 22 give u, so each variate lies on a grid of
// spacing 2^-21 x_i, at most 2.1e-6, far below anything the simulation
// measures. It costs little more than one call of Normal, and is exactly
//
//	b := s.Uint64()
//	x, okx := NormalFast32(uint32(b))
//	y, oky := NormalFast32(uint32(b >> 32))
//	if !okx {
//		x = s.NormalSlow32(uint32(b))
//	}
//	if !oky {
//		y = s.NormalSlow32(uint32(b >> 32))
//	}
//
// Go does not inline Normal2; hot loops write these lines out.
func (s *Source) Normal2() (x, y float64) {
	b := s.Uint64()
	x, okx := NormalFast32(uint32(b))
	y, oky := NormalFast32(uint32(b >> 32))
	if !okx {
		x = s.NormalSlow32(uint32(b))
	}
	if !oky {
		y = s.NormalSlow32(uint32(b >> 32))
	}
	return x, y
}

// NormalFast32 is the ziggurat's fast path for 32 random bits b: the low 10
// pick the layer i, the top 22, as a signed k, give u = (k + 1/2) 2^-21,
// symmetric in (-1, 1); x = u x_i is accepted, ok = true, when
// |u| < x_{i+1}/x_i. When ok is false, NormalSlow32(b) finishes the draw.
func NormalFast32(b uint32) (x float64, ok bool) {
	i := b & (zigLayers - 1)
	u := (float64(int32(b)>>zigBits) + 0.5) * 0x1p-21
	return float64(u * zig.x[i]), math.Abs(u) < zig.ratio[i]
}

// NormalSlow32 finishes a normal draw whose bits b NormalFast32 rejected.
func (s *Source) NormalSlow32(b uint32) float64 {
	return s.ziggurat(int(b&(zigLayers-1)), (float64(int32(b)>>zigBits)+0.5)*0x1p-21)
}

// ziggurat finishes a draw in layer i with u uniform on (-1, 1): it accepts
// u x_i inside the layer's rectangle, samples the tail beyond r from the
// base layer, tests the wedge between the rectangle and the density
// f(x) = exp(-x^2/2) in the others, and draws afresh (53-bit u) when the
// point is rejected.
func (s *Source) ziggurat(i int, u float64) float64 {
	for {
		if math.Abs(u) < zig.ratio[i] {
			return u * zig.x[i]
		}
		if i == 0 {
			return s.normalTail(u < 0)
		}
		x := u * zig.x[i]
		if zig.f[i+1]+float64(s.Float64()*(zig.f[i]-zig.f[i+1])) < detmath.Exp(-0.5*x*x) {
			return x
		}
		b := s.Uint64()
		i, u = int(b&(zigLayers-1)), float64(float64(int64(b>>11))*0x1p-52)-1
	}
}

// normalTail samples the normal distribution conditioned on |x| > r.
func (s *Source) normalTail(negative bool) float64 {
	for {
		x := detmath.Log(s.OpenFloat64()) / zigR
		y := detmath.Log(s.OpenFloat64())
		if -2*y >= x*x {
			if negative {
				return x - zigR
			}
			return zigR - x
		}
	}
}

// The ziggurat's shape: 2^zigBits layers of area zigV each, the tail from
// zigR on. zigR solves the equation that makes the layers, built from the
// base up, end exactly at the top of the density (computed to 40 digits).
const (
	zigBits   = 10
	zigLayers = 1 << zigBits
	zigR      = 4.0388498461095045    // start of the tail
	zigV      = 1.2263246463530881e-3 // r f(r) + the tail's area
)

// zigTables holds the layer edges x_0 > x_1 = r > ... > x_1024 = 0, the
// density f(x_i) = exp(-x_i^2/2) at each, and the ratios x_{i+1}/x_i.
// x_0 = v/f(r) is the width of the base layer, whose rectangle stands in for
// the tail.
type zigTables struct {
	x     [zigLayers + 1]float64
	f     [zigLayers + 1]float64
	ratio [zigLayers]float64
}

// zig is computed once at start-up and never written again.
var zig = func() (t zigTables) {
	f := func(x float64) float64 { return detmath.Exp(-0.5 * x * x) }
	t.x[0] = zigV / f(zigR)
	t.x[1] = zigR
	for i := 2; i < zigLayers; i++ {
		t.x[i] = math.Sqrt(-2 * detmath.Log(zigV/t.x[i-1]+f(t.x[i-1])))
	}
	t.x[zigLayers] = 0
	for i := 0; i < zigLayers; i++ {
		t.ratio[i] = t.x[i+1] / t.x[i]
	}
	for i := range t.f {
		t.f[i] = f(t.x[i])
	}
	return t
}()
