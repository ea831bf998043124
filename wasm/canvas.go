//go:build js && wasm

package main

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"

	"noiseball/sim"
	"noiseball/sim/scene"
)

// canvas is scene.Canvas on an Ebiten image. Shapes go into one batch of
// triangles, drawn with a single DrawTriangles32 call when text, the
// contours or a change of clip must come after them, or when the game
// flushes: on software WebGL, thousands of separate anti-aliased draws cost
// about ten times more (measured in headless Chromium on SwiftShader: 2000
// anti-aliased lines drew at 6.5 fps, the same 2000 as quads in one
// DrawTriangles32 call at 60 fps). Drawing the shapes of a part
// without flushing leaves them batched, so the game can learn where they
// lie (batch.bounds) before it decides what to repaint.
type canvas struct {
	target *ebiten.Image // what begin was given
	dst    *ebiten.Image // the target, or its clip
	batch  sprites
	fonts  *fonts
	land   *landscape   // the contours, rendered once per problem and view
	cloud  *cloudPixels // runs that share a pixel, merged
}

// canvases are the game's canvases, which share its fonts, its cache of
// the contours and its cloud's pixel counts.
type canvases struct {
	screen   canvas // the plane's marks that stay put, its axes, legend and readout
	runs     canvas // the clouds and trails
	iterates canvas // each lane's run 0 and Polyak average
	charts   canvas
	fonts    fonts
	land     landscape
	cloud    cloudPixels
}

func (c *canvases) init() {
	for _, cv := range []*canvas{&c.screen, &c.runs, &c.iterates, &c.charts} {
		cv.fonts, cv.land, cv.cloud = &c.fonts, &c.land, &c.cloud
	}
}

// begin starts drawing on dst, with an empty batch.
func (c *canvas) begin(dst *ebiten.Image) {
	c.target, c.dst = dst, dst
	c.batch.reset()
}

// flush draws the batch and empties it.
func (c *canvas) flush() {
	c.batch.draw(c.dst)
	c.batch.reset()
}

func (c *canvas) Rect(r scene.Rect, clr color.RGBA, alpha float64) {
	x0, y0, x1, y1 := float32(r.X0), float32(r.Y0), float32(r.X1), float32(r.Y1)
	c.batch.quad([4][2]float32{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}, clr, float32(alpha))
}

// Landscape copies the contours: they are opaque, so copying replaces
// blending (see DrawFinalScreen).
func (c *canvas) Landscape(r scene.Rect, l *scene.Landscape) {
	c.flush()
	op := &ebiten.DrawImageOptions{Blend: ebiten.BlendCopy}
	op.GeoM.Translate(r.X0, r.Y0)
	c.dst.DrawImage(c.land.image(l), op)
}

// Dots adds one dot per pixel of the clip that runs fall on, as opaque as
// the runs there make it (see cloudPixels).
func (c *canvas) Dots(pts []scene.Point, size float64, clr color.RGBA, alpha float64) {
	c.cloud.add(pts, c.dst.Bounds())
	c.cloud.dots(&c.batch, newDotStyle(float32(size), clr, float32(alpha)))
}

func (c *canvas) Line(pts []scene.Point, width float64, clr color.RGBA, alpha, dash float64) {
	if dash > 0 {
		for _, piece := range scene.Dashes(pts, dash) {
			c.polyline(piece, width, clr, alpha)
		}
		return
	}
	c.polyline(pts, width, clr, alpha)
}

func (c *canvas) polyline(pts []scene.Point, width float64, clr color.RGBA, alpha float64) {
	w, a := float32(width), float32(alpha)
	for i := 1; i < len(pts); i++ {
		p, q := pts[i-1], pts[i]
		c.batch.segment(float32(p.X), float32(p.Y), float32(q.X), float32(q.Y), w, clr, a)
	}
}

// Band adds a quadrilateral between each two neighbouring points.
func (c *canvas) Band(upper, lower []scene.Point, clr color.RGBA, alpha float64) {
	for i := 1; i < len(upper) && i < len(lower); i++ {
		u0, u1, l0, l1 := upper[i-1], upper[i], lower[i-1], lower[i]
		c.batch.quad([4][2]float32{
			{float32(u0.X), float32(u0.Y)}, {float32(u1.X), float32(u1.Y)},
			{float32(l1.X), float32(l1.Y)}, {float32(l0.X), float32(l0.Y)},
		}, clr, float32(alpha))
	}
}

func (c *canvas) Circle(x, y, r float64, clr color.RGBA) {
	c.batch.disc(float32(x), float32(y), float32(r), clr, 1)
}

func (c *canvas) Ring(x, y, r, width float64, clr color.RGBA) {
	c.batch.ring(float32(x), float32(y), float32(r), float32(width), clr, 1)
}

func (c *canvas) Text(s string, x, y, px float64, clr color.RGBA, ax, ay float64) {
	c.flush()
	c.fonts.label(c.dst, s, x, y, px, clr, ax, ay)
}

func (c *canvas) TextWidth(s string, px float64) float64 { return c.fonts.width(s, px) }

// Clip draws what follows on the sub-image of r. Ebiten keeps a sub-image
// per rectangle, with a copy of the vertices drawn on it: a clip that
// changed every frame would copy a cloud's vertices into a new buffer
// every frame, so the game draws the cloud on a fixed one.
func (c *canvas) Clip(r scene.Rect) {
	c.flush()
	c.dst = c.target.SubImage(pixels(r).Intersect(c.target.Bounds())).(*ebiten.Image)
}

func (c *canvas) Unclip() {
	c.flush()
	c.dst = c.target
}

func (c *canvas) Group(string) {}
func (c *canvas) End()         {}

// landscape caches the rendered loss contours; they are computed again only
// when the problem or the view changes, or a real model's grid is filled,
// never per frame.
type landscape struct {
	img     *ebiten.Image
	problem sim.Problem
	view    scene.View
	grid    *sim.LossGrid
	ready   bool
}

func (l *landscape) image(s *scene.Landscape) *ebiten.Image {
	ready := s.Ready()
	if l.img != nil && l.problem == s.Problem && l.view == s.View && l.grid == s.Grid && l.ready == ready {
		return l.img
	}
	if l.img != nil {
		l.img.Deallocate()
	}
	l.img = ebiten.NewImageFromImage(s.Image(1))
	l.problem, l.view, l.grid, l.ready = s.Problem, s.View, s.Grid, ready
	return l.img
}

// sprites is a batch of triangles, drawn with one DrawTriangles32 call.
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
