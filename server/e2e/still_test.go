//go:build e2e

package e2e

// A still (/render.png) is the picture the page's canvas shows: package
// sim/scene composes it once, and the Ebiten canvas and the PNG raster
// each draw it. These tests hold the two to that, pixel by pixel, up to
// the anti-aliasing in which they differ by design.

import (
	"fmt"
	"image"
	"image/color"
	"image/draw"
	"image/png"
	"math"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"noiseball/sim/scene"
)

// The comparison. The game's shapes are triangles without anti-aliasing:
// a line 1.6 pixels wide covers one or two whole rows, a dot is a small
// triangle. The raster's are anti-aliased: the same line spreads over two
// or three rows, the dot is a disc. Text is rasterized by the same font
// code in both. So the images are compared twice:
//
//   - Everywhere, blurred by a Gaussian of blurSigma pixels, which sums a
//     shape's ink over a few pixels whether or not it is anti-aliased: no
//     channel of a pixel may differ by more than blurTolerance (of 255).
//     Equal pictures were measured to differ by at most 64 (four lanes'
//     lines crossing, each rounded differently); a lane drawn in another
//     lane's colour by more than 150.
//   - On the plane (contours, marks, legend), pixel by pixel, allowing
//     each pixel to differ by as much as its channel varies over its 3x3
//     neighbourhood in both images: anti-aliasing changes pixels only at a
//     shape's edge, where both vary. At most edgePixels pixels may differ
//     by more than edgeTolerance beyond that. Equal pictures had at most 2
//     such pixels; a missing 13-pixel diagnosis mark in the legend (the
//     smallest mark) 14 or more, where the still is flat and the canvas is
//     not.
const (
	blurSigma     = 2.0
	blurTolerance = 80
	edgeTolerance = 80
	edgePixels    = 8
)

// blurred returns img's red, green and blue channels, each blurred by a
// Gaussian of standard deviation s pixels (cut at 3s), edges renormalized.
func blurred(img image.Image, s float64) [3][]float64 {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	r := int(math.Ceil(3 * s))
	k := make([]float64, 2*r+1)
	for i := range k {
		x := float64(i - r)
		k[i] = math.Exp(-x * x / (2 * s * s))
	}
	pass := func(src []float64, step, n, stride, count int) []float64 {
		dst := make([]float64, len(src))
		for line := 0; line < count; line++ {
			base := line * stride
			for i := 0; i < n; i++ {
				v, ws := 0.0, 0.0
				for j := max(0, i-r); j <= min(n-1, i+r); j++ {
					v += k[j-i+r] * src[base+j*step]
					ws += k[j-i+r]
				}
				dst[base+i*step] = v / ws
			}
		}
		return dst
	}
	var out [3][]float64
	for c := range out {
		ch := make([]float64, w*h)
		for y := 0; y < h; y++ {
			for x := 0; x < w; x++ {
				px := color.RGBAModel.Convert(img.At(b.Min.X+x, b.Min.Y+y)).(color.RGBA)
				ch[y*w+x] = float64([3]uint8{px.R, px.G, px.B}[c])
			}
		}
		out[c] = pass(pass(ch, 1, w, w, h), w, h, 1, w)
	}
	return out
}

// compare compares the canvas page with the still img (w x h) as above and
// returns what is wrong, or "", and the two measures.
func compare(page, img image.Image, w, h int) (why string, blur float64, edges int) {
	blur, at := blurredDifference(page, img)
	if blur > blurTolerance {
		why = fmt.Sprintf("blurred by %g pixels, they differ by %.0f of 255 at %v (at most %d)", blurSigma, blur, at, blurTolerance)
	}
	land, _ := scene.Layout(float64(w), float64(h), len(scene.MonitorTitles))
	plane := image.Rect(0, 0, int(land.X1), int(land.Y1))
	edges, first := edgeDifferences(page, img, plane)
	if edges > edgePixels && why == "" {
		why = fmt.Sprintf("on the plane, %d pixels differ by more than %d beyond their neighbourhood's range (at most %d may), first at %v", edges, edgeTolerance, edgePixels, first)
	}
	return why, blur, edges
}

// edgeDifferences counts the pixels of r where a channel of a and b
// differs by more than edgeTolerance beyond the least of its two ranges
// over the 3x3 neighbourhood, and returns the first.
func edgeDifferences(a, b image.Image, r image.Rectangle) (n int, first image.Point) {
	ra, rb := toRGBA(a), toRGBA(b)
	r = r.Intersect(ra.Bounds()).Intersect(rb.Bounds())
	spread := func(img *image.RGBA, x, y, c int) int {
		lo, hi := 255, 0
		for j := max(y-1, r.Min.Y); j <= min(y+1, r.Max.Y-1); j++ {
			for i := max(x-1, r.Min.X); i <= min(x+1, r.Max.X-1); i++ {
				v := int(img.Pix[img.PixOffset(i, j)+c])
				lo, hi = min(lo, v), max(hi, v)
			}
		}
		return hi - lo
	}
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			for c := range 3 {
				d := abs(int(ra.Pix[ra.PixOffset(x, y)+c]) - int(rb.Pix[rb.PixOffset(x, y)+c]))
				if d > edgeTolerance && d-min(spread(ra, x, y, c), spread(rb, x, y, c)) > edgeTolerance {
					if n == 0 {
						first = image.Pt(x, y)
					}
					n++
					break
				}
			}
		}
	}
	return n, first
}

// toRGBA returns img as an RGBA image with its origin at (0, 0).
func toRGBA(img image.Image) *image.RGBA {
	out := image.NewRGBA(image.Rect(0, 0, img.Bounds().Dx(), img.Bounds().Dy()))
	draw.Draw(out, out.Bounds(), img, img.Bounds().Min, draw.Src)
	return out
}

// blurredDifference returns the largest difference of a channel of a
// pixel of a and b, both blurred, and where it is.
func blurredDifference(a, b image.Image) (float64, image.Point) {
	w := a.Bounds().Dx()
	ba, bb := blurred(a, blurSigma), blurred(b, blurSigma)
	worst, at := 0.0, image.Point{}
	for c := range ba {
		for i := range ba[c] {
			if d := math.Abs(ba[c][i] - bb[c][i]); d > worst {
				worst, at = d, image.Pt(i%w, i/w)
			}
		}
	}
	return worst, at
}

// still fetches the server's PNG still of query at w x h CSS pixels and
// pixel ratio 1.
func still(t *testing.T, query string, w, h int) *image.RGBA {
	t.Helper()
	resp, err := http.Get(fmt.Sprintf("%s/render.png?%s&w=%d&h=%d&dpr=1", strings.TrimSuffix(baseURL, "/"), query, w, h))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Fatalf("/render.png?%s: %s", query, resp.Status)
	}
	img, err := png.Decode(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return toRGBA(img)
}

// canvasAt opens query in the page, waits until the game has stopped at
// step steps by itself and drawn a few more frames, and screenshots its
// canvas at the page's pixel ratio 1. It returns the canvas's size in CSS
// pixels too.
func canvasAt(t *testing.T, query string, steps int, name string) (image.Image, int, int) {
	t.Helper()
	ctx := browser(t)
	open(t, ctx, query)
	waitFor(t, ctx, fmt.Sprintf("the game to stop at step %d", steps), func(s status) bool { return s.Step == steps && !s.Playing })
	// In presenter mode the controls lie over the canvas until they fade
	// (2.5 s without a pointer move): the game may stop before that.
	waitLong(t, ctx, "the presenter's controls to fade", `!document.body.classList.contains("present") || (document.body.classList.contains("idle") && !document.querySelector(".transport").checkVisibility({opacityProperty: true}))`, 6*time.Second)
	settle(t, ctx)
	size := eval[[]int](t, ctx, `(() => { const f = document.getElementById("game").contentWindow; return [f.innerWidth, f.innerHeight, f.devicePixelRatio]; })()`)
	if size[2] != 1 {
		t.Fatalf("the page's pixel ratio is %d, want 1", size[2])
	}
	img := shot(t, ctx, name)
	if b := img.Bounds(); b.Dx() < size[0] || b.Dy() < size[1] {
		t.Fatalf("the canvas screenshot is %v, the canvas %dx%d", b, size[0], size[1])
	}
	crop := img.(subImager).SubImage(image.Rect(0, 0, size[0], size[1]).Add(img.Bounds().Min))
	return crop, size[0], size[1]
}

// saveShot writes img into $E2E_SHOTS, when that is set.
func saveShot(name string, img image.Image) {
	if dir := os.Getenv("E2E_SHOTS"); dir != "" {
		f, err := os.Create(filepath.Join(dir, name+".png"))
		if err == nil {
			png.Encode(f, img)
			f.Close()
		}
	}
}

func TestStillEqualsTheCanvas(t *testing.T) {
	tests := []struct {
		name  string
		query string
		steps int
		k     float64 // the scale of type and marks
	}{
		// Two lanes' clouds, trails, bands, a dashed theory line and
		// Adam's step bound.
		{"two-lanes", "runs=300&steps=400&opt2=sgd", 400, 1},
		// Four lanes in presenter mode, run 0 alone.
		{"present", "runs=50&steps=300&opt2=sgd&opt3=rmsprop&opt4=momentum&present=1&view=run", 300, scene.PresentScale},
		// A loss that passes through subnormal numbers on its way to 0:
		// the loss chart's log axis must show it, not a blank.
		{"subnormal", "lr=10&opt=adagrad&eps=0&sigma=0&steps=3000&speed=100", 3000, 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			page, w, h := canvasAt(t, tt.query, tt.steps, "still-page-"+tt.name)
			img := still(t, tt.query, w, h)
			saveShot("still-png-"+tt.name, img)
			if img.Bounds().Dx() != w || img.Bounds().Dy() != h {
				t.Fatalf("the still is %v, want %dx%d", img.Bounds(), w, h)
			}
			if tt.name == "subnormal" {
				// The page's loss chart draws the loss, not a blank.
				_, charts := scene.Layout(float64(w), float64(h), len(scene.MonitorTitles))
				r := charts[0]
				c := scene.LaneColor(0)
				if n := near(page.(subImager).SubImage(image.Rect(int(r.X0), int(r.Y0), int(r.X1), int(r.Y1))), int(c.R), int(c.G), int(c.B), 24); n < 50 {
					t.Errorf("the page's loss chart has %d pixels of the lane's colour: it is blank", n)
				}
			}
			why, blur, edges := compare(page, img, w, h)
			t.Logf("%dx%d: blurred difference %.1f, %d pixels differ beyond their edges", w, h, blur, edges)
			if why != "" {
				t.Errorf("the still is not the canvas: %s", why)
			}
			// The comparison sees what a still that drifted would get wrong.
			for _, m := range mutations {
				changed := m.change(img, tt.k)
				saveShot("still-png-"+tt.name+"-"+strings.ReplaceAll(m.name, " ", "-"), changed)
				why, blur, edges := compare(page, changed, w, h)
				t.Logf("%s: blurred difference %.1f, %d pixels differ beyond their edges", m.name, blur, edges)
				if why == "" {
					t.Errorf("a still with %s passes for the canvas", m.name)
				}
			}
		})
	}
}

// A mutation changes a still as a drift of the drawing code would.
type mutation struct {
	name   string
	change func(img *image.RGBA, k float64) *image.RGBA
}

var mutations = []mutation{
	{"lane 1 in lane 4's colour", func(img *image.RGBA, k float64) *image.RGBA {
		// Every pixel of lane 1's colour, or blended from it, moves
		// towards lane 4's by as much as it is lane 1's.
		out := image.NewRGBA(img.Bounds())
		copy(out.Pix, img.Pix)
		from, to := scene.LaneColor(0), scene.LaneColor(3)
		for i := 0; i < len(out.Pix); i += 4 {
			p := out.Pix[i : i+3 : i+3]
			if abs(int(p[0])-int(from.R))+abs(int(p[1])-int(from.G))+abs(int(p[2])-int(from.B)) < 24 {
				p[0], p[1], p[2] = to.R, to.G, to.B
			}
		}
		return out
	}},
	{"no diagnosis mark in the legend", func(img *image.RGBA, k float64) *image.RGBA {
		// The mark is lane 1's line's last glyph: the ink after the
		// last gap of more than four pixels on the line, which starts
		// at 28 (of k) after a dot (scene's legend).
		out := image.NewRGBA(img.Bounds())
		copy(out.Pix, img.Pix)
		y0, y1 := int(12*k), int(12*k+13*k*1.2)
		ink := func(x int) bool {
			for y := y0; y < y1; y++ {
				if c := out.RGBAAt(x, y); int(c.R)+int(c.G)+int(c.B) < 3*150 {
					return true
				}
			}
			return false
		}
		// The line's ink ends at the first gap wider than 20 pixels.
		right, gap := int(28*k), 0
		for x := right; gap < int(20*k); x++ {
			if ink(x) {
				right, gap = x, 0
			} else {
				gap++
			}
		}
		left := right
		for x, gap := right, 0; gap <= int(4*k); x-- {
			if ink(x) {
				left, gap = x, 0
			} else {
				gap++
			}
		}
		bg := out.RGBAAt(right+2, y0)
		draw.Draw(out, image.Rect(left-1, y0, right+2, y1), image.NewUniform(bg), image.Point{}, draw.Src)
		return out
	}},
}
