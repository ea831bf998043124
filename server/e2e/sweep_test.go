//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"os"
	"os/exec"
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
	page, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`document.getElementById("game").contentWindow.noiseball.csv()`, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatal(err)
	}
	cli := exec.Command("go", "run", "../../sim/cmd/noiseball", "-sweep", "-link", query)
	cli.Stderr = os.Stderr
	want, err := cli.Output()
	if err != nil {
		t.Fatalf("the CLI failed: %v", err)
	}
	if rows := strings.Count(string(want), "\n"); rows != 1+9*2 {
		t.Fatalf("the CLI printed %d lines, want a header and 9 cells x 2 lanes", rows)
	}
	if page != string(want) {
		t.Errorf("the page's sweep CSV differs from the CLI's:\npage:\n%s\nCLI:\n%s", page, want)
	}
}

// checkLog judges a pasted training log: a noise ball reads as plateaued,
// and a malformed file names its line and column.
func TestCheckLog(t *testing.T) {
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(baseURL+"?runs=1")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the game to start", func(s status) bool { return s.Step > 0 })
	check := func(text string) map[string]any {
		t.Helper()
		js := `document.getElementById("game").contentWindow.noiseball.checkLog(` + jsString(text) + `)`
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
		if err != nil {
			t.Fatal(err)
		}
		var r map[string]any
		if err := json.Unmarshal([]byte(raw), &r); err != nil {
			t.Fatalf("checkLog returned %q: %v", raw, err)
		}
		return r
	}
	// A loss that falls onto a floor and then only fluctuates, as SGD's
	// does in its noise ball.
	if r := check(noiseBallLog()); r["verdict"] != "plateaued" {
		t.Errorf("a noise-ball log reads %v: %v", r["verdict"], r["explanation"])
	}
	r := check("step,loss\n1,0.5\n2,abc\n")
	e, _ := r["error"].(map[string]any)
	if r["ok"] != false || e == nil || e["line"] != 3.0 || e["column"] != 2.0 {
		t.Errorf("a bad number on line 3 gives %v", r)
	}
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
		raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](
			`JSON.stringify(JSON.parse(document.getElementById("game").contentWindow.noiseball?.status() ?? "{}").sweep ?? {})`))
		if err != nil {
			t.Fatal(err)
		}
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
