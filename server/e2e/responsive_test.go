//go:build e2e

package e2e

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// pingScript runs in the page before its own scripts: a chain of
// setTimeout(0) pings on the page's main thread (which the game's
// same-origin iframe shares), keeping the longest wait between two, and
// the longest task a PerformanceObserver reports. Nested timeouts are
// clamped to 4 ms, so a wait is a block of the thread plus about 4 ms.
const pingScript = `(() => {
  if (window.top !== window) return;
  const p = window.__ping = { last: performance.now(), wait: 0, whole: 0, long: 0, pings: 0, late: 0, tasks: [] };
  const tick = () => {
    const now = performance.now();
    const gap = now - p.last;
    p.last = now;
    p.wait = Math.max(p.wait, gap);
    p.whole = Math.max(p.whole, gap);
    if (gap > 54) {
      p.late++;
      if (p.tasks.length < 20) p.tasks.push("ping " + Math.round(gap) + "ms@" + Math.round(now));
    }
    p.pings++;
    setTimeout(tick, 0);
  };
  setTimeout(tick, 0);
  try {
    new PerformanceObserver((list) => {
      for (const e of list.getEntries()) {
        p.long = Math.max(p.long, e.duration);
        if (p.tasks.length < 20) p.tasks.push(Math.round(e.duration) + "ms@" + Math.round(e.startTime) + ":" + (e.attribution?.[0]?.containerType ?? "") + "/" + e.name);
      }
    }).observe({ type: "longtask" });
  } catch {}
  window.__pingReset = () => { p.wait = 0; p.long = 0; p.pings = 0; p.late = 0; p.tasks = []; };
})()`

// heavyLinks are valid links whose steps cost far more than a frame: heavy-
// tailed data with the largest batch, with many runs and with few at one
// step a frame, a sweep of such cells, four lanes of 10,000 runs, and the
// real models at their limits; and the default link, which must not be
// called too heavy. notice says whether the page must say that the link is
// too heavy to watch.
var heavyLinks = []struct {
	name, query string
	notice      bool
}{
	{"default", "opt=adam", false},
	{"t3-10000-runs-batch-65536", "runs=10000&dist=t3&batch=65536", true},
	{"t3-100-runs-batch-65536-speed-1", "runs=100&dist=t3&batch=65536&speed=1", true},
	{"t3-sweep-batch-65536", "dist=t3&batch=65536&runs=100&sweep=lr:0.001:0.1:log:3,b2:0.9:0.999:log:3", true},
	{"exp-4-lanes-10000-runs-batch-4096", "runs=10000&dist=exp&batch=4096&opt2=sgd&opt3=rmsprop&opt4=nesterov", true},
	{"mlp-64-hidden-400-runs-batch-65536", "problem=mlp&hidden=64&runs=400&batch=65536", true},
	{"softmax-3000-runs-batch-65536", "problem=softmax&runs=3000&batch=65536", true},
	{"logreg-10000-runs-batch-65536", "problem=logreg&runs=10000&batch=65536", true},
}

// maxBlock is the longest the game may keep the page's main thread busy
// (an Update or a Draw, as the game measures them). It simulates for at
// most 8 ms a frame, in slices of about 1 ms, and draws in a few: 50 ms
// leaves a margin of about three on this 2-core machine shared by several
// builds, where a task's wall time stretches with the load. maxWait is how
// long a ping from the page may wait at most, whatever the link: it also
// holds the browser's own work (WebGL in software, layout) and the machine's
// other load, which no setting of the link changes.
const (
	maxBlock = 50 * time.Millisecond
	maxWait  = 200 * time.Millisecond
)

// Every heavy but valid link keeps the page answering: from its 90th
// drawn frame on, for 5 s, no Update or Draw of the game takes more than
// maxBlock and no ping waits more than maxWait, frames keep coming, the
// status shows no NaN, and a link too heavy to watch says so, naming
// batch, runs and the data, with settings that can be watched. A link
// that misses a bound is measured up to twice more, in a fresh context,
// against stray pauses of the shared machine (under a load of 7 to 10 on
// its 2 cores one window in five or so saw an Update of 60 to 180 ms). E2E_ROUNDS repeats each link in that many fresh
// browsers (for the figures in a report).
func TestHeavyLinksKeepThePageAnswering(t *testing.T) {
	rounds := 1
	if n, err := strconv.Atoi(os.Getenv("E2E_ROUNDS")); err == nil && n > 0 {
		rounds = n
	}
	ms := func(d time.Duration) float64 { return float64(d) / float64(time.Millisecond) }
	for _, l := range heavyLinks {
		t.Run(l.name, func(t *testing.T) {
			for round := range rounds {
				m := measureLink(t, l.query, 5*time.Second)
				t.Logf("round %d: game's longest Update or Draw %.1f ms; longest ping wait %.1f ms (from frame 90; %.1f ms with start-up), %d of %d pings late, longest task %.1f ms %v, %d frames (update %.1f ms, draw %.1f ms), step %d",
					round+1, m.game, m.wait, m.whole, m.late, m.pings, m.long, m.tasks, m.frames, m.updateMs, m.drawMs, m.step)
				for again := 0; again < 2 && (m.game > ms(maxBlock) || m.wait > ms(maxWait)); again++ {
					m = measureLink(t, l.query, 5*time.Second)
					t.Logf("again: game's longest %.1f ms, longest ping wait %.1f ms, longest task %.1f ms", m.game, m.wait, m.long)
				}
				if m.game > ms(maxBlock) {
					t.Errorf("an Update or a Draw took %.1f ms, more than %v", m.game, maxBlock)
				}
				if m.wait > ms(maxWait) {
					t.Errorf("a ping waited %.1f ms, more than %v", m.wait, maxWait)
				}
				if m.frames < 25 {
					t.Errorf("%d frames drawn in 5 s", m.frames)
				}
				if strings.Contains(m.status, "NaN") {
					t.Errorf("the status shows NaN: %s", m.status)
				}
				switch {
				case l.notice && !(strings.Contains(m.notice, "batch=") && strings.Contains(m.notice, "runs=") && strings.Contains(m.notice, "nearest")):
					t.Errorf("the page says %q; want what is too heavy (batch, runs, data) and the nearest settings", m.notice)
				case !l.notice && m.notice != "":
					t.Errorf("the page says %q of a link that runs at a useful rate", m.notice)
				}
			}
		})
	}
}

// measurement is what measureLink saw.
type measurement struct {
	wait, whole, long float64 // ms
	game              float64 // the game's longest Update or Draw, ms
	pings, frames     int
	late              int      // pings that waited more than 54 ms
	tasks             []string // the first long tasks: duration, start, where
	step              int
	updateMs, drawMs  float64 // the game's moving averages
	status, notice    string
}

// measureLink opens query in a fresh browser context with the ping
// running, waits for the game's 90th drawn frame, measures the main thread
// for d, and closes the tab.
func measureLink(t *testing.T, query string, d time.Duration) measurement {
	t.Helper()
	ctx := browser(t)
	// Closed when measured, not when the test ends: a page left running
	// (a sweep plays on) would load the next round's and the retries'.
	defer chromedp.Cancel(ctx)
	if err := chromedp.Do(ctx, beforeLoad(pingScript), chromedp.Navigate(baseURL+"?"+query)); err != nil {
		t.Fatal(err)
	}
	// Start-up (the first frames draw the landscape, the fonts' atlas and
	// the charts afresh) has its own test and bound (200 ms); the window
	// opens after 90 frames, when the game's longest (of the last 30 to 60
	// frames) is past it.
	before := waitFor(t, ctx, "90 frames", func(s status) bool { return s.Frames >= 90 })
	if _, err := chromedp.Run(ctx, chromedp.Evaluate[any](`window.__pingReset()`)); err != nil {
		t.Fatal(err)
	}
	var m measurement
	// The game keeps its longest of the last 30 to 60 frames: read it
	// every 400 ms.
	for end := time.Now().Add(d); time.Now().Before(end); {
		time.Sleep(400 * time.Millisecond)
		v, err := chromedp.Run(ctx, chromedp.Evaluate[float64](`JSON.parse(document.getElementById("game").contentWindow.noiseball.status()).longestMs ?? 0`))
		if err != nil {
			t.Fatal(err)
		}
		m.game = max(m.game, v)
	}
	p, err := chromedp.Run(ctx, chromedp.Evaluate[struct {
		Wait  float64  `json:"wait"`
		Whole float64  `json:"whole"`
		Long  float64  `json:"long"`
		Pings int      `json:"pings"`
		Late  int      `json:"late"`
		Tasks []string `json:"tasks"`
	}](`({wait: __ping.wait, whole: __ping.whole, long: __ping.long, pings: __ping.pings, late: __ping.late, tasks: __ping.tasks})`))
	if err != nil {
		t.Fatal(err)
	}
	m.wait, m.whole, m.long, m.pings, m.late, m.tasks = p.Wait, p.Whole, p.Long, p.Pings, p.Late, p.Tasks
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("game").contentWindow.noiseball.status()`))
	if err != nil {
		t.Fatal(err)
	}
	m.status = raw
	after, _, err := gameStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	m.frames, m.step = after.Frames-before.Frames, after.Step
	var times struct {
		Update float64 `json:"updateMs"`
		Draw   float64 `json:"drawMs"`
	}
	json.Unmarshal([]byte(raw), &times)
	m.updateMs, m.drawMs = times.Update, times.Draw
	m.notice, err = chromedp.Run(ctx, chromedp.Evaluate[string](`document.getElementById("notice")?.textContent ?? ""`))
	if err != nil {
		t.Fatal(err)
	}
	if dir := os.Getenv("E2E_SHOTS"); dir != "" {
		if shot, err := chromedp.Run(ctx, chromedp.CaptureScreenshot()); err == nil {
			os.WriteFile(filepath.Join(dir, "heavy-"+strings.NewReplacer("&", "_", "=", "-", ":", "-", ",", "_").Replace(query)+".png"), shot, 0o644)
		}
	}
	return m
}

// A link too heavy to watch says so in the page's language: in Japanese,
// with the same nearest settings as in English (sim.HeavyNotice's, here
// batch=60 and runs=9 for t3 data, as sim's TestLighterThan derives).
func TestHeavyLinkNoticeInJapanese(t *testing.T) {
	ctx := browser(t)
	open(t, ctx, "runs=10000&dist=t3&batch=65536&lang=ja")
	waitForPage(t, ctx, "the notice", `!!document.getElementById("notice")`)
	notice := eval[string](t, ctx, `document.getElementById("notice").textContent`)
	for _, want := range []string{"見るには遅すぎます。", "最も近い設定は batch=60、または runs=9、または dist=gauss"} {
		if !strings.Contains(notice, want) {
			t.Errorf("the notice says %q, want %q in it", notice, want)
		}
	}
	if strings.Contains(notice, "too slow") || strings.Contains(notice, "nearest") {
		t.Errorf("the Japanese page's notice is in English: %q", notice)
	}
}
