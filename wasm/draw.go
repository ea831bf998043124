//go:build js && wasm

package main

import (
	"fmt"
	"image"
	"image/color"
	"math"
	"slices"
	"strconv"
	"syscall/js"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"noiseball/sim"
	"noiseball/sim/scene"
)

// Colours of the frame around the plots, shared with the stills.
var (
	ink      = scene.Ink
	muted    = scene.Muted
	gridline = scene.Gridline
	paper    = scene.Paper
)

// landscape caches the rendered loss contours; they are computed again only
// when the problem or the view changes, never per frame.
type landscape struct {
	img     *ebiten.Image
	problem sim.Problem
	view    scene.View
}

func (l *landscape) image(p sim.Problem, v scene.View) *ebiten.Image {
	if l.img != nil && l.problem == p && l.view == v {
		return l.img
	}
	if l.img != nil {
		l.img.Deallocate()
	}
	rgba := scene.RenderLandscape(p, v, scene.ContourLevels(p, v))
	l.img = ebiten.NewImageFromImage(rgba)
	l.problem, l.view = p, v
	return l.img
}

// sprites batches every point and segment of a frame into one
// DrawTriangles32 call: on software WebGL, thousands of separate anti-aliased
// draws cost about ten times more (measured in headless Chromium on
// SwiftShader: 2000 anti-aliased lines drew at 6.5 fps, the same 2000 as
// quads in one DrawTriangles32 call at 60 fps).
type sprites struct {
	white    *ebiten.Image
	vertices []ebiten.Vertex
	indices  []uint32
}

func (s *sprites) reset() {
	if s.white == nil {
		// The inner pixel of a 3x3 white image: sampling never bleeds past it.
		img := ebiten.NewImage(3, 3)
		img.Fill(color.White)
		s.white = img.SubImage(image.Rect(1, 1, 2, 2)).(*ebiten.Image)
	}
	s.vertices = s.vertices[:0]
	s.indices = s.indices[:0]
}

// quad adds the quadrilateral with corners pts (in order around it).
func (s *sprites) quad(pts [4][2]float32, c color.RGBA, alpha float32) {
	base := uint32(len(s.vertices))
	for _, p := range pts {
		s.vertices = append(s.vertices, ebiten.Vertex{
			DstX: p[0], DstY: p[1], SrcX: 1, SrcY: 1,
			ColorR: float32(c.R) / 255, ColorG: float32(c.G) / 255, ColorB: float32(c.B) / 255, ColorA: alpha,
		})
	}
	s.indices = append(s.indices, base, base+1, base+2, base, base+2, base+3)
}

// segment adds a line of width w from (x0, y0) to (x1, y1).
func (s *sprites) segment(x0, y0, x1, y1, w float32, c color.RGBA, alpha float32) {
	dx, dy := x1-x0, y1-y0
	l := float32(math.Sqrt(float64(dx*dx + dy*dy)))
	if l == 0 {
		return
	}
	nx, ny := -dy/l*w/2, dx/l*w/2
	s.quad([4][2]float32{{x0 + nx, y0 + ny}, {x1 + nx, y1 + ny}, {x1 - nx, y1 - ny}, {x0 - nx, y0 - ny}}, c, alpha)
}

// dotStyle is how dots look: a colour, with alpha, and a width.
type dotStyle struct {
	r, g, b, a float32
	h          float32 // 0.65 times the width
}

func newDotStyle(w float32, c color.RGBA, alpha float32) dotStyle {
	return dotStyle{r: float32(c.R) / 255, g: float32(c.G) / 255, b: float32(c.B) / 255, a: alpha, h: w * 0.65}
}

// dot adds a small triangle of width about w centred on (x, y): at a few
// pixels it reads as a dot, and costs three vertices instead of a square's
// four. A cloud adds thousands a frame, so the style is worked out once,
// by the caller.
func (s *sprites) dot(x, y float32, d dotStyle) {
	base := uint32(len(s.vertices))
	h := d.h
	s.vertices = append(s.vertices,
		ebiten.Vertex{DstX: x, DstY: y - h, SrcX: 1, SrcY: 1, ColorR: d.r, ColorG: d.g, ColorB: d.b, ColorA: d.a},
		ebiten.Vertex{DstX: x + h, DstY: y + h*0.6, SrcX: 1, SrcY: 1, ColorR: d.r, ColorG: d.g, ColorB: d.b, ColorA: d.a},
		ebiten.Vertex{DstX: x - h, DstY: y + h*0.6, SrcX: 1, SrcY: 1, ColorR: d.r, ColorG: d.g, ColorB: d.b, ColorA: d.a})
	s.indices = append(s.indices, base, base+1, base+2)
}

// disc adds a filled circle of radius r, as a 20-sided fan.
func (s *sprites) disc(x, y, r float32, c color.RGBA, alpha float32) {
	const sides = 20
	base := uint32(len(s.vertices))
	cr, cg, cb := float32(c.R)/255, float32(c.G)/255, float32(c.B)/255
	s.vertices = append(s.vertices, ebiten.Vertex{DstX: x, DstY: y, SrcX: 1, SrcY: 1, ColorR: cr, ColorG: cg, ColorB: cb, ColorA: alpha})
	for i := 0; i <= sides; i++ {
		a := 2 * math.Pi * float64(i) / sides
		s.vertices = append(s.vertices, ebiten.Vertex{
			DstX: x + r*float32(math.Cos(a)), DstY: y + r*float32(math.Sin(a)), SrcX: 1, SrcY: 1,
			ColorR: cr, ColorG: cg, ColorB: cb, ColorA: alpha,
		})
		if i > 0 {
			s.indices = append(s.indices, base, base+uint32(i), base+uint32(i)+1)
		}
	}
}

// ring adds a circle of radius r drawn with a line of width w.
func (s *sprites) ring(x, y, r, w float32, c color.RGBA, alpha float32) {
	const sides = 20
	for i := 0; i < sides; i++ {
		a0, a1 := 2*math.Pi*float64(i)/sides, 2*math.Pi*float64(i+1)/sides
		c0, s0, c1, s1 := float32(math.Cos(a0)), float32(math.Sin(a0)), float32(math.Cos(a1)), float32(math.Sin(a1))
		ri, ro := r-w/2, r+w/2
		s.quad([4][2]float32{{x + ri*c0, y + ri*s0}, {x + ro*c0, y + ro*s0}, {x + ro*c1, y + ro*s1}, {x + ri*c1, y + ri*s1}}, c, alpha)
	}
}

func (s *sprites) draw(dst *ebiten.Image) {
	if len(s.indices) == 0 {
		return
	}
	dst.DrawTriangles32(s.vertices, s.indices, s.white, &ebiten.DrawTrianglesOptions{})
}

// Draw draws the landscape with every lane's cloud of runs, the trail and
// position of its run 0 and the minimizer, then the monitor charts.
func (g *game) Draw(screen *ebiten.Image) {
	defer average(&g.drawMs, time.Now())
	defer func() {
		if r := recover(); r != nil {
			g.panic = fmt.Sprint(r)
			g.playing = false
		}
	}()
	g.frames++
	if g.exp == nil || g.w == 0 {
		return
	}
	if g.sweep != nil {
		g.drawSweep(screen)
		return
	}
	// No Fill: the landscape and the charts tile the whole screen, and on
	// software WebGL each full-screen pass costs milliseconds. Each part
	// repaints only what changed since the last frame, unless the scene did.
	sc := g.geometry()
	full := sc != g.damage.geometry || g.panic != ""
	g.damage.geometry = sc
	land, _ := g.layout()
	g.drawLandscape(screen, land, full)
	g.drawCharts(screen, full)
	if g.panic != "" {
		g.drawPanic(screen)
	}
	if g.firstFrame == 0 {
		g.firstFrame = js.Global().Get("performance").Call("now").Float()
	}
}

// scale returns how many screen pixels a CSS pixel of text or line takes:
// the device pixel ratio, times 1.6 in presenter mode (present=1) so that a
// projector shows large type and thick lines.
func (g *game) scale() float64 {
	s := ebiten.Monitor().DeviceScaleFactor()
	if g.present {
		s *= 1.6
	}
	return s
}

// layout returns the landscape's rectangle and the charts' on the screen.
func (g *game) layout() (scene.Rect, []scene.Rect) {
	return scene.Layout(float64(g.w), float64(g.h), len(scene.MonitorTitles))
}

// view returns the mapping from the plane to the landscape's pixels (its
// own image, whose origin is the landscape rectangle's corner).
func (g *game) view(land scene.Rect) scene.View {
	return scene.ViewFor(g.cfg.Problem, g.cfg.X0, int(land.Dx()), int(land.Dy()))
}

// drawLandscape draws the plane: the contours, every lane's cloud, trail,
// run 0 and Polyak average, the minimizer, the start point, the axes, the
// legend and the pointer's readout. Unless full, it repaints only the
// rectangle where something moved since the last frame, or nothing.
func (g *game) drawLandscape(screen *ebiten.Image, land scene.Rect, full bool) {
	v := g.view(land)
	if v.W < 2 || v.H < 2 {
		return
	}
	clip := pixels(land).Intersect(screen.Bounds())
	legend := g.legendLines()
	panel := g.legendPanel(land, legend).Intersect(clip)
	readout, pointer := g.pointerReadout(land)
	pointer = pointer.Intersect(clip)
	d := &g.damage
	if !full && g.changes == d.changes && slices.Equal(legend, d.legend) && pointer == d.pointer {
		return // nothing on the plane changed
	}

	dpr := float32(g.scale())
	at := func(p sim.Vec) (float32, float32) {
		x, y := v.ToScreen(p)
		return float32(x + land.X0), float32(y + land.Y0)
	}
	// Three batches, drawn in this order: the clouds and trails, the
	// marks that stay put, and each lane's run 0 and Polyak average.
	s := &g.plane
	s.reset()
	for i, l := range g.exp.Lanes() {
		c := scene.LaneColors[i%len(scene.LaneColors)]
		if pos := l.Positions(); g.cloud && len(pos) > 1 {
			// Fainter and smaller dots as the cloud grows, so 10,000 runs read as a density.
			style := newDotStyle(3*dpr, c, 0.5)
			if len(pos) > 1000 {
				style = newDotStyle(2*dpr, c, 0.3)
			}
			// Run 0 is drawn apart, below.
			g.cloudPixels.add(pos[1:], clip, at, func(r int) bool { return l.DivergedAt(r+1) != 0 })
			g.cloudPixels.dots(s, style)
		}
		t := &g.trails[i]
		for k := 1; k < t.n; k++ {
			x0, y0 := at(t.at(k - 1))
			x1, y1 := at(t.at(k))
			age := float32(k) / float32(t.n)
			s.segment(x0, y0, x1, y1, 1.5*dpr, c, 0.9*age*age)
		}
	}

	// The marks that stay put. The minimizer: a dark cross.
	m := &g.marks
	m.reset()
	mx, my := at(g.cfg.Problem.Minimizer())
	arm := 7 * dpr
	m.segment(mx-arm, my, mx+arm, my, 2*dpr, ink, 1)
	m.segment(mx, my-arm, mx, my+arm, 2*dpr, ink, 1)
	// The start point: a hollow ring, which can be dragged.
	sx, sy := at(g.cfg.X0)
	m.ring(sx, sy, 5*dpr, 1.5*dpr, muted, 1)

	// Run 0 of each lane: a filled dot with a white rim, or a red ring with
	// a cross when it has diverged; its Polyak average: a hollow diamond.
	it := &g.iterates
	it.reset()
	for i, l := range g.exp.Lanes() {
		x, y := at(l.Positions()[0])
		if l.DivergedAt(0) != 0 {
			red := scene.Diverged
			it.ring(x, y, 7*dpr, 2*dpr, red, 1)
			it.segment(x-5*dpr, y-5*dpr, x+5*dpr, y+5*dpr, 2*dpr, red, 1)
			it.segment(x-5*dpr, y+5*dpr, x+5*dpr, y-5*dpr, 2*dpr, red, 1)
			continue
		}
		c := scene.LaneColors[i%len(scene.LaneColors)]
		it.disc(x, y, 6*dpr, color.RGBA{255, 255, 255, 255}, 1)
		it.disc(x, y, 4.5*dpr, c, 1)
		if pa := l.Polyak(); pa.Finite() {
			px, py := at(pa)
			d := 6 * dpr
			dc := darker(c)
			it.segment(px, py-d, px+d, py, 2*dpr, dc, 1)
			it.segment(px+d, py, px, py+d, 2*dpr, dc, 1)
			it.segment(px, py+d, px-d, py, 2*dpr, dc, 1)
			it.segment(px-d, py, px, py-d, 2*dpr, dc, 1)
		}
	}
	moving := s.bounds(clip).Union(it.bounds(clip))

	// What changed: where the moving marks, the legend and the readout are
	// now and were last frame.
	dirty := clip
	if !full {
		dirty = moving.Union(d.moving).Union(panel).Union(d.panel).Union(pointer).Union(d.pointer)
	}
	d.changes, d.moving, d.panel, d.pointer = g.changes, moving, panel, pointer
	d.legend = append(d.legend[:0], legend...)

	// Everything is drawn clipped to dirty, over the contours just copied
	// there: what lies outside it is still on the screen from earlier
	// frames, unchanged. The moving marks lie inside dirty by its making,
	// so they are clipped to the plane only: Ebiten keeps a sub-image per
	// rectangle, with a copy of the vertices drawn on it, and a new
	// rectangle each frame would copy 10,000 runs' dots into a new buffer
	// every frame.
	plane := screen.SubImage(clip).(*ebiten.Image)
	screen = screen.SubImage(dirty).(*ebiten.Image)
	// The contours are opaque: copying replaces blending (see DrawFinalScreen).
	op := &ebiten.DrawImageOptions{Blend: ebiten.BlendCopy}
	op.GeoM.Translate(land.X0, land.Y0)
	screen.DrawImage(g.landscape.image(g.cfg.Problem, v), op)
	s.draw(plane)
	m.draw(screen)
	it.draw(plane)
	g.drawAxes(screen, land, v)
	g.drawLegend(screen, land, legend, panel)
	g.drawPointer(screen, readout)
}

// statusMark is a lane's diagnosis as a symbol, so that the canvas needs
// no translation (the page's readout says it in words): … transient,
// ○ stationary in a noise ball, ↓ converging, ∞ diverged.
func statusMark(s sim.Status) string {
	switch s {
	case sim.Stationary:
		return "○"
	case sim.Converging:
		return "↓"
	case sim.Diverged:
		return "∞"
	}
	return "…"
}

// drawAxes writes coordinate ticks along the landscape's bottom and left
// edges.
func (g *game) drawAxes(screen *ebiten.Image, land scene.Rect, v scene.View) {
	px := 11 * g.scale()
	lo, hi := v.ToPlane(0, 0), v.ToPlane(float64(v.W), float64(v.H))
	for _, t := range scene.LinearTicks(lo[0], hi[0], int(land.Dx()/(70*g.scale()))+1) {
		x, _ := v.ToScreen(sim.Vec{t.Value, 0})
		g.fonts.label(screen, t.Label, land.X0+x, land.Y1-3*g.scale(), px, muted, 0.5, 1)
	}
	for _, t := range scene.LinearTicks(hi[1], lo[1], int(land.Dy()/(50*g.scale()))+1) {
		_, y := v.ToScreen(sim.Vec{0, t.Value})
		g.fonts.label(screen, t.Label, land.X0+4*g.scale(), land.Y0+y, px, muted, 0, 0.5)
	}
}

// legendLines returns the legend's text: each lane's optimizer, its
// learning rate now, its diagnosis and how many runs diverged, then the
// step.
func (g *game) legendLines() []string {
	lines := make([]string, 0, len(g.exp.Lanes())+1)
	for i, l := range g.exp.Lanes() {
		label := string(l.Config().Opt) + "  γ=" + scene.FormatNumber(l.LearningRate()) + "  " + statusMark(g.exp.Diagnostics(i).Status)
		if d := l.Diverged(); d > 0 {
			// ∞ marks runs that diverged: a symbol, so the canvas needs no translation.
			label += "   ∞ " + strconv.Itoa(d)
		}
		lines = append(lines, label)
	}
	return append(lines, "n = "+strconv.Itoa(g.exp.N()))
}

// legendPanel returns the pale panel under the legend's lines: wide enough
// for the longest, so that the text never spills onto the contours.
func (g *game) legendPanel(land scene.Rect, lines []string) image.Rectangle {
	s := g.scale()
	px := 13 * s
	w := 210 * s
	for i, line := range lines {
		indent := 16 * s // the lanes' lines start after a coloured dot
		if i == len(lines)-1 {
			indent = 0
		}
		w = max(w, 6*s+indent+g.fonts.width(line, px)+12*s)
	}
	h := (float64(len(lines)-1)*1.5+1.3)*px + 10*s
	return pixels(scene.Rect{X0: land.X0 + 6*s, Y0: land.Y0 + 6*s, X1: land.X0 + 6*s + w, Y1: land.Y0 + 6*s + h})
}

// drawLegend names each lane in its colour, as lines says, on panel.
func (g *game) drawLegend(screen *ebiten.Image, land scene.Rect, lines []string, panel image.Rectangle) {
	s := g.scale()
	px := 13 * s
	x, y := land.X0+12*s, land.Y0+12*s
	// A pale panel under the legend keeps it readable over the contours and ticks.
	vector.FillRect(screen, float32(panel.Min.X), float32(panel.Min.Y), float32(panel.Dx()), float32(panel.Dy()), color.RGBA{255, 255, 255, 200}, false)
	dots := &g.legendDots
	dots.reset()
	for i := range g.exp.Lanes() {
		c := scene.LaneColors[i%len(scene.LaneColors)]
		dots.disc(float32(x+5*s), float32(y+px/2), float32(5*s), c, 1)
		g.fonts.label(screen, lines[i], x+16*s, y, px, ink, 0, 0)
		y += px * 1.5
	}
	dots.draw(screen)
	g.fonts.label(screen, lines[len(lines)-1], x, y, px, muted, 0, 0)
}

// DrawFinalScreen copies the finished frame to the page's canvas. The
// frame is opaque, so copying its pixels replaces blending them, as
// Ebiten's default does: one read of the destination less per pixel. On
// software WebGL that took the cost of presenting a 912x492 frame from
// 13.3 to 11.6 ms of GPU-process CPU.
func (g *game) DrawFinalScreen(screen ebiten.FinalScreen, offscreen *ebiten.Image, geoM ebiten.GeoM) {
	op := &ebiten.DrawImageOptions{GeoM: geoM, Blend: ebiten.BlendCopy}
	screen.DrawImage(offscreen, op)
}
