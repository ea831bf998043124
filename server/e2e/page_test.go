//go:build e2e

package e2e

// Tests of the page's controls, links, keyboard, messages and layout, driven
// in headless Chromium as a person would use them.

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// open navigates to the page with query and waits for the game to run.
func open(t *testing.T, ctx context.Context, query string) status {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Navigate(baseURL+"?"+query)); err != nil {
		t.Fatal(err)
	}
	return waitFor(t, ctx, "the game to start", func(s status) bool { return s.Frames > 0 })
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// evalAwait evaluates a JavaScript expression in the page and awaits the
// promise it returns.
func evalAwait[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr, chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// search returns the address bar's query, decoded.
func search(t *testing.T, ctx context.Context) url.Values {
	t.Helper()
	v, err := url.ParseQuery(strings.TrimPrefix(eval[string](t, ctx, "location.search"), "?"))
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// set gives the control id a value as a person would: the value, then the
// "change" event the browser fires when a field loses focus or a menu closes.
func set(t *testing.T, ctx context.Context, id, value string) {
	t.Helper()
	err := chromedp.Do(ctx, chromedp.SetValue(chromedp.ID(id), value))
	if err == nil {
		_, err = chromedp.Run(ctx, chromedp.Evaluate[bool](
			fmt.Sprintf(`document.getElementById(%q).dispatchEvent(new Event("change"))`, id)))
	}
	if err != nil {
		t.Fatalf("setting #%s to %q: %v", id, value, err)
	}
}

func click(t *testing.T, ctx context.Context, id string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.ID(id))); err != nil {
		t.Fatalf("clicking #%s: %v", id, err)
	}
}

func press(t *testing.T, ctx context.Context, keys string) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.KeyEvent(keys)); err != nil {
		t.Fatalf("pressing %q: %v", keys, err)
	}
}

// value reads a control: a checkbox as "1" or "0", anything else as its value.
func value(t *testing.T, ctx context.Context, id string) string {
	t.Helper()
	return eval[string](t, ctx, fmt.Sprintf(
		`(e => e.type === "checkbox" ? (e.checked ? "1" : "0") : e.value)(document.getElementById(%q))`, id))
}

// linkParams returns the parameters of the game's canonical link.
func linkParams(t *testing.T, link string) url.Values {
	t.Helper()
	v, err := url.ParseQuery(link)
	if err != nil {
		t.Fatalf("canonical link %q: %v", link, err)
	}
	return v
}

// savePage saves a screenshot of the whole page in $E2E_SHOTS.
func savePage(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	if dir := os.Getenv("E2E_SHOTS"); dir != "" {
		if buf, err := chromedp.Run(ctx, chromedp.FullScreenshot(100)); err == nil {
			os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644)
		}
	}
}

func TestPageControlsWriteTheLinkAndTheLinkRestoresThem(t *testing.T) {
	ctx := browser(t)
	open(t, ctx, "opt=sgd")

	// Each change, as a person makes it, and what it puts in the address
	// bar and in the game's canonical link.
	changes := []struct {
		what   string
		do     func()
		param  string
		value  string
		inLink string // the canonical link's value; "" means the same as value
	}{
		{"a menu", func() { set(t, ctx, "problem", "doublewell") }, "problem", "doublewell", ""},
		{"a number", func() { set(t, ctx, "runs", "50") }, "runs", "50", ""},
		{"a pair", func() { set(t, ctx, "sigma-x", "2") }, "sigma", "2,1", ""},
		{"lane 1's learning-rate slider", func() {
			eval[bool](t, ctx, `(e => { e.value = "-3.5"; return e.dispatchEvent(new Event("input")); })(document.getElementById("lr-slider"))`)
			waitForPage(t, ctx, "the slider to write the link", `new URLSearchParams(location.search).get("lr") === "0.00032"`)
			if got := value(t, ctx, "lr"); got != "0.00032" {
				t.Errorf("the slider at 10^-3.5 shows %q in the lr field, want 0.00032", got)
			}
		}, "lr", "0.00032", ""},
		{"lane 1's learning rate", func() { set(t, ctx, "lr", "0.02") }, "lr", "0.02", ""},
		{"lane 1's schedule", func() { set(t, ctx, "sched", "poly") }, "sched", "poly", ""},
		{"a schedule's constant", func() { set(t, ctx, "p", "0.5") }, "p", "0.5", ""},
		{"the batch growth", func() { set(t, ctx, "bgrow", "lin") }, "bgrow", "lin:0.01", ""},
		{"adding a lane", func() { click(t, ctx, "lane-add") }, "opt2", "adam", ""},
		{"lane 2's learning rate", func() { set(t, ctx, "lr2", "0.003") }, "lr2", "0.003", ""},
		{"lane 2's bias correction", func() { click(t, ctx, "bc2") }, "bc2", "0", ""},
		{"lane 2's beta1", func() { set(t, ctx, "b12", "0.5") }, "b12", "0.5", ""},
		{"lane 1's optimizer", func() { set(t, ctx, "opt", "rmsprop") }, "opt", "rmsprop", ""},
	}
	for _, c := range changes {
		c.do()
		if got := search(t, ctx).Get(c.param); got != c.value {
			t.Fatalf("after changing %s the address has %s=%q, want %q (address %s)", c.what, c.param, got, c.value,
				eval[string](t, ctx, "location.search"))
		}
		want := c.inLink
		if want == "" {
			want = c.value
		}
		waitFor(t, ctx, fmt.Sprintf("the game's link to have %s=%s", c.param, want), func(s status) bool {
			return linkParams(t, s.Link).Get(c.param) == want
		})
	}
	s, _, err := gameStatus(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(s.Errors) != 0 {
		t.Errorf("the controls made a link the game does not accept: %q", s.Errors)
	}
	address := eval[string](t, ctx, "location.search")
	ids := []string{"problem", "runs", "sigma-x", "sigma-y", "lr", "sched", "p", "bgrow", "bgrow-rate",
		"opt", "opt2", "lr2", "bc2", "b12", "sched2"}
	before := map[string]string{}
	for _, id := range ids {
		before[id] = value(t, ctx, id)
	}

	// A fresh tab on that address shows the same controls, and the game
	// runs the same experiment.
	tab, cancel := chromedp.NewContext(ctx)
	defer cancel()
	s2 := open(t, tab, strings.TrimPrefix(address, "?"))
	for _, id := range ids {
		if got := value(t, tab, id); got != before[id] {
			t.Errorf("reloading %s: #%s shows %q, want %q", address, id, got, before[id])
		}
	}
	if s2.Link != s.Link {
		t.Errorf("reloading %s: the game's link is %q, want %q", address, s2.Link, s.Link)
	}
	if want := map[string]string{"opt": "rmsprop", "opt2": "adam", "lr2": "0.003", "bc2": "0", "sched2": "poly", "lr": "0.02"}; true {
		for id, v := range want {
			if before[id] != v {
				t.Errorf("#%s shows %q, want %q", id, before[id], v)
			}
		}
	}
}

func TestPageDefaultsAreTheGames(t *testing.T) {
	// The controls of the link v=1 (a bare link opens the first view
	// instead) show the defaults; written out in full, those values make a
	// link whose canonical form is "v=1".
	ctx := browser(t)
	open(t, ctx, "v=1")
	fields := map[string]string{} // link parameter -> control id
	for _, p := range []string{"problem", "h1", "h2", "angle", "c", "dist", "runs", "seed", "steps",
		"opt", "lr", "sched", "p", "n0", "lrmin", "warmup", "b1", "b2", "eps", "mom", "bc", "wd", "clip", "batch", "bgrow"} {
		fields[p] = p
	}
	q := url.Values{}
	for p, id := range fields {
		q.Set(p, value(t, ctx, id))
	}
	q.Set("sigma", value(t, ctx, "sigma-x")+","+value(t, ctx, "sigma-y"))
	q.Set("x0", value(t, ctx, "x0-x")+","+value(t, ctx, "x0-y"))
	open(t, ctx, q.Encode())
	s := waitFor(t, ctx, "the link to apply", func(s status) bool { return s.Link != "" })
	if s.Link != "v=1" || len(s.Errors) > 0 {
		t.Errorf("the page's defaults %s give the link %q (errors %q), want v=1", q.Encode(), s.Link, s.Errors)
	}
}

func TestPageLanesAddDuplicateRemove(t *testing.T) {
	ctx := browser(t)
	open(t, ctx, "opt2=sgd&lr2=0.01&opt3=rmsprop&lr3=0.002&opt4=momentum")
	if n := eval[int](t, ctx, `[...document.querySelectorAll("[role=tab]")].filter(t => !t.hidden).length`); n != 4 {
		t.Fatalf("%d lane tabs shown, want 4", n)
	}
	if !eval[bool](t, ctx, `document.getElementById("lane-add").disabled`) {
		t.Error("Add lane is enabled with 4 lanes")
	}
	// Removing lane 2 renumbers lanes 3 and 4.
	click(t, ctx, "tab-2")
	click(t, ctx, "lane-remove")
	want := "v=1&opt2=rmsprop&lr2=0.002&opt3=momentum"
	s := waitFor(t, ctx, "lane 2 removed", func(s status) bool { return s.Link == want })
	if q := search(t, ctx); q.Has("opt4") || q.Get("opt2") != "rmsprop" || q.Get("lr2") != "0.002" || q.Get("opt3") != "momentum" {
		t.Errorf("after removing lane 2 the address is %v", q)
	}

	// Removing lane 1 makes lane 2 the first, and keeps what the other
	// lanes took from lane 1.
	open(t, ctx, "lr=0.01&opt2=sgd&lr2=0.5&opt3=rmsprop")
	click(t, ctx, "tab-1")
	click(t, ctx, "lane-remove")
	want = "v=1&opt=sgd&lr=0.5&opt2=rmsprop&lr2=0.01"
	s = waitFor(t, ctx, "lane 1 removed", func(s status) bool { return s.Link == want || len(s.Errors) > 0 })
	if s.Link != want {
		t.Errorf("after removing lane 1 the link is %q (errors %q), want %q", s.Link, s.Errors, want)
	}

	// Duplicating lane 2 copies what it sets.
	open(t, ctx, "opt=sgd&opt2=adam&lr2=0.003")
	click(t, ctx, "tab-2")
	click(t, ctx, "lane-dup")
	want = "v=1&opt=sgd&opt2=adam&lr2=0.003&opt3=adam&lr3=0.003"
	waitFor(t, ctx, "lane 2 duplicated", func(s status) bool { return s.Link == want })
	if sel := eval[string](t, ctx, `document.querySelector("[role=tab][aria-selected=true]").id`); sel != "tab-3" {
		t.Errorf("after duplicating, %s is selected, want the new tab-3", sel)
	}
	if v := value(t, ctx, "lr3"); v != "0.003" {
		t.Errorf("lane 3's learning rate shows %q, want 0.003", v)
	}
}

func TestPageTransport(t *testing.T) {
	ctx := browser(t)
	open(t, ctx, "runs=20")
	set(t, ctx, "speed", "1000")
	if got := search(t, ctx).Get("speed"); got != "1000" {
		t.Errorf("speed in the address is %q, want 1000", got)
	}
	waitFor(t, ctx, "speed 1000", func(s status) bool { return statusNumber(t, ctx, "speed") == 1000 })
	click(t, ctx, "view-run")
	if got := search(t, ctx).Get("view"); got != "run" {
		t.Errorf("view in the address is %q, want run", got)
	}
	waitFor(t, ctx, "the one-run view", func(s status) bool { return statusString(t, ctx, "view") == "run" })

	// Pause, step, reset.
	click(t, ctx, "play")
	waitFor(t, ctx, "pause", func(s status) bool { return !s.Playing })
	waitForPage(t, ctx, "the button to say Play", `document.querySelector("#play .label").textContent === "Play"`)
	s := waitFor(t, ctx, "a steady step", func(s status) bool { return !s.Playing })
	click(t, ctx, "step")
	waitFor(t, ctx, "one step", func(x status) bool { return x.Step == s.Step+1 })
	click(t, ctx, "reset")
	waitFor(t, ctx, "reset", func(s status) bool { return s.Step == 0 })

	seed := search(t, ctx).Get("seed")
	click(t, ctx, "newseed")
	if got := search(t, ctx).Get("seed"); got == seed || got == "" {
		t.Errorf("New seed left seed=%q (was %q)", got, seed)
	}

	click(t, ctx, "runto5")
	waitFor(t, ctx, "step 100000", func(s status) bool { return s.Step >= 100000 })
	if n := statusNumber(t, ctx, "target"); n != 100000 {
		t.Errorf("target %v after Run to 10^5, want 100000", n)
	}
}

// statusNumber and statusString read a field of the game's status that the
// shared status type does not hold.
func statusNumber(t *testing.T, ctx context.Context, field string) float64 {
	t.Helper()
	return eval[float64](t, ctx, fmt.Sprintf(`JSON.parse(document.getElementById("game").contentWindow.noiseball.status())[%q] ?? -1`, field))
}

func statusString(t *testing.T, ctx context.Context, field string) string {
	t.Helper()
	return eval[string](t, ctx, fmt.Sprintf(`String(JSON.parse(document.getElementById("game").contentWindow.noiseball.status())[%q])`, field))
}

func TestPageKeyboardShortcuts(t *testing.T) {
	ctx := browser(t)
	open(t, ctx, "runs=10")
	waitFor(t, ctx, "play", func(s status) bool { return s.Playing && s.Step > 5 })

	// Space toggles play, on the page...
	press(t, ctx, " ")
	waitFor(t, ctx, "Space to pause", func(s status) bool { return !s.Playing })
	press(t, ctx, " ")
	waitFor(t, ctx, "Space to play", func(s status) bool { return s.Playing })
	press(t, ctx, " ")
	s := waitFor(t, ctx, "Space to pause again", func(s status) bool { return !s.Playing })

	// ... the right arrow takes one step while paused ...
	time.Sleep(200 * time.Millisecond)
	s, _, _ = gameStatus(ctx)
	press(t, ctx, kb.ArrowRight)
	waitFor(t, ctx, "→ to step once", func(x status) bool { return x.Step == s.Step+1 })
	time.Sleep(300 * time.Millisecond)
	if x, _, _ := gameStatus(ctx); x.Step != s.Step+1 || x.Playing {
		t.Errorf("after → at step %d: step %d, playing %v; want step %d, paused", s.Step, x.Step, x.Playing, s.Step+1)
	}

	// ... R resets, N draws a new seed, ? shows the help and Escape hides it.
	press(t, ctx, "r")
	waitFor(t, ctx, "R to reset", func(s status) bool { return s.Step == 0 })
	seed := search(t, ctx).Get("seed")
	press(t, ctx, "n")
	if got := search(t, ctx).Get("seed"); got == "" || got == seed {
		t.Errorf("N left seed=%q (was %q)", got, seed)
	}
	press(t, ctx, "?")
	if !eval[bool](t, ctx, `document.getElementById("help").open`) {
		t.Fatal("? did not open the help")
	}
	help := eval[string](t, ctx, `document.getElementById("help").textContent`)
	for _, key := range []string{"Space", "→", "R", "N", "?", "Esc"} {
		if !strings.Contains(help, key) {
			t.Errorf("the help does not list %s", key)
		}
	}
	press(t, ctx, kb.Escape)
	if eval[bool](t, ctx, `document.getElementById("help").open`) {
		t.Error("Escape did not close the help")
	}

	// The same keys work with the focus in the game's frame.
	eval[bool](t, ctx, `(document.getElementById("game").contentWindow.focus(), true)`)
	if !eval[bool](t, ctx, `document.activeElement === document.getElementById("game")`) {
		t.Fatal("could not focus the game's frame")
	}
	press(t, ctx, " ")
	waitFor(t, ctx, "Space in the frame to play", func(s status) bool { return s.Playing && s.Step > 3 })
	press(t, ctx, " ")
	waitFor(t, ctx, "Space in the frame to pause", func(s status) bool { return !s.Playing })
	s, _, _ = gameStatus(ctx)
	press(t, ctx, kb.ArrowRight)
	waitFor(t, ctx, "→ in the frame to step", func(x status) bool { return x.Step == s.Step+1 })
	press(t, ctx, "r")
	waitFor(t, ctx, "R in the frame to reset", func(s status) bool { return s.Step == 0 })
	press(t, ctx, "?")
	if !eval[bool](t, ctx, `document.getElementById("help").open`) {
		t.Error("? in the frame did not open the help")
	}
	press(t, ctx, kb.Escape)

	// Typing in the learning-rate field is typing, not shortcuts.
	eval[bool](t, ctx, `(document.getElementById("game").contentWindow.noiseball.play(), true)`)
	waitFor(t, ctx, "play", func(s status) bool { return s.Playing && s.Step > 10 })
	address := eval[string](t, ctx, "location.search")
	if err := chromedp.Do(ctx, chromedp.Focus(chromedp.ID("lr"))); err != nil {
		t.Fatal(err)
	}
	before, _, _ := gameStatus(ctx)
	press(t, ctx, " rn?"+kb.ArrowRight+"1")
	time.Sleep(400 * time.Millisecond)
	after, _, _ := gameStatus(ctx)
	if !after.Playing || after.Step <= before.Step {
		t.Errorf("typing in the lr field changed the game: playing %v, step %d then %d", after.Playing, before.Step, after.Step)
	}
	if got := eval[string](t, ctx, "location.search"); got != address {
		t.Errorf("typing in the lr field changed the address from %q to %q", address, got)
	}
	if eval[bool](t, ctx, `document.getElementById("help").open`) {
		t.Error("typing ? in the lr field opened the help")
	}
}

func TestPageBadLinkNamesEachParameterAndRuns(t *testing.T) {
	ctx := browser(t)
	long := strings.Repeat("7", 10_000)
	if err := chromedp.Do(ctx, chromedp.Navigate(baseURL+"?lr=abc&batch=-3&opt=foo&h1="+long)); err != nil {
		t.Fatal(err)
	}
	s := waitFor(t, ctx, "the game to run", func(s status) bool { return s.Step > 20 })
	if len(s.Errors) != 4 {
		t.Errorf("the game reports %d errors %q, want 4", len(s.Errors), s.Errors)
	}
	waitForPage(t, ctx, "the message to show", `!document.getElementById("errors").hidden`)
	text := eval[string](t, ctx, `document.getElementById("errors").textContent`)
	for _, want := range []string{`lr="abc"`, "(0, 10]", `batch="-3"`, "[1, 65536]", `opt="foo"`, "one of sgd", `h1="777`, "[0.001, 1000]"} {
		if !strings.Contains(text, want) {
			t.Errorf("the message %q does not say %s", text, want)
		}
	}
	if len(text) > 2000 {
		t.Errorf("the message repeats the 10 kB value: %d bytes", len(text))
	}
	// The rejected parameters' controls are marked; the menu shows the bad
	// word rather than pretending.
	for _, id := range []string{"lr", "batch", "opt", "h1"} {
		if got := eval[string](t, ctx, fmt.Sprintf(`document.getElementById(%q).getAttribute("aria-invalid") ?? ""`, id)); got != "true" {
			t.Errorf("#%s is not marked invalid", id)
		}
	}
	if got := value(t, ctx, "opt"); got != "foo" {
		t.Errorf("the optimizer menu shows %q, want the link's foo", got)
	}
	// The page still runs.
	later := waitFor(t, ctx, "the game to keep running", func(x status) bool { return x.Step > s.Step+20 })
	if later.Link != "v=1" {
		t.Errorf("the game runs %q, want the defaults (v=1)", later.Link)
	}
	savePage(t, ctx, "bad-link")

	// An out-of-range value typed into a field goes to the game, which says
	// what is wrong with it, rather than being clamped.
	open(t, ctx, "")
	set(t, ctx, "b1", "1.5")
	if got := search(t, ctx).Get("b1"); got != "1.5" {
		t.Errorf("typing b1=1.5 put b1=%q in the address", got)
	}
	waitFor(t, ctx, "the game to reject b1=1.5", func(s status) bool {
		return len(s.Errors) == 1 && strings.HasPrefix(s.Errors[0], `b1="1.5"`)
	})
	waitForPage(t, ctx, "the message to name b1", `document.getElementById("errors").textContent.includes('b1="1.5"')`)
}

// Every bad setting is named, the page's own (lang, story, metric, speed)
// and malformed numbers too, and a link with dozens of problems shows the
// first 20 and how many more, however long their names.
func TestPageNamesEveryBadSetting(t *testing.T) {
	ctx := browser(t)
	open(t, ctx, "lang=%3Cscript%3E&story=999&metric=junk&speed=0&lr=0x1p-3&runs=1_0")
	waitForPage(t, ctx, "the message", `!document.getElementById("errors").hidden && document.querySelectorAll("#errors li").length === 6`)
	text := eval[string](t, ctx, `document.getElementById("errors").textContent`)
	for _, want := range []string{`lang="<script>": want one of en, ja`, `story="999": want an integer in [1, 11]`,
		`metric="junk": want one of spread`, `speed="0"`, `lr="0x1p-3"`, "hexadecimal: write 0.125", `runs="1_0"`, "write 10"} {
		if !strings.Contains(text, want) {
			t.Errorf("the message %q does not say %s", text, want)
		}
	}
	var q []string
	for i := range 30 {
		q = append(q, fmt.Sprintf("%s%d=1", strings.Repeat("x", 1000), i))
	}
	open(t, ctx, strings.Join(q, "&"))
	waitForPage(t, ctx, "the capped message", `document.getElementById("errors").textContent.includes("and 10 more problems")`)
	if n := eval[int](t, ctx, `document.querySelectorAll("#errors li").length`); n != 21 {
		t.Errorf("the message lists %d items, want 20 problems and a count of the rest", n)
	}
	if n := len(eval[string](t, ctx, `document.getElementById("errors").textContent`)); n > 4000 {
		t.Errorf("the message is %d bytes long", n)
	}
}

// waitForPage polls a JavaScript condition in the page for up to 20 s.
func waitForPage(t *testing.T, ctx context.Context, what, cond string) {
	t.Helper()
	waitLong(t, ctx, what, cond, 20*time.Second)
}

// waitLong polls a JavaScript condition in the page for up to d.
func waitLong(t *testing.T, ctx context.Context, what, cond string, d time.Duration) {
	t.Helper()
	deadline := time.Now().Add(d)
	for !eval[bool](t, ctx, cond) {
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: gave up after %v", what, d)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestPageBackAndForward(t *testing.T) {
	ctx := browser(t)
	open(t, ctx, "opt=sgd")
	// A later view in the history, as a preset or a hand-edited address makes.
	eval[bool](t, ctx, `(history.pushState(null, "", "?opt=rmsprop&lr=0.001"), true)`)
	eval[bool](t, ctx, `(history.back(), true)`)
	waitForPage(t, ctx, "Back", `location.search === "?opt=sgd"`)
	eval[bool](t, ctx, `(history.forward(), true)`)
	waitForPage(t, ctx, "Forward", `location.search === "?opt=rmsprop&lr=0.001"`)
	waitFor(t, ctx, "the game to follow Forward", func(s status) bool { return s.Link == "v=1&opt=rmsprop&lr=0.001" })
	if opt, lr := value(t, ctx, "opt"), value(t, ctx, "lr"); opt != "rmsprop" || lr != "0.001" {
		t.Errorf("after Forward the controls show opt=%q lr=%q, want rmsprop 0.001", opt, lr)
	}
	eval[bool](t, ctx, `(history.back(), true)`)
	waitFor(t, ctx, "the game to follow Back", func(s status) bool { return s.Link == "v=1&opt=sgd" })
	if opt := value(t, ctx, "opt"); opt != "sgd" {
		t.Errorf("after Back the optimizer shows %q, want sgd", opt)
	}
}

func TestPagePresets(t *testing.T) {
	ctx := browser(t)
	open(t, ctx, "lang=en")
	raw := eval[string](t, ctx, `document.getElementById("game").contentWindow.noiseball.presets()`)
	var presets []struct{ Name, Title, Query, Description string }
	if err := json.Unmarshal([]byte(raw), &presets); err != nil || len(presets) == 0 {
		t.Fatalf("presets() = %.200q (%v)", raw, err)
	}
	waitForPage(t, ctx, "the presets menu to show", `!document.getElementById("presets-box").hidden`)
	for i, p := range presets {
		set(t, ctx, "preset", strconv.Itoa(i))
		q := search(t, ctx)
		want, _ := url.ParseQuery(strings.TrimPrefix(p.Query, "?"))
		for k := range want {
			if q.Get(k) != want.Get(k) {
				t.Errorf("preset %s: the address has %s=%q, want %q", p.Name, k, q.Get(k), want.Get(k))
			}
		}
		if q.Get("lang") != "en" {
			t.Errorf("preset %s dropped lang=en: %v", p.Name, q)
		}
		s := waitFor(t, ctx, "the preset to run", func(s status) bool { return s.Step > 0 })
		if len(s.Errors) > 0 {
			t.Errorf("preset %s: errors %q", p.Name, s.Errors)
		}
		if got := eval[string](t, ctx, `document.getElementById("preset-description").textContent`); got != p.Description {
			t.Errorf("preset %s: description %q, want %q", p.Name, got, p.Description)
		}
	}
	// The digit keys open the first nine.
	eval[bool](t, ctx, `(document.activeElement.blur(), true)`)
	press(t, ctx, "1")
	waitForPage(t, ctx, "key 1 to open the first preset", `document.getElementById("preset").value === "0"`)
}

func TestPagePresetsMenu(t *testing.T) {
	// The page's side of the presets, with a list of two put into the game's
	// bridge as the game would give it.
	ctx := browser(t)
	fake := `[{"name":"a","title":"Adam never settles","query":"opt=adam&lr=0.1","description":"About Adam."},
		{"name":"b","title":"A decaying schedule","query":"v=1&opt=sgd&sched=poly&p=1","description":"About decay."}]`
	script := fmt.Sprintf(`if (location.pathname.endsWith("game.html")) {
		let nb;
		Object.defineProperty(window, "noiseball", { configurable: true, get() { return nb; },
			set(v) { v.presets = () => %q; nb = v; } });
	}`, fake)
	err := chromedp.Do(ctx, beforeLoad(script))
	if err != nil {
		t.Fatal(err)
	}
	open(t, ctx, "lang=en&speed=10&runs=5")
	waitForPage(t, ctx, "the presets menu", `!document.getElementById("presets-box").hidden`)
	if n := eval[int](t, ctx, `document.getElementById("preset").options.length`); n != 3 {
		t.Errorf("the menu has %d entries, want Custom and 2 presets", n)
	}
	if eval[bool](t, ctx, `document.getElementById("help-presets").hidden`) {
		t.Error("the help does not list the preset keys")
	}
	set(t, ctx, "preset", "1")
	if got, want := eval[string](t, ctx, "location.search"), "?v=1&opt=sgd&sched=poly&p=1&lang=en&speed=10"; got != want {
		t.Errorf("choosing preset b: address %q, want %q", got, want)
	}
	waitFor(t, ctx, "preset b to run", func(s status) bool { return s.Link == "v=1&opt=sgd&sched=poly" })
	if got := eval[string](t, ctx, `document.getElementById("preset-description").textContent`); got != "About decay." {
		t.Errorf("description %q", got)
	}
	if v := value(t, ctx, "sched"); v != "poly" {
		t.Errorf("the schedule menu shows %q after preset b, want poly", v)
	}
	eval[bool](t, ctx, `(document.activeElement.blur(), true)`)
	press(t, ctx, "1")
	waitFor(t, ctx, "key 1 to open preset a", func(s status) bool { return s.Link == "v=1&lr=0.1" })
	if v := value(t, ctx, "preset"); v != "0" {
		t.Errorf("the menu shows %q after key 1, want preset 0", v)
	}
	// A preset is a new view: Back returns to the one before.
	eval[bool](t, ctx, `(history.back(), true)`)
	waitFor(t, ctx, "Back to preset b", func(s status) bool { return s.Link == "v=1&opt=sgd&sched=poly" })
	// A change by hand leaves the preset: the menu says so.
	set(t, ctx, "lr", "0.3")
	if v := value(t, ctx, "preset"); v != "" {
		t.Errorf("the menu shows preset %q after a change by hand", v)
	}
}

func TestPagePanicShowsAResetButton(t *testing.T) {
	// A game that reports a panic (put into the bridge's status, as the game
	// reports a recovered panic), and counts its resets.
	ctx := browser(t)
	script := `if (location.pathname.endsWith("game.html")) {
		let nb;
		window.resets = 0;
		Object.defineProperty(window, "noiseball", { configurable: true, get() { return nb; },
			set(v) {
				const status = v.status, reset = v.reset;
				v.status = () => { const s = JSON.parse(status()); if (window.resets === 0) s.panic = "boom"; return JSON.stringify(s); };
				v.reset = () => { window.resets++; reset(); };
				nb = v;
			} });
	}`
	err := chromedp.Do(ctx, beforeLoad(script))
	if err != nil {
		t.Fatal(err)
	}
	open(t, ctx, "")
	waitForPage(t, ctx, "the panic message", `!document.getElementById("errors").hidden &&
		document.getElementById("errors").textContent.includes(`+strconv.Quote(strings.ReplaceAll(readStrings(t, "en")["errors.panic"], "{reason}", "boom"))+`)`)
	click(t, ctx, "panic-reset")
	waitForPage(t, ctx, "the reset", `document.getElementById("game").contentWindow.resets === 1`)
	waitForPage(t, ctx, "the message to go", `document.getElementById("errors").hidden`)
}

func TestPageLayout(t *testing.T) {
	type box struct{ Left, Top, Right, Bottom float64 }
	rects := func(ctx context.Context) (game, panel box, overflow bool) {
		raw := eval[string](t, ctx, `JSON.stringify({
			game: document.getElementById("game").getBoundingClientRect(),
			panel: document.querySelector(".panel").getBoundingClientRect(),
			overflow: document.documentElement.scrollWidth > document.documentElement.clientWidth})`)
		var v struct {
			Game, Panel struct{ Left, Top, Right, Bottom float64 }
			Overflow    bool
		}
		if err := json.Unmarshal([]byte(raw), &v); err != nil {
			t.Fatal(err)
		}
		return box(v.Game), box(v.Panel), v.Overflow
	}

	ctx := browser(t)
	// Record what the Content-Security-Policy blocks, in the page and in the
	// game's frame: nothing should be.
	record := `window.blocked = []; document.addEventListener("securitypolicyviolation",
		e => window.blocked.push(e.violatedDirective + " " + e.blockedURI));`
	err := chromedp.Do(ctx, beforeLoad(record), chromedp.EmulateViewport(1280, 720))
	if err != nil {
		t.Fatal(err)
	}
	open(t, ctx, "opt2=sgd&runs=200")
	time.Sleep(500 * time.Millisecond)
	if b := eval[string](t, ctx, `JSON.stringify([...window.blocked, ...document.getElementById("game").contentWindow.blocked])`); b != "[]" {
		t.Errorf("the Content-Security-Policy blocked %s", b)
	}
	// Every control has a name a screen reader can say.
	if bad := eval[string](t, ctx, `[...document.querySelectorAll("input, select, button")].filter(e =>
		!(e.labels?.length || e.getAttribute("aria-label") || e.getAttribute("aria-labelledby") ||
		  e.closest("[role=group][aria-labelledby]") && e.getAttribute("aria-label") || e.textContent.trim()))
		.map(e => e.id || e.outerHTML).join(", ")`); bad != "" {
		t.Errorf("controls without a label: %s", bad)
	}
	game, panel, overflow := rects(ctx)
	if panel.Left < game.Right || panel.Top > game.Bottom {
		t.Errorf("at 1280x720 the controls %+v are not beside the canvas %+v", panel, game)
	}
	if game.Bottom > 720 || overflow {
		t.Errorf("at 1280x720 the canvas %+v does not fit (horizontal overflow %v)", game, overflow)
	}
	if w, h := game.Right-game.Left, game.Bottom-game.Top; w < 700 || h < 450 {
		t.Errorf("at 1280x720 the canvas is only %.0fx%.0f", w, h)
	}
	if !eval[bool](t, ctx, `getComputedStyle(document.querySelector(".panel")).overflowY === "auto"`) {
		t.Error("at 1280x720 the controls panel does not scroll")
	}
	savePage(t, ctx, "page-1280x720")

	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile)); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, "opt2=sgd&runs=200")
	game, panel, overflow = rects(ctx)
	if panel.Top < game.Bottom {
		t.Errorf("at 390 px the controls %+v are not below the canvas %+v", panel, game)
	}
	if overflow {
		t.Error("at 390 px the page scrolls sideways")
	}
	if w := game.Right - game.Left; w < 340 {
		t.Errorf("at 390 px the canvas is only %.0f px wide", w)
	}
	savePage(t, ctx, "page-390x844")
}

func TestPageReducedMotionDoesNotAutoPlay(t *testing.T) {
	ctx := browser(t)
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
			Features: []*emulation.MediaFeature{{Name: "prefers-reduced-motion", Value: "reduce"}},
		})
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	open(t, ctx, "runs=10")
	time.Sleep(time.Second)
	s, _, _ := gameStatus(ctx)
	if s.Playing || s.Step > 0 {
		t.Errorf("with reduced motion the game plays: playing %v at step %d", s.Playing, s.Step)
	}
	waitForPage(t, ctx, "a Play button", `document.querySelector("#play .label").textContent === "Play"`)
	click(t, ctx, "play")
	waitFor(t, ctx, "Play to play", func(s status) bool { return s.Playing && s.Step > 0 })
}

func TestPageLoadingShowsProgress(t *testing.T) {
	// The wasm arrives slowly: the bar shows bytes received of the total.
	wasm := strings.TrimSuffix(baseURL, "/") + "/main.wasm"
	head, err := http.NewRequest(http.MethodHead, wasm, nil)
	if err != nil {
		t.Fatal(err)
	}
	head.Header.Set("Accept-Encoding", "br, gzip")
	resp, err := http.DefaultClient.Do(head)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	total, _ := strconv.Atoi(resp.Header.Get("X-Uncompressed-Length"))
	if total == 0 {
		t.Fatalf("main.wasm has no X-Uncompressed-Length: %v", resp.Header)
	}

	ctx := browser(t)
	err = chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		if _, err := cdp.Call(ctx, tg, network.Enable, network.EnableParams{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, network.EmulateNetworkConditionsByRule, network.EmulateNetworkConditionsByRuleParams{
			MatchedNetworkConditions: []*network.Conditions{{
				URLPattern: wasm, DownloadThroughput: 600_000, UploadThroughput: -1,
			}},
		})
		return err
	}), chromedp.Navigate(baseURL))
	if err != nil {
		t.Fatal(err)
	}
	var max, value float64
	var text string
	deadline := time.Now().Add(30 * time.Second)
	for {
		raw := eval[string](t, ctx, `(d => { const b = d?.getElementById("loading-bar"); return b ? JSON.stringify([b.max, b.value, b.offsetWidth, d.querySelector(".loading-size")?.textContent ?? ""]) : "" })(document.getElementById("game").contentDocument)`)
		if raw != "" {
			var v []any
			json.Unmarshal([]byte(raw), &v)
			max, value, text = v[0].(float64), v[1].(float64), v[3].(string)
			if value > 0 && value < max {
				if v[2].(float64) == 0 {
					t.Error("the progress bar is not visible")
				}
				break
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("never saw the download half done: bar %v of %v, %q", value, max, text)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if int(max) != total {
		t.Errorf("the bar's total is %v bytes, want main.wasm's %d", max, total)
	}
	if want := fmt.Sprintf("of %.1f MB", float64(total)/1e6); !strings.Contains(text, want) {
		t.Errorf("the loading text %q does not say %q", text, want)
	}
	waitFor(t, ctx, "the game to start after the slow download", func(s status) bool { return s.Frames > 0 })
}

func TestPageSaysWhatTheBrowserLacks(t *testing.T) {
	// A browser without WebAssembly or WebGL2, made by taking them away
	// before any script of the page (or its frame) runs.
	for _, c := range []struct{ want, script string }{
		{"WebAssembly", `delete globalThis.WebAssembly;`},
		{"WebGL2", `{ const get = HTMLCanvasElement.prototype.getContext;
			HTMLCanvasElement.prototype.getContext = function (kind, ...rest) {
				return kind === "webgl2" ? null : get.call(this, kind, ...rest); }; }`},
	} {
		t.Run(c.want, func(t *testing.T) {
			ctx := browser(t)
			err := chromedp.Do(ctx, beforeLoad(c.script), chromedp.Navigate(baseURL))
			if err != nil {
				t.Fatal(err)
			}
			waitForPage(t, ctx, "the message", fmt.Sprintf(
				`(document.getElementById("game").contentDocument?.getElementById("loading-text")?.textContent ?? "").includes("no %s") || (document.getElementById("game").contentDocument?.getElementById("loading-text")?.textContent ?? "").includes("cannot run %s")`, c.want, c.want))
			if eval[bool](t, ctx, `!!document.getElementById("game").contentDocument.getElementById("loading-bar").offsetWidth`) {
				t.Error("the progress bar still shows")
			}
		})
	}
}
