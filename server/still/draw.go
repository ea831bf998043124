package still

import (
	"image/color"
	"math"
	"strconv"

	"noiseball/sim"
	"noiseball/sim/scene"
)

// The colours of the frame around the plots, as in the game.
var (
	ink      = scene.Ink
	muted    = scene.Muted
	gridline = scene.Gridline
	paper    = scene.Paper
	diverged = scene.Diverged
	white    = color.RGBA{0xff, 0xff, 0xff, 255}
)

// canvas is what a scene is drawn on, in CSS pixels with y down. The raster
// and the SVG implement it, so both show the same picture. Colours are
// opaque; alpha is separate, in [0, 1].
type canvas interface {
	// rect fills r.
	rect(r scene.Rect, c color.RGBA, alpha float64)
	// landscape draws the loss bands and contour lines l, whose pixel
	// (0, 0) lies at the corner of r.
	landscape(r scene.Rect, l *layers)
	// clip limits what follows to r, until unclip.
	clip(r scene.Rect)
	unclip()
	// dots draws a small disc of radius rad at each point; where discs
	// overlap, their alphas add up as in the game.
	dots(pts []scene.Point, rad float64, c color.RGBA, alpha float64)
	// line strokes the polyline through pts, with round joins and caps,
	// dashed (dash on, dash off) when dash > 0.
	line(pts []scene.Point, width float64, c color.RGBA, alpha, dash float64)
	// polygon fills the closed polygon pts.
	polygon(pts []scene.Point, c color.RGBA, alpha float64)
	// circle fills a disc, and ring strokes a circle.
	circle(x, y, r float64, c color.RGBA)
	ring(x, y, r, width float64, c color.RGBA)
	// text writes s in px-sized type at (x, y), aligned by ax and ay: 0 at
	// the start or top, 0.5 centred, 1 at the end or bottom.
	text(s string, x, y, px float64, c color.RGBA, ax, ay float64)
	// group starts a named group of what follows, and end closes it (the
	// SVG's <g id=...>; the raster ignores both).
	group(id string)
	end()
}

// presentScale is how much larger type and lines are in presenter mode, as
// in the game (present=1).
const presentScale = 1.6

// drawer draws one scene on one canvas. Sizes below are CSS pixels times k:
// 1, or presentScale in presenter mode.
type drawer struct {
	s     *Scene
	cv    canvas
	k     float64
	cloud bool
}

// draw draws the scene on cv, a w x h canvas, as the game draws its screen:
// the landscape on the left (or top), the monitor charts beside (or under) it.
func (s *Scene) draw(cv canvas, w, h float64, o Options) {
	d := &drawer{s: s, cv: cv, k: 1, cloud: o.Cloud}
	if o.Present {
		d.k = presentScale
	}
	cv.rect(scene.Rect{X0: 0, Y0: 0, X1: w, Y1: h}, paper, 1)
	land, rects := scene.Layout(w, h, len(scene.MonitorTitles))
	d.landscape(land)
	d.charts(rects)
}

// view returns the mapping from the plane to the landscape's pixels.
func (s *Scene) view(land scene.Rect) scene.View {
	return scene.ViewFor(s.cfg.Problem, s.cfg.X0, int(land.Dx()), int(land.Dy()))
}

func (d *drawer) landscape(land scene.Rect) {
	s, cv, k := d.s, d.cv, d.k
	v := s.view(land)
	if v.W < 2 || v.H < 2 {
		return
	}
	cv.group("landscape")
	cv.clip(land)
	cv.landscape(land, contourLayers(s.cfg.Problem, v, contourCell))
	at := func(p sim.Vec) (float64, float64) {
		x, y := v.ToScreen(p)
		return x + land.X0, y + land.Y0
	}
	pad := 4 * k
	inside := scene.Rect{X0: land.X0 - pad, Y0: land.Y0 - pad, X1: land.X1 + pad, Y1: land.Y1 + pad}
	lanes := s.exp.Lanes()
	for i, l := range lanes {
		c := laneColor(i)
		if pos := l.Positions(); d.cloud && len(pos) > 1 {
			// Fainter and smaller dots as the cloud grows, so 10,000 runs
			// read as a density. The game's dot is a triangle of width 3
			// (or 2); a disc of the same area has 0.46 times that radius.
			size, alpha := 3*k, 0.5
			if len(pos) > 1000 {
				size, alpha = 2*k, 0.3
			}
			pts := make([]scene.Point, 0, len(pos)-1)
			for r, p := range pos[1:] {
				if l.DivergedAt(r+1) != 0 {
					continue
				}
				x, y := at(p)
				if inside.Contains(x, y) {
					pts = append(pts, scene.Point{X: x, Y: y})
				}
			}
			cv.group("cloud-" + strconv.Itoa(i+1))
			cv.dots(pts, 0.46*size, c, alpha)
			cv.end()
		}
		// The trail of run 0 fades with age: each segment's alpha grows
		// with the square of its recency.
		cv.group("trail-" + strconv.Itoa(i+1))
		t := s.trails[i]
		for n := 1; n < len(t); n++ {
			x0, y0 := at(t[n-1])
			x1, y1 := at(t[n])
			if x0 == x1 && y0 == y1 {
				continue
			}
			age := float64(n) / float64(len(t))
			cv.line([]scene.Point{{X: x0, Y: y0}, {X: x1, Y: y1}}, 1.5*k, c, 0.9*age*age, 0)
		}
		cv.end()
	}

	// The minimizer: a dark cross.
	cv.group("markers")
	mx, my := at(s.cfg.Problem.Minimizer())
	arm := 7 * k
	cv.line([]scene.Point{{X: mx - arm, Y: my}, {X: mx + arm, Y: my}}, 2*k, ink, 1, 0)
	cv.line([]scene.Point{{X: mx, Y: my - arm}, {X: mx, Y: my + arm}}, 2*k, ink, 1, 0)
	// The start point: a hollow ring.
	sx, sy := at(s.cfg.X0)
	cv.ring(sx, sy, 5*k, 1.5*k, muted)
	// Run 0 of each lane: a filled dot with a white rim, or a red ring with
	// a cross when it has diverged; its Polyak average, a hollow diamond.
	for i, l := range lanes {
		x, y := at(l.Positions()[0])
		if l.DivergedAt(0) != 0 {
			a := 5 * k
			cv.ring(x, y, 7*k, 2*k, diverged)
			cv.line([]scene.Point{{X: x - a, Y: y - a}, {X: x + a, Y: y + a}}, 2*k, diverged, 1, 0)
			cv.line([]scene.Point{{X: x - a, Y: y + a}, {X: x + a, Y: y - a}}, 2*k, diverged, 1, 0)
			continue
		}
		c := laneColor(i)
		cv.circle(x, y, 6*k, white)
		cv.circle(x, y, 4.5*k, c)
		if pa := l.Polyak(); pa.Finite() {
			px, py := at(pa)
			r := 6 * k
			cv.line([]scene.Point{{X: px, Y: py - r}, {X: px + r, Y: py}, {X: px, Y: py + r}, {X: px - r, Y: py}, {X: px, Y: py - r}}, 2*k, darker(c), 1, 0)
		}
	}
	cv.end()
	d.axes(land, v)
	d.legend(land)
	cv.unclip()
	cv.end()
}

// axes writes coordinate ticks along the landscape's bottom and left
// edges.
func (d *drawer) axes(land scene.Rect, v scene.View) {
	cv, k := d.cv, d.k
	cv.group("axes")
	px := 11 * k
	lo, hi := v.ToPlane(0, 0), v.ToPlane(float64(v.W), float64(v.H))
	// Unlike the game, a still leaves out the labels that the edges would
	// cut, the left labels that would run into the bottom ones, and those
	// that the legend would half cover.
	for _, t := range scene.LinearTicks(lo[0], hi[0], int(land.Dx()/(70*k))+1) {
		x, _ := v.ToScreen(sim.Vec{t.Value, 0})
		if x < 8*k || x > land.Dx()-8*k {
			continue
		}
		cv.text(t.Label, land.X0+x, land.Y1-3*k, px, muted, 0.5, 1)
	}
	for _, t := range scene.LinearTicks(hi[1], lo[1], int(land.Dy()/(50*k))+1) {
		_, y := v.ToScreen(sim.Vec{0, t.Value})
		if y < d.legendBottom()+8*k || y > land.Dy()-20*k {
			continue
		}
		cv.text(t.Label, land.X0+4*k, land.Y0+y, px, muted, 0, 0.5)
	}
	cv.end()
}

// legendPx is the legend's type size.
const legendPx = 13

// legendBottom returns the bottom of the legend's panel, below the
// landscape's top.
func (d *drawer) legendBottom() float64 {
	return (6 + (float64(len(d.s.exp.Lanes()))*1.5+1.3)*legendPx + 10) * d.k
}

// legend names each lane in its colour, with its learning rate now and
// how many runs diverged (after ∞, as the game writes it), on a pale panel.
func (d *drawer) legend(land scene.Rect) {
	cv, k := d.cv, d.k
	cv.group("legend")
	px := legendPx * k
	x, y := land.X0+12*k, land.Y0+12*k
	cv.rect(scene.Rect{X0: land.X0 + 6*k, Y0: land.Y0 + 6*k, X1: land.X0 + 216*k, Y1: land.Y0 + d.legendBottom()}, white, 200.0/255)
	for i, l := range d.s.exp.Lanes() {
		cv.circle(x+5*k, y+px/2, 5*k, laneColor(i))
		label := string(l.Config().Opt) + "  γ=" + scene.FormatNumber(l.LearningRate())
		if n := l.Diverged(); n > 0 {
			label += "   ∞ " + strconv.Itoa(n)
		}
		cv.text(label, x+16*k, y, px, ink, 0, 0)
		y += px * 1.5
	}
	cv.text("n = "+strconv.Itoa(d.s.exp.N()), x, y, px, muted, 0, 0)
	cv.end()
}

// chartFrame returns the plotting area of chart rectangle r, leaving room
// for the title above and the tick labels to the left and below.
func chartFrame(r scene.Rect, k float64) scene.Rect {
	return scene.Rect{X0: r.X0 + 44*k, Y0: r.Y0 + 20*k, X1: r.X1 - 10*k, Y1: r.Y1 - 18*k}
}

// maxPoints bounds the points drawn per line: one every two pixels or so.
const maxPoints = 400

// stride returns the step through n points that keeps about maxPoints.
func stride(n int) int { return max(1, n/maxPoints) }

func (d *drawer) charts(rects []scene.Rect) {
	s, cv, k := d.s, d.cv, d.k
	for n, r := range rects {
		cv.group("chart-" + strconv.Itoa(n+1))
		cv.rect(r, paper, 1)
		cv.text(scene.MonitorTitles[n], r.X0+44*k, r.Y0+3*k, 12*k, ink, 0, 0)
		var all []scene.Series
		for lane := range s.exp.Lanes() {
			all = append(all, scene.MonitorSeries(s.hist.Lane(lane), n, s.cfg.Runs))
		}
		ch, ok := scene.MonitorChart(chartFrame(r, k), all)
		if !ok || ch.Plot.Dx() < 10 || ch.Plot.Dy() < 10 {
			cv.end()
			continue
		}
		p := ch.Plot
		yticks := ch.Y.Ticks(4)
		xticks := ch.X.Ticks(int(p.Dx()/(60*k)) + 1)
		for _, t := range yticks {
			_, y := ch.ToScreen(ch.X.Lo, t.Value)
			cv.line([]scene.Point{{X: p.X0, Y: y}, {X: p.X1, Y: y}}, k, gridline, 1, 0)
		}
		for _, t := range xticks {
			x, _ := ch.ToScreen(t.Value, ch.Y.Lo)
			cv.line([]scene.Point{{X: x, Y: p.Y0}, {X: x, Y: p.Y1}}, k, gridline, 1, 0)
		}
		cv.clip(p)
		for lane, se := range all {
			c := laneColor(lane)
			if se.Lo != nil && se.Hi != nil {
				for _, poly := range bandPolygons(ch, se.X, se.Lo, se.Hi) {
					cv.polygon(poly, c, 0.18)
				}
			}
			for _, pts := range polylines(ch, se.X, se.Mean) {
				cv.line(pts, 1.6*k, c, 1, 0)
			}
			if se.Theory != nil {
				for _, pts := range polylines(ch, se.X, se.Theory) {
					cv.line(pts, 1.4*k, darker(c), 0.9, 6*1.4*k)
				}
			}
		}
		cv.unclip()
		// The frame.
		cv.line([]scene.Point{{X: p.X0, Y: p.Y1}, {X: p.X1, Y: p.Y1}}, k, muted, 1, 0)
		cv.line([]scene.Point{{X: p.X0, Y: p.Y0}, {X: p.X0, Y: p.Y1}}, k, muted, 1, 0)
		for _, t := range yticks {
			_, y := ch.ToScreen(ch.X.Lo, t.Value)
			cv.text(t.Label, p.X0-4*k, y, 10*k, muted, 1, 0.5)
		}
		for _, t := range xticks {
			x, _ := ch.ToScreen(t.Value, ch.Y.Lo)
			cv.text(t.Label, x, p.Y1+3*k, 10*k, muted, 0.5, 0)
		}
		cv.end()
	}
}

// contourCell is the grid spacing, in CSS pixels, on which the contours are
// traced: fine enough that their straight pieces read as curves.
const contourCell = 3

// layers are the landscape as vectors: the game's bands (scene.ContourLevels,
// coloured as scene.RenderLandscape colours them) and the lines between
// them, traced by marching squares.
type layers struct {
	w, h       float64
	background color.RGBA // the highest band, which covers the whole view
	regions    []region   // to fill in order, each over the ones before
	lines      [][2]scene.Point
}

// region is the part of the view below one level, in its band's colour.
type region struct {
	color color.RGBA
	polys [][]scene.Point
}

// contourLayers traces the landscape of p over view v on a grid of cells
// about cell pixels wide. The bands are painted from the outside in: the
// highest band over the whole view, then each region below a level, lower
// levels last, so that every point ends in its band's colour and bands
// meet without seams.
func contourLayers(p sim.Problem, v scene.View, cell float64) *layers {
	levels := scene.ContourLevels(p, v)
	n := len(levels)
	f := scene.SampleLossGap(p, v, cell)
	top := math.Inf(-1)
	for _, x := range f.V {
		top = math.Max(top, x)
	}
	// Levels above every sample leave nothing to trace.
	k0 := n
	for k0 > 0 && top < levels[k0-1] {
		k0--
	}
	l := &layers{w: float64(v.W), h: float64(v.H), background: scene.BandColor(k0, n)}
	for k := k0 - 1; k >= 0; k-- {
		below, segs := f.Contour(levels[k])
		if len(below) > 0 {
			l.regions = append(l.regions, region{scene.BandColor(k, n), below})
		}
		l.lines = append(l.lines, segs...)
	}
	return l
}

// polylines returns the pieces of the line through (x_i, y_i) on the chart,
// about maxPoints points in all, broken where a log axis cannot show a point.
func polylines(ch scene.Chart, x, y []float64) [][]scene.Point {
	n := min(len(x), len(y))
	step := stride(n)
	var out [][]scene.Point
	var cur []scene.Point
	for i := 0; i < n; i += step {
		if !(x[i] > 0 && y[i] > 0) || math.IsInf(y[i], 0) {
			if len(cur) > 1 {
				out = append(out, cur)
			}
			cur = nil
			continue
		}
		sx, sy := ch.ToScreen(x[i], y[i])
		cur = append(cur, scene.Point{X: sx, Y: sy})
	}
	if len(cur) > 1 {
		out = append(out, cur)
	}
	return out
}

// bandPolygons returns the region between lo and hi as closed polygons, one
// per stretch where both are positive: along hi forwards, back along lo.
func bandPolygons(ch scene.Chart, x, lo, hi []float64) [][]scene.Point {
	n := min(len(x), len(lo), len(hi))
	step := stride(n)
	var out [][]scene.Point
	var top, bottom []scene.Point
	flush := func() {
		if len(top) > 1 {
			poly := append([]scene.Point(nil), top...)
			for i := len(bottom) - 1; i >= 0; i-- {
				poly = append(poly, bottom[i])
			}
			out = append(out, poly)
		}
		top, bottom = nil, nil
	}
	for i := 0; i < n; i += step {
		if !(x[i] > 0 && lo[i] > 0 && hi[i] > 0) || math.IsInf(hi[i], 0) {
			flush()
			continue
		}
		sx, sl := ch.ToScreen(x[i], lo[i])
		_, sh := ch.ToScreen(x[i], hi[i])
		top = append(top, scene.Point{X: sx, Y: sh})
		bottom = append(bottom, scene.Point{X: sx, Y: sl})
	}
	flush()
	return out
}

func laneColor(i int) color.RGBA { return scene.LaneColors[i%len(scene.LaneColors)] }

func darker(c color.RGBA) color.RGBA {
	return color.RGBA{uint8(float64(c.R) * 0.6), uint8(float64(c.G) * 0.6), uint8(float64(c.B) * 0.6), 255}
}
