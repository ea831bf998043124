//go:build e2e

package e2e

// Tests of the server's response headers in a real browser: the
// permissions and cross-origin policies cost the page nothing (no console
// complaint, the game runs), and a still stays an image that any site may
// show.

import (
	"context"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	cdplog "github.com/chromedp/cdproto/log"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"
)

// TestPoliciesCostThePageNothing opens a link, lets the game run, and
// wants no console message about a header (an unknown permission, a
// blocked resource) and no exception; the page is not cross-origin
// isolated (no COEP yet) and has no opener.
func TestPoliciesCostThePageNothing(t *testing.T) {
	ctx := browser(t)
	var mu sync.Mutex
	var messages []string
	note := func(m string) {
		mu.Lock()
		messages = append(messages, m)
		mu.Unlock()
	}
	listen, stop := context.WithCancel(ctx)
	defer stop()
	err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		entries := cdp.Events(listen, tg, cdplog.EntryAdded)
		exceptions := cdp.Events(listen, tg, runtime.ExceptionThrown)
		go func() {
			for e, err := range entries {
				if err == nil {
					note(fmt.Sprintf("%s %s: %s", e.Entry.Level, e.Entry.Source, e.Entry.Text))
				}
			}
		}()
		go func() {
			for e, err := range exceptions {
				if err == nil {
					note("exception: " + e.ExceptionDetails.Text)
				}
			}
		}()
		if _, err := cdp.Call(ctx, tg, cdplog.Enable, cdp.Empty{}); err != nil {
			return err
		}
		_, err := cdp.Call(ctx, tg, runtime.Enable, cdp.Empty{})
		return err
	}))
	if err != nil {
		t.Fatal(err)
	}
	open(t, ctx, "opt=sgd&runs=200&lang=en")
	waitFor(t, ctx, "frames", func(s status) bool { return s.Frames > 5 })
	if isolated := eval[bool](t, ctx, `self.crossOriginIsolated`); isolated {
		t.Error("the page is cross-origin isolated, though no COEP is sent")
	}
	mu.Lock()
	defer mu.Unlock()
	for _, m := range messages {
		lower := strings.ToLower(m)
		for _, bad := range []string{"permissions-policy", "feature policy", "cross-origin", "blocked", "exception"} {
			if strings.Contains(lower, bad) {
				t.Errorf("console: %s", m)
				break
			}
		}
	}
	t.Logf("%d console messages: %q", len(messages), messages)
}

// TestStillIsAnImageOnAnotherOrigin puts a still in an <img> on a page of
// another origin: it loads (Cross-Origin-Resource-Policy: cross-origin),
// while the page's wasm, same-origin only, does not load there as a
// script or an image.
func TestStillIsAnImageOnAnotherOrigin(t *testing.T) {
	body := fmt.Sprintf(`<img id="still" src="%srender.png?runs=20&steps=100&w=400&h=300">
<img id="wasm" src="%smain.wasm">
<script>window.loaded = {}; for (const img of document.images) {
  img.onload = () => loaded[img.id] = "load"; img.onerror = () => loaded[img.id] = "error"; }</script>`, baseURL, baseURL)
	host := embedHost(t, &body)
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(host.URL)); err != nil {
		t.Fatal(err)
	}
	waitForPage(t, ctx, "both images to settle", `!!(window.loaded && loaded.still && loaded.wasm)`)
	got := eval[struct {
		Still, Wasm string
		Width       int
	}](t, ctx, `({Still: loaded.still, Wasm: loaded.wasm, Width: document.getElementById("still").naturalWidth})`)
	if got.Still != "load" || got.Width != 400 {
		t.Errorf("the still on another origin: %s, %d pixels wide; want it loaded, 400 wide", got.Still, got.Width)
	}
	if got.Wasm != "error" {
		t.Errorf("the wasm as an image on another origin: %s, want an error", got.Wasm)
	}
}
