//go:build js && wasm

package main

import (
	"fmt"
	"slices"
	"syscall/js"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"noiseball/sim/scene"
)

// Draw draws the picture package scene composes: the landscape with every
// lane's cloud of runs, the trail and position of its run 0 and the
// minimizer, then the monitor charts; or the sweep's heat maps.
func (g *game) Draw(screen *ebiten.Image) {
	defer g.average(&g.drawMs, time.Now())
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
	if g.warm < warmDraw {
		if g.warm == warmLandscape && g.sweep == nil {
			g.updatePicture()
			g.canvases.land.image(&scene.Landscape{Problem: g.cfg.Problem, View: g.picture.View})
		}
		g.warm++
		return
	}
	g.warm = warm
	if g.hist == nil && g.sweep == nil {
		// A real model's step-0 evaluations are under way (game.work):
		// nothing to chart yet, and the page keeps showing its still
		// (unless the game broke); the first frame after them repaints all.
		g.damage.geometry = geometry{}
		if g.panic != "" {
			g.markFirstFrame()
		}
		return
	}
	// The page shows the canvas once a frame is drawn: a sweep's or a
	// broken one's too.
	defer g.markFirstFrame()
	if g.sweep != nil {
		g.drawSweep(screen)
		return
	}
	// No Fill: the landscape and the charts tile the whole screen, and on
	// software WebGL each full-screen pass costs milliseconds. Each part
	// repaints only what changed since the last frame, unless the geometry
	// did.
	g.updatePicture()
	geo := g.geometry()
	full := geo != g.damage.geometry || g.panic != ""
	g.damage.geometry = geo
	g.drawPlane(screen, full)
	g.drawCharts(screen, full)
	if g.panic != "" {
		g.drawPanic(screen)
	}
}

// markFirstFrame records when the first frame was drawn (performance.now()),
// which the status reports.
func (g *game) markFirstFrame() {
	if g.firstFrame == 0 {
		g.firstFrame = js.Global().Get("performance").Call("now").Float()
	}
}

// scale returns how many screen pixels a CSS pixel of text or line takes:
// the device pixel ratio, times scene.PresentScale in presenter mode
// (present=1) so that a projector shows large type and thick lines.
func (g *game) scale() float64 {
	s := ebiten.Monitor().DeviceScaleFactor()
	if g.present {
		s *= scene.PresentScale
	}
	return s
}

// state returns what the picture shows now.
func (g *game) state() scene.State {
	return scene.State{Config: g.cfg, Exp: g.exp, Hist: g.hist, Trails: g.trails, Cloud: g.cloud, Grid: g.grid}
}

// frame returns where the picture's parts lie on the screen.
func (g *game) frame() scene.Frame {
	return scene.NewFrame(g.state(), float64(g.w), float64(g.h), g.scale())
}

// updatePicture points the picture at the game's state and screen now.
func (g *game) updatePicture() {
	p := &g.picture
	p.State = g.state()
	p.Frame = g.frame()
	p.Labels = g.labels
}

// drawPlane draws the plane: the contours, every lane's cloud, trail, run
// 0 and Polyak average, the minimizer, the start point, the axes, the
// legend and the pointer's readout. Unless full, it repaints only the
// rectangle where something moved since the last frame, or nothing.
func (g *game) drawPlane(screen *ebiten.Image, full bool) {
	p := &g.picture
	if p.View.W < 2 || p.View.H < 2 {
		return
	}
	clip := pixels(p.Land).Intersect(screen.Bounds())
	sc := &g.canvases.screen
	legend := p.LegendLines(nil)
	legendPanel := p.LegendPanel(sc, legend)
	panel := pixels(legendPanel).Intersect(clip)
	readout, pointer := g.pointerReadout(p.Frame)
	pointer = pointer.Intersect(clip)
	d := &g.damage
	if !full && g.changes == d.changes && slices.Equal(legend, d.legend) && pointer == d.pointer {
		return // nothing on the plane changed
	}

	// The marks that move (the clouds and trails, and each lane's run 0
	// and Polyak average) are batched first, to learn where they are, and
	// drawn on the plane's fixed sub-image: they lie inside what is
	// repainted by its making, and a sub-image that changed every frame
	// would cost a copy of their vertices every frame (see canvas.Clip).
	plane := screen.SubImage(clip).(*ebiten.Image)
	runs, iterates := &g.canvases.runs, &g.canvases.iterates
	runs.begin(plane)
	p.DrawRuns(runs)
	iterates.begin(plane)
	p.DrawIterates(iterates)
	moving := runs.batch.bounds(clip).Union(iterates.batch.bounds(clip))

	// What changed: where the moving marks, the legend and the readout are
	// now and were last frame.
	dirty := clip
	if !full {
		dirty = moving.Union(d.moving).Union(panel).Union(d.panel).Union(pointer).Union(d.pointer)
	}
	d.changes, d.moving, d.panel, d.pointer = g.changes, moving, panel, pointer
	d.legend = append(d.legend[:0], legend...)

	// The rest is drawn clipped to dirty, over the contours copied there
	// first: what lies outside it is still on the screen from earlier
	// frames, unchanged.
	sc.begin(screen.SubImage(dirty).(*ebiten.Image))
	p.DrawLandscape(sc)
	runs.flush()
	p.DrawMarks(sc)
	sc.flush()
	iterates.flush()
	p.DrawAxes(sc, legendPanel)
	p.DrawLegend(sc, legend, legendPanel)
	g.drawPointer(sc, readout)
	sc.flush()
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
