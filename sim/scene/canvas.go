package scene

import (
	"image/color"
	"math"
)

// Canvas is what the picture is drawn on: the browser game's Ebiten screen,
// the PNG raster and the SVG writer each implement it, so that all three
// show the one picture this package composes.
//
// Coordinates are in the canvas's units (CSS pixels for a still, device
// pixels for the game), x to the right and y down. Colours are opaque;
// alpha, in [0, 1], is given apart. A Canvas must not keep a slice it is
// passed once the call returns: the picture reuses them. The picture never
// passes a coordinate that is not finite.
type Canvas interface {
	// Rect fills r.
	Rect(r Rect, c color.RGBA, alpha float64)
	// Landscape paints the loss bands and contour lines of l, whose pixel
	// (0, 0) lies at the corner of r.
	Landscape(r Rect, l *Landscape)
	// Dots draws a small mark about size wide at each point, all alike:
	// where marks overlap, they blend as marks stacked one on another.
	Dots(pts []Point, size float64, c color.RGBA, alpha float64)
	// Line strokes the polyline through pts, dashed (dash on, dash off)
	// when dash > 0.
	Line(pts []Point, width float64, c color.RGBA, alpha, dash float64)
	// Band fills the region between the polylines upper and lower, which
	// have the same length and the same x coordinates, point by point.
	Band(upper, lower []Point, c color.RGBA, alpha float64)
	// Circle fills a disc, and Ring strokes a circle.
	Circle(x, y, r float64, c color.RGBA)
	Ring(x, y, r, width float64, c color.RGBA)
	// Text writes s in px-sized type at (x, y), aligned by ax and ay: 0 at
	// the start or top, 0.5 centred, 1 at the end or bottom. TextWidth
	// returns how wide Text would write s.
	Text(s string, x, y, px float64, c color.RGBA, ax, ay float64)
	TextWidth(s string, px float64) float64
	// Clip limits what follows to r, until Unclip. Clips do not nest.
	Clip(r Rect)
	Unclip()
	// Group starts a named group of what follows, and End closes it (the
	// SVG's <g id=...>; the other canvases ignore both).
	Group(id string)
	End()
}

// DotRadius returns the radius of a disc as large as the game's dot of
// width size, a triangle (see Canvas.Dots): canvases that draw discs use
// it, so that a cloud looks as dense on each.
func DotRadius(size float64) float64 { return 0.46 * size }

// Dashes cuts the polyline pts into pieces dash long with gaps dash long,
// for canvases that stroke no dashes of their own.
func Dashes(pts []Point, dash float64) [][]Point {
	if len(pts) < 2 || !(dash > 0) {
		return nil
	}
	var out [][]Point
	on, left := true, dash
	cur := []Point{pts[0]}
	for i := 1; i < len(pts); i++ {
		a, b := pts[i-1], pts[i]
		seg := math.Hypot(b.X-a.X, b.Y-a.Y)
		pos := 0.0
		for seg-pos > left {
			pos += left
			t := pos / seg
			p := Point{X: a.X + t*(b.X-a.X), Y: a.Y + t*(b.Y-a.Y)}
			if on {
				out = append(out, append(cur, p))
				cur = nil
			} else {
				cur = []Point{p}
			}
			on, left = !on, dash
		}
		left -= seg - pos
		if on {
			cur = append(cur, b)
		}
	}
	if on && len(cur) > 1 {
		out = append(out, cur)
	}
	return out
}
