package still

import (
	"bytes"
	"context"
	"encoding/xml"
	"fmt"
	"image/color"
	"math"
	"strconv"
	"strings"
	"sync"

	"golang.org/x/image/font"
	"golang.org/x/image/font/opentype"

	"noiseball/sim/scene"
)

// FontFamily is the SVG's typeface: the game's Go Regular when the viewer
// has it, else a plain sans-serif. The layout needs no particular font:
// labels are anchored at their start, middle or end.
const FontFamily = "Go, 'Go Regular', 'Helvetica Neue', Helvetica, Arial, sans-serif"

// SVG draws the scene as an SVG document of Width x Height CSS pixels, all
// vectors: the landscape's bands and contour lines are traced from the loss
// on a grid (marching squares), runs are circles, lines are paths and
// labels are text. title becomes the document's <title>. It checks ctx
// between the picture's parts, and gives up with ctx's error when it is
// done.
func (s *Scene) SVG(ctx context.Context, o Options, title string) ([]byte, error) {
	if err := o.Check(); err != nil {
		return nil, err
	}
	c := &svgCanvas{}
	fmt.Fprintf(&c.b, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="%s">`+"\n",
		o.Width, o.Height, o.Width, o.Height, FontFamily)
	c.b.WriteString("<title>")
	xml.EscapeText(&c.b, []byte(title))
	c.b.WriteString("</title>\n")
	if err := s.draw(ctx, c, o); err != nil {
		return nil, err
	}
	c.b.WriteString("</svg>\n")
	return c.b.Bytes(), nil
}

// contourCell is the grid spacing, in CSS pixels, on which the SVG's
// contours are traced: fine enough that their straight pieces read as
// curves.
const contourCell = 3

// svgCanvas is a scene.Canvas that writes SVG elements with presentation attributes only (no
// style attributes or sheets), so that a Content-Security-Policy of
// default-src 'none' lets the document render.
type svgCanvas struct {
	b     bytes.Buffer
	clips int
}

// num writes v with at most two decimals.
func num(v float64) string {
	s := strconv.FormatFloat(v, 'f', 2, 64)
	s = strings.TrimRight(s, "0")
	s = strings.TrimSuffix(s, ".")
	if s == "-0" {
		return "0"
	}
	return s
}

// num1 writes v with at most one decimal, for the many dots of a cloud.
func num1(v float64) string {
	s := strconv.FormatFloat(v, 'f', 1, 64)
	s = strings.TrimSuffix(s, ".0")
	if s == "-0" {
		return "0"
	}
	return s
}

func hex(c color.RGBA) string { return fmt.Sprintf("#%02x%02x%02x", c.R, c.G, c.B) }

// opacity writes name="alpha" when alpha is below 1.
func opacity(name string, alpha float64) string {
	if alpha >= 1 {
		return ""
	}
	return " " + name + `="` + strconv.FormatFloat(math.Max(0, alpha), 'f', 3, 64) + `"`
}

func (c *svgCanvas) Group(id string) { fmt.Fprintf(&c.b, "<g id=\"%s\">\n", id) }
func (c *svgCanvas) End()            { c.b.WriteString("</g>\n") }

func (c *svgCanvas) Clip(r scene.Rect) {
	c.clips++
	fmt.Fprintf(&c.b, `<clipPath id="clip%d"><rect x="%s" y="%s" width="%s" height="%s"/></clipPath>`+"\n",
		c.clips, num(r.X0), num(r.Y0), num(r.Dx()), num(r.Dy()))
	fmt.Fprintf(&c.b, "<g clip-path=\"url(#clip%d)\">\n", c.clips)
}

func (c *svgCanvas) Unclip() { c.b.WriteString("</g>\n") }

func (c *svgCanvas) Rect(r scene.Rect, clr color.RGBA, alpha float64) {
	fmt.Fprintf(&c.b, `<rect x="%s" y="%s" width="%s" height="%s" fill="%s"%s/>`+"\n",
		num(r.X0), num(r.Y0), num(r.Dx()), num(r.Dy()), hex(clr), opacity("fill-opacity", alpha))
}

// Landscape writes l's bands and contour lines as vectors (scene.Layers).
func (c *svgCanvas) Landscape(r scene.Rect, land *scene.Landscape) {
	l := land.Vectors(contourCell)
	fmt.Fprintf(&c.b, "<g id=\"contours\" transform=\"translate(%s %s)\">\n", num(r.X0), num(r.Y0))
	fmt.Fprintf(&c.b, `<rect width="%s" height="%s" fill="%s"/>`+"\n", num(l.W), num(l.H), hex(l.Background))
	for _, reg := range l.Regions {
		fmt.Fprintf(&c.b, `<path fill="%s" d="`, hex(reg.Color))
		for _, poly := range reg.Polys {
			writePoly(&c.b, poly)
		}
		c.b.WriteString("\"/>\n")
	}
	if len(l.Lines) > 0 {
		fmt.Fprintf(&c.b, `<path fill="none" stroke="%s" stroke-opacity="%s" stroke-width="1" stroke-linecap="round" d="`,
			hex(scene.ContourLine), strconv.FormatFloat(scene.ContourLineAlpha, 'f', -1, 64))
		for _, s := range l.Lines {
			c.b.WriteString("M" + num(s[0].X) + " " + num(s[0].Y) + "L" + num(s[1].X) + " " + num(s[1].Y))
		}
		c.b.WriteString("\"/>\n")
	}
	c.b.WriteString("</g>\n")
}

// writePoly writes a closed subpath.
func writePoly(b *bytes.Buffer, pts []scene.Point) {
	for i, p := range pts {
		if i == 0 {
			b.WriteString("M")
		} else if i == 1 {
			b.WriteString("L")
		} else {
			b.WriteString(" ")
		}
		b.WriteString(num(p.X) + " " + num(p.Y))
	}
	b.WriteString("Z")
}

// Dots writes a circle (scene.DotRadius) per point.
func (c *svgCanvas) Dots(pts []scene.Point, size float64, clr color.RGBA, alpha float64) {
	if len(pts) == 0 {
		return
	}
	rad := scene.DotRadius(size)
	fmt.Fprintf(&c.b, "<g fill=\"%s\"%s>\n", hex(clr), opacity("fill-opacity", alpha))
	r := num(rad)
	for _, p := range pts {
		c.b.WriteString(`<circle cx="` + num1(p.X) + `" cy="` + num1(p.Y) + `" r="` + r + `"/>` + "\n")
	}
	c.b.WriteString("</g>\n")
}

func (c *svgCanvas) Line(pts []scene.Point, width float64, clr color.RGBA, alpha, dash float64) {
	if len(pts) < 2 {
		return
	}
	c.b.WriteString(`<path d="`)
	for i, p := range pts {
		switch i {
		case 0:
			c.b.WriteString("M")
		case 1:
			c.b.WriteString("L")
		default:
			c.b.WriteString(" ")
		}
		c.b.WriteString(num(p.X) + " " + num(p.Y))
	}
	caps := ` stroke-linecap="round" stroke-linejoin="round"`
	if len(pts) == 2 && (pts[0].X == pts[1].X || pts[0].Y == pts[1].Y) {
		caps = ` shape-rendering="crispEdges"`
	}
	fmt.Fprintf(&c.b, `" fill="none" stroke="%s" stroke-width="%s"%s%s`, hex(clr), num(width), opacity("stroke-opacity", alpha), caps)
	if dash > 0 {
		fmt.Fprintf(&c.b, ` stroke-dasharray="%s %s"`, num(dash), num(dash))
	}
	c.b.WriteString("/>\n")
}

// Band writes the polygon along upper forwards and back along lower.
func (c *svgCanvas) Band(upper, lower []scene.Point, clr color.RGBA, alpha float64) {
	if len(upper) < 2 || len(lower) != len(upper) {
		return
	}
	c.b.WriteString(`<path d="`)
	writePoly(&c.b, append(append([]scene.Point(nil), upper...), reversed(lower)...))
	fmt.Fprintf(&c.b, `" fill="%s"%s/>`+"\n", hex(clr), opacity("fill-opacity", alpha))
}

func (c *svgCanvas) Circle(x, y, r float64, clr color.RGBA) {
	fmt.Fprintf(&c.b, `<circle cx="%s" cy="%s" r="%s" fill="%s"/>`+"\n", num(x), num(y), num(r), hex(clr))
}

func (c *svgCanvas) Ring(x, y, r, width float64, clr color.RGBA) {
	fmt.Fprintf(&c.b, `<circle cx="%s" cy="%s" r="%s" fill="none" stroke="%s" stroke-width="%s"/>`+"\n", num(x), num(y), num(r), hex(clr), num(width))
}

// reversed returns a reversed copy of pts.
func reversed(pts []scene.Point) []scene.Point {
	out := make([]scene.Point, len(pts))
	for i, p := range pts {
		out[len(pts)-1-i] = p
	}
	return out
}

// metricSize is the type size at which the SVG measures Go Regular.
const metricSize = 1000

// measureFace is Go Regular at metricSize; its advances scale with size,
// as it is not hinted.
var measureFace = sync.OnceValue(func() font.Face {
	face, err := opentype.NewFace(goRegular(), &opentype.FaceOptions{Size: metricSize, DPI: 72, Hinting: font.HintingNone})
	if err != nil {
		panic(err) // only a bad size fails
	}
	return face
})

// fontMetrics returns Go Regular's ascent and descent per pixel of size.
func fontMetrics() (float64, float64) {
	m := measureFace().Metrics()
	return fix(m.Ascent) / metricSize, fix(m.Descent) / metricSize
}

// TextWidth returns the width of s in Go Regular, which a viewer without
// the font approximates.
func (c *svgCanvas) TextWidth(s string, px float64) float64 {
	return fix(font.MeasureString(measureFace(), s)) * px / metricSize
}

func (c *svgCanvas) Text(s string, x, y, px float64, clr color.RGBA, ax, ay float64) {
	asc, desc := fontMetrics()
	base := y + px*(asc-ay*(asc+desc))
	anchor := ""
	switch {
	case ax > 0.75:
		anchor = ` text-anchor="end"`
	case ax >= 0.25:
		anchor = ` text-anchor="middle"`
	}
	fmt.Fprintf(&c.b, `<text x="%s" y="%s" font-size="%s" fill="%s"%s>`, num(x), num(base), num(px), hex(clr), anchor)
	// XML collapses runs of spaces; the legend's double spaces survive as
	// a space and a no-break space.
	xml.EscapeText(&c.b, []byte(strings.ReplaceAll(s, "  ", " \u00a0")))
	c.b.WriteString("</text>\n")
}
