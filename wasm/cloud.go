//go:build js && wasm

package main

import (
	"image"
	"math"

	"noiseball/sim/scene"
)

// cloudPixels merges a lane's runs that fall on the same pixel into one
// dot, at the first such run's place. Dots of one lane are alike, so k of
// them drawn at one place look like one dot as opaque as k: alpha
// 1-(1-a)^k. Around a noise ball 10,000 runs share a few thousand pixels,
// and on software WebGL each triangle cost about 0.8 µs of the GPU
// process's time: the probe's cloud took 25 ms of it a frame drawn run by
// run, 19 ms merged, and its frames stopped missing their vsync.
type cloudPixels struct {
	count []uint16     // runs per pixel of the plane, row by row
	order []int32      // the pixels with runs, in the order first reached
	first [][2]float32 // where the first run on each of them is
	bound image.Rectangle
}

// add counts the runs at pts that lie in bounds, the plane's pixels.
func (c *cloudPixels) add(pts []scene.Point, bounds image.Rectangle) {
	if c.bound != bounds {
		c.bound = bounds
		c.count = make([]uint16, bounds.Dx()*bounds.Dy())
	}
	c.order, c.first = c.order[:0], c.first[:0]
	w := bounds.Dx()
	x0, y0 := float32(bounds.Min.X), float32(bounds.Min.Y)
	x1, y1 := float32(bounds.Max.X), float32(bounds.Max.Y)
	for _, p := range pts {
		x, y := float32(p.X), float32(p.Y)
		if !(x >= x0 && x < x1 && y >= y0 && y < y1) { // off the plane, or NaN
			continue
		}
		i := int32(int(y-y0)*w + int(x-x0))
		if c.count[i] == 0 {
			c.order = append(c.order, i)
			c.first = append(c.first, [2]float32{x, y})
		}
		if c.count[i] < math.MaxUint16 {
			c.count[i]++
		}
	}
}

// dots adds one dot per pixel with runs to s, in style but as opaque as
// the runs there make it, and clears the counts for the next lane.
func (c *cloudPixels) dots(s *sprites, style dotStyle) {
	a := float64(style.a)
	for j, i := range c.order {
		d := style
		if k := c.count[i]; k > 1 {
			d.a = float32(1 - math.Pow(1-a, float64(k)))
		}
		s.dot(c.first[j][0], c.first[j][1], d)
		c.count[i] = 0
	}
	c.order, c.first = c.order[:0], c.first[:0]
}
