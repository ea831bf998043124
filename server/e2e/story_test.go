//go:build e2e

package e2e

// Tests of the guide (story=N): its links, its captions in both languages,
// the spotlight on the chart and the setting each step is about, and the
// keys and buttons that move through it.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"noiseball/sim"
	"noiseball/sim/link"
	"noiseball/sim/scene"
)

// storyStep is a step of static/story.json.
type storyStep struct {
	Query    string `json:"query"`
	Fallback string `json:"fallback"`
	Speed    string `json:"speed"`
	Chart    string `json:"chart"`
	Control  string `json:"control"`
	Action   string `json:"action"`
}

func readStory(t *testing.T) []storyStep {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(staticDir, "story.json"))
	if err != nil {
		t.Fatal(err)
	}
	var story struct{ Steps []storyStep }
	if err := json.Unmarshal(b, &story); err != nil {
		t.Fatalf("story.json: %v", err)
	}
	if len(story.Steps) < 6 {
		t.Fatalf("story.json has %d steps", len(story.Steps))
	}
	return story.Steps
}

// charts are the monitor charts in the game's order (wasm/charts.go).
var charts = []string{"loss", "dist", "step", "spread", "lr"}

// autoSchedule reports whether the link format has the automatic schedule
// that the guide's last step uses.
func autoSchedule() bool {
	_, err := link.Parse("sched=auto")
	return err == nil
}

// shown returns the link step shows now: its own, or its fallback while
// the link format lacks what it needs.
func (s storyStep) shown() (query string, fallback bool) {
	if s.Fallback != "" && !autoSchedule() {
		return s.Fallback, true
	}
	return s.Query, false
}

func TestStoryLinksAreCanonical(t *testing.T) {
	for i, s := range readStory(t) {
		name := fmt.Sprintf("step %d", i+1)
		if !slicesContains(append(charts, "landscape"), s.Chart) {
			t.Errorf("%s: chart %q is not one the game draws", name, s.Chart)
		}
		if s.Speed != "" {
			if n, err := strconv.Atoi(s.Speed); err != nil || n < 1 || n > 1_000_000 {
				t.Errorf("%s: speed %q", name, s.Speed)
			}
		}
		queries := []string{s.Query}
		if s.Fallback != "" {
			queries = append(queries, s.Fallback)
		}
		for j, q := range queries {
			cfg, err := link.Parse(q)
			if j == 0 && s.Fallback != "" && err != nil {
				// The step waits for a feature: the link must fail on that
				// alone (the automatic schedule), and its fallback work.
				var pe *link.ParamError
				for _, e := range link.Errors(err) {
					if !errors.As(e, &pe) || !strings.HasPrefix(pe.Param, "sched") || pe.Value != "auto" {
						t.Errorf("%s: %q fails on more than sched=auto: %v", name, q, e)
					}
				}
				continue
			}
			if err != nil {
				t.Errorf("%s: %q: %v", name, q, err)
				continue
			}
			if enc := link.Encode(cfg); enc != q {
				t.Errorf("%s: %q is not canonical; write %q", name, q, enc)
			}
			if cfg.Runs*len(cfg.Lanes) > 4000 {
				t.Errorf("%s: %d runs x %d lanes is too heavy for a presentation laptop", name, cfg.Runs, len(cfg.Lanes))
			}
		}
	}
}

func slicesContains(xs []string, x string) bool {
	for _, y := range xs {
		if x == y {
			return true
		}
	}
	return false
}

var tagsRE = regexp.MustCompile(`<[^>]*>`)

// plain is a translation as the page shows it, without its inline tags.
func plain(s string) string { return tagsRE.ReplaceAllString(s, "") }

// checkStep checks that the page shows step k (from 1) of the guide in lang.
func checkStep(t *testing.T, ctx context.Context, steps []storyStep, k int, lang string, strs map[string]string) {
	t.Helper()
	want, fallback := steps[k-1].shown()
	checkStepShows(t, ctx, steps, k, lang, strs, want, fallback)
}

// checkStepShows checks that the page shows step k with link want, and its
// fallback caption if fallback.
func checkStepShows(t *testing.T, ctx context.Context, steps []storyStep, k int, lang string, strs map[string]string, want string, fallback bool) {
	t.Helper()
	s := steps[k-1]
	waitForPage(t, ctx, fmt.Sprintf("story=%d in the address", k), fmt.Sprintf(`new URLSearchParams(location.search).get("story") === "%d"`, k))
	st := waitFor(t, ctx, fmt.Sprintf("the game to run step %d's link %s", k, want), func(x status) bool { return x.Link == want })
	if len(st.Errors) > 0 {
		t.Errorf("step %d: the game reports %q", k, st.Errors)
	}
	q := search(t, ctx)
	wq, _ := url.ParseQuery(want)
	for name := range wq {
		if q.Get(name) != wq.Get(name) {
			t.Errorf("step %d: the address has %s=%q, want %q", k, name, q.Get(name), wq.Get(name))
		}
	}
	if q.Get("lang") != lang {
		t.Errorf("step %d dropped lang=%s: %v", k, lang, q)
	}
	if s.Speed != "" && q.Get("speed") != s.Speed {
		t.Errorf("step %d: speed=%q, want %s", k, q.Get("speed"), s.Speed)
	}
	textKey := fmt.Sprintf("story.%d.text", k)
	if fallback {
		textKey = fmt.Sprintf("story.%d.fallback", k)
	}
	waitForPage(t, ctx, "the caption", fmt.Sprintf(`document.getElementById("story-text").textContent === %q`, plain(strs[textKey])))
	for id, want := range map[string]string{
		"story-name":  plain(strs[fmt.Sprintf("story.%d.title", k)]),
		"story-title": plain(strs[fmt.Sprintf("story.%d.lead", k)]),
		"story-count": strings.NewReplacer("{k}", strconv.Itoa(k), "{n}", strconv.Itoa(len(steps))).Replace(strs["story.count"]),
	} {
		if got := eval[string](t, ctx, fmt.Sprintf(`document.getElementById(%q).textContent`, id)); got != want {
			t.Errorf("step %d (%s): #%s reads %q, want %q", k, lang, id, got, want)
		}
	}
	if lang == "ja" && !japaneseRE.MatchString(eval[string](t, ctx, `document.getElementById("story-text").textContent`)) {
		t.Errorf("step %d: the caption in Japanese has no Japanese", k)
	}
	// The point in one bold sentence; the details after it, smaller.
	var look struct{ LeadWeight, LeadSize, TextSize float64 }
	raw := eval[string](t, ctx, `(() => {
		const lead = getComputedStyle(document.getElementById("story-title")), text = getComputedStyle(document.getElementById("story-text"));
		return JSON.stringify({leadWeight: +lead.fontWeight, leadSize: parseFloat(lead.fontSize), textSize: parseFloat(text.fontSize)});
	})()`)
	if err := json.Unmarshal([]byte(raw), &look); err != nil {
		t.Fatal(err)
	}
	if look.LeadWeight < 600 || look.TextSize >= look.LeadSize {
		t.Errorf("step %d (%s): the lead is %.0f weight, %.1f px, the details %.1f px; want it bold and the details smaller", k, lang, look.LeadWeight, look.LeadSize, look.TextSize)
	}
	if offers := !eval[bool](t, ctx, `document.getElementById("story-action").hidden`); offers != (s.Action == "log") {
		t.Errorf("step %d: it offers Check a log: %v, its action is %q", k, offers, s.Action)
	}
	if !eval[bool](t, ctx, `document.getElementById("errors").hidden`) {
		t.Errorf("step %d shows an error: %s", k, eval[string](t, ctx, `document.getElementById("errors").textContent`))
	}
	if !eval[bool](t, ctx, `document.getElementById("story-modified").hidden`) {
		t.Errorf("step %d says its settings were changed", k)
	}

	// The spotlight outlines the step's chart where the game draws it. The
	// page places it again when the frame's size changes (a
	// ResizeObserver, whose callback comes with the next frame): the
	// spotlight is read until it is on the chart, for up to 2 s.
	var spot struct {
		Hidden         bool
		Chart, Label   string
		X, Y, W, H     float64 // the spotlight, relative to the frame
		FrameW, FrameH float64
	}
	var r scene.Rect
	on := false
	for deadline := time.Now().Add(2 * time.Second); !on && time.Now().Before(deadline); {
		raw = eval[string](t, ctx, `(() => {
		const s = document.getElementById("spotlight"), f = document.getElementById("game").getBoundingClientRect();
		const r = s.getBoundingClientRect();
		return JSON.stringify({hidden: s.hidden, chart: s.dataset.chart ?? "", label: s.textContent,
			x: r.left - f.left, y: r.top - f.top, w: r.width, h: r.height, frameW: f.width, frameH: f.height});
	})()`)
		if err := json.Unmarshal([]byte(raw), &spot); err != nil {
			t.Fatal(err)
		}
		// The charts of the step's problem: a real model's seven or six.
		q, _ := url.ParseQuery(s.Query)
		shown := scene.ChartIDs(sim.ProblemKind(q.Get("problem")))
		land, rects := scene.Layout(spot.FrameW, spot.FrameH, len(shown))
		r = land
		if i := indexOf(shown, s.Chart); i >= 0 {
			r = rects[i]
		}
		const tol = 4 // the spotlight is inset by 2 px
		on = !spot.Hidden && spot.Chart == s.Chart &&
			math.Abs(spot.X-r.X0) <= tol && math.Abs(spot.Y-r.Y0) <= tol && math.Abs(spot.W-r.Dx()) <= 2*tol && math.Abs(spot.H-r.Dy()) <= 2*tol
		if !on {
			time.Sleep(100 * time.Millisecond)
		}
	}
	switch {
	case spot.Hidden || spot.Chart != s.Chart:
		t.Errorf("step %d: spotlight hidden %v on %q, want it on %s", k, spot.Hidden, spot.Chart, s.Chart)
	case !on:
		t.Errorf("step %d: the spotlight at (%.0f,%.0f) %.0fx%.0f is not on the %s chart at %+v", k, spot.X, spot.Y, spot.W, spot.H, s.Chart, r)
	}
	if want := strs["chart."+s.Chart+".short"]; !spot.Hidden && spot.Label != want {
		t.Errorf("step %d: the spotlight says %q, want %q", k, spot.Label, want)
	}
	// ... and marks the setting.
	if !eval[bool](t, ctx, fmt.Sprintf(`!!document.querySelector(".spotlit #%s")`, s.Control)) {
		t.Errorf("step %d: the setting #%s is not marked", k, s.Control)
	}
}

func indexOf(xs []string, x string) int {
	for i, y := range xs {
		if x == y {
			return i
		}
	}
	return -1
}

func TestStoryEveryStepInBothLanguages(t *testing.T) {
	steps := readStory(t)
	for _, lang := range languages {
		t.Run(lang, func(t *testing.T) {
			strs := readStrings(t, lang)
			ctx := browser(t)
			open(t, ctx, "lang="+lang+"&story=1")
			for k := 1; k <= len(steps); k++ {
				checkStep(t, ctx, steps, k, lang, strs)
				if k == 1 {
					savePage(t, ctx, "story-1-"+lang)
				}
				if k == len(steps) {
					break
				}
				// → moves the guide on; it does not pause the game to step.
				before := waitFor(t, ctx, "the game to play", func(s status) bool { return s.Playing })
				press(t, ctx, kb.ArrowRight)
				waitForPage(t, ctx, "→ to open the next step", fmt.Sprintf(`new URLSearchParams(location.search).get("story") === "%d"`, k+1))
				if s, _, _ := gameStatus(ctx); !s.Playing && s.Step == before.Step+1 {
					t.Errorf("→ at step %d stepped the game", k)
				}
			}
			savePage(t, ctx, "story-last-"+lang)
			last := len(steps)
			// The last step is what to do in practice, and its button
			// opens Check a log.
			if want := map[string]string{"en": "In practice", "ja": "実務では"}[lang]; strs[fmt.Sprintf("story.%d.title", last)] != want {
				t.Errorf("the last step is %q, want %q", strs[fmt.Sprintf("story.%d.title", last)], want)
			}
			click(t, ctx, "story-log")
			waitForPage(t, ctx, "Check a log to open", `document.getElementById("logcheck").open`)
			click(t, ctx, "log-close")
			waitForPage(t, ctx, "Check a log to close", `!document.getElementById("logcheck").open`)
			// → at the last step stays there.
			press(t, ctx, kb.ArrowRight)
			time.Sleep(300 * time.Millisecond)
			if got := search(t, ctx).Get("story"); got != strconv.Itoa(last) {
				t.Errorf("→ at the last step went to story=%s", got)
			}
			// ← and Page Up go back, Page Down forward (a presenter's remote).
			press(t, ctx, kb.ArrowLeft)
			checkStep(t, ctx, steps, last-1, lang, strs)
			press(t, ctx, kb.PageUp)
			checkStep(t, ctx, steps, last-2, lang, strs)
			press(t, ctx, kb.PageDown)
			checkStep(t, ctx, steps, last-1, lang, strs)
			// The buttons and the numbered dots.
			click(t, ctx, "story-prev")
			checkStep(t, ctx, steps, last-2, lang, strs)
			click(t, ctx, "story-next")
			checkStep(t, ctx, steps, last-1, lang, strs)
			click(t, ctx, "story-dot-2")
			checkStep(t, ctx, steps, 2, lang, strs)
			// Each step is a new view: Back returns to the one before.
			eval[bool](t, ctx, `(history.back(), true)`)
			checkStep(t, ctx, steps, last-1, lang, strs)
		})
	}
}

func TestStoryOpensFromALinkAndNoticesChanges(t *testing.T) {
	steps := readStory(t)
	strs := readStrings(t, "en")
	ctx := browser(t)

	// story=3 alone is step 3 with its link.
	open(t, ctx, "lang=en&story=3")
	checkStep(t, ctx, steps, 3, "en", strs)

	// A change by hand keeps the guide open and offers the step's settings back.
	set(t, ctx, "lr", "0.2")
	waitForPage(t, ctx, "the change to show", `!document.getElementById("story-modified").hidden`)
	click(t, ctx, "story-restore")
	checkStep(t, ctx, steps, 3, "en", strs)

	// A link with a step and its own settings keeps them.
	open(t, ctx, "lang=en&story=4&runs=10")
	waitForPage(t, ctx, "the guide", `!document.getElementById("story").hidden`)
	if got := search(t, ctx).Get("runs"); got != "10" {
		t.Errorf("story=4&runs=10 became runs=%q", got)
	}
	if eval[bool](t, ctx, `document.getElementById("story-modified").hidden`) {
		t.Error("story=4 with other settings does not say they differ")
	}

	// Closing the guide keeps the view and gives → back to single steps.
	open(t, ctx, "lang=en&story=2")
	checkStep(t, ctx, steps, 2, "en", strs)
	click(t, ctx, "story-close")
	waitForPage(t, ctx, "the guide to close", `document.getElementById("story").hidden && !new URLSearchParams(location.search).has("story")`)
	if got := search(t, ctx).Get("opt"); got != "sgd" {
		t.Errorf("closing the guide changed the view: opt=%q", got)
	}
	press(t, ctx, " ")
	s := waitFor(t, ctx, "Space to pause", func(s status) bool { return !s.Playing })
	press(t, ctx, kb.ArrowRight)
	waitFor(t, ctx, "→ to step once", func(x status) bool { return x.Step == s.Step+1 })

	// The Guide button opens it at step 1; a preset leaves it.
	click(t, ctx, "story-open")
	checkStep(t, ctx, steps, 1, "en", strs)
	eval[bool](t, ctx, `(document.activeElement.blur(), true)`)
	press(t, ctx, "2")
	waitForPage(t, ctx, "a preset to close the guide", `document.getElementById("story").hidden`)
}

func TestStoryStepWaitsForTheAutomaticSchedule(t *testing.T) {
	steps := readStory(t)
	last := 0 // the step that needs sched=auto
	for k, s := range steps {
		if s.Fallback != "" {
			last = k + 1
		}
	}
	if last == 0 {
		t.Fatal("no step of the guide has a fallback: the page's fallback goes untested")
	}
	s := steps[last-1]
	strs := readStrings(t, "en")
	// walk opens the guide and goes to that step, recording whether the
	// bad-link message ever shows on the way.
	walk := func(t *testing.T, ctx context.Context) {
		open(t, ctx, "lang=en")
		eval[bool](t, ctx, `(window.errorShown = false, new MutationObserver(() => {
			if (!document.getElementById("errors").hidden) window.errorShown = true;
		}).observe(document.getElementById("errors"), {attributes: true}), true)`)
		click(t, ctx, "story-open")
		for k := 1; k < last; k++ {
			press(t, ctx, kb.PageDown)
		}
	}

	t.Run("a game without sched=auto", func(t *testing.T) {
		// The game as it was before the automatic schedule: it runs
		// sched=auto as the default schedule and says the value is wrong.
		ctx := browser(t)
		old := `if (location.pathname.endsWith("game.html")) {
			let nb, hadAuto = false;
			const auto = /(^|&)(sched\d?)=auto(?=&|$)/g;
			Object.defineProperty(window, "noiseball", { configurable: true, get() { return nb; }, set(v) {
				const setLink = v.setLink, status = v.status, presets = v.presets;
				v.setLink = (q) => { hadAuto = q.search(auto) >= 0; return setLink(q.replace(auto, "$1$2=const")); };
				v.status = () => {
					const raw = status();
					if (!raw || !hadAuto) return raw;
					const s = JSON.parse(raw);
					s.errors = [...(s.errors ?? []), 'sched="auto": want one of const, poly, step, exp, cosine'];
					return JSON.stringify(s);
				};
				v.presets = () => JSON.stringify(JSON.parse(presets()).filter((p) => !/sched\d?=auto/.test(p.query)));
				nb = v;
			} });
		}`
		err := chromedp.Do(ctx, beforeLoad(old))
		if err != nil {
			t.Fatal(err)
		}
		walk(t, ctx)
		checkStepShows(t, ctx, steps, last, "en", strs, s.Fallback, true)
		if q := search(t, ctx).Encode(); strings.Contains(q, "auto") {
			t.Errorf("without sched=auto the address still asks for it: %v", q)
		}
		if eval[bool](t, ctx, `window.errorShown`) {
			t.Error("the page flashed the game's complaint about sched=auto")
		}
		if !eval[bool](t, ctx, `document.querySelector("#sched option[value=auto]").hidden`) {
			t.Error("the schedule menu offers Automatic, which the game lacks")
		}
		savePage(t, ctx, "story-last-fallback")
	})

	t.Run("this game", func(t *testing.T) {
		ctx := browser(t)
		walk(t, ctx)
		checkStep(t, ctx, steps, last, "en", strs)
		if eval[bool](t, ctx, `window.errorShown`) {
			t.Error("the last step showed an error")
		}
		if hidden := eval[bool](t, ctx, `document.querySelector("#sched option[value=auto]").hidden`); hidden == autoSchedule() {
			t.Errorf("the game has sched=auto: %v; the menu hides it: %v", autoSchedule(), hidden)
		}
		if autoSchedule() && value(t, ctx, "sched") != "auto" {
			t.Errorf("step %d shows the schedule %q, want auto", last, value(t, ctx, "sched"))
		}
	})
}

func TestStoryLayoutInBothLanguages(t *testing.T) {
	// The guide open at its longest caption, on a laptop and on a phone, in
	// both languages: nothing scrolls sideways, the canvas keeps a usable
	// size, and the caption is whole.
	steps := readStory(t)
	longest := 0
	for _, lang := range languages {
		strs := readStrings(t, lang)
		for k := range steps {
			if len(strs[fmt.Sprintf("story.%d.text", k+1)]) > len(strs[fmt.Sprintf("story.%d.text", longest+1)]) {
				longest = k
			}
		}
	}
	ctx := browser(t)
	// Record what the Content-Security-Policy blocks (the spotlight is
	// placed from script): nothing should be.
	record := `window.blocked = []; document.addEventListener("securitypolicyviolation",
		e => window.blocked.push(e.violatedDirective + " " + e.blockedURI));`
	if err := chromedp.Do(ctx, beforeLoad(record)); err != nil {
		t.Fatal(err)
	}
	for _, size := range []struct {
		w, h       int64
		minW, minH float64
		mobile     bool
	}{{1280, 720, 700, 300, false}, {390, 844, 340, 300, true}} {
		opts := []chromedp.EmulateViewportOption{}
		if size.mobile {
			opts = append(opts, chromedp.EmulateMobile)
		}
		if err := chromedp.Do(ctx, chromedp.EmulateViewport(size.w, size.h, opts...)); err != nil {
			t.Fatal(err)
		}
		for _, lang := range languages {
			open(t, ctx, fmt.Sprintf("lang=%s&story=%d", lang, longest+1))
			waitForPage(t, ctx, "the guide", `!document.getElementById("story").hidden`)
			time.Sleep(500 * time.Millisecond)
			name := fmt.Sprintf("story-%s-%dx%d", lang, size.w, size.h)
			savePage(t, ctx, name)
			if eval[bool](t, ctx, `document.documentElement.scrollWidth > document.documentElement.clientWidth`) {
				t.Errorf("%s: the page scrolls sideways", name)
			}
			w := eval[float64](t, ctx, `document.getElementById("game").getBoundingClientRect().width`)
			h := eval[float64](t, ctx, `document.getElementById("game").getBoundingClientRect().height`)
			if w < size.minW || h < size.minH {
				t.Errorf("%s: with the guide open the canvas is %.0fx%.0f", name, w, h)
			}
			// The point is whole; the details are, or their More shows
			// the rest.
			cut := `(e => e.scrollHeight > e.clientHeight + 1)(document.getElementById("story-text"))`
			if eval[bool](t, ctx, `(e => e.scrollHeight > e.clientHeight + 1)(document.getElementById("story-title"))`) {
				t.Errorf("%s: the caption's point is cut", name)
			}
			if eval[bool](t, ctx, cut) {
				if eval[bool](t, ctx, `document.getElementById("story-more").hidden`) {
					t.Errorf("%s: the caption's details are cut, with no More", name)
				} else {
					click(t, ctx, "story-more")
					waitForPage(t, ctx, name+": the caption's details to fit after More", "!("+cut+")")
					savePage(t, ctx, name+"-more")
					click(t, ctx, "story-more")
				}
			}
			if b := eval[string](t, ctx, `JSON.stringify([...window.blocked, ...document.getElementById("game").contentWindow.blocked])`); b != "[]" {
				t.Errorf("%s: the Content-Security-Policy blocked %s", name, b)
			}
		}
	}
}
