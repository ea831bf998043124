package rng

import (
	"math"
	"sort"
	"testing"

	"gonum.org/v1/gonum/stat"
	"gonum.org/v1/gonum/stat/distuv"
)

// The reference outputs of xoshiro256** from state {1, 2, 3, 4}, as published
// with the algorithm's C reference implementation.
func TestXoshiroReferenceVector(t *testing.T) {
	s := Source{1, 2, 3, 4}
	want := []uint64{11520, 0, 1509978240, 1215971899390074240}
	for i, w := range want {
		if got := s.Uint64(); got != w {
			t.Fatalf("output %d = %d, want %d", i, got, w)
		}
	}
}

func TestSameSeedSameStream(t *testing.T) {
	a, b, c := New(7, 3), New(7, 3), New(7, 4)
	same := 0
	for i := 0; i < 1000; i++ {
		x, y, z := a.Normal(), b.Normal(), c.Normal()
		if x != y {
			t.Fatalf("draw %d: %v != %v from the same seed and stream", i, x, y)
		}
		if x == z {
			same++
		}
	}
	if same > 0 {
		t.Errorf("streams 3 and 4 agree on %d of 1000 draws", same)
	}
}

// ksStatistic returns the Kolmogorov-Smirnov distance between the empirical
// distribution of xs and cdf.
func ksStatistic(xs []float64, cdf func(float64) float64) float64 {
	sort.Float64s(xs)
	n := float64(len(xs))
	d := 0.0
	for i, x := range xs {
		f := cdf(x)
		d = math.Max(d, math.Max(f-float64(i)/n, float64(i+1)/n-f))
	}
	return d
}

func TestDistributions(t *testing.T) {
	const n = 400000
	// The KS critical value at level 1e-4 is about 2.0/sqrt(n).
	crit := 2.0 / math.Sqrt(n)
	tests := []struct {
		name string
		draw func(*Source) float64
		cdf  func(float64) float64
		mean float64
		vari float64
	}{
		{"normal", (*Source).Normal, distuv.UnitNormal.CDF, 0, 1},
		{"normal2/x", func(s *Source) float64 { x, _ := s.Normal2(); return x }, distuv.UnitNormal.CDF, 0, 1},
		{"normal2/y", func(s *Source) float64 { _, y := s.Normal2(); return y }, distuv.UnitNormal.CDF, 0, 1},
		{"exponential", (*Source).Exponential, distuv.Exponential{Rate: 1}.CDF, 1, 1},
		{"uniform", (*Source).Float64, distuv.Uniform{Min: 0, Max: 1}.CDF, 0.5, 1.0 / 12},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := New(42, 0)
			xs := make([]float64, n)
			for i := range xs {
				xs[i] = tt.draw(&s)
			}
			m, v := stat.MeanVariance(xs, nil)
			if se := math.Sqrt(tt.vari / n); math.Abs(m-tt.mean) > 5*se {
				t.Errorf("mean %.5f, want %.5f (5 standard errors: %.5f)", m, tt.mean, 5*se)
			}
			if math.Abs(v-tt.vari)/tt.vari > 0.02 {
				t.Errorf("variance %.5f, want %.5f", v, tt.vari)
			}
			if d := ksStatistic(xs, tt.cdf); d > crit {
				t.Errorf("KS distance %.5f > %.5f", d, crit)
			}
		})
	}
}

// The layers decrease from x_0 to x_N = 0, all finite, and each has the same
// area: x_i (f(x_{i+1}) - f(x_i)) = v for the rectangles above the base, to a
// relative 1e-9 (the tables are built by a recursion in float64).
func TestZigguratTables(t *testing.T) {
	for i := 0; i < zigLayers; i++ {
		if !(zig.x[i] > zig.x[i+1]) || math.IsNaN(zig.x[i]) {
			t.Fatalf("x_%d = %g, x_%d = %g", i, zig.x[i], i+1, zig.x[i+1])
		}
	}
	for i := 1; i < zigLayers; i++ {
		if a := zig.x[i] * (zig.f[i+1] - zig.f[i]); math.Abs(a-zigV) > 1e-9*zigV {
			t.Fatalf("layer %d has area %.12g, want %.12g", i, a, zigV)
		}
	}
}

// The tail beyond the ziggurat's r = 3.44 must be sampled too, at the rate
// the normal law gives it.
func TestNormalTail(t *testing.T) {
	const n = 2000000
	s := New(1, 1)
	tail := 0
	for i := 0; i < n; i++ {
		if math.Abs(s.Normal()) > zigR {
			tail++
		}
	}
	p := 2 * distuv.UnitNormal.Survival(zigR)
	want := p * n
	if math.Abs(float64(tail)-want) > 5*math.Sqrt(want) {
		t.Errorf("%d draws beyond |x| > %.2f, want about %.0f", tail, zigR, want)
	}
}

// The two halves of Normal2 are independent: their sample correlation is
// within z = 5 standard errors (1/sqrt(n)) of 0, and so is that of their
// squares, which would catch a dependence of the scales.
func TestNormal2Independent(t *testing.T) {
	const n = 400000
	s := New(3, 0)
	xs, ys := make([]float64, n), make([]float64, n)
	x2, y2 := make([]float64, n), make([]float64, n)
	for i := range xs {
		xs[i], ys[i] = s.Normal2()
		x2[i], y2[i] = xs[i]*xs[i], ys[i]*ys[i]
	}
	for _, c := range []struct {
		name string
		r    float64
	}{{"x, y", stat.Correlation(xs, ys, nil)}, {"x^2, y^2", stat.Correlation(x2, y2, nil)}} {
		if math.Abs(c.r) > 5/math.Sqrt(n) {
			t.Errorf("correlation of %s = %.5f", c.name, c.r)
		}
	}
	tail := 0
	for i := range xs {
		if math.Abs(xs[i]) > zigR {
			tail++
		}
		if math.Abs(ys[i]) > zigR {
			tail++
		}
	}
	want := 2 * distuv.UnitNormal.Survival(zigR) * 2 * n
	if math.Abs(float64(tail)-want) > 5*math.Sqrt(want) {
		t.Errorf("%d draws beyond |x| > %.2f, want about %.0f", tail, zigR, want)
	}
}

func BenchmarkNormal2(b *testing.B) {
	s := New(1, 0)
	var sum float64
	for b.Loop() {
		x, y := s.Normal2()
		sum += x + y
	}
	_ = sum
}

func BenchmarkNormal(b *testing.B) {
	s := New(1, 0)
	var sum float64
	for b.Loop() {
		sum += s.Normal()
	}
	_ = sum
}

func BenchmarkUint64(b *testing.B) {
	s := New(1, 0)
	var sum uint64
	for b.Loop() {
		sum += s.Uint64()
	}
	_ = sum
}
