package detmath

import (
	"math"
	"math/rand/v2"
	"testing"
)

// ulps returns how many representable float64s lie between a and b.
func ulps(a, b float64) uint64 {
	ia, ib := int64(math.Float64bits(a)), int64(math.Float64bits(b))
	if ia > ib {
		return uint64(ia - ib)
	}
	return uint64(ib - ia)
}

func TestAgainstStdlib(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	for i := 0; i < 200000; i++ {
		// Log over many binades, Exp over its whole finite range.
		x := math.Ldexp(1+r.Float64(), r.IntN(2000)-1000)
		if d := ulps(Log(x), math.Log(x)); d > 1 {
			t.Fatalf("Log(%g) = %g, math.Log = %g: %d ulp apart", x, Log(x), math.Log(x), d)
		}
		y := (r.Float64()*2 - 1) * 700
		// amd64's assembly math.Exp is itself only within about 1 ulp.
		if d := ulps(Exp(y), math.Exp(y)); d > 2 {
			t.Fatalf("Exp(%g) = %g, math.Exp = %g: %d ulp apart", y, Exp(y), math.Exp(y), d)
		}
	}
}

func TestSpecialCases(t *testing.T) {
	inf, nan := math.Inf(1), math.NaN()
	tests := []struct {
		name string
		got  float64
		want float64
	}{
		{"Log(1)", Log(1), 0},
		{"Log(e)", Log(math.E), 1},
		{"Log(0)", Log(0), -inf},
		{"Log(+Inf)", Log(inf), inf},
		{"Log(-1)", Log(-1), nan},
		{"Exp(0)", Exp(0), 1},
		{"Exp(1)", Exp(1), math.E},
		{"Exp(-Inf)", Exp(-inf), 0},
		{"Exp(+Inf)", Exp(inf), inf},
		{"Exp(1000)", Exp(1000), inf},
		{"Exp(-1000)", Exp(-1000), 0},
		{"Exp(NaN)", Exp(nan), nan},
		{"Pow(2, 10)", Pow(2, 10), 1024},
		{"Pow(9, 0.5)", Pow(9, 0.5), 3},
		{"Pow(0, 2)", Pow(0, 2), 0},
		{"Pow(-1, 2)", Pow(-1, 2), nan},
		{"Pow(-1, 0)", Pow(-1, 0), 1},
	}
	for _, tt := range tests {
		if math.IsNaN(tt.want) {
			if !math.IsNaN(tt.got) {
				t.Errorf("%s = %g, want NaN", tt.name, tt.got)
			}
			continue
		}
		if ulps(tt.got, tt.want) > 1 {
			t.Errorf("%s = %g, want %g", tt.name, tt.got, tt.want)
		}
	}
}

func TestPowi(t *testing.T) {
	tests := []struct {
		x    float64
		k    int
		want float64
	}{
		{2, 0, 1},
		{2, 10, 1024},
		{1.5, 20, 3325.256730079651},
		{0.5, 30, 0x1p-30},
		{2, -3, 0.125},
		{-3, 3, -27},
		{1.0001, 100000000, math.Inf(1)},
	}
	for _, tt := range tests {
		if got := Powi(tt.x, tt.k); got != tt.want {
			t.Errorf("Powi(%g, %d) = %.17g, want %.17g", tt.x, tt.k, got, tt.want)
		}
	}
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 10000; i++ {
		x, k := 0.5+r.Float64(), r.IntN(2000)
		want := math.Pow(x, float64(k))
		if got := Powi(x, k); math.Abs(got-want) > 1e-13*want {
			t.Fatalf("Powi(%g, %d) = %g, math.Pow = %g", x, k, got, want)
		}
	}
}
