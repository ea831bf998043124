package scene

import (
	"image/color"
	"math"
	"slices"
)

// Colormap maps t in [0, 1] to a colour by linear interpolation between
// evenly spaced stops.
type Colormap []color.RGBA

// At returns the colour at t, clamping t to [0, 1].
func (m Colormap) At(t float64) color.RGBA {
	if math.IsNaN(t) || t <= 0 {
		return m[0]
	}
	if t >= 1 {
		return m[len(m)-1]
	}
	f := t * float64(len(m)-1)
	i := int(f)
	u := f - float64(i)
	a, b := m[i], m[i+1]
	mix := func(x, y uint8) uint8 { return uint8(math.Round(float64(x) + u*(float64(y)-float64(x)))) }
	return color.RGBA{mix(a.R, b.R), mix(a.G, b.G), mix(a.B, b.B), 255}
}

// landscapeRamp is a light, low-contrast ramp from pale blue-white at the
// minimum to sand at high loss, so the lane colours drawn on top stay clear.
var landscapeRamp = Colormap{
	{0xf7, 0xfb, 0xff, 255},
	{0xde, 0xeb, 0xf7, 255},
	{0xc6, 0xdb, 0xef, 255},
	{0xd9, 0xe4, 0xd3, 255},
	{0xee, 0xe6, 0xc4, 255},
	{0xf3, 0xd9, 0xb1, 255},
}

// laneColors are the lanes' colours, from Okabe and Ito's colour-blind-safe
// palette.
var laneColors = [...]color.RGBA{
	{0xd5, 0x5e, 0x00, 255}, // vermillion
	{0x00, 0x72, 0xb2, 255}, // blue
	{0x00, 0x9e, 0x73, 255}, // bluish green
	{0xcc, 0x79, 0xa7, 255}, // reddish purple
}

// LaneColor returns lane k's colour (k from 0), the palette repeating
// after four lanes.
func LaneColor(k int) color.RGBA { return laneColors[k%len(laneColors)] }

// LaneColors returns the palette of LaneColor, lane 1's colour first.
func LaneColors() []color.RGBA { return slices.Clone(laneColors[:]) }

// darker returns c at 60% of its brightness: the colour of a lane's
// dashed theory line and of its Polyak average.
func darker(c color.RGBA) color.RGBA {
	return color.RGBA{uint8(float64(c.R) * 0.6), uint8(float64(c.G) * 0.6), uint8(float64(c.B) * 0.6), 255}
}

// The colours of the frame around the plots.
var (
	Ink      = color.RGBA{0x22, 0x22, 0x22, 255} // text and marks
	Muted    = color.RGBA{0x5f, 0x63, 0x68, 255} // tick labels, frames, secondary marks
	Gridline = color.RGBA{0xd8, 0xda, 0xdf, 255} // chart grid
	Paper    = color.RGBA{0xfb, 0xfb, 0xfa, 255} // chart background
	Diverged = color.RGBA{0xc0, 0x20, 0x20, 255} // a run that diverged
)

// viridis is the perceptually uniform, colour-blind-safe ramp of
// matplotlib's viridis (van der Walt and Smith), by six of its stops: dark
// violet for low values to yellow for high ones. Heat maps use it.
var viridis = Colormap{
	{0x44, 0x01, 0x54, 255},
	{0x41, 0x44, 0x87, 255},
	{0x2a, 0x78, 0x8e, 255},
	{0x22, 0xa8, 0x84, 255},
	{0x7a, 0xd1, 0x51, 255},
	{0xfd, 0xe7, 0x25, 255},
}
