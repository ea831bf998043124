//go:build js && wasm

package main

import (
	"bytes"
	"time"

	"github.com/hajimehoshi/ebiten/v2"
	"github.com/hajimehoshi/ebiten/v2/inpututil"

	"noiseball/sim"
	"noiseball/sim/link"
	"noiseball/sim/scene"
)

// sweepView is the game in sweep mode (a link with sweep=...): the cells of
// a grid of two parameters are computed a slice per frame, within the
// frame's time budget, and drawn as a heat map of one metric per lane.
type sweepView struct {
	def    link.Sweep
	cells  []sim.Config
	cost   float64 // the cells' run-steps, by the cost model
	run    *sim.Sweep
	metric string // one of sim.SweepMetrics()
}

// sweepStatus is the sweep's part of the status.
type sweepStatus struct {
	Done     int     `json:"done"`
	Total    int     `json:"total"`
	Progress float64 `json:"progress"`
	Metric   string  `json:"metric"`
}

// newSweepView parses a sweep link; the metric comes from the view
// setting metric= (link.View).
func newSweepView(query, metric string) (*sweepView, []error) {
	def, err := link.ParseSweep(query)
	if err != nil {
		return nil, link.Errors(err)
	}
	cells, err := def.Cells()
	if err != nil {
		return nil, []error{err}
	}
	run, err := sim.NewSweep(cells)
	if err != nil {
		return nil, []error{err}
	}
	v := &sweepView{def: def, cells: cells, run: run, metric: metric}
	for _, c := range cells {
		v.cost += sim.CostBetween(c, 0, c.Steps)
	}
	return v, nil
}

// heaviest returns the cell whose heaviest step costs most.
func (v *sweepView) heaviest() sim.Config {
	top := v.cells[0]
	for _, c := range v.cells[1:] {
		if sim.MaxStepCost(c) > sim.MaxStepCost(top) {
			top = c
		}
	}
	return top
}

// advance computes cells until the budget is spent, a slice of about
// sliceTime (g.slice) between looks at the clock.
func (g *game) advanceSweep(budget time.Duration) {
	start := time.Now()
	for time.Since(start) < budget {
		t0 := time.Now()
		before := g.sweep.run.Progress()
		more := g.sweep.run.Advance(g.slice())
		g.measured(g.sweep.progressed(before), time.Since(t0))
		if !more {
			return
		}
	}
}

// progressed returns the run-steps done since the progress was before.
func (v *sweepView) progressed(before float64) float64 {
	return (v.run.Progress() - before) * v.cost
}

func (v *sweepView) status() *sweepStatus {
	return &sweepStatus{Done: v.run.Done(), Total: v.run.Len(), Progress: v.run.Progress(), Metric: v.metric}
}

// csv returns the finished cells as the CLI's sweep CSV.
func (v *sweepView) csv() string {
	var cells []sim.SweepCell
	for i := 0; i < v.run.Len(); i++ {
		if c, ok := v.run.Cell(i); ok {
			cells = append(cells, c)
		}
	}
	var b bytes.Buffer
	link.WriteSweepCSV(&b, v.def, cells)
	return b.String()
}

// sweepPicture returns the sweep as package scene draws it on the screen.
func (g *game) sweepPicture() *scene.SweepPicture {
	v := g.sweep
	return &scene.SweepPicture{W: float64(g.w), H: float64(g.h), K: g.scale(), Def: v.def, Run: v.run, Metric: v.metric, Labels: g.labels}
}

// updateSweep runs the sweep within the frame budget and opens a cell's
// link when it is clicked.
func (g *game) updateSweep() {
	v := g.sweep
	if g.playing {
		g.advanceSweep(stepBudget)
		if v.run.Done() == v.run.Len() {
			g.playing = false
		}
	}
	if !inpututil.IsMouseButtonJustReleased(ebiten.MouseButtonLeft) {
		return
	}
	x, y := ebiten.CursorPosition()
	if i, j, ok := g.sweepPicture().CellAt(float64(x), float64(y)); ok {
		g.edit = &edit{Seq: g.editSeq() + 1, Link: v.def.CellLink(i, j)}
	}
}

// drawSweep draws the heat maps, their axes and the colour bar, and the
// values of the cell under the pointer.
func (g *game) drawSweep(screen *ebiten.Image) {
	sp := g.sweepPicture()
	cv := &g.canvases.screen
	cv.begin(screen)
	sp.Draw(cv)
	p := &g.pointer
	if i, j, ok := sp.CellAt(p.x, p.y); ok && p.inside {
		sp.DrawReadout(cv, i, j, p.x, p.y)
	}
	cv.flush()
}
