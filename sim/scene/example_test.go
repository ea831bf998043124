package scene_test

import (
	"context"
	"fmt"
	"image/color"
	"math"

	"noiseball/sim"
	"noiseball/sim/link"
	"noiseball/sim/scene"
)

// A log axis maps in log space: a loss that reaches the smallest
// subnormal number still has its place on the chart.
func ExampleAxis_Frac() {
	a, _ := scene.Span(true, []float64{math.SmallestNonzeroFloat64, 3})
	fmt.Printf("[%.3g, %g]\n", a.Lo, a.Hi)
	for _, v := range []float64{math.SmallestNonzeroFloat64, 1e-150, 1, 10, 0} {
		fmt.Printf("%g at %.3f\n", v, a.Frac(v))
	}
	// Output:
	// [9.88e-324, 10]
	// 5e-324 at 0.000
	// 1e-150 at 0.534
	// 1 at 0.997
	// 10 at 1.000
	// 0 at 0.000
}

// The landscape takes the left of a wide canvas, the five monitor charts
// stack beside it.
func ExampleLayout() {
	land, charts := scene.Layout(1200, 630, len(scene.MonitorTitles))
	fmt.Printf("landscape %.0f x %.0f, %d charts of %.0f x %.0f\n", land.Dx(), land.Dy(), len(charts), charts[0].Dx(), charts[0].Dy())
	// Output:
	// landscape 660 x 630, 5 charts of 540 x 126
}

// nothing is a Canvas that draws nothing.
type nothing struct{}

func (nothing) Rect(scene.Rect, color.RGBA, float64)                                 {}
func (nothing) Landscape(scene.Rect, *scene.Landscape)                               {}
func (nothing) Dots([]scene.Point, float64, color.RGBA, float64)                     {}
func (nothing) Line([]scene.Point, float64, color.RGBA, float64, float64)            {}
func (nothing) Band(_, _ []scene.Point, _ color.RGBA, _ float64)                     {}
func (nothing) Circle(_, _, _ float64, _ color.RGBA)                                 {}
func (nothing) Ring(_, _, _, _ float64, _ color.RGBA)                                {}
func (nothing) Text(string, float64, float64, float64, color.RGBA, float64, float64) {}
func (nothing) TextWidth(s string, px float64) float64                               { return 0 }
func (nothing) Clip(scene.Rect)                                                      {}
func (nothing) Unclip()                                                              {}
func (nothing) Group(string)                                                         {}
func (nothing) End()                                                                 {}

// groups prints the groups a picture is drawn in.
type groups struct{ nothing }

func (groups) Group(id string) { fmt.Print(id, " ") }

// A picture is drawn by parts, each in its group: the SVG writer names
// its elements by them.
func ExamplePicture_Draw() {
	c, _ := link.Parse("runs=100&steps=50")
	e, _ := sim.New(c)
	hist := sim.NewHistory(e, 0, 0)
	trails := make([]scene.Trail, len(c.Lanes))
	for range c.Steps {
		e.Step()
		hist.Observe()
		trails[0].Push(e.Lanes()[0].Positions()[0])
	}
	st := scene.State{Config: c, Exp: e, Hist: hist, Trails: trails, Cloud: true}
	p := &scene.Picture{State: st, Frame: scene.NewFrame(st, 1200, 630, 1)}
	if err := p.Draw(context.Background(), groups{}); err != nil {
		fmt.Println(err)
	}
	// Output:
	// landscape cloud-1 trail-1 markers iterates axes legend chart-1 chart-2 chart-3 chart-4 chart-5
}
