package scene

import (
	"fmt"
	"math"

	"noiseball/sim"
	"noiseball/sim/link"
)

// SweepPicture draws a sweep on a W x H canvas at scale K: one heat map per
// lane of one metric over the sweep's grid of two parameters, cells not
// yet computed in grey, and a logarithmic colour bar shared by the lanes.
type SweepPicture struct {
	W, H, K float64
	Def     link.Sweep
	Run     *sim.Sweep // the cells computed so far
	Metric  string     // one of sim.SweepMetrics()
	Labels  Labels     // the words in the page's language; zero: English
}

// Layout returns one rectangle per lane for its heat map, side by side,
// leaving room for labels, and the colour bar's at the right.
func (s *SweepPicture) Layout() (panels []Rect, bar Rect) {
	k := s.K
	bar = Rect{X0: s.W - 70*k, Y0: 40 * k, X1: s.W - 56*k, Y1: s.H - 50*k}
	lanes := len(s.Def.Base.Lanes)
	pw := (bar.X0 - 20*k) / float64(lanes)
	for i := 0; i < lanes; i++ {
		x0 := float64(i)*pw + 60*k
		panels = append(panels, Rect{X0: x0, Y0: 40 * k, X1: x0 + pw - 70*k, Y1: s.H - 50*k})
	}
	return panels, bar
}

// Value returns the metric of lane k in cell (i, j), and whether the cell
// is finished and the value one the colour scale shows (it is
// logarithmic: positive and finite).
func (s *SweepPicture) Value(i, j, k int) (float64, bool) {
	c, ok := s.Run.Cell(j*s.Def.X.N + i)
	if !ok || k >= len(c.Lanes) {
		return 0, false
	}
	x, _ := c.Lanes[k].Metric(s.Metric)
	return x, x > 0 && !math.IsInf(x, 0)
}

// CellAt returns the cell under (x, y), if any.
func (s *SweepPicture) CellAt(x, y float64) (i, j int, ok bool) {
	panels, _ := s.Layout()
	for _, p := range panels {
		if p.Contains(x, y) {
			i = int((x - p.X0) / p.Dx() * float64(s.Def.X.N))
			j = int((p.Y1 - y) / p.Dy() * float64(s.Def.Y.N))
			return i, j, true
		}
	}
	return 0, 0, false
}

// colorSteps is how many pieces the colour bar is drawn in.
const colorSteps = 32

// Draw draws the heat maps, their axes, the colour bar and how many cells
// are done.
func (s *SweepPicture) Draw(cv Canvas) {
	k := s.K
	cv.Rect(Rect{X1: s.W, Y1: s.H}, Paper, 1)
	lanes := len(s.Def.Base.Lanes)
	panels, bar := s.Layout()
	nx, ny := s.Def.X.N, s.Def.Y.N

	// The colour scale spans the finished cells of every lane, in decades.
	var vals []float64
	for l := 0; l < lanes; l++ {
		for j := 0; j < ny; j++ {
			for i := 0; i < nx; i++ {
				if x, ok := s.Value(i, j, l); ok {
					vals = append(vals, x)
				}
			}
		}
	}
	scale, haveScale := Span(true, vals)

	for l, p := range panels {
		cw, ch := p.Dx()/float64(nx), p.Dy()/float64(ny)
		for j := 0; j < ny; j++ {
			for i := 0; i < nx; i++ {
				x0, y1 := p.X0+float64(i)*cw, p.Y1-float64(j)*ch
				// A pixel's gap between cells.
				cell := Rect{X0: x0, Y0: y1 - ch + 1, X1: x0 + cw - 1, Y1: y1}
				c, alpha := Gridline, 0.6
				if x, ok := s.Value(i, j, l); ok && haveScale {
					c, alpha = viridis.At(scale.Frac(x)), 1
				}
				cv.Rect(cell, c, alpha)
			}
		}
	}
	for t := 0; t < colorSteps; t++ {
		y1 := bar.Y1 - bar.Dy()*float64(t)/colorSteps
		y0 := bar.Y1 - bar.Dy()*float64(t+1)/colorSteps
		cv.Rect(Rect{X0: bar.X0, Y0: y0, X1: bar.X1, Y1: y1}, viridis.At((float64(t)+0.5)/colorSteps), 1)
	}

	px := 12 * k
	if haveScale {
		for _, t := range scale.Ticks(6) {
			y := bar.Y1 - scale.Frac(t.Value)*bar.Dy()
			cv.Text(t.Label, bar.X1+4*k, y, px, Muted, 0, 0.5)
		}
	}
	// The metric's name ends at the bar's right, over it.
	cv.Text(s.Labels.Metric(s.Metric), bar.X1, bar.Y0-8*k, px, Ink, 1, 1)
	for l, p := range panels {
		cv.Text(s.Labels.Lane(s.Def.Base, l), p.X0, p.Y0-8*k, 13*k, LaneColor(l), 0, 1)
		// Axis values at a few cells: the first, the last and some between.
		every := max(1, nx/4)
		for i := 0; i < nx; i += every {
			x := p.X0 + (float64(i)+0.5)*p.Dx()/float64(nx)
			cv.Text(FormatNumber(s.Def.X.Value(i)), x, p.Y1+4*k, 10*k, Muted, 0.5, 0)
		}
		cv.Text(s.Labels.Param(s.Def.X.Param), p.X0+p.Dx()/2, p.Y1+20*k, px, Ink, 0.5, 0)
		every = max(1, ny/6)
		for j := 0; j < ny; j += every {
			y := p.Y1 - (float64(j)+0.5)*p.Dy()/float64(ny)
			cv.Text(FormatNumber(s.Def.Y.Value(j)), p.X0-4*k, y, 10*k, Muted, 1, 0.5)
		}
		if l == 0 {
			cv.Text(s.Labels.Param(s.Def.Y.Param), p.X0-44*k, p.Y0-24*k, px, Ink, 0, 1)
		}
	}
	done := fmt.Sprintf("%d/%d", s.Run.Done(), s.Run.Len())
	cv.Text(done, s.W-8*k, s.H-8*k, px, Muted, 1, 1)
}

// DrawReadout writes, in a box by the pointer at (x, y), cell (i, j)'s two
// parameter values and every lane's metric there.
func (s *SweepPicture) DrawReadout(cv Canvas, i, j int, x, y float64) {
	k := s.K
	px := 12 * k
	d := s.Def
	label := fmt.Sprintf("%s=%s  %s=%s", d.X.Param, FormatNumber(d.X.Value(i)), d.Y.Param, FormatNumber(d.Y.Value(j)))
	for l := range d.Base.Lanes {
		if v, ok := s.Value(i, j, l); ok {
			label += "  " + s.Labels.Lane(d.Base, l) + ": " + FormatNumber(v)
		}
	}
	w := cv.TextWidth(label, px) + 10*k
	bx, by := x+12*k, y+12*k
	if bx+w > s.W {
		bx -= w + 24*k
	}
	cv.Rect(Rect{X0: bx, Y0: by, X1: bx + w, Y1: by + px*1.6}, white, 235.0/255)
	cv.Text(label, bx+5*k, by+px*0.8, px, Ink, 0, 0.5)
}
