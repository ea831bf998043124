package still

import (
	"context"

	"noiseball/sim"
	"noiseball/sim/scene"
)

// picture returns the scene as package scene composes it on a w x h
// canvas (CSS pixels), as the game draws its screen.
func (s *Scene) picture(w, h float64, o Options) *scene.Picture {
	k := 1.0
	if o.Present {
		k = scene.PresentScale
	}
	st := scene.State{Config: s.cfg, Exp: s.exp, Hist: s.hist, Trails: s.trails, Cloud: o.Cloud}
	return &scene.Picture{State: st, Frame: scene.NewFrame(st, w, h, k)}
}

// draw draws the scene on cv, a canvas of o's size. It checks ctx between
// the picture's parts, and while it samples a real model's loss on its
// plane, and returns its error when it is done.
func (s *Scene) draw(ctx context.Context, cv scene.Canvas, o Options) error {
	p := s.picture(float64(o.Width), float64(o.Height), o)
	if g := scene.LossGridFor(s.cfg.Problem, p.View); g != nil {
		if !g.Fill(s.exp.Surface(), func() bool { return ctx.Err() == nil }) {
			return ctx.Err()
		}
		p.Grid = g
	}
	return p.Draw(ctx, cv)
}

// LandscapeWork returns what sampling the landscape of a still of c with
// options o costs, in run-steps (sim.LossGridCost): a real model's loss on
// its plane at the nodes of its grid (scene.LossGridFor); 0 for the 2-D
// problems, whose landscape the drawing's cost per pixel covers.
func LandscapeWork(c sim.Config, o Options) float64 {
	if !c.Problem.Kind.Real() {
		return 0
	}
	land, _ := scene.Layout(float64(o.Width), float64(o.Height), len(scene.Monitors(c)))
	return sim.LossGridCost(c.Problem, scene.LossGridNodes(c.Problem, int(land.Dx()), int(land.Dy())))
}
