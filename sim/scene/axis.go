package scene

import (
	"math"
	"strconv"
)

// Tick is a labelled position on an axis.
type Tick struct {
	Value float64
	Label string
}

// LogTicks returns ticks for a logarithmic axis over [lo, hi], lo > 0: every
// power of ten inside, thinned to at most maxTicks by taking every k-th
// decade. When the range holds fewer than two powers of ten it falls back to
// 1-2-5 ticks.
func LogTicks(lo, hi float64, maxTicks int) []Tick {
	if !(lo > 0) || !(hi > lo) || math.IsInf(hi, 0) || maxTicks < 2 {
		return nil
	}
	a, b := math.Ceil(log10(lo)-1e-9), math.Floor(log10(hi)+1e-9)
	if b-a+1 < 2 {
		var ticks []Tick
		for e := a - 1; e <= b; e++ {
			for _, m := range []float64{1, 2, 5} {
				v := m * math.Pow(10, e)
				if v >= lo*(1-1e-9) && v <= hi*(1+1e-9) {
					ticks = append(ticks, Tick{v, FormatNumber(v)})
				}
			}
		}
		return ticks
	}
	step := math.Ceil((b - a + 1) / float64(maxTicks))
	var ticks []Tick
	for e := a; e <= b; e += step {
		ticks = append(ticks, Tick{math.Pow(10, e), FormatPower(int(e))})
	}
	return ticks
}

// FormatPower writes 10^e compactly: 1, 10, 100 and 0.1, 0.01 as numbers,
// other powers as 1e5 or 1e-4.
func FormatPower(e int) string {
	switch {
	case e >= 0 && e <= 2:
		return strconv.Itoa(int(math.Pow(10, float64(e))))
	case e >= -2 && e < 0:
		return strconv.FormatFloat(math.Pow(10, float64(e)), 'f', -e, 64)
	}
	return "1e" + strconv.Itoa(e)
}

// FormatNumber writes x with three significant digits, switching to
// exponent notation outside [0.001, 10000).
func FormatNumber(x float64) string {
	ax := math.Abs(x)
	switch {
	case x == 0:
		return "0"
	case math.IsNaN(x) || math.IsInf(x, 0):
		return "–"
	case ax >= 1e-3 && ax < 1e4:
		// Round to three significant digits, then print without an exponent.
		d := math.Pow(10, 2-math.Floor(math.Log10(ax)))
		return strconv.FormatFloat(math.Round(x*d)/d, 'f', -1, 64)
	}
	s := strconv.FormatFloat(x, 'e', 2, 64)
	// 1.00e-05 -> 1e-5: drop zeros that carry no information.
	mant, exp := s[:len(s)-4], s[len(s)-4:]
	for len(mant) > 1 && (mant[len(mant)-1] == '0' || mant[len(mant)-1] == '.') {
		mant = mant[:len(mant)-1]
	}
	e, _ := strconv.Atoi(exp[1:])
	return mant + "e" + strconv.Itoa(e)
}

// LinearTicks returns ticks at a 1-2-5 spacing over [lo, hi], at most
// maxTicks of them.
func LinearTicks(lo, hi float64, maxTicks int) []Tick {
	if !(hi > lo) || math.IsInf(hi-lo, 0) || maxTicks < 2 {
		return nil
	}
	step := niceCeil((hi - lo) / float64(maxTicks-1))
	var ticks []Tick
	for k := math.Ceil(lo/step - 1e-9); k*step <= hi*(1+1e-12)+1e-300; k++ {
		v := k * step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ticks = append(ticks, Tick{v, FormatNumber(v)})
	}
	return ticks
}

// minNormal is the smallest positive normal float64.
const minNormal = 0x1p-1022

// ln returns math.Log(x), also for a subnormal x: math.Log on amd64 (in
// assembly) gives about -709.09 for every subnormal (golang/go#56600),
// where the truth is down to -744.44, so a subnormal is scaled into the
// normal range first, exactly, by 2^54.
func ln(x float64) float64 {
	if x > 0 && x < minNormal {
		return math.Log(x*0x1p54) - 54*math.Ln2
	}
	return math.Log(x)
}

// log10 returns math.Log10(x), also for a subnormal x (see ln).
func log10(x float64) float64 {
	if x > 0 && x < minNormal {
		return math.Log10(x*0x1p54) - 54*math.Log10(2)
	}
	return math.Log10(x)
}
