package still

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/opentype"
	"golang.org/x/image/math/fixed"
	"golang.org/x/image/vector"

	"noiseball/sim/scene"
)

// goRegular is the game's typeface, parsed once; an *opentype.Font may be
// shared, its faces may not.
var goRegular = sync.OnceValue(func() *opentype.Font {
	f, err := opentype.Parse(goregular.TTF)
	if err != nil {
		panic(err) // the embedded font is known to parse
	}
	return f
})

// PNG draws the scene as a PNG of Width x Height CSS pixels times Scale.
// It checks ctx between the picture's parts, and gives up with ctx's error
// when it is done.
func (s *Scene) PNG(ctx context.Context, o Options) ([]byte, error) {
	img, err := s.Image(ctx, o)
	if err != nil {
		return nil, err
	}
	var b bytes.Buffer
	enc := png.Encoder{CompressionLevel: png.BestSpeed}
	if err := enc.Encode(&b, img); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// Image draws the scene as an RGBA image of Width x Height CSS pixels
// times Scale. It checks ctx between the picture's parts, and gives up
// with ctx's error when it is done.
func (s *Scene) Image(ctx context.Context, o Options) (*image.RGBA, error) {
	if err := o.Check(); err != nil {
		return nil, err
	}
	scale := max(o.Scale, 1)
	r := newRaster(o.Width*scale, o.Height*scale, scale)
	if err := s.draw(ctx, r, o); err != nil {
		return nil, err
	}
	return r.img, nil
}

// raster is a scene.Canvas on an RGBA image, anti-aliased, at s device
// pixels per CSS pixel.
type raster struct {
	img   *image.RGBA
	s     float64
	si    int             // s as an integer
	clipR image.Rectangle // device pixels
	z     vector.Rasterizer
	faces map[int]font.Face
}

func newRaster(w, h, s int) *raster {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	return &raster{img: img, s: float64(s), si: s, clipR: img.Bounds(), faces: map[int]font.Face{}}
}

func (r *raster) Group(string) {}
func (r *raster) End()         {}

func (r *raster) Clip(c scene.Rect) {
	r.clipR = r.device(c).Intersect(r.img.Bounds())
}

func (r *raster) Unclip() { r.clipR = r.img.Bounds() }

// device returns the device pixels of CSS rectangle c, edges rounded.
func (r *raster) device(c scene.Rect) image.Rectangle {
	return image.Rect(int(math.Round(c.X0*r.s)), int(math.Round(c.Y0*r.s)), int(math.Round(c.X1*r.s)), int(math.Round(c.Y1*r.s)))
}

// uniform returns c with alpha a as a premultiplied source.
func uniform(c color.RGBA, a float64) *image.Uniform {
	a = math.Max(0, math.Min(1, a))
	return image.NewUniform(color.NRGBA{c.R, c.G, c.B, uint8(math.Round(a * 255))})
}

func (r *raster) Rect(c scene.Rect, clr color.RGBA, alpha float64) {
	dr := r.device(c).Intersect(r.clipR)
	op := draw.Over
	if alpha >= 1 {
		op = draw.Src
	}
	draw.Draw(r.img, dr, uniform(clr, alpha), image.Point{}, op)
}

// Landscape draws l as the game does, pixel for pixel: rendered at the
// raster's device pixels (scene.Landscape.Image), so a still at a pixel
// ratio shows what the page shows at that device pixel ratio.
func (r *raster) Landscape(c scene.Rect, l *scene.Landscape) {
	src := l.Image(r.si)
	at := image.Pt(int(math.Round(c.X0*r.s)), int(math.Round(c.Y0*r.s)))
	dr := src.Bounds().Add(at).Intersect(r.clipR)
	draw.Draw(r.img, dr, src, dr.Min.Sub(at), draw.Src)
}

// fill rasterizes the path that build adds, in device pixels, within the
// device box bbox, and composites it over the image.
func (r *raster) fill(bbox image.Rectangle, clr color.RGBA, alpha float64, build func(moveTo, lineTo func(x, y float64), cubeTo func(x1, y1, x2, y2, x3, y3 float64))) {
	bbox = bbox.Intersect(r.clipR)
	if bbox.Empty() || alpha <= 0 {
		return
	}
	ox, oy := float64(bbox.Min.X), float64(bbox.Min.Y)
	z := &r.z
	z.Reset(bbox.Dx(), bbox.Dy())
	z.DrawOp = draw.Over
	open := false
	moveTo := func(x, y float64) {
		if open {
			z.ClosePath()
		}
		z.MoveTo(float32(x-ox), float32(y-oy))
		open = true
	}
	lineTo := func(x, y float64) { z.LineTo(float32(x-ox), float32(y-oy)) }
	cubeTo := func(x1, y1, x2, y2, x3, y3 float64) {
		z.CubeTo(float32(x1-ox), float32(y1-oy), float32(x2-ox), float32(y2-oy), float32(x3-ox), float32(y3-oy))
	}
	build(moveTo, lineTo, cubeTo)
	if open {
		z.ClosePath()
	}
	z.Draw(r.img, bbox, uniform(clr, alpha), image.Point{})
}

// kappa places the control points of a cubic Bézier quarter circle.
const kappa = 0.5522847498

// addCircle adds a circle around (x, y), wound the same way as the
// segments of addSegment, so that overlaps add up instead of cancelling.
func addCircle(moveTo, lineTo func(x, y float64), cubeTo func(x1, y1, x2, y2, x3, y3 float64), x, y, rad float64) {
	k := kappa * rad
	moveTo(x+rad, y)
	cubeTo(x+rad, y-k, x+k, y-rad, x, y-rad)
	cubeTo(x-k, y-rad, x-rad, y-k, x-rad, y)
	cubeTo(x-rad, y+k, x-k, y+rad, x, y+rad)
	cubeTo(x+k, y+rad, x+rad, y+k, x+rad, y)
}

// addSegment adds the rectangle of width w around the segment a-b.
func addSegment(moveTo, lineTo func(x, y float64), a, b scene.Point, w float64) {
	dx, dy := b.X-a.X, b.Y-a.Y
	l := math.Hypot(dx, dy)
	if l == 0 {
		return
	}
	nx, ny := -dy/l*w/2, dx/l*w/2
	moveTo(a.X+nx, a.Y+ny)
	lineTo(b.X+nx, b.Y+ny)
	lineTo(b.X-nx, b.Y-ny)
	lineTo(a.X-nx, a.Y-ny)
}

func (r *raster) scaled(pts []scene.Point) []scene.Point {
	out := make([]scene.Point, len(pts))
	for i, p := range pts {
		out[i] = scene.Point{X: p.X * r.s, Y: p.Y * r.s}
	}
	return out
}

// bounds returns the device box around pts, grown by pad.
func bounds(pts []scene.Point, pad float64) image.Rectangle {
	x0, y0, x1, y1 := math.Inf(1), math.Inf(1), math.Inf(-1), math.Inf(-1)
	for _, p := range pts {
		x0, y0, x1, y1 = math.Min(x0, p.X), math.Min(y0, p.Y), math.Max(x1, p.X), math.Max(y1, p.Y)
	}
	if x0 > x1 {
		return image.Rectangle{}
	}
	// Clamp before converting, so that a point far off the canvas cannot
	// overflow an int.
	c := func(v float64) int { return int(math.Max(-1e6, math.Min(1e6, v))) }
	return image.Rect(c(math.Floor(x0-pad)), c(math.Floor(y0-pad)), c(math.Ceil(x1+pad)), c(math.Ceil(y1+pad)))
}

func (r *raster) Line(pts []scene.Point, width float64, clr color.RGBA, alpha, dash float64) {
	if len(pts) < 2 {
		return
	}
	d := r.scaled(pts)
	w := width * r.s
	if dash > 0 {
		for _, piece := range scene.Dashes(d, dash*r.s) {
			r.stroke(piece, w, clr, alpha)
		}
		return
	}
	r.stroke(d, w, clr, alpha)
}

// stroke strokes a polyline in device pixels. A lone horizontal or
// vertical segment (a grid line, a frame, a cross arm) is snapped to whole
// pixels and drawn with square ends, so that thin rules stay crisp; other
// lines get round joins and caps.
func (r *raster) stroke(d []scene.Point, w float64, clr color.RGBA, alpha float64) {
	if len(d) == 2 && (d[0].X == d[1].X || d[0].Y == d[1].Y) {
		a, b := d[0], d[1]
		snap := func(v float64) float64 {
			lw := math.Max(1, math.Round(w))
			return math.Round(v-lw/2) + lw/2
		}
		if a.Y == b.Y {
			a.Y, b.Y = snap(a.Y), snap(a.Y)
		} else {
			a.X, b.X = snap(a.X), snap(a.X)
		}
		w = math.Max(1, math.Round(w))
		r.fill(bounds([]scene.Point{a, b}, w), clr, alpha, func(moveTo, lineTo func(x, y float64), _ func(x1, y1, x2, y2, x3, y3 float64)) {
			addSegment(moveTo, lineTo, a, b, w)
		})
		return
	}
	r.fill(bounds(d, w), clr, alpha, func(moveTo, lineTo func(x, y float64), cubeTo func(x1, y1, x2, y2, x3, y3 float64)) {
		for i := 1; i < len(d); i++ {
			addSegment(moveTo, lineTo, d[i-1], d[i], w)
		}
		for _, p := range d {
			addCircle(moveTo, lineTo, cubeTo, p.X, p.Y, w/2)
		}
	})
}

// Band fills the polygon along upper forwards and back along lower.
func (r *raster) Band(upper, lower []scene.Point, clr color.RGBA, alpha float64) {
	if len(upper) < 2 || len(lower) != len(upper) {
		return
	}
	d := r.scaled(append(append([]scene.Point(nil), upper...), lower...))
	r.fill(bounds(d, 1), clr, alpha, func(moveTo, lineTo func(x, y float64), _ func(x1, y1, x2, y2, x3, y3 float64)) {
		moveTo(d[0].X, d[0].Y)
		for _, p := range d[1:len(upper)] {
			lineTo(p.X, p.Y)
		}
		for i := len(d) - 1; i >= len(upper); i-- {
			lineTo(d[i].X, d[i].Y)
		}
	})
}

func (r *raster) Circle(x, y, rad float64, clr color.RGBA) {
	x, y, rad = x*r.s, y*r.s, rad*r.s
	r.fill(bounds([]scene.Point{{X: x, Y: y}}, rad+1), clr, 1, func(moveTo, lineTo func(x, y float64), cubeTo func(x1, y1, x2, y2, x3, y3 float64)) {
		addCircle(moveTo, lineTo, cubeTo, x, y, rad)
	})
}

func (r *raster) Ring(x, y, rad, width float64, clr color.RGBA) {
	x, y, rad, w := x*r.s, y*r.s, rad*r.s, width*r.s
	r.fill(bounds([]scene.Point{{X: x, Y: y}}, rad+w), clr, 1, func(moveTo, lineTo func(x, y float64), cubeTo func(x1, y1, x2, y2, x3, y3 float64)) {
		// The outer circle one way, the inner one the other: a hole.
		addCircle(moveTo, lineTo, cubeTo, x, y, rad+w/2)
		ri := rad - w/2
		k := kappa * ri
		moveTo(x+ri, y)
		cubeTo(x+ri, y+k, x+k, y+ri, x, y+ri)
		cubeTo(x-k, y+ri, x-ri, y+k, x-ri, y)
		cubeTo(x-ri, y-k, x-k, y-ri, x, y-ri)
		cubeTo(x+k, y-ri, x+ri, y-k, x+ri, y)
	})
}

// Dots draws anti-aliased discs (scene.DotRadius) one by one, each
// blended over what is there, so that overlapping runs darken as the
// game's do.
func (r *raster) Dots(pts []scene.Point, size float64, clr color.RGBA, alpha float64) {
	rad := scene.DotRadius(size) * r.s
	img := r.img
	cr, cg, cb := float64(clr.R), float64(clr.G), float64(clr.B)
	ext := int(math.Ceil(rad + 1))
	for _, p := range pts {
		cx, cy := p.X*r.s, p.Y*r.s
		ix, iy := int(math.Floor(cx)), int(math.Floor(cy))
		box := image.Rect(ix-ext, iy-ext, ix+ext+1, iy+ext+1).Intersect(r.clipR)
		for y := box.Min.Y; y < box.Max.Y; y++ {
			dy := float64(y) + 0.5 - cy
			for x := box.Min.X; x < box.Max.X; x++ {
				dx := float64(x) + 0.5 - cx
				cov := rad + 0.5 - math.Sqrt(dx*dx+dy*dy)
				if cov <= 0 {
					continue
				}
				a := alpha * math.Min(cov, 1)
				i := img.PixOffset(x, y)
				px := img.Pix[i : i+4 : i+4]
				px[0] = uint8(float64(px[0]) + a*(cr-float64(px[0])) + 0.5)
				px[1] = uint8(float64(px[1]) + a*(cg-float64(px[1])) + 0.5)
				px[2] = uint8(float64(px[2]) + a*(cb-float64(px[2])) + 0.5)
			}
		}
	}
}

// face returns Go Regular at px device pixels.
func (r *raster) face(px float64) font.Face {
	size := int(math.Round(px))
	if f, ok := r.faces[size]; ok {
		return f
	}
	f, err := opentype.NewFace(goRegular(), &opentype.FaceOptions{Size: float64(size), DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		panic(err) // only a bad size fails, and size is positive
	}
	r.faces[size] = f
	return f
}

func (r *raster) Text(s string, x, y, px float64, clr color.RGBA, ax, ay float64) {
	face := r.face(px * r.s)
	m := face.Metrics()
	asc, desc := fix(m.Ascent), fix(m.Descent)
	adv := fix(font.MeasureString(face, s))
	bx := x*r.s - ax*adv
	by := y*r.s + asc - ay*(asc+desc)
	dst, ok := r.img.SubImage(r.clipR).(*image.RGBA)
	if !ok {
		return
	}
	d := font.Drawer{Dst: dst, Src: image.NewUniform(clr), Face: face, Dot: fixed.Point26_6{X: fixed.Int26_6(math.Round(bx * 64)), Y: fixed.Int26_6(math.Round(by * 64))}}
	d.DrawString(s)
}

func (r *raster) TextWidth(s string, px float64) float64 {
	return fix(font.MeasureString(r.face(px*r.s), s)) / r.s
}

func fix(v fixed.Int26_6) float64 { return float64(v) / 64 }
