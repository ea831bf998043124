//go:build js && wasm

package main

import (
	"image/color"
	"math"
	"sort"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"noiseball/sim/scene"
)

// charts caches the monitor charts in an offscreen image. A chart is
// redrawn when the history has grown since it was drawn, one chart a frame
// in turn: the charts change slowly, and spread over the frames their
// redrawing costs each frame a fifth of what all five cost at once, which
// made every sixth frame miss its vsync on software WebGL.
type charts struct {
	img     *ebiten.Image
	drawn   []int // history length when each chart was drawn, or -1
	sprites sprites
	area    scene.Rect  // where img goes on the screen
	views   []chartView // the charts as last drawn, in img's coordinates
}

// chartView is one chart as drawn: its axes and its lanes' data. The data
// slices are reused from one redraw to the next, to spare the collector.
type chartView struct {
	chart  scene.Chart
	series []scene.Series
	ok     bool // there is data to draw
}

// redrawAll marks every chart to be drawn again at the next frame, as when
// the link or the layout changed.
func (c *charts) redrawAll() {
	for k := range c.drawn {
		c.drawn[k] = -1
	}
}

// drawCharts draws the monitor charts and the readout of the one under the
// pointer. Unless full, it copies to the screen only the chart it redrew,
// and all of them when the readout changed.
func (g *game) drawCharts(screen *ebiten.Image, full bool) {
	_, rects := g.layout()
	if len(rects) == 0 {
		return
	}
	area := rects[0]
	for _, r := range rects[1:] {
		area = scene.Rect{X0: min(area.X0, r.X0), Y0: min(area.Y0, r.Y0), X1: max(area.X1, r.X1), Y1: max(area.Y1, r.Y1)}
	}
	c := &g.charts
	w, h := int(math.Ceil(area.Dx())), int(math.Ceil(area.Dy()))
	if c.img == nil || c.img.Bounds().Dx() != w || c.img.Bounds().Dy() != h {
		if c.img != nil {
			c.img.Deallocate()
		}
		c.img = ebiten.NewImage(w, h)
		c.img.Fill(paper) // the gaps between the charts
		c.redrawAll()
	}
	if len(c.drawn) != len(rects) {
		c.drawn = make([]int, len(rects))
		c.views = make([]chartView, len(rects))
		c.redrawAll()
	}
	c.area = area
	local := func(k int) scene.Rect {
		r := rects[k]
		return scene.Rect{X0: r.X0 - area.X0, Y0: r.Y0 - area.Y0, X1: r.X1 - area.X0, Y1: r.Y1 - area.Y0}
	}

	// Charts never drawn for this link and layout are drawn at once; the
	// others in turn.
	n := g.historyLen()
	turn := g.frames % len(rects)
	redrawn := -1 // the one chart redrawn in turn, or -1
	all := false
	for k := range rects {
		if c.drawn[k] >= 0 && (k != turn || c.drawn[k] == n) {
			continue
		}
		if c.drawn[k] < 0 {
			all = true
		} else {
			redrawn = k
		}
		r := local(k)
		g.chartOf(k, r, &c.views[k])
		dst := c.img.SubImage(pixels(r)).(*ebiten.Image)
		dst.Fill(paper)
		c.sprites.reset()
		drawChart(&c.sprites, &c.views[k], g.scale())
		c.sprites.draw(dst)
		g.drawChartLabels(dst, k, r)
		c.drawn[k] = n
	}

	hover := g.chartHover()
	if !full && !all && hover == g.damage.hover && !(hover.shown && redrawn >= 0) {
		if redrawn >= 0 {
			// Only the chart redrawn: the others are on the screen already.
			r := pixels(local(redrawn))
			op := &ebiten.DrawImageOptions{Blend: ebiten.BlendCopy}
			op.GeoM.Translate(area.X0+float64(r.Min.X), area.Y0+float64(r.Min.Y))
			screen.DrawImage(c.img.SubImage(r).(*ebiten.Image), op)
		}
		return
	}
	g.damage.hover = hover
	// The readout stays on the charts, whatever its size.
	screen = screen.SubImage(pixels(area)).(*ebiten.Image)
	// The charts are opaque: copying replaces blending (see DrawFinalScreen).
	op := &ebiten.DrawImageOptions{Blend: ebiten.BlendCopy}
	op.GeoM.Translate(area.X0, area.Y0)
	screen.DrawImage(c.img, op)
	g.drawChartHover(screen, hover)
}

// chartFrame returns the plotting area of chart rectangle r, leaving room
// for the title above and the tick labels to the left and below.
func chartFrame(r scene.Rect, s float64) scene.Rect {
	return scene.Rect{X0: r.X0 + 44*s, Y0: r.Y0 + 20*s, X1: r.X1 - 10*s, Y1: r.Y1 - 18*s}
}

// chartOf fills v with chart k, in rectangle r, over the data of every lane.
func (g *game) chartOf(k int, r scene.Rect, v *chartView) {
	lanes := len(g.exp.Lanes())
	if cap(v.series) < lanes {
		v.series = make([]scene.Series, lanes)
	}
	v.series = v.series[:lanes]
	for lane := range v.series {
		v.series[lane].Fill(g.hist.Lane(lane), k, g.cfg.Runs)
	}
	v.chart, v.ok = scene.MonitorChart(chartFrame(r, g.scale()), v.series)
}

// drawChart adds a chart's grid, bands and lines to sp.
func drawChart(sp *sprites, v *chartView, scale float64) {
	if !v.ok {
		return
	}
	ch := v.chart
	s := float32(scale)
	p := ch.Plot
	for _, t := range ch.Y.Ticks(4) {
		_, y := ch.ToScreen(ch.X.Lo, t.Value)
		sp.segment(float32(p.X0), float32(y), float32(p.X1), float32(y), 1*s, gridline, 1)
	}
	for _, t := range ch.X.Ticks(int(p.Dx()/(60*scale)) + 1) {
		x, _ := ch.ToScreen(t.Value, ch.Y.Lo)
		sp.segment(float32(x), float32(p.Y0), float32(x), float32(p.Y1), 1*s, gridline, 1)
	}
	for lane, se := range v.series {
		c := scene.LaneColors[lane%len(scene.LaneColors)]
		if se.Lo != nil && se.Hi != nil {
			band(sp, ch, se.X, se.Lo, se.Hi, c)
		}
		polyline(sp, ch, se.X, se.Mean, 1.6*s, c, 1, false)
		if se.Theory != nil {
			polyline(sp, ch, se.X, se.Theory, 1.4*s, darker(c), 0.9, true)
		}
	}
	// The frame.
	sp.segment(float32(p.X0), float32(p.Y1), float32(p.X1), float32(p.Y1), 1*s, muted, 1)
	sp.segment(float32(p.X0), float32(p.Y0), float32(p.X0), float32(p.Y1), 1*s, muted, 1)
}

// drawChartLabels writes chart k's title and tick labels; r is its
// rectangle in dst's coordinates.
func (g *game) drawChartLabels(dst *ebiten.Image, k int, r scene.Rect) {
	s := g.scale()
	g.fonts.label(dst, scene.MonitorTitles[k], r.X0+44*s, r.Y0+3*s, 12*s, ink, 0, 0)
	v := &g.charts.views[k]
	if !v.ok {
		return
	}
	ch := v.chart
	for _, t := range ch.Y.Ticks(4) {
		_, y := ch.ToScreen(ch.X.Lo, t.Value)
		g.fonts.label(dst, t.Label, ch.Plot.X0-4*s, y, 10*s, muted, 1, 0.5)
	}
	for _, t := range ch.X.Ticks(int(ch.Plot.Dx()/(60*s)) + 1) {
		x, _ := ch.ToScreen(t.Value, ch.Y.Lo)
		g.fonts.label(dst, t.Label, x, ch.Plot.Y1+3*s, 10*s, muted, 0.5, 0)
	}
}

// maxPoints bounds the points drawn per line: one every two pixels or so.
const maxPoints = 400

// stride returns the step through n points that keeps about maxPoints.
func stride(n int) int { return max(1, n/maxPoints) }

// polyline adds the line through (x_i, y_i), skipping points that a log axis
// cannot show, dashed if asked.
func polyline(sp *sprites, ch scene.Chart, x, y []float64, w float32, c color.RGBA, alpha float32, dashed bool) {
	n := min(len(x), len(y))
	step := stride(n)
	prevOK := false
	var px, py float32
	dash := float32(0)
	for i := 0; i < n; i += step {
		if !(x[i] > 0 && y[i] > 0) || math.IsInf(y[i], 0) {
			prevOK = false
			continue
		}
		sx, sy := ch.ToScreen(x[i], y[i])
		cx, cy := float32(sx), float32(sy)
		if prevOK {
			seg := float32(math.Hypot(float64(cx-px), float64(cy-py)))
			if !dashed || int(dash/(6*w))%2 == 0 {
				sp.segment(px, py, cx, cy, w, c, alpha)
			}
			dash += seg
		}
		px, py, prevOK = cx, cy, true
	}
}

// band adds the filled region between lo and hi.
func band(sp *sprites, ch scene.Chart, x, lo, hi []float64, c color.RGBA) {
	n := min(len(x), len(lo), len(hi))
	step := stride(n)
	prev := -1
	for i := 0; i < n; i += step {
		if !(x[i] > 0 && lo[i] > 0 && hi[i] > 0) {
			prev = -1
			continue
		}
		if prev >= 0 {
			x0, l0 := ch.ToScreen(x[prev], lo[prev])
			_, h0 := ch.ToScreen(x[prev], hi[prev])
			x1, l1 := ch.ToScreen(x[i], lo[i])
			_, h1 := ch.ToScreen(x[i], hi[i])
			sp.quad([4][2]float32{{float32(x0), float32(h0)}, {float32(x1), float32(h1)}, {float32(x1), float32(l1)}, {float32(x0), float32(l0)}}, c, 0.18)
		}
		prev = i
	}
}

func darker(c color.RGBA) color.RGBA {
	return color.RGBA{uint8(float64(c.R) * 0.6), uint8(float64(c.G) * 0.6), uint8(float64(c.B) * 0.6), 255}
}

// historyLen returns how many snapshots the lanes' histories hold.
func (g *game) historyLen() int { return g.hist.Len() }

// chartHover is where the charts' readout is: on chart k, at the pointer
// (x, y), when shown.
type chartHover struct {
	k     int
	x, y  float64
	shown bool
}

// chartHover returns the readout for where the pointer is now.
func (g *game) chartHover() chartHover {
	p := &g.pointer
	if !p.inside || p.dragging {
		return chartHover{}
	}
	c := &g.charts
	px, py := p.x-c.area.X0, p.y-c.area.Y0
	for k := range c.views {
		v := &c.views[k]
		if v.ok && px >= v.chart.Plot.X0 && px <= v.chart.Plot.X1 && py >= v.chart.Plot.Y0 && py <= v.chart.Plot.Y1 {
			return chartHover{k: k, x: p.x, y: p.y, shown: true}
		}
	}
	return chartHover{}
}

// drawChartHover marks, in the chart of h, the step under the pointer and
// writes every lane's value there.
func (g *game) drawChartHover(screen *ebiten.Image, h chartHover) {
	if !h.shown {
		return
	}
	c := &g.charts
	v := &c.views[h.k]
	ch, all := v.chart, v.series
	s := g.scale()
	step := ch.FromScreenX(h.x - c.area.X0)
	y0, y1 := c.area.Y0+ch.Plot.Y0, c.area.Y0+ch.Plot.Y1
	vector.StrokeLine(screen, float32(h.x), float32(y0), float32(h.x), float32(y1), float32(s), muted, false)
	y := y0 + 2*s
	// The box goes right of the line, or left of it near the charts' edge.
	bx, bw := h.x+3*s, 64*s
	if bx+bw > c.area.X1 {
		bx = h.x - 3*s - bw
	}
	box := float32((float64(len(all))*13 + 16) * s)
	vector.FillRect(screen, float32(bx), float32(y), float32(bw), box, color.RGBA{255, 255, 255, 220}, false)
	g.fonts.label(screen, "n ≈ "+scene.FormatNumber(step), bx+3*s, y, 11*s, ink, 0, 0)
	for lane, se := range all {
		i := nearest(se.X, step)
		if i < 0 {
			continue
		}
		y += 13 * s
		lc := scene.LaneColors[lane%len(scene.LaneColors)]
		g.fonts.label(screen, scene.FormatNumber(se.Mean[i]), bx+3*s, y, 11*s, darker(lc), 0, 0)
	}
}

// nearest returns the index of the value of the increasing xs closest to x,
// or -1 when xs is empty.
func nearest(xs []float64, x float64) int {
	i := sort.SearchFloat64s(xs, x)
	switch {
	case len(xs) == 0:
		return -1
	case i == len(xs):
		return i - 1
	case i > 0 && x-xs[i-1] < xs[i]-x:
		return i - 1
	}
	return i
}
