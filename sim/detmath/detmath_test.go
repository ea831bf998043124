package detmath

import (
	"crypto/sha256"
	"encoding/binary"
	"fmt"
	"math"
	"math/rand/v2"
	"runtime"
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

// fuseProbe is 1 + 2^-30 twice and -1, in variables so that fuses is not
// constant-folded and its two products are not one.
var fuseProbe = [3]float64{1 + 0x1p-30, 1 + 0x1p-30, -1}

// fuses reports whether this build fuses a multiply-add (arm64, amd64 with
// GOAMD64=v3): x*x + (-1) is 2^-29 + 2^-60 fused, 2^-29 with x*x rounded.
func fuses() bool {
	x, y, z := fuseProbe[0], fuseProbe[1], fuseProbe[2]
	return x*x+z != float64(y*y)+z
}

func TestTrigAgainstStdlib(t *testing.T) {
	// The standard library's Sin and Cos are the same Go code as these but
	// for the explicit roundings: where the build does not fuse, the bits
	// must agree; where it does, the standard library's may differ by 1 ulp.
	exact := !fuses()
	if want := runtime.GOARCH == "wasm"; want && !exact {
		t.Errorf("wasm fuses multiply-adds")
	}
	r := rand.New(rand.NewPCG(5, 6))
	for i := 0; i < 200000; i++ {
		var x float64
		switch i % 4 {
		case 0, 1: // the simulation's range: angles and the cosine schedule
			x = (r.Float64()*2 - 1) * 4
		case 2:
			x = (r.Float64()*2 - 1) * 1e6
		case 3: // beyond the threshold of Payne-Hanek reduction
			x = math.Ldexp(1+r.Float64(), 29+r.IntN(990))
		}
		for _, f := range []struct {
			name      string
			got, want float64
		}{{"Sin", Sin(x), math.Sin(x)}, {"Cos", Cos(x), math.Cos(x)}} {
			if d := ulps(f.got, f.want); d > 1 || exact && d != 0 {
				t.Fatalf("%s(%g) = %g, math.%s = %g: %d ulp apart", f.name, x, f.got, f.name, f.want, d)
			}
		}
	}
}

func TestTrigValues(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	tests := []struct {
		name      string
		got, want float64
	}{
		{"Sin(0)", Sin(0), 0},
		{"Sin(pi/6)", Sin(math.Pi / 6), 0.5},
		{"Sin(pi/2)", Sin(math.Pi / 2), 1},
		{"Sin(-pi/2)", Sin(-math.Pi / 2), -1},
		{"Cos(0)", Cos(0), 1},
		{"Cos(pi/3)", Cos(math.Pi / 3), 0.5},
		{"Cos(pi)", Cos(math.Pi), -1},
		{"Cos(-pi)", Cos(-math.Pi), -1},
		{"Sin(Inf)", Sin(inf), nan},
		{"Cos(-Inf)", Cos(-inf), nan},
		{"Sin(NaN)", Sin(nan), nan},
		{"Cos(NaN)", Cos(nan), nan},
	}
	for _, tt := range tests {
		if math.IsNaN(tt.want) != math.IsNaN(tt.got) || !math.IsNaN(tt.want) && ulps(tt.got, tt.want) > 1 {
			t.Errorf("%s = %g, want %g", tt.name, tt.got, tt.want)
		}
	}
	if s := Sin(math.Copysign(0, -1)); !math.Signbit(s) || s != 0 {
		t.Errorf("Sin(-0) = %g, want -0", s)
	}
	// sin^2 + cos^2 = 1 to a few ulp.
	r := rand.New(rand.NewPCG(7, 8))
	for i := 0; i < 10000; i++ {
		x := (r.Float64()*2 - 1) * 100
		s, c := Sin(x), Cos(x)
		if d := math.Abs(s*s + c*c - 1); d > 4e-16 {
			t.Fatalf("x = %g: sin^2 + cos^2 - 1 = %g", x, d)
		}
	}
}

// TestDeterminism hashes the bits of every function here over a grid of
// arguments. make test runs it natively, in wasm under node and on arm64
// under qemu: the hash is the same everywhere. After a deliberate change
// of a function, regenerate it natively with go test -run Determinism -v.
func TestDeterminism(t *testing.T) {
	const golden = "299557e8adddab41f67481403d74d7a0725626c3562ca3ba369c2fa4a5094b8f"
	h := sha256.New()
	var b [8]byte
	put := func(x float64) {
		binary.LittleEndian.PutUint64(b[:], math.Float64bits(x))
		h.Write(b[:])
	}
	for i := -20000; i <= 20000; i++ {
		x := float64(i) * 0.001
		put(Exp(x * 35))
		put(Log(math.Ldexp(1+float64(i+20000)/40001, i/100)))
		put(Pow(1+math.Abs(x), x))
		put(Powi(1+x/1e4, i))
		put(Sin(x))
		put(Cos(x))
		put(Sin(x * 1e9))
	}
	if got := fmt.Sprintf("%x", h.Sum(nil)); got != golden {
		t.Errorf("hash %s, want %s", got, golden)
	}
}
