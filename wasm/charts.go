//go:build js && wasm

package main

import (
	"image"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"noiseball/sim/scene"
)

// charts caches the monitor charts in an offscreen image. A chart is
// redrawn when the history has grown since it was drawn, one chart a frame
// in turn: the charts change slowly, and spread over the frames their
// redrawing costs each frame a fifth of what all five cost at once, which
// made every sixth frame miss its vsync on software WebGL.
type charts struct {
	img   *ebiten.Image
	drawn []int             // history length when each chart was drawn, or -1
	area  scene.Rect        // the charts' rectangle on the screen
	at    image.Point       // where img goes on the screen: area's corner, on whole pixels
	views []scene.ChartView // the charts as last drawn, in img's coordinates
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
	rects := g.picture.Charts
	if len(rects) == 0 {
		return
	}
	area := rects[0]
	for _, r := range rects[1:] {
		area = scene.Rect{X0: min(area.X0, r.X0), Y0: min(area.Y0, r.Y0), X1: max(area.X1, r.X1), Y1: max(area.Y1, r.Y1)}
	}
	c := &g.charts
	// img lies on whole pixels, so that the charts are drawn at the
	// screen's fractions of a pixel, as a still draws them.
	at := image.Pt(int(math.Floor(area.X0)), int(math.Floor(area.Y0)))
	w, h := int(math.Ceil(area.X1))-at.X, int(math.Ceil(area.Y1))-at.Y
	if c.img == nil || c.img.Bounds().Dx() != w || c.img.Bounds().Dy() != h {
		if c.img != nil {
			c.img.Deallocate()
		}
		c.img = ebiten.NewImage(w, h)
		c.img.Fill(scene.Paper) // the gaps between the charts
		c.redrawAll()
	}
	if len(c.drawn) != len(rects) {
		c.drawn = make([]int, len(rects))
		c.views = make([]scene.ChartView, len(rects))
		c.redrawAll()
	}
	c.area, c.at = area, at
	local := func(k int) scene.Rect {
		r := rects[k]
		x, y := float64(at.X), float64(at.Y)
		return scene.Rect{X0: r.X0 - x, Y0: r.Y0 - y, X1: r.X1 - x, Y1: r.Y1 - y}
	}

	// Charts never drawn for this link and layout are drawn at once; the
	// others in turn.
	n := g.historyLen()
	turn := g.frames % len(rects)
	redrawn := -1 // the one chart redrawn in turn, or -1
	all := false
	cv := &g.canvases.charts
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
		g.picture.FillChart(k, r, &c.views[k])
		cv.begin(c.img.SubImage(pixels(r)).(*ebiten.Image))
		c.views[k].Draw(cv)
		cv.flush()
		c.drawn[k] = n
	}

	hover := g.chartHover()
	if !full && !all && hover == g.damage.hover && !(hover.shown && redrawn >= 0) {
		if redrawn >= 0 {
			// Only the chart redrawn: the others are on the screen already.
			r := pixels(local(redrawn))
			op := &ebiten.DrawImageOptions{Blend: ebiten.BlendCopy}
			op.GeoM.Translate(float64(at.X+r.Min.X), float64(at.Y+r.Min.Y))
			screen.DrawImage(c.img.SubImage(r).(*ebiten.Image), op)
		}
		return
	}
	g.damage.hover = hover
	// The readout stays on the charts, whatever its size.
	screen = screen.SubImage(pixels(area)).(*ebiten.Image)
	// The charts are opaque: copying replaces blending (see DrawFinalScreen).
	op := &ebiten.DrawImageOptions{Blend: ebiten.BlendCopy}
	op.GeoM.Translate(float64(at.X), float64(at.Y))
	screen.DrawImage(c.img, op)
	g.drawChartHover(screen, hover)
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
	px, py := p.x-float64(c.at.X), p.y-float64(c.at.Y)
	for k := range c.views {
		v := &c.views[k]
		if v.OK && px >= v.Chart.Plot.X0 && px <= v.Chart.Plot.X1 && py >= v.Chart.Plot.Y0 && py <= v.Chart.Plot.Y1 {
			return chartHover{k: k, x: p.x, y: p.y, shown: true}
		}
	}
	return chartHover{}
}

// drawChartHover draws the readout h on the screen's canvas.
func (g *game) drawChartHover(screen *ebiten.Image, h chartHover) {
	if !h.shown {
		return
	}
	c := &g.charts
	cv := &g.canvases.screen
	cv.begin(screen)
	c.views[h.k].DrawReadout(cv, h.x, scene.Point{X: float64(c.at.X), Y: float64(c.at.Y)}, c.area.X1)
	cv.flush()
}
