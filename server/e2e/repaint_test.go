//go:build e2e

package e2e

// The game repaints only the parts of the canvas that changed since the last
// frame (wasm/damage.go). These tests hold it to the obvious truth: the
// canvas built up that way, frame after frame, with the cloud moving and the
// pointer's readouts coming and going, is the canvas a full repaint draws.

import (
	"context"
	"fmt"
	"image"
	"testing"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
)

// frameRect returns where the game's frame is on the page, in CSS pixels.
func frameRect(t *testing.T, ctx context.Context) (x, y, w, h float64) {
	t.Helper()
	r := eval[[]float64](t, ctx, `(() => { const r = document.getElementById("game").getBoundingClientRect(); return [r.x, r.y, r.width, r.height]; })()`)
	return r[0], r[1], r[2], r[3]
}

// moveMouse moves the mouse to (x, y) on the page and lets the game draw a
// few frames there.
func moveMouse(t *testing.T, ctx context.Context, x, y float64) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, x, y)); err != nil {
		t.Fatal(err)
	}
	settle(t, ctx)
}

// settle waits until the game has drawn a dozen more frames, enough for the
// charts' redraw every few frames to catch up.
func settle(t *testing.T, ctx context.Context) {
	t.Helper()
	s, _, err := gameStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "a dozen frames", func(n status) bool { return n.Frames >= s.Frames+12 })
}

func TestRepaintOfChangesEqualsAFullRepaint(t *testing.T) {
	ctx := browser(t)
	// A cloud that crosses the plane from the start point to the noise ball,
	// and a schedule that changes the legend's learning rate every step.
	open(t, ctx, "runs=2000&view=cloud&speed=4&sched=poly&p=0.6")
	fx, fy, fw, fh := frameRect(t, ctx)

	// While it runs, the pointer's readouts come and go: on the plane, on a
	// chart, then nowhere: above the first chart, beside its title.
	for _, at := range [][2]float64{{0.2, 0.3}, {0.35, 0.6}, {0.75, 0.15}, {0.8, 0.5}, {0.3, 0.8}} {
		moveMouse(t, ctx, fx+at[0]*fw, fy+at[1]*fh)
	}
	hover := shot(t, ctx, "repaint-hover")
	moveMouse(t, ctx, fx+0.9*fw, fy+4)
	waitFor(t, ctx, "step 200", func(s status) bool { return s.Step >= 200 })
	eval[any](t, ctx, `document.getElementById("game").contentWindow.noiseball.pause()`)
	settle(t, ctx)
	// Paused, the charts are not redrawn: only the readout's own repaint
	// can take it away again.
	moveMouse(t, ctx, fx+0.8*fw, fy+0.5*fh)
	moveMouse(t, ctx, fx+0.9*fw, fy+4)
	built := shot(t, ctx, "repaint-built")
	// The readout on the plane, at 30% across and 80% down, is gone.
	box := image.Rect(int(0.3*fw)+20, int(0.8*fh)+20, int(0.3*fw)+40, int(0.8*fh)+26)
	if n := changed(hover.(subImager).SubImage(box), built.(subImager).SubImage(box)); n < 20 {
		t.Errorf("only %d pixels changed where the plane's readout was; want it gone", n)
	}

	// A new size is a new scene: every pixel is drawn again. Back at the
	// first size, the full repaint must equal what the changes built.
	eval[any](t, ctx, `document.getElementById("game").style.height = "300px"`)
	settle(t, ctx)
	eval[any](t, ctx, `document.getElementById("game").style.height = ""`)
	settle(t, ctx)
	full := shot(t, ctx, "repaint-full")
	if full.Bounds() != built.Bounds() {
		t.Fatalf("the frame is %v after the resize, %v before", full.Bounds(), built.Bounds())
	}
	if n := changed(built, full); n > 0 {
		t.Errorf("%d pixels differ between the canvas built from changes and a full repaint, first at %v", n, firstDifference(built, full))
	}
}

type subImager interface {
	SubImage(image.Rectangle) image.Image
}

// firstDifference returns the first pixel, row by row, where a and b differ.
func firstDifference(a, b image.Image) string {
	r := a.Bounds()
	for y := r.Min.Y; y < r.Max.Y; y++ {
		for x := r.Min.X; x < r.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				return fmt.Sprintf("(%d, %d): %v then %v", x, y, a.At(x, y), b.At(x, y))
			}
		}
	}
	return "nowhere"
}
