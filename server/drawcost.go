package main

import (
	"noiseball/server/still"
	"noiseball/sim"
)

// Drawing costs of a still in run-steps, package sim's unit of work, so
// that a still's budget counts its drawing with its simulation. Measured
// by BenchmarkStillDrawCost on the team's 2-core machine, where a run-step
// took about 10 ns: a 3840x2160 PNG costs about 7e7 run-steps (0.7 s) to
// draw and encode, an SVG of the same size about 3e7; each dot of a cloud
// 40 to 60. The figures vary by about a factor 1.5 with the machine's
// load; these are from the upper half.
const (
	pngPixelCost = 8   // per device pixel of a PNG: shading, contours, encoding
	svgPixelCost = 3.5 // per CSS pixel of an SVG: the contours' polygons
	pngDotCost   = 60  // per dot of a cloud in a PNG
	svgDotCost   = 40  // per dot of a cloud in an SVG: its element
	drawFixed    = 3e5 // per still: type faces, charts, legend
)

// drawWork returns what drawing a still of cfg with options o costs, in
// run-steps: its pixels (device pixels for a PNG, CSS pixels for an SVG),
// the dots of its clouds, every run of every lane (run 0 alone with
// view=run), as if every one were in view, and a real model's loss
// sampled on its plane (still.LandscapeWork).
func drawWork(cfg sim.Config, o still.Options, svg bool) float64 {
	n := float64(dots(cfg, o))
	px := float64(o.Width * o.Height)
	land := still.LandscapeWork(cfg, o)
	if svg {
		return drawFixed + svgPixelCost*px + svgDotCost*n + land
	}
	s := float64(max(o.Scale, 1))
	return drawFixed + pngPixelCost*px*s*s + pngDotCost*n + land
}

// dots returns how many runs a still of cfg draws as dots: every run of
// every lane in a cloud, run 0 of each lane with view=run.
func dots(cfg sim.Config, o still.Options) int {
	if o.Cloud {
		return cfg.Runs * len(cfg.Lanes)
	}
	return len(cfg.Lanes)
}
