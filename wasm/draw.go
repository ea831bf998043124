//go:build js && wasm

package main

import (
	"image"
	"image/color"
	"math"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/vector"

	"noiseball/sim"
	"noiseball/wasm/plot"
)

// landscape caches the rendered loss contours; they are computed again only
// when the problem or the view changes, never per frame.
type landscape struct {
	img     *ebiten.Image
	problem sim.Problem
	view    plot.View
}

func (l *landscape) image(p sim.Problem, v plot.View) *ebiten.Image {
	if l.img != nil && l.problem == p && l.view == v {
		return l.img
	}
	if l.img != nil {
		l.img.Deallocate()
	}
	rgba := plot.RenderLandscape(p, v, plot.ContourLevels(p, v))
	l.img = ebiten.NewImageFromImage(rgba)
	l.problem, l.view = p, v
	return l.img
}

// sprites batches every point and segment of a frame into one
// DrawTriangles32 call: on software WebGL, thousands of separate anti-aliased
// draws cost about ten times more (see WEB-NOTES.md).
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

// quad adds the quadrilateral a, b, c, d (in order around it) in colour c.
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
	l := float32(math.Hypot(float64(dx), float64(dy)))
	if l == 0 {
		return
	}
	nx, ny := -dy/l*w/2, dx/l*w/2
	s.quad([4][2]float32{{x0 + nx, y0 + ny}, {x1 + nx, y1 + ny}, {x1 - nx, y1 - ny}, {x0 - nx, y0 - ny}}, c, alpha)
}

// dot adds a square of side w centred on (x, y).
func (s *sprites) dot(x, y, w float32, c color.RGBA, alpha float32) {
	h := w / 2
	s.quad([4][2]float32{{x - h, y - h}, {x + h, y - h}, {x + h, y + h}, {x - h, y + h}}, c, alpha)
}

func (s *sprites) draw(dst *ebiten.Image) {
	if len(s.indices) == 0 {
		return
	}
	op := &ebiten.DrawTrianglesOptions{AntiAlias: false}
	dst.DrawTriangles32(s.vertices, s.indices, s.white, op)
}

// Draw draws the landscape, every lane's cloud of runs and the trail and
// position of its run 0, and the minimizer.
func (g *game) Draw(screen *ebiten.Image) {
	g.frames++
	if g.exp == nil || g.w == 0 {
		return
	}
	v := g.view()
	screen.DrawImage(g.landscape.image(g.cfg.Problem, v), nil)

	dpr := float32(ebiten.Monitor().DeviceScaleFactor())
	at := func(p sim.Vec) (float32, float32) {
		x, y := v.ToScreen(p)
		return float32(x), float32(y)
	}
	s := &g.sprites
	s.reset()
	for i, l := range g.exp.Lanes() {
		c := plot.LaneColors[i%len(plot.LaneColors)]
		if pos := l.Positions(); g.cloud && len(pos) > 1 {
			for _, p := range pos[1:] {
				x, y := at(p)
				s.dot(x, y, 3*dpr, c, 0.45)
			}
		}
		t := &g.trails[i]
		for k := 1; k < t.n; k++ {
			x0, y0 := at(t.at(k - 1))
			x1, y1 := at(t.at(k))
			age := float32(k) / float32(t.n)
			s.segment(x0, y0, x1, y1, 1.5*dpr, c, 0.15+0.75*age)
		}
	}
	s.draw(screen)

	// The minimizer: a dark cross.
	mx, my := at(g.cfg.Problem.Minimizer())
	ink := color.RGBA{0x22, 0x22, 0x22, 255}
	arm := 7 * dpr
	vector.StrokeLine(screen, mx-arm, my, mx+arm, my, 2*dpr, ink, true)
	vector.StrokeLine(screen, mx, my-arm, mx, my+arm, 2*dpr, ink, true)

	// Run 0 of each lane: a filled dot with a white rim.
	for i, l := range g.exp.Lanes() {
		x, y := at(l.Positions()[0])
		vector.FillCircle(screen, x, y, 6*dpr, color.White, true)
		vector.FillCircle(screen, x, y, 4.5*dpr, plot.LaneColors[i%len(plot.LaneColors)], true)
	}
}
