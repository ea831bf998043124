package link

import (
	"errors"
	"fmt"
	"math"
	"math/big"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"noiseball/sim"
)

// Every numeric parameter reads plain decimal numbers with an exponent, and
// refuses the other forms Go would read, saying which form it is.
func TestNumberSyntax(t *testing.T) {
	tests := []struct {
		query   string
		ok      bool
		param   string // the bad parameter, when !ok
		problem string
		detail  string
	}{
		{"lr=0.125", true, "", "", ""},
		{"lr=1.25e-1", true, "", "", ""},
		{"lr=.5", true, "", "", ""},
		{"lr=5.", true, "", "", ""},
		{"lr=+0.5", true, "", "", ""},
		{"lr=%200.5%20", true, "", "", ""},
		{"runs=1e3", true, "", "", ""},
		{"runs=1.5E3", true, "", "", ""},
		{"runs=10000e-1", true, "", "", ""},
		{"seed=1e19", true, "", "", ""},
		{"x0=1e1,-2.5e0", true, "", "", ""},
		{"bgrow=lin:1e-1", true, "", "", ""},
		{"steps=2e5", true, "", "", ""},
		{"lr=0x1p-3", false, "lr", ProblemBase, "hexadecimal: write 0.125"},
		{"runs=0x10", false, "runs", ProblemBase, "hexadecimal: write 16"},
		{"runs=0b101", false, "runs", ProblemBase, "binary: write 5"},
		{"seed=0o17", false, "seed", ProblemBase, "octal: write 15"},
		{"lr=1_0", false, "lr", ProblemUnderscore, "digits grouped with _: write 10"},
		{"runs=1_000", false, "runs", ProblemUnderscore, "digits grouped with _: write 1000"},
		{"seed=1_0", false, "seed", ProblemUnderscore, "digits grouped with _: write 10"},
		{"x0=1_0,2", false, "x0", ProblemUnderscore, "digits grouped with _: write 10"},
		{"lr=inf", false, "lr", ProblemInfinite, "infinite"},
		{"lr=-Infinity", false, "lr", ProblemInfinite, "infinite"},
		{"lr=NaN", false, "lr", ProblemNaN, "not a number (NaN)"},
		{"angle=1%2C5", false, "angle", ProblemComma, "a decimal comma: write 1.5"},
		{"lr=", false, "lr", ProblemEmpty, "empty"},
		{"lr=abc", false, "lr", ProblemNotDecimal, "not a decimal number"},
		{"lr=1e", false, "lr", ProblemNotDecimal, "not a decimal number"},
		{"lr=1.2.3", false, "lr", ProblemNotDecimal, "not a decimal number"},
		{"lr=1e400", false, "lr", ProblemTooLarge, "too large"},
		{"runs=2.5", false, "runs", ProblemFraction, "not a whole number"},
		{"runs=1e-1", false, "runs", ProblemFraction, "not a whole number"},
		{"seed=18446744073709551616", false, "seed", ProblemTooLarge, "too large"},
		{"seed=1e9999999999", false, "seed", ProblemTooLarge, "too large"},
		{"seed=1e-9999999999", false, "seed", ProblemFraction, "not a whole number"},
		{"x0=1,2,3", false, "x0", ProblemNotAPair, "more than two numbers"},
		{"bgrow=geo:0x1p0", false, "bgrow", ProblemBase, "hexadecimal: write 1"},
		{"lr2=0x1p-3", false, "lr2", ProblemBase, "hexadecimal: write 0.125"},
		{"speed=0x10", false, "speed", ProblemBase, "hexadecimal: write 16"},
		{"sweepruns=1_0&sweep=lr:0.1:1:log:2,b2:0.9:0.99:lin:2", false, "sweepruns", ProblemUnderscore, "digits grouped with _: write 10"},
		// In range but refused for what they are, not where they are:
		{"lr=20", false, "lr", "", ""},
		{"runs=-1e1", false, "runs", "", ""},
		{"seed=-1", false, "seed", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.query, func(t *testing.T) {
			_, err := Parse(tt.query)
			_, viewErr := ParseView(tt.query)
			errs := append(Errors(err), Errors(viewErr)...)
			if HasSweep(tt.query) {
				_, err := ParseSweep(tt.query)
				errs = Errors(err)
			}
			if tt.ok {
				if len(errs) > 0 {
					t.Fatalf("refused: %v", errs)
				}
				return
			}
			var pe *ParamError
			if len(errs) != 1 || !errors.As(errs[0], &pe) {
				t.Fatalf("errors %v, want one *ParamError", errs)
			}
			if pe.Param != tt.param || pe.Problem != tt.problem || pe.Detail != tt.detail {
				t.Errorf("%s: param %q, problem %q, detail %q; want %q, %q, %q", pe, pe.Param, pe.Problem, pe.Detail, tt.param, tt.problem, tt.detail)
			}
			if tt.detail != "" && !strings.HasSuffix(pe.Error(), " ("+tt.detail+")") {
				t.Errorf("the message %q does not end with the detail", pe)
			}
		})
	}
}

// The parsed values are exact: an integer with an exponent is that
// integer, and the largest seed is 2^64 - 1 however it is written.
func TestNumberValues(t *testing.T) {
	c, err := Parse("runs=1.5e3&seed=1.8446744073709551615e19&steps=1e8&x0=-1e1,.5&lr=2.5e-1")
	if err != nil {
		t.Fatal(err)
	}
	if c.Runs != 1500 || c.Seed != math.MaxUint64 || c.Steps != 100_000_000 || c.X0 != (sim.Vec{-10, 0.5}) || c.Lanes[0].Schedule.Gamma != 0.25 {
		t.Errorf("runs %d, seed %d, steps %d, x0 %v, lr %g", c.Runs, c.Seed, c.Steps, c.X0, c.Lanes[0].Schedule.Gamma)
	}
	s, err := ParseSweep("sweep=batch:1e0:6.4e1:log:7,lr:1e-3:1E-1:log:1.6e1")
	if err != nil {
		t.Fatal(err)
	}
	if s.X.Lo != 1 || s.X.Hi != 64 || s.Y.Lo != 1e-3 || s.Y.N != 16 {
		t.Errorf("axes %v, %v", s.X, s.Y)
	}
}

// readInteger agrees with exact rational arithmetic (math/big) on every
// plain decimal number: whether it is a whole number, and which.
func TestReadIntegerIsExact(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	digits := func(n int) string {
		b := make([]byte, n)
		for i := range b {
			b[i] = byte('0' + r.IntN(10))
		}
		return string(b)
	}
	limit := new(big.Rat).SetInt(new(big.Int).Lsh(big.NewInt(1), 64))
	for range 20000 {
		s := digits(r.IntN(22))
		if r.IntN(2) == 0 {
			s += "." + digits(r.IntN(6))
		}
		if s == "" || s == "." {
			s = "0" + s
		}
		if r.IntN(2) == 0 {
			s += "e" + strconv.Itoa(r.IntN(50)-25)
		}
		want, ok := new(big.Rat).SetString(s)
		if !ok {
			t.Fatalf("big.Rat cannot read %q", s)
		}
		_, got, p := readInteger(s)
		switch {
		case !want.IsInt():
			if p == nil || p.problem != ProblemFraction {
				t.Fatalf("readInteger(%q) = %d, %v; want not a whole number", s, got, p)
			}
		case want.Cmp(limit) >= 0:
			if p == nil || p.problem != ProblemTooLarge {
				t.Fatalf("readInteger(%q) = %d, %v; want too large", s, got, p)
			}
		case p != nil || new(big.Rat).SetUint64(got).Cmp(want) != 0:
			t.Fatalf("readInteger(%q) = %d, %v; want %s", s, got, p, want.RatString())
		}
	}
}

// Every float64 the link writes (formatFloat) is a plain decimal number
// that reads back to itself, so Encode's links always parse.
func TestFormattedNumbersReadBack(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 100000 {
		x := math.Float64frombits(r.Uint64())
		if i%2 == 0 {
			x = (r.Float64() - 0.5) * math.Pow(10, float64(r.IntN(40)-20))
		}
		if math.IsNaN(x) || math.IsInf(x, 0) {
			continue
		}
		s := formatFloat(x)
		if got, p := readFloat(s); p != nil || got != x {
			t.Fatalf("readFloat(%q) = %v, %v; want %v", s, got, p, x)
		}
	}
}

// FuzzNumber checks the number syntax against strconv and math/big: what
// readFloat accepts is a plain decimal number and the float strconv reads,
// what it refuses comes with a reason, and readInteger is exact.
func FuzzNumber(f *testing.F) {
	for _, s := range []string{"0.05", "1e-3", "-.5", "0x1p-3", "1_0", "inf", "NaN", "1,5", "", "1e400", "18446744073709551615", "2.5", "1e19"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		x, p := readFloat(s)
		trimmed := strings.TrimSpace(s)
		if p != nil {
			if p.problem == "" || english(p.why) == "" {
				t.Fatalf("readFloat(%q) refused it without a reason", s)
			}
			if plainDecimal(trimmed) && p.problem != ProblemTooLarge {
				t.Fatalf("readFloat(%q) refused a plain decimal number: %v", s, english(p.why))
			}
			return
		}
		if !plainDecimal(trimmed) {
			t.Fatalf("readFloat(%q) accepted a number that is not plain decimal", s)
		}
		if want, err := strconv.ParseFloat(trimmed, 64); err != nil || want != x || math.IsInf(x, 0) {
			t.Fatalf("readFloat(%q) = %v, strconv says %v, %v", s, x, want, err)
		}
		neg, mag, ip := readInteger(s)
		if i := strings.IndexAny(trimmed, "eE"); i >= 0 {
			if e, err := strconv.Atoi(trimmed[i+1:]); err != nil || e > 400 || e < -400 {
				return // big.Rat would take too long on a huge exponent
			}
		}
		rat, ok := new(big.Rat).SetString(trimmed)
		if !ok {
			t.Fatalf("big.Rat cannot read %q", trimmed)
		}
		if ip == nil {
			want := new(big.Rat).SetUint64(mag)
			if neg {
				want.Neg(want)
			}
			if want.Cmp(rat) != 0 {
				t.Fatalf("readInteger(%q) = %v %d, want %s", s, neg, mag, rat.RatString())
			}
		} else if ip.problem == ProblemFraction && rat.IsInt() {
			t.Fatalf("readInteger(%q) says %s is not whole", s, fmt.Sprint(rat))
		}
	})
}
