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
func ContourLevels(p sim.Problem, v View) []float64 {
	corners := []sim.Vec{v.ToPlane(0, 0), v.ToPlane(float64(v.W), 0), v.ToPlane(0, float64(v.H)), v.ToPlane(float64(v.W), float64(v.H))}
	hi := 0.0
	for _, c := range corners {
		hi = math.Max(hi, p.LossGap(c))
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
	band := make([]int, v.W*v.H)
	for y := 0; y < v.H; y++ {
		for x := 0; x < v.W; x++ {
			l := p.LossGap(v.ToPlane(float64(x)+0.5, float64(y)+0.5))
			band[y*v.W+x] = bandOf(l, levels)
		}
	}
	n := float64(len(levels))
	line := color.RGBA{0x6b, 0x7a, 0x8f, 255}
	for y := 0; y < v.H; y++ {
		for x := 0; x < v.W; x++ {
			b := band[y*v.W+x]
			c := Landscape.At(float64(b) / n)
			if (x+1 < v.W && band[y*v.W+x+1] != b) || (y+1 < v.H && band[(y+1)*v.W+x] != b) {
				c = blend(c, line, 0.55)
			}
			img.SetRGBA(x, y, c)
		}
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
