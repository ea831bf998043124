package scene

import (
	"strings"
	"testing"

	"noiseball/sim"
	"noiseball/sim/link"
)

// The picture's words come from its Labels, in the page's language; a
// still, with none, names lanes in English and tells apart lanes that run
// the same optimizer.
func TestLabels(t *testing.T) {
	c, err := link.Parse("v=1&opt=sgd&clip2=1&opt3=adam")
	if err != nil {
		t.Fatal(err)
	}
	var none Labels
	for i, want := range []string{"SGD 1", "SGD 2", "Adam"} {
		if got := none.Lane(c, i); got != want {
			t.Errorf("lane %d is %q by default, want %q", i+1, got, want)
		}
	}
	ja := Labels{Lanes: []string{"SGD", "SGD、クリップ 1"}, Metrics: map[string]string{"spread": "試行間のばらつき"},
		Params: map[string]string{"lr2": "学習率 γ (lr)、レーン 2"}, Stopped: "シミュレーションが停止しました"}
	if got := ja.Lane(c, 1); got != "SGD、クリップ 1" {
		t.Errorf("lane 2 is %q", got)
	}
	if got := ja.Lane(c, 2); got != "Adam" {
		t.Errorf("a lane the labels lack is %q, want its default", got)
	}
	if ja.Metric("spread") != "試行間のばらつき" || ja.Metric("bias") != "bias" || none.Metric("spread") != "spread" {
		t.Errorf("metrics %q %q %q", ja.Metric("spread"), ja.Metric("bias"), none.Metric("spread"))
	}
	if ja.Param("lr2") != "学習率 γ (lr)、レーン 2" || ja.Param("batch") != "batch" {
		t.Errorf("params %q %q", ja.Param("lr2"), ja.Param("batch"))
	}
	if none.StoppedText() != "The simulation stopped" || ja.StoppedText() != ja.Stopped {
		t.Errorf("stopped %q %q", none.StoppedText(), ja.StoppedText())
	}
	p := picture(t, "runs=5&steps=3&opt=sgd&clip2=1", 900, 500, 1)
	p.Labels = ja
	if lines := p.LegendLines(nil); !strings.HasPrefix(lines[1], "SGD、クリップ 1  γ=0.05  ") {
		t.Errorf("the legend says %q", lines)
	}
}

// At step 0 the legend gives the rate the first step takes, never 0.
func TestLegendAtStepZero(t *testing.T) {
	c, err := link.Parse("runs=5&lr=0.2&warmup=4")
	if err != nil {
		t.Fatal(err)
	}
	e, err := sim.New(c)
	if err != nil {
		t.Fatal(err)
	}
	p := &Picture{State: State{Config: c, Exp: e}, Frame: NewFrame(State{Config: c, Exp: e}, 900, 500, 1)}
	if lines := p.LegendLines(nil); !strings.HasPrefix(lines[0], "Adam  γ=0.05  ") || lines[1] != "n = 0" {
		t.Errorf("at step 0 the legend says %q, want γ₁ = 0.2/4", lines)
	}
}

// A short chart (on a phone) writes no more tick labels on its value axis
// than its height has room for: none runs into the next.
func TestShortChartsTickLabelsDoNotOverlap(t *testing.T) {
	for _, h := range []float64{150, 260, 420, 800} {
		p := picture(t, "runs=20&steps=2000&sigma=1", 360, h, 1)
		var v ChartView
		for k, r := range p.Charts {
			p.FillChart(k, r, &v)
			if !v.OK {
				continue
			}
			var rec recorder
			v.Draw(&rec)
			var ys []float64
			for _, pt := range rec.points {
				// The value axis's labels end 4 px left of the plot.
				if strings.HasPrefix(pt.call, "text ") && strings.Contains(pt.call, " 10 ") && pt.p.X == v.Chart.Plot.X0-4 {
					ys = append(ys, pt.p.Y)
				}
			}
			for i := 1; i < len(ys); i++ {
				if d := ys[i] - ys[i-1]; d < 0 && -d < chartTickPx || d >= 0 && d < chartTickPx {
					t.Errorf("height %g, chart %d: tick labels %.1f px apart, less than their %g px type", h, k+1, d, chartTickPx)
				}
			}
		}
	}
}
