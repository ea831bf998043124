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

// parseValue parses a field: a decimal or hexadecimal floating-point number
// as strconv.ParseFloat reads it ("1e-3", "inf", "NaN"), "-nan" and "+nan"
// as C's printf writes NaN, and with decimalComma a number whose only comma
// is its decimal point ("0,25").
func parseValue(b []byte, decimalComma bool) (float64, kind) {
	if len(b) == 0 {
		return 0, missing
	}
	if len(b) <= 4 {
		for _, m := range missingMarkers {
			if len(b) == len(m) && bytes.EqualFold(b, []byte(m)) {
				return 0, missing
			}
		}
		if len(b) == 4 && (b[0] == '-' || b[0] == '+') && bytes.EqualFold(b[1:], []byte("nan")) {
			return math.NaN(), notANumber
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
	v, err := strconv.ParseFloat(string(b), 64)
	switch {
	case err != nil && !math.IsInf(v, 0): // beyond float64's range is ±Inf
		return 0, invalid
	case math.IsNaN(v):
		return v, notANumber
	case math.IsInf(v, 0):
		return v, infinite
	}
	return v, number
}
