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
)

// Layout splits a W x H canvas into the landscape and n monitor charts: the
// charts stack in a column to the right of the landscape on a wide canvas,
// and sit in two columns under it on a tall one.
func Layout(w, h float64, n int) (landscape Rect, charts []Rect) {
	if n == 0 {
		return Rect{0, 0, w, h}, nil
	}
	if w >= WideAspect*h {
		cw := math.Min(math.Max(w-h, ColumnMin*w), ColumnMax*w)
		landscape = Rect{0, 0, w - cw, h}
		for i := 0; i < n; i++ {
			charts = append(charts, Rect{w - cw, h * float64(i) / float64(n), w, h * float64(i+1) / float64(n)})
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

// Frac returns where v falls on the axis, 0 at Lo and 1 at Hi.
func (a Axis) Frac(v float64) float64 {
	if a.Log {
		return math.Log(v/a.Lo) / math.Log(a.Hi/a.Lo)
	}
	return (v - a.Lo) / (a.Hi - a.Lo)
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
	return c.Plot.X0 + c.X.Frac(x)*c.Plot.Dx(), c.Plot.Y1 - c.Y.Frac(y)*c.Plot.Dy()
}

// FromScreenX returns the x value at pixel column px; it inverts ToScreen.
func (c Chart) FromScreenX(px float64) float64 {
	f := (px - c.Plot.X0) / c.Plot.Dx()
	if c.X.Log {
		return c.X.Lo * math.Pow(c.X.Hi/c.X.Lo, f)
	}
	return c.X.Lo + f*(c.X.Hi-c.X.Lo)
}

// Span returns the smallest axis that holds every finite value of the given
// series (and, for a logarithmic axis, every positive one), widened to whole
// powers of ten (log) or padded by 5% (linear). ok is false when no value
// qualifies.
func Span(log bool, series ...[]float64) (a Axis, ok bool) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range series {
		for _, v := range s {
			if math.IsNaN(v) || math.IsInf(v, 0) || (log && v <= 0) {
				continue
			}
			lo, hi = math.Min(lo, v), math.Max(hi, v)
		}
	}
	if lo > hi {
		return Axis{}, false
	}
	if log {
		lo, hi = math.Pow(10, math.Floor(math.Log10(lo))), math.Pow(10, math.Ceil(math.Log10(hi)))
		if hi <= lo {
			hi = lo * 10
		}
		return Axis{lo, hi, true}, true
	}
	if hi == lo {
		d := math.Max(math.Abs(lo)*0.1, 1e-12)
		return Axis{lo - d, hi + d, false}, true
	}
	pad := 0.05 * (hi - lo)
	return Axis{lo - pad, hi + pad, false}, true
}
