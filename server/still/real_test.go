package still

import (
	"context"
	"image"
	"strings"
	"testing"

	"noiseball/sim"
	"noiseball/sim/scene"
)

// A still of a real model draws its plane's contours, sampled within the
// request (LandscapeWork counts them), and its held-out charts.
func TestRealModelStill(t *testing.T) {
	s := simulate(t, "problem=logreg&runs=50&steps=300&opt2=sgd")
	o := Options{Width: 800, Height: 450, Cloud: true}
	img, err := s.Image(context.Background(), o)
	if err != nil {
		t.Fatal(err)
	}
	land, _ := scene.Layout(800, 450, len(scene.Monitors(s.cfg)))
	if n := bigColours(img.SubImage(image.Rect(0, 0, int(land.Dx()), int(land.Dy()))).(*image.RGBA)); n < 3 {
		t.Errorf("%d contour bands on the plane, want at least 3", n)
	}
	svg, err := s.SVG(context.Background(), o, "t")
	if err != nil {
		t.Fatal(err)
	}
	// A narrow chart marks the approximate oracle 9 with ≈ alone.
	for _, want := range []string{"held-out accuracy", "held-out L(θₙ)", "≈"} {
		if !strings.Contains(string(svg), want) {
			t.Errorf("the SVG has no %q", want)
		}
	}
	// A request cancelled while the landscape is sampled stops.
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	if _, err := s.Image(ctx, o); err == nil {
		t.Error("a cancelled still was drawn")
	}
}

func TestLandscapeWork(t *testing.T) {
	o := Options{Width: 1200, Height: 630}
	if w := LandscapeWork(sim.Default(), o); w != 0 {
		t.Errorf("a 2-D problem's landscape costs %g run-steps to sample", w)
	}
	for _, k := range sim.ModelKinds() {
		c := sim.Default()
		c.Problem = sim.ModelProblem(k)
		c.Lanes = []sim.LaneConfig{sim.DefaultLaneFor(c.Problem)}
		land, _ := scene.Layout(1200, 630, len(scene.Monitors(c)))
		nodes := scene.LossGridNodes(c.Problem, int(land.Dx()), int(land.Dy()))
		if got, want := LandscapeWork(c, o), sim.LossGridCost(c.Problem, nodes); got != want || nodes < 16 || got <= 0 {
			t.Errorf("%s: %g run-steps for %d nodes, want %g", k, got, nodes, want)
		}
	}
}

// bigColours counts the colours that fill at least 1% of img each: the
// landscape's bands, not the dots and lines over them.
func bigColours(img *image.RGBA) int {
	counts := map[[3]uint8]int{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := img.RGBAAt(x, y)
			counts[[3]uint8{c.R, c.G, c.B}]++
		}
	}
	n := 0
	for _, c := range counts {
		if c*100 >= b.Dx()*b.Dy() {
			n++
		}
	}
	return n
}
