// Package still renders a noiseball view as a still image, PNG or SVG,
// without a browser: it runs the link's experiment with the simulation core
// to the link's step and draws what the game's canvas shows at that step,
// in the same layout and colours: the loss landscape with its contours, each
// lane's cloud of runs, the fading trail of run 0, the minimizer, the start
// point, the legend and the five monitor charts.
//
// The package is pure Go with no I/O beyond its writers: the server's
// /render.png and /render.svg call it, and so could a command-line tool or
// the game itself for a vector export.
package still

import (
	"context"
	"fmt"

	"noiseball/sim"
	"noiseball/sim/scene"
)

// Size limits of a still, in CSS pixels, and the largest pixel ratio.
const (
	MinWidth, MaxWidth   = 200, 3840
	MinHeight, MaxHeight = 150, 2160
	MaxScale             = 3
	// MaxPixels caps the raster's device pixels (width x height x scale^2):
	// a 4K frame, 33 MB of RGBA.
	MaxPixels = 3840 * 2160
)

// Options choose how a scene is drawn.
type Options struct {
	Width, Height int  // in CSS pixels; the SVG's size, and the PNG's times Scale
	Scale         int  // device pixels per CSS pixel of the PNG, 1 to MaxScale; 0 means 1
	Cloud         bool // draw every run, as the link's view=cloud; false draws run 0 alone (view=run)
	Present       bool // presenter mode, as the link's present=1: type and lines 1.6 times larger
}

// Check reports whether o describes a still this package draws.
func (o Options) Check() error {
	s := max(o.Scale, 1)
	switch {
	case o.Width < MinWidth || o.Width > MaxWidth:
		return fmt.Errorf("width %d outside [%d, %d]", o.Width, MinWidth, MaxWidth)
	case o.Height < MinHeight || o.Height > MaxHeight:
		return fmt.Errorf("height %d outside [%d, %d]", o.Height, MinHeight, MaxHeight)
	case o.Scale < 0 || o.Scale > MaxScale:
		return fmt.Errorf("scale %d outside [1, %d]", o.Scale, MaxScale)
	case o.Width*o.Height*s*s > MaxPixels:
		return fmt.Errorf("%dx%d at scale %d is more than %d pixels", o.Width, o.Height, s, MaxPixels)
	}
	return nil
}

// Scene is an experiment run to its last step, with what a still draws:
// the metric history and each lane's trail.
type Scene struct {
	cfg    sim.Config
	exp    *sim.Experiment
	hist   *sim.History
	trails []scene.Trail // per lane
}

// Simulate runs the experiment c describes to step c.Steps, keeping the
// history the monitor charts plot and the trails of run 0. It checks ctx
// every millisecond or so of work and gives up with ctx's error when it is
// done. It takes time in proportion to sim.Cost(c) + sim.HistoryCost(c)
// (package sim's cost model): bound that first.
func Simulate(ctx context.Context, c sim.Config) (*Scene, error) {
	exp, err := sim.New(c)
	if err != nil {
		return nil, err
	}
	s := &Scene{cfg: exp.Config(), exp: exp, hist: sim.NewHistory(exp, 0, 0)}
	lanes := exp.Lanes()
	s.trails = make([]scene.Trail, len(lanes))
	push := func() {
		for i, l := range lanes {
			s.trails[i].Push(l.Positions()[0])
		}
	}
	push()
	// About 2^16 run-steps between looks at the clock: a millisecond or so.
	next := 1 // the step before which to look next
	for n := 1; n <= c.Steps; n++ {
		if n == next {
			if err := ctx.Err(); err != nil {
				return nil, err
			}
			next = n + max(1, int(65536/sim.StepCost(c, n)))
		}
		exp.Step()
		s.hist.Observe()
		push()
	}
	return s, nil
}

// Config returns the scene's configuration.
func (s *Scene) Config() sim.Config { return s.exp.Config() }

// Step returns the step the scene shows.
func (s *Scene) Step() int { return s.exp.N() }
