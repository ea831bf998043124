//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// A sweep link turns the canvas into heat maps, computed a slice per frame
// without freezing the page, and its numbers equal the CLI's -sweep.
func TestSweepInThePageEqualsTheCLIs(t *testing.T) {
	const query = "opt=sgd&opt2=adam&sweep=lr:0.01:0.1:log:3,batch:1:4:log:3&sweepsteps=300&sweepruns=20"
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(baseURL+"?"+query)); err != nil {
		t.Fatal(err)
	}
	sweep := waitSweepDone(t, ctx)
	if sweep.Total != 9 {
		t.Errorf("the sweep has %d cells, want 3 x 3", sweep.Total)
	}
	img := shot(t, ctx, "sweep")
	if n := colours(img); n < 8 {
		t.Errorf("the heat maps show %d colours", n)
	}
	page := evalAwait[string](t, ctx, `document.getElementById("game").contentWindow.noiseball.csv()`)
	want := cliOutput(t, "-sweep", "-link", query)
	if rows := strings.Count(want, "\n"); rows != 1+9*2 {
		t.Fatalf("the CLI printed %d lines, want a header and 9 cells x 2 lanes", rows)
	}
	sameCSV(t, page, want)
}

// jsString writes s as a JavaScript string literal.
func jsString(s string) string { b, _ := json.Marshal(s); return string(b) }

// sweepProgress is status().sweep.
type sweepProgress struct{ Done, Total int }

// waitSweepDone polls the game until its sweep has finished every cell. The
// page keeps answering while the sweep runs: status() is read between
// frames, so every poll is also a check that it is not frozen.
func waitSweepDone(t *testing.T, ctx context.Context) sweepProgress {
	t.Helper()
	var sweep sweepProgress
	for i := 0; ; i++ {
		raw := eval[string](t, ctx,
			`JSON.stringify(JSON.parse(document.getElementById("game").contentWindow.noiseball?.status() ?? "{}").sweep ?? {})`)
		if err := json.Unmarshal([]byte(raw), &sweep); err != nil {
			t.Fatal(err)
		}
		if sweep.Total > 0 && sweep.Done == sweep.Total {
			return sweep
		}
		if i > 600 {
			t.Fatalf("the sweep did not finish: %+v", sweep)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// With two lanes the sweep form offers lane 2's own parameters as well, by
// the lane's name, and a sweep over one of them runs and opens its cells
// with that lane's setting.
func TestMonitorSweepOverASecondLane(t *testing.T) {
	ctx := browser(t)
	open(t, ctx, "opt=sgd&lang=en")
	eval[bool](t, ctx, `document.getElementById("sweep-box").open = true`)
	options := func() []string {
		return eval[[]string](t, ctx, `[...document.getElementById("sweep-x-param").options].map(o => o.value + "=" + o.textContent)`)
	}
	has := func(all []string, prefix string) string {
		for _, o := range all {
			if strings.HasPrefix(o, prefix) {
				return o
			}
		}
		return ""
	}
	if o := has(options(), "lr2="); o != "" {
		t.Fatalf("one lane, yet the form offers %q", o)
	}
	if o := has(options(), "lr="); o != "lr=Learning rate γ (lr)" {
		t.Errorf("with one lane, lr reads %q", o)
	}
	click(t, ctx, "lane-add")
	waitForPage(t, ctx, "lane 2", `new URLSearchParams(location.search).has("opt2")`)
	all := options()
	for prefix, want := range map[string]string{
		"lr=":    "lr=Learning rate γ (lr), lane 1",
		"lr2=":   "lr2=Learning rate γ (lr), lane 2",
		"b22=":   "b22=β2 (b2), lane 2",
		"sigma=": "sigma=Noise scale σ (sigma)", // a setting of the problem, not of a lane
	} {
		if o := has(all, prefix); o != want {
			t.Errorf("the form offers %q, want %q", o, want)
		}
	}
	if o := has(all, "sigma2="); o != "" {
		t.Errorf("the form offers %q, a lane form of a global setting", o)
	}

	set(t, ctx, "sweep-x-param", "lr2")
	if lo := value(t, ctx, "sweep-x-lo"); lo != "0.001" {
		t.Errorf("choosing lr2 set its range from %q, want lr's 0.001", lo)
	}
	set(t, ctx, "sweep-y-param", "sigma")
	for id, v := range map[string]string{
		"sweep-x-lo": "0.01", "sweep-x-hi": "0.1", "sweep-x-n": "3",
		"sweep-y-lo": "0.5", "sweep-y-hi": "2", "sweep-y-n": "2",
		"sweep-runs": "10", "sweep-steps": "200",
	} {
		set(t, ctx, id, v)
	}
	if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.ID("sweep-start")), chromedp.Click(chromedp.ID("sweep-start"))); err != nil {
		t.Fatal(err)
	}
	if got := search(t, ctx).Get("sweep"); got != "lr2:0.01:0.1:log:3,sigma:0.5:2:log:2" {
		t.Fatalf("the form wrote sweep=%q", got)
	}
	if sweep := waitSweepDone(t, ctx); sweep.Total != 6 {
		t.Errorf("the sweep has %d cells, want 6", sweep.Total)
	}
	if s, _, _ := gameStatus(ctx); len(s.Errors) > 0 {
		t.Errorf("the game found the sweep wrong: %v", s.Errors)
	}
	// A click in the middle of lane 2's heat map (wasm/sweep.go heatPanels).
	rect := eval[[]float64](t, ctx, `(r => [r.left, r.top, r.width, r.height])(document.getElementById("game").getBoundingClientRect())`)
	pw := (rect[2] - 90) / 2
	if err := chromedp.Do(ctx, chromedp.MouseClickXY(rect[0]+pw+60+(pw-70)/2, rect[1]+rect[3]/2)); err != nil {
		t.Fatal(err)
	}
	waitForPage(t, ctx, "the cell's link", `!new URLSearchParams(location.search).has("sweep")`)
	cell := search(t, ctx)
	lr2, _ := strconv.ParseFloat(cell.Get("lr2"), 64)
	if lr2 < 0.0099 || lr2 > 0.101 || cell.Get("opt2") == "" {
		t.Errorf("the cell opened as %v; want lane 2 with its swept lr2", cell)
	}
	if cell.Has("lr") {
		t.Errorf("the cell changed lane 1's lr: %v", cell)
	}
}
