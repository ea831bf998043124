package scene

import (
	"image/color"
	"math"

	"noiseball/sim"
)

// Point is a position in pixels.
type Point struct{ X, Y float64 }

// Field is a function sampled at the corners of an Nx x Ny grid of cells
// that tiles a W x H pixel rectangle: sample (i, j) lies at pixel
// (i W/Nx, j H/Ny). It is what the vector contours are traced from.
type Field struct {
	W, H   float64
	Nx, Ny int
	V      []float64 // (Nx+1) x (Ny+1) samples, row by row; NaN reads as +Inf
}

// SampleLossGap samples the loss gap L(theta) - L* of p over view v on a
// grid of cells about cell pixels wide.
func SampleLossGap(p sim.Problem, v View, cell float64) Field {
	return sampleField(p.LossGapFunc(), v, cell)
}

// sampleField samples loss over view v as SampleLossGap does.
func sampleField(loss func(sim.Vec) float64, v View, cell float64) Field {
	if !(cell > 0) {
		cell = 4
	}
	f := Field{W: float64(v.W), H: float64(v.H), Nx: max(1, int(math.Ceil(float64(v.W)/cell))), Ny: max(1, int(math.Ceil(float64(v.H)/cell)))}
	f.V = make([]float64, (f.Nx+1)*(f.Ny+1))
	for j := 0; j <= f.Ny; j++ {
		for i := 0; i <= f.Nx; i++ {
			x, y := f.at(i, j)
			f.V[j*(f.Nx+1)+i] = loss(v.ToPlane(x, y))
		}
	}
	return f
}

// at returns the pixel of sample (i, j).
func (f Field) at(i, j int) (float64, float64) {
	return float64(i) * f.W / float64(f.Nx), float64(j) * f.H / float64(f.Ny)
}

func (f Field) value(i, j int) float64 {
	v := f.V[j*(f.Nx+1)+i]
	if math.IsNaN(v) {
		return math.Inf(1)
	}
	return v
}

// Contour traces the level set f = level by marching squares. below is a
// set of polygons, all wound the same way (clockwise on the screen), whose
// union is the region f < level: fill them as one path, with either fill
// rule, and neighbouring pieces meet without seams because they share their
// edges exactly. lines are the segments of the contour line itself, one or
// two per cell it crosses. A cell whose corners straddle the level twice
// (a saddle) is resolved by joining its low corners, the same way in both
// results.
func (f Field) Contour(level float64) (below [][]Point, lines [][2]Point) {
	for j := 0; j < f.Ny; j++ {
		run := -1 // first cell of the current run of cells wholly below
		flush := func(end int) {
			if run < 0 {
				return
			}
			x0, y0 := f.at(run, j)
			x1, y1 := f.at(end, j+1)
			below = append(below, []Point{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}})
			run = -1
		}
		for i := 0; i < f.Nx; i++ {
			// The corners clockwise on the screen: top left, top right,
			// bottom right, bottom left.
			ci := [4][2]int{{i, j}, {i + 1, j}, {i + 1, j + 1}, {i, j + 1}}
			in := 0
			for _, c := range ci {
				if f.value(c[0], c[1]) < level {
					in++
				}
			}
			if in == 4 {
				if run < 0 {
					run = i
				}
				continue
			}
			flush(i)
			if in == 0 {
				continue
			}
			poly, segs := f.clipCell(ci, level)
			below = append(below, poly)
			lines = append(lines, segs...)
		}
		flush(f.Nx)
	}
	return below, lines
}

// clipCell clips the cell with corners ci (clockwise) to f < level: it
// walks the corners, keeping those below the level and inserting a crossing
// on every edge whose ends lie on either side. The contour's segments join
// each crossing where the walk leaves the region to the next where it
// enters it again.
func (f Field) clipCell(ci [4][2]int, level float64) ([]Point, [][2]Point) {
	var poly []Point
	type crossing struct {
		at   int // index in poly
		exit bool
	}
	var cross []crossing
	for k := range 4 {
		a, b := ci[k], ci[(k+1)%4]
		va, vb := f.value(a[0], a[1]), f.value(b[0], b[1])
		inA, inB := va < level, vb < level
		if inA {
			x, y := f.at(a[0], a[1])
			poly = append(poly, Point{x, y})
		}
		if inA != inB {
			cross = append(cross, crossing{len(poly), inA})
			poly = append(poly, f.crossing(a, b, level))
		}
	}
	var segs [][2]Point
	for k, c := range cross {
		if c.exit {
			next := cross[(k+1)%len(cross)]
			segs = append(segs, [2]Point{poly[c.at], poly[next.at]})
		}
	}
	return poly, segs
}

// crossing returns where the level crosses the grid edge between samples a
// and b, interpolating linearly. The ends are put in a fixed order first,
// so that the two cells sharing the edge compute the same point to the bit.
func (f Field) crossing(a, b [2]int, level float64) Point {
	if b[1] < a[1] || (b[1] == a[1] && b[0] < a[0]) {
		a, b = b, a
	}
	va, vb := f.value(a[0], a[1]), f.value(b[0], b[1])
	t := 0.5
	switch {
	case math.IsInf(va, 1):
		// The interpolation's limit as va grows: the crossing at b.
		t = 1
	case math.IsInf(vb, 1):
		t = 0
	case vb != va:
		t = (level - va) / (vb - va)
	}
	t = math.Min(1, math.Max(0, t))
	xa, ya := f.at(a[0], a[1])
	xb, yb := f.at(b[0], b[1])
	return Point{xa + t*(xb-xa), ya + t*(yb-ya)}
}

// ContourLine is the colour of the lines between the landscape's bands,
// and ContourLineAlpha how much of it covers the band colour: the values
// RenderLandscape uses, for renderers that draw the lines as vectors.
var ContourLine = color.RGBA{0x6b, 0x7a, 0x8f, 255}

const ContourLineAlpha = 0.55

// BandColor returns the colour RenderLandscape fills band b with (the band
// of the losses with b levels at or below them) when there are n levels.
func BandColor(b, n int) color.RGBA {
	if n == 0 {
		return landscapeRamp.At(0)
	}
	return landscapeRamp.At(float64(b) / float64(n))
}
