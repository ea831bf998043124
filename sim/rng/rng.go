// Package rng is the simulation's random source: small, fast in WebAssembly,
// and bit-for-bit the same on every platform.
//
// The generator is xoshiro256** (Blackman and Vigna, 2018), seeded through
// splitmix64. It needs only 64-bit shifts, rotations and multiplications,
// which are cheap in wasm, unlike the 128-bit multiply of PCG. Normal variates
// come from a 128-layer ziggurat (Marsaglia and Tsang, 2000, in Doornik's
// 2005 form) whose tables are built with package detmath, so they too are
// identical everywhere.
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

// Float64 returns a uniform value in [0, 1) with 53 random bits.
func (s *Source) Float64() float64 {
	return float64(s.Uint64()>>11) * 0x1p-53
}

// OpenFloat64 returns a uniform value in (0, 1), safe to take the log of.
func (s *Source) OpenFloat64() float64 {
	return (float64(s.Uint64()>>12) + 0.5) * 0x1p-52
}

// Exponential returns an Exp(1) variate, -log(U) with U uniform on (0, 1).
func (s *Source) Exponential() float64 {
	return -detmath.Log(s.OpenFloat64())
}

// Normal returns a standard normal variate by the ziggurat method: a random
// layer i and u uniform on (-1, 1); accept u x_i at once when |u| < x_{i+1}/x_i
// (about 98.8% of draws, one Uint64 each), else test the wedge or sample the
// tail beyond r by Marsaglia's method.
func (s *Source) Normal() float64 {
	for {
		b := s.Uint64()
		i := b & (zigLayers - 1)
		// The top 53 bits give u in [-1, 1); they do not overlap the 7 layer bits.
		u := float64(b>>11)*0x1p-52 - 1
		if math.Abs(u) < zig.ratio[i] {
			return u * zig.x[i]
		}
		if i == 0 {
			return s.normalTail(u < 0)
		}
		x := u * zig.x[i]
		f0 := detmath.Exp(-0.5 * (zig.x[i]*zig.x[i] - x*x))
		f1 := detmath.Exp(-0.5 * (zig.x[i+1]*zig.x[i+1] - x*x))
		if f1+s.Float64()*(f0-f1) < 1 {
			return x
		}
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

const (
	zigLayers = 128
	zigR      = 3.442619855899      // start of the tail
	zigV      = 9.91256303526217e-3 // area of each layer
)

// zigTables holds the layer edges x_0 > x_1 = r > ... > x_128 = 0 and the
// ratios x_{i+1}/x_i. x_0 = v/f(r) is the width of the base layer, whose
// rectangle stands in for the tail.
type zigTables struct {
	x     [zigLayers + 1]float64
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
	return t
}()
