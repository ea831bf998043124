//go:build e2e

package e2e

// Tests of embed mode (embed=1) and the Embed dialog: the snippet it gives,
// put in a page on another origin, loads and runs when the server's
// -frame-ancestors allows that origin, and is refused when it does not.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// startServer starts another noiseball server with args (after -addr) and
// returns its address; it is stopped when the test ends.
func startServer(t *testing.T, args ...string) string {
	t.Helper()
	bin, err := filepath.Abs("../../bin/noiseball-server")
	if err != nil {
		t.Fatal(err)
	}
	srv := exec.Command(bin, append([]string{"-addr", "127.0.0.1:0"}, args...)...)
	out, err := srv.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	srv.Stderr = os.Stderr
	if err := srv.Start(); err != nil {
		t.Fatalf("starting the server: %v", err)
	}
	t.Cleanup(func() {
		srv.Process.Signal(os.Interrupt)
		srv.Wait()
	})
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "noiseball serving ") {
		t.Fatalf("the server said %q (%v), want its address", line, err)
	}
	return strings.TrimSpace(strings.TrimPrefix(line, "noiseball serving "))
}

func TestEmbedModeShowsOnlyTheCanvasAndABar(t *testing.T) {
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(800, 524)); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, "embed=1&opt=sgd&runs=50&lang=en")
	visible := func(sel string) bool {
		return eval[bool](t, ctx, fmt.Sprintf(`(e => !!e && e.checkVisibility())(document.querySelector(%q))`, sel))
	}
	for _, sel := range []string{".top", ".panel", ".transport", ".readout", "#story", "#play", "#step", "#speed", "#lr"} {
		if visible(sel) {
			t.Errorf("embed=1 shows %s", sel)
		}
	}
	for _, sel := range []string{"#embed-bar", "#embed-play", "#embed-reset", "#embed-link", "#game"} {
		if !visible(sel) {
			t.Errorf("embed=1 hides %s", sel)
		}
	}
	// The canvas takes the whole width and all the height but the bar's.
	var box struct{ W, H, Bar float64 }
	json.Unmarshal([]byte(eval[string](t, ctx, `JSON.stringify({w: document.getElementById("game").getBoundingClientRect().width,
		h: document.getElementById("game").getBoundingClientRect().height, bar: document.getElementById("embed-bar").getBoundingClientRect().height})`)), &box)
	if box.W < 790 || box.H+box.Bar < 510 || box.Bar > 50 {
		t.Errorf("in an 800x524 window the canvas is %.0fx%.0f and the bar %.0f high", box.W, box.H, box.Bar)
	}
	// "Open in noiseball" is the same view, whole, in a new tab.
	href := eval[string](t, ctx, `document.getElementById("embed-link").href`)
	u, err := url.Parse(href)
	if err != nil {
		t.Fatal(err)
	}
	if q := u.Query(); q.Has("embed") || q.Get("opt") != "sgd" || q.Get("runs") != "50" || !strings.HasPrefix(href, baseURL) {
		t.Errorf("the open link is %q", href)
	}
	if got := eval[string](t, ctx, `document.getElementById("embed-link").target`); got != "_blank" {
		t.Errorf("the open link's target is %q", got)
	}
	// The bar plays, pauses and resets.
	click(t, ctx, "embed-play")
	s := waitFor(t, ctx, "pause", func(s status) bool { return !s.Playing })
	waitForPage(t, ctx, "the bar to say Play", `document.querySelector("#embed-play .label").textContent === "Play"`)
	click(t, ctx, "embed-reset")
	waitFor(t, ctx, "reset", func(x status) bool { return x.Step == 0 && s.Step > 0 })
	click(t, ctx, "embed-play")
	waitFor(t, ctx, "play", func(s status) bool { return s.Playing && s.Step > 0 })
	// Only the bar's keys: Space, → and R; no presets, guide or presenter.
	press(t, ctx, " ")
	waitFor(t, ctx, "Space to pause", func(s status) bool { return !s.Playing })
	address := eval[string](t, ctx, "location.search")
	press(t, ctx, "1f")
	time.Sleep(300 * time.Millisecond)
	if got := eval[string](t, ctx, "location.search"); got != address {
		t.Errorf("keys in embed mode changed the view from %q to %q", address, got)
	}
	if eval[bool](t, ctx, `document.body.classList.contains("present")`) {
		t.Error("F started presenter mode in an embedded view")
	}
	savePage(t, ctx, "embed-800x524")

	// On a phone-sized frame, in Japanese: the stacked layout, the bar whole.
	if err := chromedp.Do(ctx, chromedp.EmulateViewport(390, 610)); err != nil {
		t.Fatal(err)
	}
	open(t, ctx, "embed=1&lang=ja&runs=200")
	waitForPage(t, ctx, "the bar in Japanese", `document.getElementById("embed-link").textContent.includes("noiseball で開く")`)
	if eval[bool](t, ctx, `document.documentElement.scrollWidth > document.documentElement.clientWidth || document.getElementById("embed-link").getBoundingClientRect().right > 390`) {
		t.Error("at 390 px the embed bar does not fit")
	}
	savePage(t, ctx, "embed-ja-390x610")
}

// embedHost serves the page that embeds noiseball: body is put in it, with a
// script that records the height messages it receives.
func embedHost(t *testing.T, body *string) *httptest.Server {
	var mu sync.Mutex
	host := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprintf(w, `<!doctype html><html><head><title>A wiki page</title></head><body>
<h1>Our notes on Adam</h1>
<script>window.heights = []; addEventListener("message", (e) => {
  if (e.data && e.data.type === "noiseball:height") window.heights.push({origin: e.origin, height: e.data.height});
});</script>
%s
</body></html>`, *body)
	}))
	t.Cleanup(host.Close)
	return host
}

func TestEmbedSnippetRunsOnAnotherOrigin(t *testing.T) {
	var body string
	host := embedHost(t, &body)
	// A server that lets the host's origin frame it.
	server := startServer(t, "-frame-ancestors", "'self' "+host.URL)

	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(server+"?opt=sgd&lr=0.1&runs=100&lang=en&story=2")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the game to start", func(s status) bool { return s.Frames > 0 })
	click(t, ctx, "embed-open-dialog")
	waitForPage(t, ctx, "the dialog", `document.getElementById("embed").open`)
	set(t, ctx, "embed-width", "640")
	eval[bool](t, ctx, `document.getElementById("embed-width").dispatchEvent(new Event("input"))`)
	snippet := eval[string](t, ctx, `document.getElementById("embed-code").value`)
	script := eval[string](t, ctx, `document.getElementById("embed-script").value`)
	savePage(t, ctx, "embed-dialog")
	t.Logf("snippet: %s", snippet)
	for _, want := range []string{`<iframe src="` + server, "embed=1", "opt=sgd", "lr=0.1", "runs=100", `width="640"`, `height="`, `title="`} {
		if !strings.Contains(snippet, want) {
			t.Errorf("the snippet %q lacks %s", snippet, want)
		}
	}
	if strings.Contains(snippet, "story=") {
		t.Errorf("the snippet keeps the guide: %q", snippet)
	}
	if !strings.Contains(script, strings.TrimSuffix(server, "/")) || !strings.Contains(script, "noiseball:height") {
		t.Errorf("the height script %q does not check the origin %s", script, server)
	}
	press(t, ctx, "Escape")

	// The snippet on the host's page: the view loads, runs, and asks for
	// its height, which the script applies.
	body = snippet + "\n" + script
	if err := chromedp.Do(ctx, chromedp.Navigate(host.URL)); err != nil {
		t.Fatal(err)
	}
	origin := strings.TrimSuffix(server, "/")
	waitForPage(t, ctx, "a height message from the embedded view", fmt.Sprintf(`window.heights.some(m => m.origin === %q && m.height > 200)`, origin))
	var msgs []struct {
		Origin string
		Height float64
	}
	json.Unmarshal([]byte(eval[string](t, ctx, `JSON.stringify(window.heights)`)), &msgs)
	last := msgs[len(msgs)-1]
	// 640 wide: the side-by-side layout at 5:3 plus the 44 px bar.
	if last.Height < 400 || last.Height > 460 {
		t.Errorf("a 640 px wide embed asks for %.0f px", last.Height)
	}
	waitForPage(t, ctx, "the script to set the frame's height", fmt.Sprintf(`document.querySelector("iframe").height === "%d"`, int(last.Height)))
	if err := chromedp.Do(ctx, chromedp.ScrollIntoView(chromedp.CSS("iframe"))); err != nil {
		t.Fatal(err)
	}
	// The embedded view's bar counts the game's steps: they go up.
	stepOf := func() int {
		var n int
		fmt.Sscanf(strings.ReplaceAll(inFrame(t, ctx, server, `document.getElementById("embed-step")?.textContent ?? ""`), ",", ""), "n = %d", &n)
		return n
	}
	deadline := time.Now().Add(60 * time.Second)
	for stepOf() < 10 {
		if time.Now().After(deadline) {
			t.Fatal("the embedded view never ran 10 steps")
		}
		time.Sleep(200 * time.Millisecond)
	}
	n := stepOf()
	first := frameShot(t, ctx, "embed-other-origin-1")
	if n := colours(first); n < 12 {
		t.Errorf("the embedded view shows %d colours; want the contours and the cloud", n)
	}
	time.Sleep(800 * time.Millisecond)
	if n := changed(first, frameShot(t, ctx, "embed-other-origin-2")); n < 20 {
		t.Errorf("only %d pixels of the embedded view changed in 0.8 s; want it running", n)
	}
	if m := stepOf(); m <= n {
		t.Errorf("the embedded view is stuck at step %d", m)
	}

	// The same snippet pointing at a server that allows only itself
	// ('self', the default) is refused: no view, no messages.
	body = strings.ReplaceAll(snippet, strings.TrimSuffix(server, "/"), strings.TrimSuffix(baseURL, "/"))
	if err := chromedp.Do(ctx, chromedp.Navigate(host.URL)); err != nil {
		t.Fatal(err)
	}
	time.Sleep(3 * time.Second)
	if n := eval[int](t, ctx, `window.heights.length`); n > 0 {
		t.Errorf("a server with -frame-ancestors 'self' was framed by %s: %d height messages", host.URL, n)
	}
}

// frameShot screenshots the host page's iframe.
func frameShot(t *testing.T, ctx context.Context, name string) image.Image {
	t.Helper()
	return screenshot(t, ctx, chromedp.Screenshot(chromedp.CSS("iframe")), name)
}

// inFrame evaluates expr, which gives a string, in the document of the
// first frame whose address starts with prefix. It runs in an isolated
// world: the frame's DOM, not its scripts' variables, which works for a
// frame of another origin too.
func inFrame(t *testing.T, ctx context.Context, prefix, expr string) string {
	t.Helper()
	var out string
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		tree, err := cdp.Call(ctx, tg, page.GetFrameTree, cdp.Empty{})
		if err != nil {
			return err
		}
		var find func(*page.FrameTree) *cdp.Frame
		find = func(n *page.FrameTree) *cdp.Frame {
			if n.Frame != nil && strings.HasPrefix(n.Frame.URL, prefix) {
				return n.Frame
			}
			for _, c := range n.ChildFrames {
				if f := find(c); f != nil {
					return f
				}
			}
			return nil
		}
		f := find(tree.FrameTree)
		if f == nil {
			return fmt.Errorf("no frame at %s", prefix)
		}
		world, err := cdp.Call(ctx, tg, page.CreateIsolatedWorld, page.CreateIsolatedWorldParams{FrameID: f.ID, WorldName: "e2e"})
		if err != nil {
			return err
		}
		byValue := true
		res, err := cdp.Call(ctx, tg, runtime.Evaluate, runtime.EvaluateParams{
			Expression: expr, ContextID: world.ExecutionContextID, ReturnByValue: &byValue,
		})
		if err != nil {
			return err
		}
		if res.ExceptionDetails != nil {
			return fmt.Errorf("%s: %s", expr, res.ExceptionDetails.Text)
		}
		return json.Unmarshal(res.Result.Value, &out)
	}))
	if err != nil {
		t.Fatalf("in the frame at %s: %v", prefix, err)
	}
	return out
}
