package still

import (
	"bytes"
	"context"
	"errors"
	"image/png"
	"math"
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
	pa, _ := a.PNG(o)
	pb, _ := b.PNG(o)
	sa, _ := a.SVG(o, "t")
	sb, _ := b.SVG(o, "t")
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
		tr := s.trails[i]
		if len(tr) != TrailLength || tr[len(tr)-1] != l.Positions()[0] || tr[len(tr)-2] != l.Previous()[0] {
			t.Errorf("lane %d: trail of %d ending %v, want %d ending at run 0's position %v", i+1, len(tr), tr[len(tr)-1], TrailLength, l.Positions()[0])
		}
	}
	short := simulate(t, "steps=3")
	if tr := short.trails[0]; len(tr) != 4 || tr[0] != short.cfg.X0 {
		t.Errorf("3 steps: trail %v, want the start and three steps", tr)
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
	// SGD with gamma h = 40 diverges at once.
	s := simulate(t, "opt=sgd&lr=10&runs=20&steps=50&opt2=adam")
	o := Options{Width: 600, Height: 400, Cloud: true}
	svg, err := s.SVG(o, "diverged")
	if err != nil {
		t.Fatal(err)
	}
	text := string(svg)
	for _, want := range []string{`stroke="#c02020"`, "sgd \u00a0γ=10 \u00a0 ∞ 20", `id="cloud-2"`} {
		if !strings.Contains(text, want) {
			t.Errorf("the SVG lacks %q", want)
		}
	}
	_, cloud, _ := strings.Cut(text, `<g id="cloud-1">`)
	if cloud, _, _ = strings.Cut(cloud, "</g>"); strings.Contains(cloud, "<circle") {
		t.Errorf("diverged runs are drawn in the cloud: %.200s", cloud)
	}
	if _, err := s.PNG(o); err != nil {
		t.Fatal(err)
	}
	o.Cloud = false
	svg, _ = s.SVG(o, "run")
	if strings.Contains(string(svg), `id="cloud-`) {
		t.Error("view=run draws the clouds")
	}
}

func TestImage(t *testing.T) {
	s := simulate(t, "runs=200&steps=300")
	img := s.Image(Options{Width: 640, Height: 360, Scale: 2, Cloud: true})
	if b := img.Bounds(); b.Dx() != 1280 || b.Dy() != 720 {
		t.Fatalf("image %v", b)
	}
	// The chart column's background is paper; the legend's lane dot is
	// the lane's colour.
	if got := img.RGBAAt(1279, 1); got != paper {
		t.Errorf("top right pixel %v, want paper %v", got, paper)
	}
	if got := img.RGBAAt(34, 37); got != scene.LaneColors[0] {
		t.Errorf("legend dot %v, want %v", got, scene.LaneColors[0])
	}
	b, err := s.PNG(Options{Width: 640, Height: 360, Cloud: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, err := png.Decode(bytes.NewReader(b)); err != nil {
		t.Fatal(err)
	}
	if _, err := s.PNG(Options{Width: 10, Height: 360}); err == nil {
		t.Error("a 10-pixel-wide still")
	}
}

func TestDashes(t *testing.T) {
	pieces := dashes([]scene.Point{{X: 0, Y: 0}, {X: 10, Y: 0}, {X: 10, Y: 10}}, 4)
	// 20 pixels of line: on 0-4, 8-12 (round the corner) and 16-20.
	if len(pieces) != 3 {
		t.Fatalf("%d dashes: %v", len(pieces), pieces)
	}
	total := 0.0
	for _, p := range pieces {
		for i := 1; i < len(p); i++ {
			total += math.Hypot(p[i].X-p[i-1].X, p[i].Y-p[i-1].Y)
		}
	}
	if math.Abs(total-12) > 1e-9 {
		t.Errorf("dashes cover %g pixels, want 12", total)
	}
	if got := pieces[1]; len(got) != 3 || got[0] != (scene.Point{X: 8, Y: 0}) || got[1] != (scene.Point{X: 10, Y: 0}) || got[2] != (scene.Point{X: 10, Y: 2}) {
		t.Errorf("the dash round the corner is %v", got)
	}
}
