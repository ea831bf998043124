//go:build e2e

package e2e

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"noiseball/sim"
)

// The monitor: the per-lane diagnosis chips under the canvas, the theorem
// panel of the selected lane, the sweep form and the log check.

// presetQuery returns the query of the game's preset name.
func presetQuery(t *testing.T, ctx context.Context, name string) string {
	t.Helper()
	q := eval[string](t, ctx, fmt.Sprintf(
		`JSON.parse(document.getElementById("game").contentWindow.noiseball.presets()).find(p => p.name === %q)?.query ?? ""`, name))
	if q == "" {
		t.Fatalf("the game has no preset %q", name)
	}
	return strings.TrimPrefix(q, "?")
}

// waitLong is waitForPage with a longer deadline, for the diagnostics.
// Constant-step SGD settles into its noise ball: the chip says it is not
// converging, its tip and the theorem panel since which step, and the
// theorem panel says every hypothesis holds, so the lane cannot converge.
func TestMonitorConstantSGDIsStationaryAndCannotConverge(t *testing.T) {
	ctx := browser(t)
	open(t, ctx, "")
	q := presetQuery(t, ctx, "sgd")
	open(t, ctx, q+"&speed=100")
	waitLong(t, ctx, "the stationary chip",
		`document.querySelector("#diag-readout .diag")?.dataset.status === "stationary"`, 60*time.Second)
	// The chip is short; its tip says since when too.
	en := readStrings(t, "en")
	stationary, _, _ := strings.Cut(en["diag.stationary"], "{")
	text := eval[string](t, ctx, `document.querySelector("#diag-readout .diag").textContent`)
	if !strings.HasPrefix(text, stationary) || strings.Contains(text, "since step") {
		t.Errorf("the chip reads %q, want %q and a number", text, stationary)
	}
	if tip := eval[string](t, ctx, `document.querySelector("#diag-readout .diag").dataset.tip`); tip == "" {
		t.Error("the chip explains nothing on hover")
	}
	// The keyboard reaches the explanation too.
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.CSS("#diag-readout .diag"))); err != nil {
		t.Fatal(err)
	}
	waitForPage(t, ctx, "the chip's tip", `!document.getElementById("diag-tip").hidden`)
	if got := eval[string](t, ctx, `(e => e.hidden ? "" : e.textContent)(document.getElementById("diag-tip"))`); !strings.HasPrefix(got, stationary) || !strings.Contains(got, "since step") || len(got) < len(text)+10 {
		t.Errorf("on focus the chip's tip reads %q (active %s)", got, eval[string](t, ctx, `document.activeElement.outerHTML.slice(0, 200) + " tip:" + document.getElementById("diag-tip").outerHTML.slice(0, 300)`))
	}
	savePage(t, ctx, "monitor-sgd-tip")
	eval[bool](t, ctx, `document.querySelector("#diag-readout .diag").blur() ?? true`)
	if eval[bool](t, ctx, `document.getElementById("theorem").hidden`) {
		t.Fatal("the theorem panel is hidden")
	}
	if c := eval[string](t, ctx, `document.getElementById("theorem").dataset.conclusion`); c != "cannot-converge" {
		t.Errorf("the theorem panel concludes %q, want cannot-converge", c)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#theorem-list li[data-held=true]").length`); n != 5 {
		t.Errorf("%d hypotheses hold, want 5", n)
	}
	if got := eval[string](t, ctx, `document.getElementById("theorem-conclusion").textContent`); !strings.Contains(got, "cannot converge") {
		t.Errorf("the conclusion reads %q", got)
	}
	if got := eval[string](t, ctx, `document.getElementById("theorem-diagnosis").textContent`); !strings.HasPrefix(got, stationary) || !strings.Contains(got, "since step") {
		t.Errorf("next to the theorem the diagnosis reads %q", got)
	}
	savePage(t, ctx, "monitor-sgd")
}

// The decay preset breaks the floor on the learning rate; each hypothesis
// links to a preset that breaks it, and clicking the link opens it.
func TestMonitorTheoremPanelOfTheDecayPresetAndItsLinks(t *testing.T) {
	ctx := browser(t)
	open(t, ctx, "")
	decay := presetQuery(t, ctx, "decay")
	open(t, ctx, decay+"&lang=en")
	// The panel holds its place before the game's first status (held=""):
	// wait for the game's verdicts.
	waitForPage(t, ctx, "the theorem panel", `!document.getElementById("theorem").hidden && [...document.querySelectorAll("#theorem-list li")].filter(li => li.dataset.held !== "").length === 5`)
	if held := eval[string](t, ctx, `document.querySelector("#theorem-list li[data-id=lr-floor]").dataset.held`); held != "false" {
		t.Errorf("decay: lr-floor held=%s, want false", held)
	}
	if c := eval[string](t, ctx, `document.getElementById("theorem").dataset.conclusion`); c != "lr-decays" {
		t.Errorf("decay: conclusion %q, want lr-decays", c)
	}
	// The noise hypothesis links to the preset without noise.
	if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.CSS(`#theorem-list li[data-id=noise] a`)),
		chromedp.Click(chromedp.CSS(`#theorem-list li[data-id=noise] a`))); err != nil {
		t.Fatal(err)
	}
	nonoise := presetQuery(t, ctx, "nonoise")
	waitForPage(t, ctx, "the preset without noise", `new URLSearchParams(location.search).get("sigma") === "0"`)
	got := search(t, ctx)
	want := linkParams(t, nonoise)
	for name := range want {
		if got.Get(name) != want.Get(name) {
			t.Errorf("after the link %s=%q, want the preset's %q", name, got.Get(name), want.Get(name))
		}
	}
	if got.Get("lang") != "en" {
		t.Errorf("the link dropped lang: %v", got)
	}
	waitForPage(t, ctx, "the presets menu", `document.querySelector("#preset option:checked")?.textContent.length > 0 && document.getElementById("preset").value !== ""`)
	waitForPage(t, ctx, "the new conclusion", `document.getElementById("theorem").dataset.conclusion === "no-noise"`)
}

// The sweep form writes a sweep link, the heat maps fill, and a click on a
// cell opens that cell's single view.
func TestMonitorSweepFormRunsAndACellOpens(t *testing.T) {
	ctx := browser(t)
	open(t, ctx, "opt=sgd&lang=en")
	eval[bool](t, ctx, `document.getElementById("sweep-box").open = true`)
	// A parameter's menu fills in its usual range, so it comes first.
	set(t, ctx, "sweep-x-param", "lr")
	set(t, ctx, "sweep-y-param", "batch")
	for id, v := range map[string]string{
		"sweep-x-lo": "0.01", "sweep-x-hi": "0.1", "sweep-x-scale": "log", "sweep-x-n": "3",
		"sweep-y-lo": "1", "sweep-y-hi": "4", "sweep-y-scale": "log", "sweep-y-n": "3",
		"sweep-runs": "20", "sweep-steps": "300", "sweep-metric": "loss_gap",
	} {
		set(t, ctx, id, v)
	}
	if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.ID("sweep-start")), chromedp.Click(chromedp.ID("sweep-start"))); err != nil {
		t.Fatal(err)
	}
	got := search(t, ctx)
	if got.Get("sweep") != "lr:0.01:0.1:log:3,batch:1:4:log:3" || got.Get("sweepruns") != "20" || got.Get("sweepsteps") != "300" || got.Get("metric") != "loss_gap" {
		t.Fatalf("the sweep form wrote %v", got)
	}
	sweep := waitSweepDone(t, ctx)
	if sweep.Total != 9 {
		t.Errorf("the sweep has %d cells, want 9", sweep.Total)
	}
	waitForPage(t, ctx, "the progress", `document.getElementById("sweep-count").textContent === "All 9 cells done" && !document.getElementById("sweep-stop").hidden`)
	savePage(t, ctx, "monitor-sweep")
	// A real click in the middle of the heat map (wasm/sweep.go heatPanels:
	// with one lane the panel spans the frame but for margins).
	rect := eval[[]float64](t, ctx, `(r => [r.left, r.top, r.width, r.height])(document.getElementById("game").getBoundingClientRect())`)
	x, y := rect[0]+rect[2]/2-30, rect[1]+rect[3]/2
	if err := chromedp.Do(ctx, chromedp.MouseClickXY(x, y)); err != nil {
		t.Fatal(err)
	}
	waitForPage(t, ctx, "the cell's link", `!new URLSearchParams(location.search).has("sweep")`)
	cell := search(t, ctx)
	if cell.Get("runs") != "20" || cell.Get("steps") != "300" || cell.Get("lang") != "en" || cell.Has("metric") || cell.Has("sweepruns") {
		t.Errorf("the cell opened as %v", cell)
	}
	lr, _ := strconv.ParseFloat(cell.Get("lr"), 64)
	if lr < 0.0099 || lr > 0.101 {
		t.Errorf("the cell's lr is %q", cell.Get("lr"))
	}
	// Back returns to the sweep; its Stop button removes it.
	if err := chromedp.Do(ctx, chromedp.NavigateBack()); err != nil {
		t.Fatal(err)
	}
	waitForPage(t, ctx, "the sweep again", `new URLSearchParams(location.search).has("sweep")`)
	waitForPage(t, ctx, "the stop button", `!document.getElementById("sweep-stop").hidden`)
	eval[bool](t, ctx, `document.getElementById("sweep-stop").click() ?? true`)
	waitForPage(t, ctx, "the normal view", `!/sweep|metric/.test(location.search)`)
}

// noiseBallLog is a loss that falls onto a floor and then only fluctuates.
func noiseBallLog() string {
	var b strings.Builder
	b.WriteString("step,loss\n")
	x, seed := 0.0, uint64(1)
	for n := 1; n <= 20000; n++ {
		seed = seed*6364136223846793005 + 1442695040888963407
		u := float64(seed>>11)/(1<<53) - 0.5
		x = 0.9*x + u
		b.WriteString(strconv.Itoa(n) + "," + strconv.FormatFloat(1+0.2*x, 'g', -1, 64) + "\n")
	}
	return b.String()
}

// checkInDialog pastes text into the log dialog and presses Check.
func checkInDialog(t *testing.T, ctx context.Context, text string) {
	t.Helper()
	eval[bool](t, ctx, `(() => { const d = document.getElementById("logcheck"); if (!d.open) document.getElementById("log-open").click(); return true })()`)
	eval[bool](t, ctx, `(() => { const a = document.getElementById("log-text"); a.value = `+jsString(text)+`; a.dispatchEvent(new Event("input")); return true })()`)
	click(t, ctx, "log-check")
}

// A pasted log gets a verdict with a plot; a malformed one its line and
// column.
func TestMonitorCheckALog(t *testing.T) {
	ctx := browser(t)
	open(t, ctx, "runs=1&lang=en")
	waitFor(t, ctx, "the game to start", func(s status) bool { return s.Step > 0 })
	checkInDialog(t, ctx, noiseBallLog())
	waitForPage(t, ctx, "the verdict", `!document.getElementById("log-result").hidden`)
	if v := eval[string](t, ctx, `document.getElementById("log-result").dataset.verdict`); v != "plateaued" {
		t.Errorf("verdict %q, want plateaued", v)
	}
	if got := eval[string](t, ctx, `document.getElementById("log-verdict").textContent`); got != readStrings(t, "en")["log.verdict.plateaued"] {
		t.Errorf("the verdict reads %q", got)
	}
	if got := eval[string](t, ctx, `document.getElementById("log-numbers").textContent`); !strings.Contains(got, "±") {
		t.Errorf("the numbers read %q", got)
	}
	if n := eval[int](t, ctx, `document.querySelectorAll("#log-plot svg polyline.mean, #log-plot svg polygon.band").length`); n != 2 {
		t.Errorf("the plot has %d of the curve and its band", n)
	}
	savePage(t, ctx, "monitor-log")
	checkInDialog(t, ctx, "step,loss\n1,0.5\n2,abc\n")
	waitForPage(t, ctx, "the error", `!document.getElementById("log-error").hidden`)
	if got := eval[string](t, ctx, `document.getElementById("log-error").textContent`); !strings.Contains(got, "line 3, column 2") {
		t.Errorf("the error reads %q", got)
	}
	if got := eval[string](t, ctx, `document.querySelector("#log-error mark")?.textContent ?? ""`); got != "abc" {
		t.Errorf("the marked cell is %q, want abc", got)
	}
	if !eval[bool](t, ctx, `document.getElementById("log-result").hidden`) {
		t.Error("the previous verdict stays shown next to the error")
	}
}

// In Japanese: the chip, the theorem panel, the sweep form and the log
// verdict, with no English left on the page.
func TestMonitorInJapanese(t *testing.T) {
	ja := readStrings(t, "ja")
	ctx := browser(t)
	open(t, ctx, "")
	q := presetQuery(t, ctx, "sgd")
	open(t, ctx, q+"&speed=100&lang=ja")
	waitLong(t, ctx, "the stationary chip",
		`document.querySelector("#diag-readout .diag")?.dataset.status === "stationary"`, 60*time.Second)
	text := eval[string](t, ctx, `document.querySelector("#diag-readout .diag").textContent`)
	if stationary, _, _ := strings.Cut(ja["diag.stationary"], "{"); !strings.HasPrefix(text, stationary) {
		t.Errorf("lang=ja: the chip reads %q", text)
	}
	if tip := eval[string](t, ctx, `document.querySelector("#diag-readout .diag").getAttribute("aria-label")`); hasEnglishWords(tip) {
		t.Errorf("lang=ja: the chip's explanation is %q", tip)
	}
	waitForPage(t, ctx, "the theorem panel", `!document.getElementById("theorem").hidden`)
	if got, want := eval[string](t, ctx, `document.getElementById("theorem-conclusion").textContent`), sim.TheoremTexts()[sim.CannotConverge][1]; got != want {
		t.Errorf("lang=ja: the conclusion reads %q, want %q", got, want)
	}
	if got := eval[string](t, ctx, `document.querySelector("#theorem-list li[data-id=noise] .name").textContent`); got != ja["theorem.hyp.noise"] {
		t.Errorf("lang=ja: the noise hypothesis reads %q", got)
	}
	if got := eval[string](t, ctx, `document.querySelector("#sweep-box summary").textContent`); got != ja["sweep.title"] {
		t.Errorf("lang=ja: the sweep's title reads %q", got)
	}
	eval[bool](t, ctx, `document.getElementById("sweep-box").open = true`)
	allowed, _ := json.Marshal(keys(englishAllowed))
	if bad := eval[[]string](t, ctx, fmt.Sprintf(untranslated, allowed)); len(bad) > 0 {
		t.Errorf("lang=ja shows English: %q", bad)
	}
	savePage(t, ctx, "monitor-ja")
	checkInDialog(t, ctx, noiseBallLog())
	waitForPage(t, ctx, "the verdict", `!document.getElementById("log-result").hidden`)
	if got := eval[string](t, ctx, `document.getElementById("log-verdict").textContent`); got != ja["log.verdict.plateaued"] {
		t.Errorf("lang=ja: the verdict reads %q", got)
	}
	if got := eval[string](t, ctx, `document.getElementById("log-explanation").textContent`); hasEnglishWords(got) {
		t.Errorf("lang=ja: the explanation reads %q", got)
	}
	savePage(t, ctx, "monitor-log-ja")
}
