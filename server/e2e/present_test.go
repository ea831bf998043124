//go:build e2e

package e2e

// Tests of presenter mode (F): full screen, the simulation and the guide
// alone, larger text and lines, the controls hidden until the pointer
// moves, and the guide's keys.

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/input"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

func TestPresenterMode(t *testing.T) {
	ctx := browser(t)
	// Record the links the game is given.
	record := `window.blocked = []; document.addEventListener("securitypolicyviolation",
		e => window.blocked.push(e.violatedDirective + " " + e.blockedURI));
	if (location.pathname.endsWith("game.html")) {
		window.links = [];
		let nb;
		Object.defineProperty(window, "noiseball", { configurable: true, get() { return nb; },
			set(v) { const setLink = v.setLink; v.setLink = (q) => { window.links.push(q); return setLink(q); }; nb = v; } });
	}`
	err := chromedp.Do(ctx, beforeLoad(record), chromedp.EmulateViewport(1280, 720))
	if err != nil {
		t.Fatal(err)
	}
	open(t, ctx, "lang=en&story=3")
	lastLink := func() string {
		return eval[string](t, ctx, `document.getElementById("game").contentWindow.links.at(-1) ?? ""`)
	}
	visible := func(sel string) bool {
		return eval[bool](t, ctx, fmt.Sprintf(`document.querySelector(%q).checkVisibility({opacityProperty: true})`, sel))
	}

	press(t, ctx, "f")
	waitForPage(t, ctx, "presenter mode", `document.body.classList.contains("present")`)
	waitForPage(t, ctx, "full screen", `!!document.fullscreenElement`)
	for _, sel := range []string{".top", ".panel"} {
		if visible(sel) {
			t.Errorf("presenter mode shows %s", sel)
		}
	}
	if !visible("#story") {
		t.Error("presenter mode hides the guide")
	}
	if w := eval[float64](t, ctx, `document.getElementById("game").getBoundingClientRect().width`); w < 1270 {
		t.Errorf("in presenter mode the canvas is %.0f px wide, want the screen's", w)
	}
	// Larger text on the page, and the game told to draw larger text and
	// thicker lines.
	if px := eval[float64](t, ctx, `parseFloat(getComputedStyle(document.getElementById("story-text")).fontSize)`); px < 18 {
		t.Errorf("the caption is %.1f px in presenter mode", px)
	}
	waitFor(t, ctx, "the game to present", func(s status) bool { return s.Present })
	waitForPage(t, ctx, "the game to get present=1", `(document.getElementById("game").contentWindow.links.at(-1) ?? "").includes("present=1")`)
	if search(t, ctx).Has("present") {
		t.Error("F wrote present=1 into the address")
	}
	savePage(t, ctx, "present-awake")
	if b := eval[string](t, ctx, `JSON.stringify([...window.blocked, ...document.getElementById("game").contentWindow.blocked])`); b != "[]" {
		t.Errorf("in presenter mode the Content-Security-Policy blocked %s", b)
	}

	// The controls hide after 2.5 s without a pointer move, and come back
	// when it moves.
	// 2.5 s, then their fade.
	waitLong(t, ctx, "the controls to hide", `document.body.classList.contains("idle") && !document.querySelector(".transport").checkVisibility({opacityProperty: true}) && !document.querySelector(".story-nav").checkVisibility({opacityProperty: true})`, 6*time.Second)
	savePage(t, ctx, "present-idle")
	if err := chromedp.Do(ctx, chromedp.MouseEvent(input.DispatchMouseEventTypeMouseMoved, 640, 400)); err != nil {
		t.Fatal(err)
	}
	waitForPage(t, ctx, "the controls to come back", `!document.body.classList.contains("idle")`)
	waitForPage(t, ctx, "the transport", `document.querySelector(".transport").checkVisibility({opacityProperty: true}) && getComputedStyle(document.querySelector(".controls-overlay")).opacity === "1"`)

	// The guide's keys work, and do not wake the controls.
	waitLong(t, ctx, "the controls to hide again", `document.body.classList.contains("idle")`, 6*time.Second)
	press(t, ctx, kb.ArrowRight)
	waitForPage(t, ctx, "→ to open step 4", `new URLSearchParams(location.search).get("story") === "4"`)
	waitFor(t, ctx, "step 4's link", func(s status) bool { return strings.Contains(s.Link, "lr2=0.005") })
	if !strings.Contains(lastLink(), "present=1") {
		t.Errorf("the game's link lost present=1: %q", lastLink())
	}
	if !eval[bool](t, ctx, `document.body.classList.contains("idle")`) {
		t.Error("→ woke the controls")
	}

	// F again leaves both presenter mode and full screen.
	press(t, ctx, "f")
	waitForPage(t, ctx, "presenter mode to end", `!document.body.classList.contains("present") && !document.fullscreenElement`)
	if !visible(".top") || !visible(".panel") {
		t.Error("after presenter mode the header or the settings stay hidden")
	}
	waitFor(t, ctx, "the game to stop presenting", func(s status) bool { return !s.Present })
	if strings.Contains(lastLink(), "present=1") {
		t.Errorf("after presenter mode the game's link is %q", lastLink())
	}

	// Leaving full screen (Esc) leaves presenter mode too.
	click(t, ctx, "present")
	waitForPage(t, ctx, "presenter mode", `document.body.classList.contains("present") && !!document.fullscreenElement`)
	eval[bool](t, ctx, `(document.exitFullscreen(), true)`)
	waitForPage(t, ctx, "Esc to end presenter mode", `!document.body.classList.contains("present")`)

	// A link with present=1 opens the presenter layout (full screen needs a
	// key or a click).
	open(t, ctx, "lang=ja&story=5&present=1")
	waitForPage(t, ctx, "presenter mode from the link", `document.body.classList.contains("present")`)
	if visible(".panel") {
		t.Error("present=1 shows the settings")
	}
	savePage(t, ctx, "present-link-ja")
	if visible("#caption") {
		t.Error("in the guide, presenter mode shows a caption beside the guide's")
	}
	press(t, ctx, "f")
	waitForPage(t, ctx, "F to leave the guide's presenter mode", `!document.body.classList.contains("present")`)

	// Outside the guide, presenter mode says what the view shows: the
	// preset's title and takeaway, in the page's language; the bare link
	// is the theorem preset.
	ja := readStrings(t, "ja")
	open(t, ctx, "lang=ja&present=1")
	waitForPage(t, ctx, "the preset's caption", fmt.Sprintf(`document.getElementById("caption-title").textContent === %q`, ja["preset.theorem.title"]))
	if !visible("#caption") || eval[string](t, ctx, `document.getElementById("caption-text").textContent`) != ja["preset.theorem.description"] {
		t.Errorf("presenter mode's caption: visible %v, %q", visible("#caption"), eval[string](t, ctx, `document.getElementById("caption-text").textContent`))
	}
	savePage(t, ctx, "present-caption-ja")
	press(t, ctx, "f")
	waitForPage(t, ctx, "F to leave", `!document.body.classList.contains("present") && !new URLSearchParams(location.search).has("present")`)
}
