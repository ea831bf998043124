package scene

import (
	"context"
	"image/color"
	"math"
	"strings"
)

// The sizes of a monitor chart, in units of Frame.K.
const (
	chartTitlePx, chartTickPx = 12.0, 10.0
	meanWidth                 = 1.6 // each lane's mean
	theoryWidth, theoryAlpha  = 1.4, 0.9
	theoryDash                = 6 * theoryWidth // dash on, dash off
	bandAlpha                 = 0.18            // the 10-90% band
	minPlot                   = 10.0            // a smaller plotting area draws no data
	// maxPoints bounds the points drawn per line: one every two pixels or so.
	maxPoints = 400
	// A real model's evaluations are marked with dots of markRadius while
	// a lane has at most maxMarks of them: the MLP with 100 runs evaluates
	// about every 1,100 steps, and a single evaluation draws no line.
	markRadius = 2.2
	maxMarks   = 24
)

// chartFrame returns the plotting area of chart rectangle r, leaving room
// for the title above and the tick labels to the left and below.
func chartFrame(r Rect, k float64) Rect {
	return Rect{X0: r.X0 + 44*k, Y0: r.Y0 + 20*k, X1: r.X1 - 10*k, Y1: r.Y1 - 18*k}
}

// stride returns the step through n points that keeps about maxPoints.
func stride(n int) int { return max(1, n/maxPoints) }

// ChartView is one monitor chart ready to draw: its rectangle and title,
// its axes and every lane's data. OK is false when there is no data to
// plot, or no room: the chart then shows its title alone. Filling a
// ChartView again reuses its slices.
type ChartView struct {
	Rect   Rect
	Title  string
	Note   string  // what the dashed line is, written right of the title ("" for nothing)
	Marks  bool    // mark each point of the means (a real model's evaluations) when a lane has at most maxMarks
	K      float64 // the scale of type and lines
	Chart  Chart
	Series []Series // one per lane
	OK     bool

	upper, lower []Point
}

// FillChart fills v with the picture's monitor chart k (an index into
// Monitors of its configuration, as Frame.Charts) in rectangle r, over
// every lane's history.
func (p *Picture) FillChart(k int, r Rect, v *ChartView) {
	m := Monitors(p.Config)[k]
	lanes := len(p.Exp.Lanes())
	if cap(v.Series) < lanes {
		v.Series = make([]Series, lanes)
	}
	v.Series = v.Series[:lanes]
	last := 0.0
	for lane := range v.Series {
		snaps := p.Hist.Lane(lane)
		v.Series[lane].Fill(snaps, int(m), p.Config.Runs)
		if len(snaps) > 0 {
			last = math.Max(last, float64(snaps[len(snaps)-1].Step))
		}
	}
	v.Rect, v.Title, v.K = r, m.Title(), p.K
	if m == MonitorHeldoutLoss || m == MonitorHeldoutAcc {
		v.Title = p.Labels.Chart(m.ID())
	}
	v.Marks = m.evaluated() && p.Config.Problem.Kind.Real()
	v.Note = ""
	if m == MonitorSpread && p.Config.Problem.Kind.Real() {
		if id := theoryNote(v.Series); id != "" {
			v.Note = p.Labels.Chart(id)
		}
	}
	v.Chart, v.OK = monitorChart(chartFrame(r, p.K), v.Series, last, m != MonitorHeldoutAcc)
	v.OK = v.OK && v.Chart.Plot.Dx() >= minPlot && v.Chart.Plot.Dy() >= minPlot
}

// theoryNote returns the id (Labels.Chart) of what a real model's dashed
// spread is: sim/MATH.md's oracle 8, exact (SGD on linreg), oracle 9, an
// approximation, or both in different lanes; "" for no dashed line.
func theoryNote(all []Series) string {
	exact, approx := false, false
	for _, s := range all {
		if s.Theory != nil {
			exact, approx = exact || s.Exact, approx || !s.Exact
		}
	}
	switch {
	case exact && approx:
		return "theory_both"
	case exact:
		return "theory_exact"
	case approx:
		return "theory_approx"
	}
	return ""
}

// DrawCharts draws every monitor chart in its rectangle, checking ctx
// between them.
func (p *Picture) DrawCharts(ctx context.Context, cv Canvas) error {
	var v ChartView
	for k, r := range p.Charts {
		p.FillChart(k, r, &v)
		cv.Group(groupID("chart", k))
		v.Draw(cv)
		cv.End()
		if err := ctx.Err(); err != nil {
			return err
		}
	}
	return nil
}

// Draw draws the chart: its paper, grid, each lane's 10-90% band, mean and
// dashed theory (or step bound), clipped to the plotting area, then the
// frame, the tick labels and the title.
func (v *ChartView) Draw(cv Canvas) {
	k := v.K
	cv.Rect(v.Rect, Paper, 1)
	if v.OK {
		ch := v.Chart
		p := ch.Plot
		// As many tick labels as the height has room for, up to 4, so that
		// a short chart (a phone's) does not stack them on one another.
		yticks := ch.Y.Ticks(min(4, int(p.Dy()/(1.5*chartTickPx*k))+1))
		xticks := ch.X.Ticks(int(p.Dx()/(60*k)) + 1)
		seg := v.upper[:0]
		for _, t := range yticks {
			_, y := ch.ToScreen(ch.X.Lo, t.Value)
			cv.Line(append(seg[:0], Point{X: p.X0, Y: y}, Point{X: p.X1, Y: y}), k, Gridline, 1, 0)
		}
		for _, t := range xticks {
			x, _ := ch.ToScreen(t.Value, ch.Y.Lo)
			cv.Line(append(seg[:0], Point{X: x, Y: p.Y0}, Point{X: x, Y: p.Y1}), k, Gridline, 1, 0)
		}
		v.upper = seg
		cv.Clip(p)
		for lane, se := range v.Series {
			c := LaneColor(lane)
			if se.Lo != nil && se.Hi != nil {
				v.bands(cv, se.X, se.Lo, se.Hi, c)
			}
			v.lines(cv, se.X, se.Mean, meanWidth*k, c, 1, 0)
			if v.Marks && len(se.X) <= maxMarks {
				// Few evaluations: each one marked, so that a first one shows.
				for i := range min(len(se.X), len(se.Mean)) {
					if ch.X.Shows(se.X[i]) && ch.Y.Shows(se.Mean[i]) {
						x, y := ch.ToScreen(se.X[i], se.Mean[i])
						cv.Circle(x, y, markRadius*k, c)
					}
				}
			}
			if se.Theory != nil {
				v.lines(cv, se.X, se.Theory, theoryWidth*k, darker(c), theoryAlpha, theoryDash*k)
			}
		}
		cv.Unclip()
		cv.Line(append(seg[:0], Point{X: p.X0, Y: p.Y1}, Point{X: p.X1, Y: p.Y1}), k, Muted, 1, 0)
		cv.Line(append(seg[:0], Point{X: p.X0, Y: p.Y0}, Point{X: p.X0, Y: p.Y1}), k, Muted, 1, 0)
		for _, t := range yticks {
			_, y := ch.ToScreen(ch.X.Lo, t.Value)
			cv.Text(t.Label, p.X0-4*k, y, chartTickPx*k, Muted, 1, 0.5)
		}
		for _, t := range xticks {
			x, _ := ch.ToScreen(t.Value, ch.Y.Lo)
			cv.Text(t.Label, x, p.Y1+3*k, chartTickPx*k, Muted, 0.5, 0)
		}
	}
	cv.Text(v.Title, v.Rect.X0+44*k, v.Rect.Y0+3*k, chartTitlePx*k, Ink, 0, 0)
	// The note where the title leaves it room; a narrow chart marks an
	// approximate line with ≈ alone.
	if note := v.Note; note != "" {
		room := v.Rect.Dx() - 54*k - cv.TextWidth(v.Title, chartTitlePx*k) - 12*k
		if cv.TextWidth(note, chartTickPx*k) > room {
			note = ""
			if strings.Contains(v.Note, "≈") {
				note = "≈"
			}
		}
		cv.Text(note, v.Rect.X1-10*k, v.Rect.Y0+4*k, chartTickPx*k, Muted, 1, 0)
	}
}

// lines strokes the line through (x_i, y_i), about maxPoints points of it,
// broken where an axis cannot show a point.
func (v *ChartView) lines(cv Canvas, x, y []float64, width float64, c color.RGBA, alpha, dash float64) {
	ch, m := v.Chart, v.Chart.mapping()
	n := min(len(x), len(y))
	cur := v.upper[:0]
	for i := 0; i < n; i += stride(n) {
		if !ch.X.Shows(x[i]) || !ch.Y.Shows(y[i]) {
			if len(cur) > 1 {
				cv.Line(cur, width, c, alpha, dash)
			}
			cur = cur[:0]
			continue
		}
		sx, sy := m.at(x[i], y[i])
		cur = append(cur, Point{X: sx, Y: sy})
	}
	if len(cur) > 1 {
		cv.Line(cur, width, c, alpha, dash)
	}
	v.upper = cur
}

// bands fills the region between lo and hi, one band per stretch where the
// axes can show both.
func (v *ChartView) bands(cv Canvas, x, lo, hi []float64, c color.RGBA) {
	ch, m := v.Chart, v.Chart.mapping()
	n := min(len(x), len(lo), len(hi))
	up, down := v.upper[:0], v.lower[:0]
	flush := func() {
		if len(up) > 1 {
			cv.Band(up, down, c, bandAlpha)
		}
		up, down = up[:0], down[:0]
	}
	for i := 0; i < n; i += stride(n) {
		if !ch.X.Shows(x[i]) || !ch.Y.Shows(lo[i]) || !ch.Y.Shows(hi[i]) {
			flush()
			continue
		}
		sx := m.atX(x[i])
		up = append(up, Point{X: sx, Y: m.atY(hi[i])})
		down = append(down, Point{X: sx, Y: m.atY(lo[i])})
	}
	flush()
	v.upper, v.lower = up, down
}
