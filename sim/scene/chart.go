package scene

import "math"

// Rect is a rectangle in pixels, X0 <= X1 and Y0 <= Y1.
type Rect struct{ X0, Y0, X1, Y1 float64 }

// Dx and Dy return the width and height of r.
func (r Rect) Dx() float64 { return r.X1 - r.X0 }
func (r Rect) Dy() float64 { return r.Y1 - r.Y0 }

// Contains reports whether the point (x, y) lies in r.
func (r Rect) Contains(x, y float64) bool { return x >= r.X0 && x < r.X1 && y >= r.Y0 && y < r.Y1 }

// The proportions of Layout. The page outlines a chart over the canvas
// from these (static/link-schema.json publishes them).
const (
	WideAspect        = 1.2  // a canvas at least this many times wider than tall puts the charts beside the landscape
	ColumnMin         = 0.34 // the charts' column beside the landscape: w - h wide, but at least this share of w
	ColumnMax         = 0.45 // and at most this share
	LandscapeMaxShare = 0.58 // on a tall canvas the landscape is as high as wide, but at most this share of h
	ChartColumns      = 2    // on a tall canvas the charts sit in this many columns under the landscape
	ColumnCharts      = 5    // on a wide canvas up to this many charts stack in one column, more in ChartColumns
)

// Layout splits a W x H canvas into the landscape and n monitor charts: the
// charts stack in a column to the right of the landscape on a wide canvas
// (in two columns there, row by row, when there are more than
// ColumnCharts), and sit in two columns under it on a tall one.
func Layout(w, h float64, n int) (landscape Rect, charts []Rect) {
	if n == 0 {
		return Rect{0, 0, w, h}, nil
	}
	if w >= WideAspect*h {
		cw := math.Min(math.Max(w-h, ColumnMin*w), ColumnMax*w)
		landscape = Rect{0, 0, w - cw, h}
		cols := 1
		if n > ColumnCharts {
			cols = ChartColumns
		}
		rows := (n + cols - 1) / cols
		for i := 0; i < n; i++ {
			col, row := float64(i%cols), float64(i/cols)
			x0, x1 := w-cw+col*cw/float64(cols), w-cw+(col+1)*cw/float64(cols)
			if cols == 1 {
				x0, x1 = w-cw, w
			}
			charts = append(charts, Rect{x0, h * row / float64(rows), x1, h * (row + 1) / float64(rows)})
		}
		return landscape, charts
	}
	lh := math.Min(w, LandscapeMaxShare*h)
	landscape = Rect{0, 0, w, lh}
	rows := (n + ChartColumns - 1) / ChartColumns
	ch := (h - lh) / float64(rows)
	for i := 0; i < n; i++ {
		col, row := float64(i%ChartColumns), float64(i/ChartColumns)
		charts = append(charts, Rect{col * w / ChartColumns, lh + row*ch, (col + 1) * w / ChartColumns, lh + (row+1)*ch})
	}
	return landscape, charts
}

// Axis is a chart axis over [Lo, Hi], linear or logarithmic.
type Axis struct {
	Lo, Hi float64
	Log    bool
}

// Frac returns where v falls on the axis, 0 at Lo and 1 at Hi, clamped to
// [0, 1]: a value the axis cannot show (NaN, or not positive on a log
// axis) reads as 0. A log axis is computed in log space,
//
//	(ln v − ln Lo) / (ln Hi − ln Lo),
//
// never as a ratio v/Lo, which overflows or underflows when the range
// holds subnormal or huge values.
func (a Axis) Frac(v float64) float64 { return a.fractions().at(v) }

// fractions is Frac with the axis's ends worked out once, for a chart
// that maps hundreds of points: the logarithms of the ends cost as much
// as the point's own.
type fractions struct {
	log      bool
	lo, span float64 // Lo and Hi - Lo, of the logarithms on a log axis
}

func (a Axis) fractions() fractions {
	if a.Log {
		lo := ln(a.Lo)
		return fractions{true, lo, ln(a.Hi) - lo}
	}
	return fractions{false, a.Lo, a.Hi - a.Lo}
}

// at returns Frac(v).
func (f fractions) at(v float64) float64 {
	var t float64
	if f.log {
		t = (ln(v) - f.lo) / f.span
	} else {
		t = (v - f.lo) / f.span
	}
	switch {
	case !(t > 0): // NaN too
		return 0
	case t > 1:
		return 1
	}
	return t
}

// Shows reports whether the axis can show v: v is finite and, on a log
// axis, positive. Lines break and bands end where it does not.
func (a Axis) Shows(v float64) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0) && (!a.Log || v > 0)
}

// Ticks returns at most max ticks for the axis.
func (a Axis) Ticks(max int) []Tick {
	if a.Log {
		return LogTicks(a.Lo, a.Hi, max)
	}
	return LinearTicks(a.Lo, a.Hi, max)
}

// Chart maps data to the plotting area Plot, x to the right and y upwards.
type Chart struct {
	Plot Rect
	X, Y Axis
}

// ToScreen returns the pixel of the data point (x, y).
func (c Chart) ToScreen(x, y float64) (float64, float64) {
	return c.mapping().at(x, y)
}

// mapping is ToScreen with the axes' ends worked out once.
type mapping struct {
	plot Rect
	x, y fractions
}

func (c Chart) mapping() mapping { return mapping{c.Plot, c.X.fractions(), c.Y.fractions()} }

// at returns ToScreen(x, y); atX and atY its parts.
func (m mapping) at(x, y float64) (float64, float64) { return m.atX(x), m.atY(y) }
func (m mapping) atX(x float64) float64              { return m.plot.X0 + m.x.at(x)*m.plot.Dx() }
func (m mapping) atY(y float64) float64              { return m.plot.Y1 - m.y.at(y)*m.plot.Dy() }

// FromScreenX returns the x value at pixel column px; it inverts ToScreen.
func (c Chart) FromScreenX(px float64) float64 {
	f := (px - c.Plot.X0) / c.Plot.Dx()
	if c.X.Log {
		lo, hi := ln(c.X.Lo), ln(c.X.Hi)
		return math.Exp(lo + f*(hi-lo))
	}
	return c.X.Lo + f*(c.X.Hi-c.X.Lo)
}

// The decades a log axis may span: 10^minDecade is the smallest power of
// ten above zero in float64 (a subnormal), 10^maxDecade the largest finite.
const minDecade, maxDecade = -323, 308

// Span returns the smallest axis that holds every finite value of the given
// series (and, for a logarithmic axis, every positive one), widened to whole
// powers of ten (log) or padded by 5% (linear). ok is false when no value
// qualifies. A log axis spans at least a decade and at most the decades
// from 1e-323 to 1e308, whose powers of ten are positive and finite
// float64s: a value beyond them sits on the edge.
func Span(log bool, series ...[]float64) (a Axis, ok bool) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for _, v := range s {
			if math.IsNaN(v) || math.IsInf(v, 0) || (log && v <= 0) {
				continue
			}
			// Comparisons, not math.Min and Max: v is a number, and a
			// chart spans thousands of them every frame.
			if v < lo {
				lo = v
			}
			if v > hi {
				hi = v
			}
		}
	}
	if lo > hi {
		return Axis{}, false
	}
	if log {
		e0 := math.Max(math.Floor(log10(lo)), minDecade)
		e1 := math.Min(math.Ceil(log10(hi)), maxDecade)
		if e1 <= e0 {
			e0, e1 = math.Min(e0, maxDecade-1), math.Min(e0, maxDecade-1)+1
		}
		return Axis{math.Pow(10, e0), math.Pow(10, e1), true}, true
	}
	if hi == lo {
		d := math.Max(math.Abs(lo)*0.1, 1e-12)
		return Axis{lo - d, hi + d, false}, true
	}
	pad := 0.05 * (hi - lo)
	return Axis{lo - pad, hi + pad, false}, true
}
