package scene

import (
	"context"
	"image/color"
	"math"
	"strconv"

	"noiseball/sim"
)

// PresentScale is how much larger type, lines and marks are in presenter
// mode (the link's present=1), so that a projector shows them.
const PresentScale = 1.6

// The sizes of the plane's marks, in units of Frame.K (CSS pixels at K = 1).
const (
	cloudDot, cloudAlpha       = 3.0, 0.5 // a run, in a cloud of up to bigCloud runs
	bigCloudDot, bigCloudAlpha = 2.0, 0.3 // fainter and smaller dots, so 10,000 runs read as a density
	bigCloud                   = 1000
	trailWidth, trailAlpha     = 1.5, 0.9  // run 0's trail, at its newest segment
	crossArm, crossWidth       = 7.0, 2.0  // the minimizer: a dark cross
	startRadius, startWidth    = 5.0, 1.5  // the start point: a hollow ring
	iterateRim, iterateRadius  = 6.0, 4.5  // run 0: a dot with a white rim
	divergedRadius             = 7.0       // a diverged run 0: a red ring...
	divergedArm, divergedWidth = 5.0, 2.0  // ...with a cross
	polyakRadius, polyakWidth  = 6.0, 2.0  // the Polyak average: a hollow diamond
	runPad                     = 4.0       // how far off the plane a run's dot is still drawn
	legendPx                   = 13.0      // the legend's type
	legendInset, legendText    = 6.0, 12.0 // the panel's and the text's inset from the plane's corner
	legendWidth                = 210.0     // the panel's least width
	legendSpacing              = 1.5       // line spacing, in type sizes
	legendDot, legendIndent    = 5.0, 16.0 // a lane's dot, and where its text starts
	axisPx                     = 11.0      // the plane's tick labels
)

var white = color.RGBA{0xff, 0xff, 0xff, 0xff}

// State is what the picture shows: an experiment at its current step, the
// history its charts plot and the trail of each lane's run 0; for a real
// model, the loss on its plane sampled for the view.
type State struct {
	Config sim.Config // the experiment's configuration (kept, as Experiment.Config copies)
	Exp    *sim.Experiment
	Hist   *sim.History
	Trails []Trail // one per lane
	Cloud  bool    // draw every run (view=cloud), not run 0 alone (view=run)
	// Grid is a real model's loss on its plane, sampled on the grid that
	// LossGridFor gives for the frame's view (by the simulation, whose
	// sim.Plane it needs): the landscape is flat until it is filled. The
	// 2-D problems need none.
	Grid *sim.LossGrid
}

// Frame is where the parts of the picture lie on a W x H canvas whose
// type, lines and marks are K times their nominal size: the landscape on
// the left (or top), the monitor charts beside (or under) it, and the view
// of the plane in the landscape's rectangle.
type Frame struct {
	W, H, K float64
	Land    Rect
	Charts  []Rect // one per Monitors of the configuration
	View    View   // the plane in Land's pixels, from Land's corner
}

// NewFrame returns the frame of a W x H canvas at scale k for s: the view
// of a 2-D problem frames its minimizer and start point (ViewFor), that of
// a real model its plane's origin, the start and how far the runs have
// reached so far (PlaneView).
func NewFrame(s State, w, h, k float64) Frame {
	c := s.Config
	land, charts := Layout(w, h, len(Monitors(c)))
	f := Frame{W: w, H: h, K: k, Land: land, Charts: charts}
	lw, lh := int(land.Dx()), int(land.Dy())
	if c.Problem.Kind.Real() && s.Exp != nil {
		f.View = PlaneView(s.Exp.Start(), reach(s.Hist, len(c.Lanes)), lw, lh)
	} else {
		f.View = ViewFor(c.Problem, c.X0, lw, lh)
	}
	return f
}

// Picture draws a State in a Frame, whole (Draw) or by parts, so that a
// canvas that keeps its pixels between frames can redraw only what
// changed. A Picture reuses its buffers: keep one per canvas.
type Picture struct {
	State
	Frame
	Labels Labels // the words in the page's language; zero: English

	land Landscape
	pts  []Point // scratch for the canvas calls; see Canvas
	seg  [5]Point
}

// Draw draws the whole picture on cv: the paper, the plane and the charts.
// It checks ctx between the parts and returns its error when it is done;
// what it drew so far is then incomplete.
func (p *Picture) Draw(ctx context.Context, cv Canvas) error {
	cv.Rect(Rect{X1: p.W, Y1: p.H}, Paper, 1)
	if err := p.DrawPlane(ctx, cv); err != nil {
		return err
	}
	return p.DrawCharts(ctx, cv)
}

// DrawPlane draws the landscape and everything on it, clipped to it, in
// the order of the parts below.
func (p *Picture) DrawPlane(ctx context.Context, cv Canvas) error {
	if p.View.W < 2 || p.View.H < 2 {
		return nil
	}
	cv.Group("landscape")
	cv.Clip(p.Land)
	p.DrawLandscape(cv)
	if err := ctx.Err(); err != nil {
		return err
	}
	p.DrawRuns(cv)
	if err := ctx.Err(); err != nil {
		return err
	}
	p.DrawMarks(cv)
	p.DrawIterates(cv)
	lines := p.LegendLines(nil)
	panel := p.LegendPanel(cv, lines)
	p.DrawAxes(cv, panel)
	p.DrawLegend(cv, lines, panel)
	cv.Unclip()
	cv.End()
	return ctx.Err()
}

// at returns where the plane point q is on the canvas.
func (p *Picture) at(q sim.Vec) (float64, float64) {
	x, y := p.View.ToScreen(q)
	return x + p.Land.X0, y + p.Land.Y0
}

// near reports whether (x, y) lies within d of the plane's rectangle: a
// mark there may show.
func (p *Picture) near(x, y, d float64) bool {
	l := p.Land
	return x >= l.X0-d && x <= l.X1+d && y >= l.Y0-d && y <= l.Y1+d
}

// DrawLandscape paints the loss bands and contour lines.
func (p *Picture) DrawLandscape(cv Canvas) {
	p.land = Landscape{Problem: p.Config.Problem, View: p.View, Grid: p.Grid}
	cv.Landscape(p.Land, &p.land)
}

// LossAt returns the loss gap the landscape shows at the plane point q:
// the problem's, or a real model's interpolated from its grid (ok is false
// before that is filled, or off it).
func (p *Picture) LossAt(q sim.Vec) (gap float64, ok bool) {
	l := Landscape{Problem: p.Config.Problem, View: p.View, Grid: p.Grid}
	loss := l.loss()
	if loss == nil {
		return 0, false
	}
	gap = loss(q)
	return gap, !math.IsNaN(gap)
}

// minimizer returns where the cross goes: the 2-D problem's minimizer, a
// real model's reference point (its plane's origin).
func (p *Picture) minimizer() sim.Vec {
	if p.Config.Problem.Kind.Real() {
		return sim.Vec{}
	}
	return p.Config.Problem.Minimizer()
}

// start returns where every run starts in the picture (Experiment.Start).
func (p *Picture) start() sim.Vec {
	if p.Exp != nil {
		return p.Exp.Start()
	}
	return p.Config.X0
}

// groupID returns a group's id for lane i: prefix-1 for the first lane.
func groupID(prefix string, i int) string { return prefix + "-" + strconv.Itoa(i+1) }

// DrawRuns draws, lane by lane, the cloud of runs (with Cloud) and run
// 0's trail, which fades with age: a segment's alpha grows with the square
// of its recency. These are the marks that move with every step; runs that
// diverged are left out of the cloud.
func (p *Picture) DrawRuns(cv Canvas) {
	k := p.K
	for i, l := range p.Exp.Lanes() {
		c := LaneColor(i)
		if pos := l.Positions(); p.Cloud && len(pos) > 1 {
			size, alpha := cloudDot*k, cloudAlpha
			if len(pos) > bigCloud {
				size, alpha = bigCloudDot*k, bigCloudAlpha
			}
			p.pts = p.cloud(p.pts[:0], l, pos)
			cv.Group(groupID("cloud", i))
			cv.Dots(p.pts, size, c, alpha)
			cv.End()
		}
		cv.Group(groupID("trail", i))
		if i < len(p.Trails) {
			p.drawTrail(cv, &p.Trails[i], c)
		}
		cv.End()
	}
}

// cloud appends to pts where the runs of l at pos, but run 0 and the runs
// that diverged, lie on the canvas, if near the plane. It maps them as at
// does, with the view's scale worked out once: a cloud has up to 10,000
// runs a frame.
func (p *Picture) cloud(pts []Point, l *sim.Lane, pos []sim.Vec) []Point {
	v, pad := p.View, runPad*p.K
	s := v.scale()
	ox, oy := float64(v.W)/2, float64(v.H)/2
	x0, y0, x1, y1 := -pad, -pad, p.Land.Dx()+pad, p.Land.Dy()+pad
	for r := 1; r < len(pos); r++ { // run 0 is drawn apart
		x, y := ox+(pos[r][0]-v.Center[0])*s, oy-(pos[r][1]-v.Center[1])*s
		if x >= x0 && x <= x1 && y >= y0 && y <= y1 && l.DivergedAt(r) == 0 {
			pts = append(pts, Point{X: x + p.Land.X0, Y: y + p.Land.Y0})
		}
	}
	return pts
}

func (p *Picture) drawTrail(cv Canvas, t *Trail, c color.RGBA) {
	n := t.Len()
	pad := runPad * p.K
	box := Rect{X0: p.Land.X0 - pad, Y0: p.Land.Y0 - pad, X1: p.Land.X1 + pad, Y1: p.Land.Y1 + pad}
	x0, y0 := p.at(t.At(0))
	for j := 1; j < n; j++ {
		x1, y1 := p.at(t.At(j))
		a, b, ok := clipSegment(Point{X: x0, Y: y0}, Point{X: x1, Y: y1}, box)
		if ok && a != b {
			age := float64(j) / float64(n)
			p.seg[0], p.seg[1] = a, b
			cv.Line(p.seg[:2], trailWidth*p.K, c, trailAlpha*age*age, 0)
		}
		x0, y0 = x1, y1
	}
}

// clipSegment returns the part of the segment a-b inside r (Liang and
// Barsky), and false when none is, or when an end is not finite.
func clipSegment(a, b Point, r Rect) (Point, Point, bool) {
	if r.X0 <= a.X && a.X <= r.X1 && r.Y0 <= a.Y && a.Y <= r.Y1 && r.X0 <= b.X && b.X <= r.X1 && r.Y0 <= b.Y && b.Y <= r.Y1 {
		return a, b, true // the common case: nothing to cut
	}
	t0, t1 := 0.0, 1.0
	dx, dy := b.X-a.X, b.Y-a.Y
	for _, e := range [4][2]float64{{-dx, a.X - r.X0}, {dx, r.X1 - a.X}, {-dy, a.Y - r.Y0}, {dy, r.Y1 - a.Y}} {
		q, d := e[0], e[1]
		if math.IsNaN(q) || math.IsNaN(d) || math.IsInf(q, 0) || math.IsInf(d, 0) {
			return a, b, false
		}
		switch {
		case q == 0:
			if d < 0 {
				return a, b, false
			}
		case q < 0:
			t0 = math.Max(t0, d/q)
		default:
			t1 = math.Min(t1, d/q)
		}
	}
	if t0 > t1 {
		return a, b, false
	}
	// Both ends from a, so that a far end cancels no digits.
	a0 := a
	if t1 < 1 {
		b = Point{X: a0.X + t1*dx, Y: a0.Y + t1*dy}
	}
	if t0 > 0 {
		a = Point{X: a0.X + t0*dx, Y: a0.Y + t0*dy}
	}
	return a, b, true
}

// DrawMarks draws the marks that stay put: the minimizer, a dark cross,
// and the start point, a hollow ring (the game lets it be dragged).
func (p *Picture) DrawMarks(cv Canvas) {
	k := p.K
	cv.Group("markers")
	if mx, my := p.at(p.minimizer()); p.near(mx, my, (crossArm+crossWidth)*k) {
		arm := crossArm * k
		p.seg[0], p.seg[1] = Point{X: mx - arm, Y: my}, Point{X: mx + arm, Y: my}
		cv.Line(p.seg[:2], crossWidth*k, Ink, 1, 0)
		p.seg[0], p.seg[1] = Point{X: mx, Y: my - arm}, Point{X: mx, Y: my + arm}
		cv.Line(p.seg[:2], crossWidth*k, Ink, 1, 0)
	}
	if sx, sy := p.at(p.start()); p.near(sx, sy, (startRadius+startWidth)*k) {
		cv.Ring(sx, sy, startRadius*k, startWidth*k, Muted)
	}
	cv.End()
}

// DrawIterates draws each lane's run 0, a filled dot with a white rim, or
// a red ring with a cross when it has diverged, and its Polyak average, a
// hollow diamond. They move with every step.
func (p *Picture) DrawIterates(cv Canvas) {
	k := p.K
	cv.Group("iterates")
	for i, l := range p.Exp.Lanes() {
		x, y := p.at(l.Positions()[0])
		if l.DivergedAt(0) != 0 {
			if p.near(x, y, (divergedRadius+divergedWidth)*k) {
				a := divergedArm * k
				cv.Ring(x, y, divergedRadius*k, divergedWidth*k, Diverged)
				p.seg[0], p.seg[1] = Point{X: x - a, Y: y - a}, Point{X: x + a, Y: y + a}
				cv.Line(p.seg[:2], divergedWidth*k, Diverged, 1, 0)
				p.seg[0], p.seg[1] = Point{X: x - a, Y: y + a}, Point{X: x + a, Y: y - a}
				cv.Line(p.seg[:2], divergedWidth*k, Diverged, 1, 0)
			}
			continue
		}
		c := LaneColor(i)
		if p.near(x, y, iterateRim*k) {
			cv.Circle(x, y, iterateRim*k, white)
			cv.Circle(x, y, iterateRadius*k, c)
		}
		if pa := l.Polyak(); pa.Finite() {
			px, py := p.at(pa)
			r := polyakRadius * k
			if p.near(px, py, r+polyakWidth*k) {
				p.seg = [5]Point{{X: px, Y: py - r}, {X: px + r, Y: py}, {X: px, Y: py + r}, {X: px - r, Y: py}, {X: px, Y: py - r}}
				cv.Line(p.seg[:], polyakWidth*k, darker(c), 1, 0)
			}
		}
	}
	cv.End()
}

// DrawAxes writes coordinate ticks along the landscape's bottom and left
// edges, leaving out the labels that the edges would cut, the left labels
// that would run into the bottom ones and those under the legend's panel.
func (p *Picture) DrawAxes(cv Canvas, legend Rect) {
	k, land, v := p.K, p.Land, p.View
	cv.Group("axes")
	px := axisPx * k
	lo, hi := v.ToPlane(0, 0), v.ToPlane(float64(v.W), float64(v.H))
	for _, t := range LinearTicks(lo[0], hi[0], int(land.Dx()/(70*k))+1) {
		x, _ := v.ToScreen(sim.Vec{t.Value, 0})
		if x < 8*k || x > land.Dx()-8*k {
			continue
		}
		cv.Text(t.Label, land.X0+x, land.Y1-3*k, px, Muted, 0.5, 1)
	}
	for _, t := range LinearTicks(hi[1], lo[1], int(land.Dy()/(50*k))+1) {
		_, y := v.ToScreen(sim.Vec{0, t.Value})
		if land.Y0+y < legend.Y1+8*k || y > land.Dy()-20*k {
			continue
		}
		cv.Text(t.Label, land.X0+4*k, land.Y0+y, px, Muted, 0, 0.5)
	}
	cv.End()
}

// StatusMark is a lane's diagnosis as a symbol, so that the canvas needs
// no translation (the page's readout says it in words): … transient,
// ○ stationary in a noise ball, ↓ converging (geometrically, to a wrong
// point or at machine precision too: the readout tells them apart),
// ∞ diverged.
func StatusMark(s sim.Status) string {
	switch {
	case s == sim.Stationary:
		return "○"
	case s.Converges():
		return "↓"
	case s == sim.Diverged:
		return "∞"
	}
	return "…"
}

// LegendLines appends the legend's text to dst and returns it: for each
// lane its name (Labels.Lane), its learning rate now (before the first
// step, the first step's), its diagnosis (StatusMark) and how many runs
// diverged (after ∞), then the step.
func (p *Picture) LegendLines(dst []string) []string {
	for i, l := range p.Exp.Lanes() {
		label := p.Labels.Lane(p.Config, i) + "  γ=" + FormatNumber(l.LearningRate()) + "  " + StatusMark(p.Exp.Diagnostics(i).Status)
		if d := l.Diverged(); d > 0 {
			label += "   ∞ " + strconv.Itoa(d)
		}
		dst = append(dst, label)
	}
	return append(dst, "n = "+strconv.Itoa(p.Exp.N()))
}

// LegendPanel returns the pale panel under the legend's lines, on whole
// pixels: wide enough for the longest as cv measures it, so that the text
// never spills onto the contours.
func (p *Picture) LegendPanel(cv Canvas, lines []string) Rect {
	k := p.K
	px := legendPx * k
	w := legendWidth * k
	for i, line := range lines {
		indent := legendIndent * k // the lanes' lines start after a coloured dot
		if i == len(lines)-1 {
			indent = 0
		}
		w = max(w, legendInset*k+indent+cv.TextWidth(line, px)+legendText*k)
	}
	h := (float64(len(lines)-1)*legendSpacing+1.3)*px + 10*k
	x0, y0 := p.Land.X0+legendInset*k, p.Land.Y0+legendInset*k
	return Rect{X0: math.Floor(x0), Y0: math.Floor(y0), X1: math.Ceil(x0 + w), Y1: math.Ceil(y0 + h)}
}

// DrawLegend draws lines (LegendLines) on panel (LegendPanel): each lane's
// line after a dot of its colour, the step below them.
func (p *Picture) DrawLegend(cv Canvas, lines []string, panel Rect) {
	k := p.K
	px := legendPx * k
	cv.Group("legend")
	cv.Rect(panel, white, 200.0/255)
	x, y := p.Land.X0+legendText*k, p.Land.Y0+legendText*k
	lanes := len(lines) - 1
	for i := range lanes {
		cv.Circle(x+legendDot*k, y+float64(i)*legendSpacing*px+px/2, legendDot*k, LaneColor(i))
	}
	for i := range lanes {
		cv.Text(lines[i], x+legendIndent*k, y, px, Ink, 0, 0)
		y += px * legendSpacing
	}
	cv.Text(lines[lanes], x, y, px, Muted, 0, 0)
	cv.End()
}
