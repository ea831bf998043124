//go:build e2e

package e2e

import (
	"encoding/json"
	"os"
	"sort"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// BenchmarkBrowserProbe measures the real page in headless Chromium
// (software WebGL) at 1280x800: frame-time percentiles from
// requestAnimationFrame inside the game's frame, simulation steps per
// second, the time from navigation to the first drawn frame with a cold
// cache, and the bytes transferred. Run it with -benchtime 1x: each
// scenario is one page load measured over a few seconds.
func BenchmarkBrowserProbe(b *testing.B) {
	scenarios := []struct{ name, query string }{
		{"1lane_10000runs", "?runs=10000&speed=10&view=cloud"},
		{"4lanes_1000runs", "?runs=1000&speed=10&view=cloud&opt2=sgd&opt3=rmsprop&opt4=momentum"},
	}
	// PROBE_QUERY measures one more link, to compare against the scenarios.
	if q := os.Getenv("PROBE_QUERY"); q != "" {
		scenarios = append(scenarios, struct{ name, query string }{"custom", q})
	}
	for _, sc := range scenarios {
		b.Run(sc.name, func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				probe(b, sc.query)
			}
		})
	}
}

// probe is one cold page load of query, measured.
func probe(b *testing.B, query string) {
	ctx := freshBrowser(b)
	start := time.Now()
	if err := chromedp.Do(ctx, chromedp.Navigate(baseURL+query)); err != nil {
		b.Fatal(err)
	}
	// Wait for the first frame, then read when it was drawn.
	var first float64
	for deadline := time.Now().Add(60 * time.Second); ; {
		v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`(() => {
			const f = document.getElementById("game").contentWindow;
			const raw = f.noiseball?.status();
			if (!raw) return 0;
			const s = JSON.parse(raw);
			return s.firstFrame ? f.performance.timeOrigin + s.firstFrame - performance.timeOrigin : 0;
		})()`))
		if err != nil {
			b.Fatal(err)
		}
		if v > 0 {
			first = v
			break
		}
		if time.Now().After(deadline) {
			b.Fatalf("no frame drawn within a minute of %s", time.Since(start))
		}
		time.Sleep(20 * time.Millisecond)
	}
	// Let the page settle, then record frame intervals and steps for 5 s.
	time.Sleep(time.Second)
	const record = `(() => {
		const f = document.getElementById("game").contentWindow;
		const s0 = JSON.parse(f.noiseball.status());
		window.__probe = { intervals: [], step0: s0.step, t0: performance.now() };
		let last = f.performance.now();
		const tick = now => { window.__probe.intervals.push(now - last); last = now; f.requestAnimationFrame(tick); };
		f.requestAnimationFrame(tick);
		return true;
	})()`
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](record)); err != nil {
		b.Fatal(err)
	}
	time.Sleep(5 * time.Second)
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`(() => {
		const f = document.getElementById("game").contentWindow;
		const s = JSON.parse(f.noiseball.status());
		const bytes = [performance, f.performance]
			.flatMap(p => [...p.getEntriesByType("navigation"), ...p.getEntriesByType("resource")])
			.reduce((sum, e) => sum + (e.transferSize || 0), 0);
		return JSON.stringify({
			intervals: window.__probe.intervals,
			steps: s.step - window.__probe.step0,
			seconds: (performance.now() - window.__probe.t0) / 1000,
			bytes,
			updateMs: s.updateMs,
			drawMs: s.drawMs,
		});
	})()`))
	if err != nil {
		b.Fatal(err)
	}
	var m struct {
		Intervals []float64
		Steps     int
		Seconds   float64
		Bytes     float64
		UpdateMs  float64
		DrawMs    float64
	}
	if err := json.Unmarshal([]byte(raw), &m); err != nil {
		b.Fatal(err)
	}
	if len(m.Intervals) < 10 {
		b.Fatalf("only %d frames in 5 s", len(m.Intervals))
	}
	// Frames that missed a vsync: the percentiles alone hide how many.
	late := 0
	for _, v := range m.Intervals {
		if v > 1.5*1000/60 {
			late++
		}
	}
	sort.Float64s(m.Intervals)
	q := func(p float64) float64 { return m.Intervals[int(p*float64(len(m.Intervals)-1))] }
	b.ReportMetric(q(0.5), "p50_ms")
	b.ReportMetric(q(0.95), "p95_ms")
	b.ReportMetric(100*float64(late)/float64(len(m.Intervals)), "late_%")
	b.ReportMetric(float64(m.Steps)/m.Seconds, "steps/s")
	b.ReportMetric(float64(m.Steps)/float64(len(m.Intervals)), "steps/frame")
	b.ReportMetric(first, "first_frame_ms")
	b.ReportMetric(m.Bytes, "bytes")
	// Where the time goes, inside the wasm: the rest of a frame is the
	// browser's compositing and software WebGL.
	b.ReportMetric(m.UpdateMs, "update_ms")
	b.ReportMetric(m.DrawMs, "draw_ms")
}
