//go:build e2e

package e2e

// Tests of what leaves the page: the CSV of the metrics, PNG and SVG stills
// from the server's render endpoint (hidden where there is none, as in the
// static copy `make dist` writes), and the link-preview tags.

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image/png"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	cdpbrowser "github.com/chromedp/cdproto/browser"
	"github.com/chromedp/chromedp"

	"noiseball/sim"
)

// download is a file the browser saved.
type download struct {
	name string // the name the page gave it
	body []byte
}

// catchDownloads makes the browser save downloads in a temporary folder
// and returns a function that waits for the next one.
func catchDownloads(t *testing.T, ctx context.Context) func(what string) download {
	t.Helper()
	dir := t.TempDir()
	events := true
	// In the tab's own browser context (browser).
	if _, err := chromedp.CallBrowser(ctx, cdpbrowser.SetDownloadBehavior, cdpbrowser.SetDownloadBehaviorParams{
		Behavior: cdpbrowser.SetDownloadBehaviorBehaviorAllowAndName, DownloadPath: dir, EventsEnabled: &events,
		BrowserContextID: chromedp.FromContext(ctx).BrowserContextID,
	}); err != nil {
		t.Fatal(err)
	}
	var mu sync.Mutex
	names := map[string]string{}
	done := make(chan string, 16)
	err := chromedp.ListenBrowser(ctx, func(ev any) {
		switch e := ev.(type) {
		case *cdpbrowser.EventDownloadWillBegin:
			mu.Lock()
			names[e.GUID] = e.SuggestedFilename
			mu.Unlock()
		case *cdpbrowser.EventDownloadProgress:
			if e.State == cdpbrowser.DownloadProgressStateCompleted {
				select {
				case done <- e.GUID:
				default:
				}
			}
		}
	})
	if err != nil {
		t.Fatal(err)
	}
	return func(what string) download {
		t.Helper()
		select {
		case guid := <-done:
			body, err := os.ReadFile(filepath.Join(dir, guid))
			if err != nil {
				t.Fatalf("%s: %v", what, err)
			}
			mu.Lock()
			defer mu.Unlock()
			return download{names[guid], body}
		case <-time.After(30 * time.Second):
			t.Fatalf("%s: no download in 30 s; the page says %q", what, eval[string](t, ctx, `document.getElementById("note").textContent`))
		}
		return download{}
	}
}

// openDownloads opens the Download menu.
func openDownloads(t *testing.T, ctx context.Context) {
	t.Helper()
	if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("#download > summary"))); err != nil {
		t.Fatal(err)
	}
	waitForPage(t, ctx, "the Download menu", `document.getElementById("download").open`)
}

// cliHeader is the first line the headless CLI prints.
func cliHeader(t *testing.T) string {
	t.Helper()
	header, _, _ := strings.Cut(cliOutput(t, "-link", "v=1", "-steps", "1"), "\n")
	if header != strings.Join(sim.CSVColumns(), ",") {
		t.Fatalf("the CLI's header %q is not sim.CSVColumns", header)
	}
	return header
}

func TestDownloadCSVHasTheCLIsColumnsAndTheViewsName(t *testing.T) {
	header := cliHeader(t)
	ctx := browser(t)
	for _, c := range []struct{ query, name string }{
		{"v=1&lang=en", "noiseball-adam-lr0.05.csv"},
		{"lang=ja&opt=sgd&runs=20&steps=300&opt2=adam&lr2=0.01", "noiseball-sgd-lr0.05-adam-lr0.01-runs20-steps300.csv"},
	} {
		open(t, ctx, c.query)
		next := catchDownloads(t, ctx)
		waitFor(t, ctx, "a few steps", func(s status) bool { return s.Step > 20 })
		openDownloads(t, ctx)
		click(t, ctx, "download-csv")
		d := next("the CSV of " + c.query)
		if d.name != c.name {
			t.Errorf("%s: the CSV is named %q, want %q", c.query, d.name, c.name)
		}
		lines := strings.Split(strings.TrimSpace(string(d.body)), "\n")
		if lines[0] != header {
			t.Errorf("%s: the CSV's header is %q, want the CLI's %q", c.query, lines[0], header)
		}
		lanes := map[string]bool{}
		for _, l := range lines[1:] {
			lane, _, _ := strings.Cut(l, ",")
			lanes[lane] = true
			if n := strings.Count(l, ","); n != strings.Count(header, ",") {
				t.Fatalf("%s: row %q has %d columns", c.query, l, n+1)
			}
		}
		if want := strings.Count(c.query, "opt2") + 1; len(lanes) != want || len(lines) < 20 {
			t.Errorf("%s: %d rows for lanes %v, want a few rows for each of %d lanes", c.query, len(lines)-1, lanes, want)
		}
	}
}

// features reads a server's features.json.
func features(t *testing.T, base string) (render bool) {
	t.Helper()
	resp, err := http.Get(strings.TrimSuffix(base, "/") + "/features.json")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var f struct{ Render bool }
	if resp.StatusCode == http.StatusOK {
		json.NewDecoder(resp.Body).Decode(&f)
	}
	return f.Render
}

func TestDownloadStillsFromTheServer(t *testing.T) {
	ctx := browser(t)
	open(t, ctx, "lang=en&runs=50&opt2=sgd")
	render := features(t, baseURL)
	waitForPage(t, ctx, "the page to read features.json", fmt.Sprintf(`!document.getElementById("download-png").hidden === %v`, render))
	openDownloads(t, ctx)
	for _, id := range []string{"download-png", "download-svg"} {
		if shown := eval[bool](t, ctx, fmt.Sprintf(`!document.getElementById(%q).hidden`, id)); shown != render {
			t.Errorf("features.json says render=%v but #%s shown=%v", render, id, shown)
		}
	}
	if !render {
		t.Skip("this server draws no stills (features.json)")
	}
	next := catchDownloads(t, ctx)
	eval[bool](t, ctx, `(document.getElementById("game").contentWindow.noiseball.pause(), true)`)
	s := waitFor(t, ctx, "the game to pause", func(s status) bool { return !s.Playing && s.Step > 0 })
	fw := eval[int](t, ctx, `document.getElementById("game").clientWidth`)
	fh := eval[int](t, ctx, `document.getElementById("game").clientHeight`)

	click(t, ctx, "download-png")
	d := next("the PNG")
	if d.name != "noiseball-adam-lr0.05-sgd-runs50.png" {
		t.Errorf("the PNG is named %q", d.name)
	}
	img, err := png.Decode(bytes.NewReader(d.body))
	if err != nil {
		t.Fatalf("the PNG does not decode: %v (%d bytes: %.200q)", err, len(d.body), d.body)
	}
	if b := img.Bounds(); b.Dx() != 2*fw || b.Dy() != 2*fh {
		t.Errorf("the PNG is %dx%d, want twice the %dx%d frame", b.Dx(), b.Dy(), fw, fh)
	}
	if n := colours(img); n < 12 {
		t.Errorf("the PNG has %d colours", n)
	}

	openDownloads(t, ctx)
	click(t, ctx, "download-svg")
	d = next("the SVG")
	if d.name != "noiseball-adam-lr0.05-sgd-runs50.svg" {
		t.Errorf("the SVG is named %q", d.name)
	}
	if svg := string(d.body); !strings.Contains(svg, "<svg") || !strings.Contains(svg, "</svg>") {
		t.Errorf("the SVG is %.200q", svg)
	}
	t.Logf("stills of step %d at %dx%d", s.Step, fw, fh)

	// A still the server will not draw says why.
	open(t, ctx, "lang=en&runs=10")
	eval[bool](t, ctx, `(window.fetch = () => Promise.resolve(new Response("w=\"99999\": want an integer in [200, 3840]", {status: 400})), true)`)
	openDownloads(t, ctx)
	click(t, ctx, "download-png")
	waitForPage(t, ctx, "the reason", `document.getElementById("note").textContent.includes('w="99999"')`)
}

func TestLinkPreviewTags(t *testing.T) {
	resp, err := http.Get(baseURL)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	page := string(body)
	for _, want := range []string{`property="og:title"`, `property="og:image" content="render.png?v=1&amp;w=1200&amp;h=630"`,
		`name="twitter:card" content="summary_large_image"`, `name="twitter:image"`} {
		if !strings.Contains(page, want) {
			t.Errorf("index.html lacks %s", want)
		}
	}
	if !features(t, baseURL) {
		return
	}
	img, err := http.Get(strings.TrimSuffix(baseURL, "/") + "/render.png?v=1&w=1200&h=630")
	if err != nil {
		t.Fatal(err)
	}
	defer img.Body.Close()
	if img.StatusCode != http.StatusOK || img.Header.Get("Content-Type") != "image/png" {
		t.Fatalf("the preview image: %s %s", img.Status, img.Header.Get("Content-Type"))
	}
	if cfg, err := png.DecodeConfig(img.Body); err != nil || cfg.Width != 1200 || cfg.Height != 630 {
		t.Errorf("the preview image is %+v (%v), want 1200x630", cfg, err)
	}
}

func TestStaticCopyRunsWithoutTheServer(t *testing.T) {
	dir := t.TempDir()
	bin, _ := filepath.Abs("../../bin/noiseball-server")
	if out, err := exec.Command(bin, "-dist", dir).CombinedOutput(); err != nil {
		t.Fatalf("noiseball-server -dist: %v\n%s", err, out)
	}
	host := httptest.NewServer(http.FileServer(http.Dir(dir)))
	defer host.Close()
	if features(t, host.URL) {
		t.Fatal("the static copy's features.json says render")
	}
	ctx := browser(t)
	if err := chromedp.Do(ctx, chromedp.Navigate(host.URL+"/?lang=ja&story=2")); err != nil {
		t.Fatal(err)
	}
	waitFor(t, ctx, "the game to run from static files", func(s status) bool { return s.Frames > 0 && s.Step > 0 })
	waitForPage(t, ctx, "the guide in Japanese", `document.documentElement.lang === "ja" && !document.getElementById("story").hidden`)
	time.Sleep(300 * time.Millisecond)
	openDownloads(t, ctx)
	for _, id := range []string{"download-png", "download-svg"} {
		if !eval[bool](t, ctx, fmt.Sprintf(`document.getElementById(%q).hidden`, id)) {
			t.Errorf("the static copy offers #%s, which needs the server", id)
		}
	}
	if eval[bool](t, ctx, `document.getElementById("download-csv").hidden`) {
		t.Error("the static copy hides the CSV, which needs no server")
	}
}
