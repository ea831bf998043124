package trainlog

import (
	"bytes"
	"math"
	"strconv"
)

// kind classifies a field's value.
type kind int

const (
	number     kind = iota // a finite number
	missing                // empty or a missing-value marker
	notANumber             // NaN
	infinite               // ±Inf, or beyond the range of float64
	invalid                // not a number at all
)

// missingMarkers are the texts, compared without case, that stand for a
// missing value (as pandas, R, Python and spreadsheets write it).
var missingMarkers = []string{"-", "null", "none", "na", "n/a", "#n/a", "nil"}

// specials are the words for NaN and the infinities that Python, C's printf,
// R, numpy and JavaScript write, compared without case, without their sign.
var specials = []struct {
	word string
	kind kind
}{{"nan", notANumber}, {"inf", infinite}, {"infinity", infinite}}

// parseValue parses a field: a plain decimal number, an optional sign, digits
// with an optional decimal point, and an optional exponent ("-1.5e-3",
// ".5", "3."); "nan", "inf" or "infinity" in any case and with either sign;
// a missing-value marker; and with decimalComma a number whose decimal point
// is its only comma ("0,25"). Any other text is invalid, and why is one of
// the codes of numberProblem: a hexadecimal number or one with underscores
// is refused, though Go's strconv reads both, because a training log never
// writes them and a number should mean the same everywhere in noiseball.
func parseValue(b []byte, decimalComma bool) (float64, kind) {
	if len(b) == 0 {
		return 0, missing
	}
	if len(b) <= 9 {
		if k, ok := special(b); ok {
			switch k {
			case notANumber:
				return math.NaN(), k
			case infinite:
				if b[0] == '-' {
					return math.Inf(-1), k
				}
				return math.Inf(1), k
			}
			return 0, k
		}
	}
	var buf [64]byte
	if decimalComma && len(b) <= len(buf) {
		if i := bytes.IndexByte(b, ','); i >= 0 && bytes.IndexByte(b[i+1:], ',') < 0 && bytes.IndexByte(b, '.') < 0 {
			n := copy(buf[:], b)
			buf[i] = '.'
			b = buf[:n]
		}
	}
	if !isDecimal(b) {
		return 0, invalid
	}
	v, err := strconv.ParseFloat(string(b), 64)
	switch {
	case err != nil && !math.IsInf(v, 0): // beyond float64's range is ±Inf
		return 0, invalid
	case math.IsInf(v, 0):
		return v, infinite
	}
	return v, number
}

// special recognizes a missing-value marker or a word for NaN or infinity.
func special(b []byte) (kind, bool) {
	for _, m := range missingMarkers {
		if len(b) == len(m) && bytes.EqualFold(b, []byte(m)) {
			return missing, true
		}
	}
	w := b
	if w[0] == '-' || w[0] == '+' {
		w = w[1:]
	}
	for _, s := range specials {
		if len(w) == len(s.word) && bytes.EqualFold(w, []byte(s.word)) {
			return s.kind, true
		}
	}
	return 0, false
}

// isDecimal reports whether b is [+-] digits [. digits] [(e|E) [+-] digits]
// with at least one digit before the exponent, or [+-] . digits with one.
func isDecimal(b []byte) bool {
	i := 0
	if i < len(b) && (b[i] == '+' || b[i] == '-') {
		i++
	}
	digits := 0
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
		digits++
	}
	if i < len(b) && b[i] == '.' {
		i++
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
			digits++
		}
	}
	if digits == 0 {
		return false
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		exp := 0
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
			exp++
		}
		if exp == 0 {
			return false
		}
	}
	return i == len(b)
}

// numberProblem says why b, which parseValue found invalid, is not a
// number: a code, and for a hexadecimal number or one with underscores the
// plain decimal it stands for. The codes are "number.hex",
// "number.underscore" and "number.invalid".
func numberProblem(b []byte, decimalComma bool) (code, plain string) {
	t := b
	if len(t) > 0 && (t[0] == '+' || t[0] == '-') {
		t = t[1:]
	}
	if len(t) > 1 && t[0] == '0' && (t[1] == 'x' || t[1] == 'X') {
		if v, err := strconv.ParseFloat(string(b), 64); err == nil {
			return "number.hex", strconv.FormatFloat(v, 'g', -1, 64)
		}
		if v, err := strconv.ParseInt(string(b), 0, 64); err == nil {
			return "number.hex", strconv.FormatInt(v, 10)
		}
		return "number.invalid", ""
	}
	if bytes.IndexByte(b, '_') >= 0 {
		fixed := bytes.ReplaceAll(b, []byte("_"), nil)
		if _, k := parseValue(fixed, decimalComma); k == number || k == infinite {
			return "number.underscore", string(fixed)
		}
	}
	return "number.invalid", ""
}
