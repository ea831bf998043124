package scene

import (
	"context"
	"errors"
	"fmt"
	"image/color"
	"math"
	"slices"
	"strings"
	"testing"

	"noiseball/sim"
	"noiseball/sim/link"
)

// picture runs the link query for its steps and returns its picture on a
// w x h canvas at scale k, with the trails a game would keep.
func picture(t testing.TB, query string, w, h, k float64) *Picture {
	t.Helper()
	c, err := link.Parse(query)
	if err != nil {
		t.Fatal(err)
	}
	e, err := sim.New(c)
	if err != nil {
		t.Fatal(err)
	}
	hist := sim.NewHistory(e, 0, 0)
	trails := make([]Trail, len(c.Lanes))
	push := func() {
		for i, l := range e.Lanes() {
			trails[i].Push(l.Positions()[0])
		}
	}
	push()
	for range c.Steps {
		e.Step()
		hist.Observe()
		push()
	}
	st := State{Config: c, Exp: e, Hist: hist, Trails: trails, Cloud: true}
	return &Picture{State: st, Frame: NewFrame(st, w, h, k)}
}

func TestPictureDrawsEveryPart(t *testing.T) {
	p := picture(t, "runs=50&steps=300&opt2=sgd", 900, 500, 1)
	var rec recorder
	if err := p.Draw(context.Background(), &rec); err != nil {
		t.Fatal(err)
	}
	for _, id := range []string{"landscape", "cloud-1", "cloud-2", "trail-1", "trail-2", "markers", "iterates", "axes", "legend", "chart-1", "chart-5"} {
		if !slices.Contains(rec.groups, id) {
			t.Errorf("no group %q in %q", id, rec.groups)
		}
	}
	// 49 runs a lane in the cloud (run 0 apart), each lane's colour.
	for i := range 2 {
		if n := rec.count("dots 49 3 " + fmt.Sprint(LaneColor(i))); n != 1 {
			t.Errorf("lane %d: %d clouds of 49 dots in its colour (calls %q)", i+1, n, rec.calls)
		}
	}
	// The legend: each lane's optimizer, rate and diagnosis, then the step.
	lines := p.LegendLines(nil)
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "Adam  γ=0.05  ") || !strings.HasPrefix(lines[1], "SGD  γ=0.05  ") || lines[2] != "n = 300" {
		t.Errorf("legend %q", lines)
	}
	for i, l := range lines[:2] {
		mark := StatusMark(p.Exp.Diagnostics(i).Status)
		if !strings.HasSuffix(l, "  "+mark) || rec.count(`text "`+l+`"`) != 1 {
			t.Errorf("lane %d's legend line %q does not end in its mark %q, or is not written once", i+1, l, mark)
		}
	}
	// Five charts, each with its title.
	for _, title := range MonitorTitles {
		if rec.count(`text "`+title+`"`) != 1 {
			t.Errorf("chart %q is not titled once", title)
		}
	}
}

func TestLegendPanelFitsItsLines(t *testing.T) {
	p := picture(t, "runs=20&steps=50&opt=sgd&lr=10", 900, 500, 1)
	var rec recorder
	lines := p.LegendLines(nil)
	if !strings.Contains(lines[0], "∞ 20") {
		t.Fatalf("legend %q does not count the 20 diverged runs", lines)
	}
	panel := p.LegendPanel(&rec, lines)
	if panel.Dx() < legendWidth {
		t.Errorf("panel %v narrower than %g", panel, legendWidth)
	}
	long := []string{strings.Repeat("x", 60), "n = 1"}
	wide := p.LegendPanel(&rec, long)
	// The text starts 28 pixels into the plane; the panel ends after it.
	if end := 12 + 16 + rec.TextWidth(long[0], legendPx); wide.X1 < end {
		t.Errorf("panel %v ends before its line does, at %g", wide, end)
	}
	if wide.X0 != float64(int(wide.X0)) || wide.X1 != float64(int(wide.X1)) || wide.Y1 != float64(int(wide.Y1)) {
		t.Errorf("panel %v not on whole pixels", wide)
	}
	// Presenter mode scales it.
	p.Frame = NewFrame(p.State, 900, 500, PresentScale)
	if big := p.LegendPanel(&rec, lines); big.Dy() < PresentScale*panel.Dy()-1 {
		t.Errorf("presenter panel %v, plain %v", big, panel)
	}
}

func TestDivergedRunZeroIsMarkedWhereItStopped(t *testing.T) {
	// SGD with gamma h = 40 diverges at once; run 0 stops far off, so the
	// view is widened to hold it.
	p := picture(t, "runs=20&steps=50&opt=sgd&lr=10", 900, 500, 1)
	l := p.Exp.Lanes()[0]
	if l.DivergedAt(0) == 0 {
		t.Fatal("run 0 did not diverge")
	}
	var rec recorder
	p.DrawIterates(&rec)
	if rec.count("ring") != 0 {
		t.Errorf("a mark of a run 0 far out of view: %q", rec.calls)
	}
	q := l.Positions()[0]
	p.View.Center, p.View.HalfWidth = q, 1
	rec = recorder{}
	p.DrawIterates(&rec)
	if rec.count("ring 7 2 "+fmt.Sprint(Diverged)) != 1 || rec.count("line 2 2 "+fmt.Sprint(Diverged)) != 2 {
		t.Errorf("no red ring and cross at a diverged run 0: %q", rec.calls)
	}
	x, y := p.at(q)
	if rec.points[0].p != (Point{x, y}) {
		t.Errorf("the ring is at %v, run 0 at (%g, %g)", rec.points[0].p, x, y)
	}
	// Diverged runs are left out of the cloud: all of them have.
	rec = recorder{}
	p.DrawRuns(&rec)
	if rec.count("dots 0 ") != 1 {
		t.Errorf("diverged runs in the cloud: %q", rec.calls)
	}
}

func TestDrawStopsWhenTheContextIsDone(t *testing.T) {
	p := picture(t, "runs=20&steps=50", 900, 500, 1)
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	var rec recorder
	if err := p.Draw(ctx, &rec); !errors.Is(err, context.Canceled) {
		t.Fatalf("Draw with a cancelled context = %v", err)
	}
	if slices.Contains(rec.groups, "chart-1") {
		t.Error("Draw went on to the charts after its context was done")
	}
}

func TestClipSegment(t *testing.T) {
	r := Rect{X0: 0, Y0: 0, X1: 10, Y1: 10}
	tests := []struct {
		a, b, wa, wb Point
		ok           bool
	}{
		{Point{1, 1}, Point{9, 9}, Point{1, 1}, Point{9, 9}, true},
		{Point{-10, 5}, Point{20, 5}, Point{0, 5}, Point{10, 5}, true},
		{Point{5, 5}, Point{5, 1e300}, Point{5, 5}, Point{5, 10}, true},
		{Point{-5, -5}, Point{-1, 20}, Point{}, Point{}, false},
		{Point{5, 5}, Point{math.NaN(), 5}, Point{}, Point{}, false},
		{Point{5, 5}, Point{math.Inf(1), 5}, Point{}, Point{}, false},
	}
	for _, tt := range tests {
		a, b, ok := clipSegment(tt.a, tt.b, r)
		if ok != tt.ok || ok && (math.Abs(a.X-tt.wa.X) > 1e-9 || math.Abs(a.Y-tt.wa.Y) > 1e-9 || math.Abs(b.X-tt.wb.X) > 1e-9 || math.Abs(b.Y-tt.wb.Y) > 1e-9) {
			t.Errorf("clipSegment(%v, %v) = %v, %v, %v; want %v, %v, %v", tt.a, tt.b, a, b, ok, tt.wa, tt.wb, tt.ok)
		}
	}
}

func TestTrailKeepsTheNewest(t *testing.T) {
	var tr Trail
	if tr.Len() != 0 {
		t.Fatal("a new trail holds positions")
	}
	for i := range TrailLength + 30 {
		tr.Push([2]float64{float64(i), 0})
	}
	if tr.Len() != TrailLength || tr.At(0)[0] != 30 || tr.At(TrailLength - 1)[0] != TrailLength+29 {
		t.Errorf("trail of %d from %v to %v, want %d from 30 to %d", tr.Len(), tr.At(0), tr.At(tr.Len()-1), TrailLength, TrailLength+29)
	}
}

// discard is a Canvas that draws nothing.
type discard struct{}

func (discard) Rect(Rect, color.RGBA, float64)                                       {}
func (discard) Landscape(Rect, *Landscape)                                           {}
func (discard) Dots([]Point, float64, color.RGBA, float64)                           {}
func (discard) Line([]Point, float64, color.RGBA, float64, float64)                  {}
func (discard) Band(_, _ []Point, _ color.RGBA, _ float64)                           {}
func (discard) Circle(_, _, _ float64, _ color.RGBA)                                 {}
func (discard) Ring(_, _, _, _ float64, _ color.RGBA)                                {}
func (discard) Text(string, float64, float64, float64, color.RGBA, float64, float64) {}
func (discard) TextWidth(s string, px float64) float64                               { return px * float64(len(s)) / 2 }
func (discard) Clip(Rect)                                                            {}
func (discard) Unclip()                                                              {}
func (discard) Group(string)                                                         {}
func (discard) End()                                                                 {}

// BenchmarkFrame is what the game's picture computes for a frame of the
// browser probe's two scenarios, drawing on nothing: the plane's parts and
// the one chart redrawn a frame, the part of Draw that is not Ebiten's.
func BenchmarkFrame(b *testing.B) {
	for _, sc := range []struct{ name, query string }{
		{"1lane_10000runs", "runs=10000&steps=200"},
		{"4lanes_1000runs", "runs=1000&steps=200&opt2=sgd&opt3=rmsprop&opt4=momentum"},
	} {
		b.Run(sc.name, func(b *testing.B) {
			p := picture(b, sc.query, 912, 492, 1)
			var cv discard
			var views [5]ChartView
			k := 0
			b.ReportAllocs()
			for b.Loop() {
				p.DrawRuns(cv)
				p.DrawMarks(cv)
				p.DrawIterates(cv)
				lines := p.LegendLines(nil)
				panel := p.LegendPanel(cv, lines)
				p.DrawAxes(cv, panel)
				p.DrawLegend(cv, lines, panel)
				p.FillChart(k, p.Charts[k], &views[k])
				views[k].Draw(cv)
				k = (k + 1) % len(views)
			}
		})
	}
}

// BenchmarkLandscape renders the contours of the browser probe's frame
// (911x491), which the game does once per problem and view, between two
// frames.
func BenchmarkLandscape(b *testing.B) {
	p := sim.Default().Problem
	v := ViewFor(p, sim.Default().X0, 911, 491)
	levels := ContourLevels(p, v)
	b.ReportAllocs()
	for b.Loop() {
		RenderLandscape(p, v, levels)
	}
}
