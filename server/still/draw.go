package still

import (
	"context"

	"noiseball/sim/scene"
)

// picture returns the scene as package scene composes it on a w x h
// canvas (CSS pixels), as the game draws its screen.
func (s *Scene) picture(w, h float64, o Options) *scene.Picture {
	k := 1.0
	if o.Present {
		k = scene.PresentScale
	}
	return &scene.Picture{
		State: scene.State{Config: s.cfg, Exp: s.exp, Hist: s.hist, Trails: s.trails, Cloud: o.Cloud},
		Frame: scene.NewFrame(s.cfg, w, h, k),
	}
}

// draw draws the scene on cv, a canvas of o's size. It checks ctx between
// the picture's parts and returns its error when it is done.
func (s *Scene) draw(ctx context.Context, cv scene.Canvas, o Options) error {
	return s.picture(float64(o.Width), float64(o.Height), o).Draw(ctx, cv)
}
