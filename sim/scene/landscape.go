package scene

import (
	"image"
	"image/color"
	"math"

	"noiseball/sim"
)

// ContourLevels returns log-spaced loss levels, two per decade (1, 3.16, 10,
// ...), that cover the loss gaps seen in view v, from the smallest level a
// pixel can resolve up to the largest loss on screen.
func ContourLevels(p sim.Problem, v View) []float64 { return levelsOf(p.LossGap, v) }

// levelsOf returns ContourLevels for the loss gap loss.
func levelsOf(loss func(sim.Vec) float64, v View) []float64 {
	corners := []sim.Vec{v.ToPlane(0, 0), v.ToPlane(float64(v.W), 0), v.ToPlane(0, float64(v.H)), v.ToPlane(float64(v.W), float64(v.H))}
	hi := 0.0
	for _, c := range corners {
		if l := loss(c); !math.IsNaN(l) {
			hi = math.Max(hi, l)
		}
	}
	if !(hi > 0) || math.IsInf(hi, 0) {
		return nil
	}
	// Levels below about a thousandth of the largest would be rings of a few pixels.
	lo := hi * 1e-3
	var levels []float64
	for k := math.Floor(2 * math.Log10(lo)); k <= math.Ceil(2*math.Log10(hi)); k++ {
		levels = append(levels, math.Pow(10, k/2))
	}
	return levels
}

// RenderLandscape draws the loss gap L(theta) - L* over view v as filled
// log-spaced bands with darker contour lines between them. Each pixel is
// coloured by the band of its centre; a pixel whose right or lower neighbour
// lies in another band is drawn as a line pixel.
func RenderLandscape(p sim.Problem, v View, levels []float64) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, v.W, v.H))
	if v.W == 0 || v.H == 0 {
		return img
	}
	band := make([]uint16, v.W*v.H)
	loss := p.LossGapFunc()
	for y := 0; y < v.H; y++ {
		for x := 0; x < v.W; x++ {
			l := loss(v.ToPlane(float64(x)+0.5, float64(y)+0.5))
			band[y*v.W+x] = uint16(bandOf(l, levels))
		}
	}
	paintBands(img, band, v, levels)
	return img
}

// paintBands colours each pixel of img by its band (bandOf), and as a line
// pixel where its right or lower neighbour lies in another band.
func paintBands(img *image.RGBA, band []uint16, v View, levels []float64) {
	// The colours of the bands and of their line pixels, worked out once:
	// per pixel they cost a third of the render (13 of 44 ms for the
	// game's 911x491 contours, in wasm), which has to fit between frames.
	n := float64(len(levels))
	fill := make([]color.RGBA, len(levels)+1)
	line := make([]color.RGBA, len(levels)+1)
	for b := range fill {
		fill[b] = landscapeRamp.At(float64(b) / n)
		line[b] = blend(fill[b], ContourLine, ContourLineAlpha)
	}
	for y := 0; y < v.H; y++ {
		row := img.Pix[y*img.Stride : y*img.Stride+4*v.W]
		for x := 0; x < v.W; x++ {
			b := band[y*v.W+x]
			c := fill[b]
			if (x+1 < v.W && band[y*v.W+x+1] != b) || (y+1 < v.H && band[(y+1)*v.W+x] != b) {
				c = line[b]
			}
			row[4*x], row[4*x+1], row[4*x+2], row[4*x+3] = c.R, c.G, c.B, c.A
		}
	}
}

// renderGrid is RenderLandscape for a real model's filled grid g, whose
// loss it interpolates (gridAt) at each pixel's centre: separably, each
// row's nodes along w first, then each pixel along u from those.
func renderGrid(g *sim.LossGrid, v View, levels []float64) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, v.W, v.H))
	if v.W == 0 || v.H == 0 {
		return img
	}
	type weights struct {
		i int
		w [4]float64
	}
	cols := make([]weights, v.W)
	for x := range cols {
		q := v.ToPlane(float64(x)+0.5, 0)
		i, t := gridCell(q[0]/g.Cell, g.I0, g.I1)
		cols[x] = weights{i, catmullRom(t)}
	}
	nx := g.I1 - g.I0 + 1
	row := make([]float64, nx) // the nodes of the pixel row, interpolated along w
	band := make([]uint16, v.W*v.H)
	for y := 0; y < v.H; y++ {
		q := v.ToPlane(0, float64(y)+0.5)
		j, t := gridCell(q[1]/g.Cell, g.J0, g.J1)
		ww := catmullRom(t)
		for a := range row {
			var s float64
			for b := range 4 {
				s += ww[b] * g.At(g.I0+a, j-1+b)
			}
			row[a] = s
		}
		for x, c := range cols {
			r := row[c.i-1-g.I0 : c.i+3-g.I0]
			l := c.w[0]*r[0] + c.w[1]*r[1] + c.w[2]*r[2] + c.w[3]*r[3]
			if math.IsNaN(l) {
				l = math.Inf(1) // a node where the loss is not finite
			}
			band[y*v.W+x] = uint16(bandOf(l, levels))
		}
	}
	paintBands(img, band, v, levels)
	return img
}

// flatLandscape returns a view's landscape before its grid is sampled:
// the lowest band's colour, without contours.
func flatLandscape(v View) *image.RGBA {
	img := image.NewRGBA(image.Rect(0, 0, v.W, v.H))
	c := landscapeRamp.At(0)
	for i := 0; i < len(img.Pix); i += 4 {
		img.Pix[i], img.Pix[i+1], img.Pix[i+2], img.Pix[i+3] = c.R, c.G, c.B, c.A
	}
	return img
}

// bandOf returns how many levels lie below l.
func bandOf(l float64, levels []float64) int {
	i := 0
	for i < len(levels) && levels[i] <= l {
		i++
	}
	return i
}

// blend returns (1-a) c + a d.
func blend(c, d color.RGBA, a float64) color.RGBA {
	mix := func(x, y uint8) uint8 { return uint8(math.Round((1-a)*float64(x) + a*float64(y))) }
	return color.RGBA{mix(c.R, d.R), mix(c.G, d.G), mix(c.B, d.B), 255}
}

// Landscape is the loss landscape L(θ) − L* of a problem over a view, as
// the picture shows it: filled bands between the ContourLevels, coloured
// by BandColor, with contour lines between them. A canvas paints it as a
// raster (Image) or as vectors (Vectors).
//
// A real model's landscape is its plane's (see PlaneView): the loss is
// interpolated from Grid, sampled for the view (LossGridFor); until Grid
// serves the view and is filled the landscape is flat, without contours.
type Landscape struct {
	Problem sim.Problem
	View    View
	Grid    *sim.LossGrid
}

// Ready reports whether the landscape shows its contours: always for a 2-D
// problem, once its grid is filled for a real model.
func (l *Landscape) Ready() bool {
	return !l.Problem.Kind.Real() || (GridServes(l.Grid, l.Problem, l.View) && l.Grid.Done())
}

// loss returns the loss gap the landscape shows, or nil for a flat one.
func (l *Landscape) loss() func(sim.Vec) float64 {
	switch {
	case !l.Problem.Kind.Real():
		return l.Problem.LossGapFunc()
	case l.Ready():
		g := l.Grid
		return func(q sim.Vec) float64 { return gridAt(g, q) }
	}
	return nil
}

// Image renders l at s device pixels per unit of its view, as
// RenderLandscape does: every pixel takes the band of its centre, and
// pixels where the band changes are line pixels.
func (l *Landscape) Image(s int) *image.RGBA {
	v := l.View
	v.W, v.H = v.W*max(s, 1), v.H*max(s, 1)
	switch {
	case !l.Problem.Kind.Real():
		return RenderLandscape(l.Problem, v, ContourLevels(l.Problem, v))
	case l.Ready():
		return renderGrid(l.Grid, v, levelsOf(l.loss(), v))
	}
	return flatLandscape(v)
}

// Layers are a landscape as vectors: the background (the highest band,
// which covers the whole view), the regions below each level to fill over
// it in order, and the contour lines, all in the view's pixels.
type Layers struct {
	W, H       float64
	Background color.RGBA
	Regions    []Region
	Lines      [][2]Point
}

// Region is the part of the view below one level, in its band's colour.
type Region struct {
	Color color.RGBA
	Polys [][]Point
}

// Vectors traces l on a grid of cells about cell pixels wide, by marching
// squares. The bands are painted from the outside in: the highest band
// over the whole view, then each region below a level, lower levels last,
// so that every point ends in its band's colour and bands meet without
// seams.
func (l *Landscape) Vectors(cell float64) *Layers {
	v := l.View
	loss := l.loss()
	if loss == nil {
		return &Layers{W: float64(v.W), H: float64(v.H), Background: landscapeRamp.At(0)}
	}
	levels := levelsOf(loss, v)
	n := len(levels)
	f := sampleField(loss, v, cell)
	top := math.Inf(-1)
	for _, x := range f.V {
		top = math.Max(top, x)
	}
	// Levels above every sample leave nothing to trace.
	k0 := n
	for k0 > 0 && top < levels[k0-1] {
		k0--
	}
	ls := &Layers{W: float64(v.W), H: float64(v.H), Background: BandColor(k0, n)}
	for k := k0 - 1; k >= 0; k-- {
		below, segs := f.Contour(levels[k])
		if len(below) > 0 {
			ls.Regions = append(ls.Regions, Region{BandColor(k, n), below})
		}
		ls.Lines = append(ls.Lines, segs...)
	}
	return ls
}
