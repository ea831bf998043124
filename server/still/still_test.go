package still

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"strings"
	"testing"
	"time"

	"noiseball/sim/link"
	"noiseball/sim/scene"
)

func simulate(t *testing.T, query string) *Scene {
	t.Helper()
	c, err := link.Parse(query)
	if err != nil {
		t.Fatal(err)
	}
	s, err := Simulate(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestOptionsCheck(t *testing.T) {
	tests := []struct {
		o    Options
		want string // "" if fine
	}{
		{Options{Width: 1200, Height: 630}, ""},
		{Options{Width: 1200, Height: 630, Scale: 3}, ""},
		{Options{Width: 199, Height: 630}, "width 199"},
		{Options{Width: 1200, Height: 2161}, "height 2161"},
		{Options{Width: 1200, Height: 630, Scale: 4}, "scale 4"},
		{Options{Width: 3840, Height: 2160, Scale: 2}, "pixels"},
	}
	for _, tt := range tests {
		err := tt.o.Check()
		if (err == nil) != (tt.want == "") || (err != nil && !strings.Contains(err.Error(), tt.want)) {
			t.Errorf("%+v.Check() = %v, want %q", tt.o, err, tt.want)
		}
	}
}

// TestDeterministic draws the same link twice: a still depends on its
// link alone, so the server's cache and ETags are sound.
func TestDeterministic(t *testing.T) {
	const q = "runs=30&steps=400&opt2=sgd&dist=exp"
	o := Options{Width: 500, Height: 400, Cloud: true}
	a, b := simulate(t, q), simulate(t, q)
	pa, _ := a.PNG(context.Background(), o)
	pb, _ := b.PNG(context.Background(), o)
	sa, _ := a.SVG(context.Background(), o, "t")
	sb, _ := b.SVG(context.Background(), o, "t")
	if !bytes.Equal(pa, pb) || !bytes.Equal(sa, sb) {
		t.Error("the same link drew different stills")
	}
}

func TestSimulate(t *testing.T) {
	s := simulate(t, "runs=5&steps=250&opt2=sgd")
	if s.Step() != 250 || len(s.trails) != 2 {
		t.Fatalf("step %d, %d trails", s.Step(), len(s.trails))
	}
	for i, l := range s.exp.Lanes() {
		tr := &s.trails[i]
		n := tr.Len()
		if n != scene.TrailLength || tr.At(n-1) != l.Positions()[0] || tr.At(n-2) != l.Previous()[0] {
			t.Errorf("lane %d: trail of %d ending %v, want %d ending at run 0's position %v", i+1, n, tr.At(n-1), scene.TrailLength, l.Positions()[0])
		}
	}
	short := simulate(t, "steps=3")
	if tr := &short.trails[0]; tr.Len() != 4 || tr.At(0) != short.cfg.X0 {
		t.Errorf("3 steps: trail of %d from %v, want the start and three steps", tr.Len(), tr.At(0))
	}
}

func TestSimulateStops(t *testing.T) {
	c, _ := link.Parse("runs=10000&steps=100000000")
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, err := Simulate(ctx, c)
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Fatalf("Simulate = %v, want the deadline", err)
	}
	if d := time.Since(start); d > time.Second {
		t.Errorf("Simulate stopped %v after its deadline of 30ms", d)
	}
}

func TestViewAndDivergence(t *testing.T) {
	// SGD with gamma h = 40 diverges at once, and run 0 stops far out of
	// view: no mark of it is written (scene's tests draw one in view).
	s := simulate(t, "opt=sgd&lr=10&runs=20&steps=50&opt2=adam")
	o := Options{Width: 600, Height: 400, Cloud: true}
	svg, err := s.SVG(context.Background(), o, "diverged")
	if err != nil {
		t.Fatal(err)
	}
	text := string(svg)
	for _, want := range []string{"SGD \u00a0γ=10 \u00a0∞ \u00a0 ∞ 20", `id="cloud-2"`} {
		if !strings.Contains(text, want) {
			t.Errorf("the SVG lacks %q", want)
		}
	}
	if strings.Contains(text, `stroke="#c02020"`) {
		t.Error("the SVG marks a run 0 that diverged far out of view")
	}
	_, cloud, _ := strings.Cut(text, `<g id="cloud-1">`)
	if cloud, _, _ = strings.Cut(cloud, "</g>"); strings.Contains(cloud, "<circle") {
		t.Errorf("diverged runs are drawn in the cloud: %.200s", cloud)
	}
	if _, err := s.PNG(context.Background(), o); err != nil {
		t.Fatal(err)
	}
	o.Cloud = false
	svg, _ = s.SVG(context.Background(), o, "run")
	if strings.Contains(string(svg), `id="cloud-`) {
		t.Error("view=run draws the clouds")
	}
}

func TestImage(t *testing.T) {
	s := simulate(t, "runs=200&steps=300")
	img, err := s.Image(context.Background(), Options{Width: 640, Height: 360, Scale: 2, Cloud: true})
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 720 {
		t.Fatalf("image %v", b)
	}
	// The chart column's background is paper; the legend's lane dot is
	// the lane's colour.
	if got := img.RGBAAt(1279, 1); got != scene.Paper {
		t.Errorf("top right pixel %v, want paper %v", got, scene.Paper)
	}
	if got := img.RGBAAt(34, 37); got != scene.LaneColor(0) {
		t.Errorf("legend dot %v, want %v", got, scene.LaneColor(0))
	}
	b, err := s.PNG(context.Background(), Options{Width: 640, Height: 360, Cloud: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PNG(context.Background(), Options{Width: 10, Height: 360}); err == nil {
		t.Error("a 10-pixel-wide still")
	}
}
