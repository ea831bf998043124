package link

import (
	"math"
	"strconv"
	"strings"

	"noiseball/sim/message"
)

// Numbers in a link, whatever the parameter (a rate, a start point, an
// integer, a seed, a sweep's bounds and length), are plain decimal numbers:
// an optional sign, digits with an optional decimal point, and an optional
// exponent, as in 0.05, -1.5, 1e-3, 2.5E+4 or 1e6 (an integer may be
// written with an exponent too, if its value is whole). Spaces around them
// are ignored. Other forms Go would read, such as hexadecimal (0x1p-3),
// digits grouped with underscores (1_000), inf and NaN, are refused, each
// with a message that says which form it is.

// The problems a number can have, as ParamError.Problem reports them: stable
// identifiers for the page's translations.
const (
	ProblemEmpty       = "empty"        // no number at all
	ProblemBase        = "base"         // 0x1p-3, 0x10, 0b101, 0o17: not base 10
	ProblemUnderscore  = "underscore"   // 1_000
	ProblemInfinite    = "infinite"     // inf, Infinity
	ProblemNaN         = "nan"          // NaN
	ProblemComma       = "comma"        // 1,5 for a single number
	ProblemNotDecimal  = "not-a-number" // anything else that is not a plain decimal number
	ProblemFraction    = "not-whole"    // 2.5 for an integer
	ProblemTooLarge    = "too-large"    // 1e400, or an integer beyond 64 bits
	ProblemNotAPair    = "not-a-pair"   // more than two numbers for a pair
	ProblemUnknownName = "unknown"      // a parameter the link format does not have
)

// numberError says what is wrong with a number: Problem, and as a
// Message, why.
type numberError struct {
	problem string
	why     message.Message
}

// numberProblemOf is the numberError of problem, said by the Message
// "why."+problem with pairs of parameters.
func numberProblemOf(problem string, kv ...string) *numberError {
	return &numberError{problem, say("why."+problem, kv...)}
}

// plainDecimal reports whether s is a plain decimal number:
// [+-] digits [. digits] [(e|E) [+-] digits], with digits on at least one
// side of the point.
func plainDecimal(s string) bool {
	i := 0
	if i < len(s) && (s[i] == '+' || s[i] == '-') {
		i++
	}
	digits := func() int {
		j := i
		for i < len(s) && '0' <= s[i] && s[i] <= '9' {
			i++
		}
		return i - j
	}
	n := digits()
	if i < len(s) && s[i] == '.' {
		i++
		n += digits()
	}
	if n == 0 {
		return false
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		i++
		if i < len(s) && (s[i] == '+' || s[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(s)
}

// decimalProblem says why s, which is not a plain decimal number, is not.
func decimalProblem(s string) *numberError {
	lower := strings.ToLower(strings.TrimLeft(s, "+-"))
	switch {
	case s == "":
		return numberProblemOf(ProblemEmpty)
	case len(lower) > 1 && lower[0] == '0' && strings.ContainsRune("xbo", rune(lower[1])):
		base := map[byte]string{'x': "hexadecimal", 'b': "binary", 'o': "octal"}[lower[1]]
		if n, err := strconv.ParseInt(s, 0, 64); err == nil {
			return &numberError{ProblemBase, say("why."+base, "plain", strconv.FormatInt(n, 10))}
		}
		if x, err := strconv.ParseFloat(s, 64); err == nil && !math.IsInf(x, 0) {
			return &numberError{ProblemBase, say("why."+base, "plain", formatFloat(x))}
		}
		return &numberError{ProblemBase, say("why." + base + ".any")}
	case strings.Contains(s, "_"):
		if plain := strings.ReplaceAll(s, "_", ""); plainDecimal(plain) {
			return numberProblemOf(ProblemUnderscore, "plain", plain)
		}
		return &numberError{ProblemUnderscore, say("why.underscore.any")}
	case lower == "inf" || lower == "infinity":
		return numberProblemOf(ProblemInfinite)
	case lower == "nan":
		return numberProblemOf(ProblemNaN)
	case strings.Contains(s, ","):
		if dot := strings.Replace(s, ",", ".", 1); plainDecimal(dot) {
			return numberProblemOf(ProblemComma, "plain", dot)
		}
		return &numberError{ProblemComma, say("why.comma.any")}
	}
	return numberProblemOf(ProblemNotDecimal)
}

// readFloat reads a plain decimal number (spaces trimmed) as the nearest
// float64; a finite number too large for one is a problem.
func readFloat(s string) (float64, *numberError) {
	s = strings.TrimSpace(s)
	if !plainDecimal(s) {
		return 0, decimalProblem(s)
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(x, 0) {
		return 0, numberProblemOf(ProblemTooLarge)
	}
	return x, nil
}

// readInteger reads a plain decimal number (spaces trimmed) whose value is
// an integer, exactly: 1e3 is 1000 and 18446744073709551615 is 2^64 - 1,
// whatever float64 would round them to. It returns the integer's sign and
// magnitude; a magnitude of 2^64 or more is a problem.
func readInteger(s string) (neg bool, mag uint64, problem *numberError) {
	s = strings.TrimSpace(s)
	if !plainDecimal(s) {
		return false, 0, decimalProblem(s)
	}
	if s[0] == '+' || s[0] == '-' {
		neg, s = s[0] == '-', s[1:]
	}
	// s = digits [. digits] [e exp]: the value is the digits without the
	// point, times 10^(exp - digits after the point).
	exp := 0
	if i := strings.IndexAny(s, "eE"); i >= 0 {
		e, err := strconv.Atoi(s[i+1:])
		if err != nil { // beyond int: a huge number or a tiny fraction
			if strings.HasPrefix(s[i+1:], "-") {
				e = math.MinInt32
			} else {
				e = math.MaxInt32
			}
		}
		exp, s = max(min(e, math.MaxInt32), math.MinInt32), s[:i]
	}
	if whole, frac, ok := strings.Cut(s, "."); ok {
		s, exp = whole+frac, exp-len(frac)
	}
	s = strings.TrimLeft(s, "0")
	for len(s) > 0 && s[len(s)-1] == '0' {
		s, exp = s[:len(s)-1], exp+1
	}
	switch {
	case s == "":
		return neg, 0, nil // zero, however written
	case exp < 0:
		return neg, 0, numberProblemOf(ProblemFraction)
	case len(s)+exp > 20:
		return neg, 0, numberProblemOf(ProblemTooLarge)
	}
	mag, err := strconv.ParseUint(s+strings.Repeat("0", exp), 10, 64)
	if err != nil {
		return neg, 0, numberProblemOf(ProblemTooLarge)
	}
	return neg, mag, nil
}

// readInt is readInteger for an int.
func readInt(s string) (int, *numberError) {
	neg, mag, p := readInteger(s)
	switch {
	case p != nil:
		return 0, p
	case mag > math.MaxInt64:
		return 0, numberProblemOf(ProblemTooLarge)
	case neg:
		return -int(mag), nil
	}
	return int(mag), nil
}

// numberProblem says what is wrong with value as a number of the given
// kind ('f' a number, 'i' an integer, 'u' an unsigned 64-bit integer, 'p'
// a number or a pair x,y), or nil if it is a well-formed number, whether in
// range or not.
func numberProblem(kind byte, value string) *numberError {
	switch kind {
	case 'f':
		_, p := readFloat(value)
		return p
	case 'i':
		_, p := readInt(value)
		return p
	case 'u':
		_, _, p := readInteger(value)
		return p
	case 'p':
		parts := strings.Split(value, ",")
		if len(parts) > 2 {
			return numberProblemOf(ProblemNotAPair)
		}
		for _, part := range parts {
			if _, p := readFloat(part); p != nil {
				return p
			}
		}
	}
	return nil
}
