//go:build js && wasm

package main

import (
	"bytes"
	"fmt"
	"image/color"
	"math"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"noiseball/sim"
	"noiseball/sim/link"
	"noiseball/sim/scene"
)

// sweepView is the game in sweep mode (a link with sweep=...): the cells of
// a grid of two parameters are computed a slice per frame, within the
// frame's time budget, and drawn as a heat map of one metric per lane.
type sweepView struct {
	def    link.Sweep
	run    *sim.Sweep
	metric string // one of sim.SweepMetrics()
	cells  sprites
}

// sweepStatus is the sweep's part of the status.
type sweepStatus struct {
	Done     int     `json:"done"`
	Total    int     `json:"total"`
	Progress float64 `json:"progress"`
	Metric   string  `json:"metric"`
}

// newSweepView parses a sweep link; the metric comes from the view
// setting metric= (link.View).
func newSweepView(query, metric string) (*sweepView, []error) {
	def, err := link.ParseSweep(query)
	if err != nil {
		return nil, link.Errors(err)
	}
	cells, err := def.Cells()
	if err != nil {
		return nil, []error{err}
	}
	run, err := sim.NewSweep(cells)
	if err != nil {
		return nil, []error{err}
	}
	return &sweepView{def: def, run: run, metric: metric}, nil
}

// advance computes cells until the budget is spent.
func (v *sweepView) advance(budget time.Duration) {
	start := time.Now()
	for time.Since(start) < budget && v.run.Next() {
	}
}

func (v *sweepView) status() *sweepStatus {
	return &sweepStatus{Done: v.run.Done(), Total: v.run.Len(), Progress: v.run.Progress(), Metric: v.metric}
}

// csv returns the finished cells as the CLI's sweep CSV.
func (v *sweepView) csv() string {
	var cells []sim.SweepCell
	for i := 0; i < v.run.Len(); i++ {
		if c, ok := v.run.Cell(i); ok {
			cells = append(cells, c)
		}
	}
	var b bytes.Buffer
	link.WriteSweepCSV(&b, v.def, cells)
	return b.String()
}

// value returns the metric of lane k in cell (i, j), and whether the cell
// is finished and the value positive (the colour scale is logarithmic).
func (v *sweepView) value(i, j, k int) (float64, bool) {
	c, ok := v.run.Cell(j*v.def.X.N + i)
	if !ok || k >= len(c.Lanes) {
		return 0, false
	}
	x, _ := c.Lanes[k].Metric(v.metric)
	return x, x > 0 && !math.IsInf(x, 0)
}

// heatPanels returns one rectangle per lane for its heat map, side by side,
// leaving room for labels and the colour bar at the right.
func (g *game) heatPanels(lanes int) (panels []scene.Rect, bar scene.Rect) {
	s := g.scale()
	w, h := float64(g.w), float64(g.h)
	bar = scene.Rect{X0: w - 70*s, Y0: 40 * s, X1: w - 56*s, Y1: h - 50*s}
	pw := (bar.X0 - 20*s) / float64(lanes)
	for k := 0; k < lanes; k++ {
		x0 := float64(k)*pw + 60*s
		panels = append(panels, scene.Rect{X0: x0, Y0: 40 * s, X1: x0 + pw - 70*s, Y1: h - 50*s})
	}
	return panels, bar
}

// updateSweep runs the sweep within the frame budget and opens a cell's
// link when it is clicked.
func (g *game) updateSweep() {
	v := g.sweep
	if g.playing {
		v.advance(stepBudget)
		if v.run.Done() == v.run.Len() {
			g.playing = false
		}
	}
	if !inpututil.IsMouseButtonJustReleased(ebiten.MouseButtonLeft) {
		return
	}
	x, y := ebiten.CursorPosition()
	if i, j, ok := g.cellAt(float64(x), float64(y)); ok {
		g.edit = &edit{Seq: g.editSeq() + 1, Link: v.def.CellLink(i, j)}
	}
}

// cellAt returns the cell under the pixel (x, y), if any.
func (g *game) cellAt(x, y float64) (i, j int, ok bool) {
	v := g.sweep
	panels, _ := g.heatPanels(len(v.def.Base.Lanes))
	for _, p := range panels {
		if p.Contains(x, y) {
			i = int((x - p.X0) / p.Dx() * float64(v.def.X.N))
			j = int((p.Y1 - y) / p.Dy() * float64(v.def.Y.N))
			return i, j, true
		}
	}
	return 0, 0, false
}

// drawSweep draws the heat maps, their axes and a shared logarithmic
// colour bar, and the values of the cell under the pointer.
func (g *game) drawSweep(screen *ebiten.Image) {
	v := g.sweep
	s := g.scale()
	screen.Fill(paper)
	lanes := len(v.def.Base.Lanes)
	panels, bar := g.heatPanels(lanes)
	nx, ny := v.def.X.N, v.def.Y.N

	// The colour scale spans the finished cells of every lane, in decades.
	var vals []float64
	for k := 0; k < lanes; k++ {
		for j := 0; j < ny; j++ {
			for i := 0; i < nx; i++ {
				if x, ok := v.value(i, j, k); ok {
					vals = append(vals, x)
				}
			}
		}
	}
	scaleAxis, haveScale := scene.Span(true, vals)

	sp := &v.cells
	sp.reset()
	for k, p := range panels {
		cw, ch := p.Dx()/float64(nx), p.Dy()/float64(ny)
		for j := 0; j < ny; j++ {
			for i := 0; i < nx; i++ {
				x0, y1 := float32(p.X0+float64(i)*cw), float32(p.Y1-float64(j)*ch)
				x1, y0 := x0+float32(cw)-1, y1-float32(ch)+1
				c, alpha := gridline, float32(0.6)
				if x, ok := v.value(i, j, k); ok && haveScale {
					c, alpha = scene.Viridis.At(scaleAxis.Frac(x)), 1
				}
				sp.quad([4][2]float32{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}, c, alpha)
			}
		}
	}
	// The colour bar.
	const steps = 32
	for t := 0; t < steps; t++ {
		y1 := float32(bar.Y1 - bar.Dy()*float64(t)/steps)
		y0 := float32(bar.Y1 - bar.Dy()*float64(t+1)/steps)
		c := scene.Viridis.At((float64(t) + 0.5) / steps)
		sp.quad([4][2]float32{{float32(bar.X0), y0}, {float32(bar.X1), y0}, {float32(bar.X1), y1}, {float32(bar.X0), y1}}, c, 1)
	}
	sp.draw(screen)

	px := 12 * s
	if haveScale {
		for _, t := range scaleAxis.Ticks(6) {
			y := bar.Y1 - scaleAxis.Frac(t.Value)*bar.Dy()
			g.fonts.label(screen, t.Label, bar.X1+4*s, y, px, muted, 0, 0.5)
		}
	}
	g.fonts.label(screen, v.metric, bar.X0, bar.Y0-8*s, px, ink, 0, 1)
	for k, p := range panels {
		title := string(v.def.Base.Lanes[k].Opt)
		g.fonts.label(screen, title, p.X0, p.Y0-8*s, 13*s, scene.LaneColors[k%len(scene.LaneColors)], 0, 1)
		// Axis values at a few cells: the first, the last and some between.
		every := max(1, nx/4)
		for i := 0; i < nx; i += every {
			x := p.X0 + (float64(i)+0.5)*p.Dx()/float64(nx)
			g.fonts.label(screen, scene.FormatNumber(v.def.X.Value(i)), x, p.Y1+4*s, 10*s, muted, 0.5, 0)
		}
		g.fonts.label(screen, v.def.X.Param, p.X0+p.Dx()/2, p.Y1+20*s, px, ink, 0.5, 0)
		every = max(1, ny/6)
		for j := 0; j < ny; j += every {
			y := p.Y1 - (float64(j)+0.5)*p.Dy()/float64(ny)
			g.fonts.label(screen, scene.FormatNumber(v.def.Y.Value(j)), p.X0-4*s, y, 10*s, muted, 1, 0.5)
		}
		if k == 0 {
			g.fonts.label(screen, v.def.Y.Param, p.X0-44*s, p.Y0-8*s, px, ink, 0, 1)
		}
	}
	done := fmt.Sprintf("%d/%d", v.run.Done(), v.run.Len())
	g.fonts.label(screen, done, float64(g.w)-8*s, float64(g.h)-8*s, px, muted, 1, 1)

	// The cell under the pointer: its two values and every lane's metric.
	p := &g.pointer
	if i, j, ok := g.cellAt(p.x, p.y); ok && p.inside {
		label := fmt.Sprintf("%s=%s  %s=%s", v.def.X.Param, scene.FormatNumber(v.def.X.Value(i)), v.def.Y.Param, scene.FormatNumber(v.def.Y.Value(j)))
		for k := 0; k < lanes; k++ {
			if x, ok := v.value(i, j, k); ok {
				label += "  " + string(v.def.Base.Lanes[k].Opt) + ": " + scene.FormatNumber(x)
			}
		}
		w := float32(float64(len(label))*px*0.55 + 10*s)
		bx, by := float32(p.x+12*s), float32(p.y+12*s)
		if float64(bx)+float64(w) > float64(g.w) {
			bx -= w + float32(24*s)
		}
		vector.FillRect(screen, bx, by, w, float32(px*1.6), color.RGBA{255, 255, 255, 235}, false)
		g.fonts.label(screen, label, float64(bx)+5*s, float64(by)+px*0.8, px, ink, 0, 0.5)
	}
}
