//go:build e2e

package e2e

import (
	"fmt"
	"image"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// The real models: each preset on one opens as a link, runs,
// draws its cloud on the plane through theta* with the training loss's
// contours, says in a line what the picture is, and its CSV equals the
// CLI's for the same link.
func TestRealModelPresetsDrawTheirPlaneAndEqualTheCLI(t *testing.T) {
	ctx := browser(t)
	open(t, ctx, "runs=1")
	for _, name := range []string{"linreg", "logreg", "mlp"} {
		t.Run(name, func(t *testing.T) {
			q, err := url.ParseQuery(presetQuery(t, ctx, name))
			if err != nil {
				t.Fatal(err)
			}
			// 100 steps, as TestPageNumbersEqualTheCLIs: a CSV of every step.
			q.Set("steps", "100")
			query := q.Encode()
			s := open(t, ctx, query+"&lang=en")
			if len(s.Errors) > 0 {
				t.Fatalf("errors %q", s.Errors)
			}
			waitLong(t, ctx, "the contours and step 100",
				`(s => s.contours && s.step === 100 && !s.playing)(JSON.parse(document.getElementById("game").contentWindow.noiseball.status()))`,
				90*time.Second)
			time.Sleep(300 * time.Millisecond) // the frame after the contours
			img := shot(t, ctx, "real-"+name)
			// The landscape (the left half of a wide canvas): contour bands
			// and lines, and lane 1's cloud in vermillion (#d55e00).
			b := img.Bounds()
			land := img.(interface {
				SubImage(image.Rectangle) image.Image
			}).SubImage(image.Rect(b.Min.X, b.Min.Y, b.Min.X+b.Dx()/2, b.Max.Y))
			if n := colours(land); n < 12 {
				t.Errorf("the landscape shows %d colours: no contours or no cloud", n)
			}
			if n := near(land, 0xd5, 0x5e, 0x00, 60); n < 50 {
				t.Errorf("%d pixels of lane 1's colour on the plane: no cloud to see", n)
			}
			if bands := landscapeBands(land); bands < 3 {
				t.Errorf("%d contour bands on the plane, want at least 3", bands)
			}
			caption := eval[string](t, ctx, `(e => e.hidden ? "" : e.textContent)(document.getElementById("plane-caption"))`)
			if !strings.Contains(caption, "slice through") || !strings.Contains(caption, "-dimensional") {
				t.Errorf("the caption under the canvas says %q, want a slice through the d-dimensional model", caption)
			}

			page, err := chromedp.Run(ctx, chromedp.Evaluate[string](
				`document.getElementById("game").contentWindow.noiseball.csv()`, chromedp.EvalAwaitPromise))
			if err != nil {
				t.Fatal(err)
			}
			want := cliOutput(t, "-link", query, "-steps", "100", "-every", "1")
			if !strings.Contains(strings.SplitN(want, "\n", 2)[0], "heldout_loss,heldout_acc") {
				t.Errorf("the CLI's header %.120q has no held-out columns", want)
			}
			sameCSV(t, page, want)
		})
	}
}

// landscapeBands counts the landscape's band colours: the colours that
// fill at least 1% of img each (a band is a large area of one colour; a
// cloud's dots and the lines are not).
func landscapeBands(img image.Image) int {
	counts := map[[3]uint32]int{}
	b := img.Bounds()
	n := 0
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			counts[[3]uint32{r >> 8, g >> 8, bl >> 8}]++
			n++
		}
	}
	bands := 0
	for _, c := range counts {
		if c*100 >= n {
			bands++
		}
	}
	return bands
}

// Choosing a real model in the menu drops the 2-D problem's settings that
// it has not (x0=, dist=), shows its own controls (the data set, and the
// hidden units for the MLP) with its defaults, and the game runs it
// without errors.
func TestChoosingARealModelShowsItsControls(t *testing.T) {
	ctx := browser(t)
	open(t, ctx, "x0=1,0.5&dist=exp&runs=20")
	hidden := func(id string) bool {
		return eval[bool](t, ctx, fmt.Sprintf(`document.getElementById(%q).closest("[data-when]")?.hidden ?? false`, id))
	}
	if !hidden("data") || !hidden("hidden") || hidden("x0-x") {
		t.Errorf("on the quadratic: data hidden %v, hidden units hidden %v, x0 hidden %v", hidden("data"), hidden("hidden"), hidden("x0-x"))
	}
	set(t, ctx, "problem", "mlp")
	s := waitFor(t, ctx, "the game to run the MLP", func(s status) bool { return strings.Contains(s.Link, "problem=mlp") && s.Step > 0 })
	if len(s.Errors) > 0 {
		t.Errorf("errors %q after choosing the MLP", s.Errors)
	}
	q := search(t, ctx)
	if q.Has("x0") || q.Has("dist") || q.Get("runs") != "20" {
		t.Errorf("the address after choosing the MLP is %v: want x0 and dist gone, runs kept", q)
	}
	if hidden("data") || hidden("hidden") || !hidden("x0-x") {
		t.Errorf("on the MLP: data hidden %v, hidden units hidden %v, x0 hidden %v", hidden("data"), hidden("hidden"), hidden("x0-x"))
	}
	if d, h, wd := value(t, ctx, "data"), value(t, ctx, "hidden"), value(t, ctx, "wd"); d != "digits" || h != "16" || wd != "0.001" {
		t.Errorf("the MLP's controls show data %q, hidden %q, wd %q; want its defaults digits, 16, 0.001", d, h, wd)
	}
	set(t, ctx, "hidden", "8")
	waitFor(t, ctx, "the game to take hidden=8", func(s status) bool { return strings.Contains(s.Link, "hidden=8") })
}
