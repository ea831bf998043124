//go:build e2e

// Package e2e drives the real page in headless Chromium, as a person would.
// It needs the built server (make build) and Chromium; `make test-e2e` sees
// to both. The tests never skip: a missing piece fails them.
package e2e

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"image"
	"image/png"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
)

// baseURL is where the server under test listens, set by TestMain.
var baseURL string

// TestMain starts the server under test: bin/noiseball-server, or the
// binary E2E_SERVER names (the browser probe compares builds that way).
func TestMain(m *testing.M) {
	server := "../../bin/noiseball-server"
	if s := os.Getenv("E2E_SERVER"); s != "" {
		server = s
	}
	bin, err := filepath.Abs(server)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	if _, err := os.Stat(bin); err != nil {
		fmt.Fprintf(os.Stderr, "e2e: %v: run `make build` (or `make test-e2e`) first\n", err)
		os.Exit(1)
	}
	srv := exec.Command(bin, "-addr", "127.0.0.1:0")
	out, err := srv.StdoutPipe()
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	srv.Stderr = os.Stderr
	if err := srv.Start(); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: starting the server:", err)
		os.Exit(1)
	}
	line, err := bufio.NewReader(out).ReadString('\n')
	if err != nil || !strings.HasPrefix(line, "noiseball serving ") {
		fmt.Fprintf(os.Stderr, "e2e: server said %q (%v), want its address\n", line, err)
		srv.Process.Kill()
		os.Exit(1)
	}
	baseURL = strings.TrimSpace(strings.TrimPrefix(line, "noiseball serving "))
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), browserOptions()...)
	bctx, cancelBrowser := chromedp.NewContext(actx)
	if err := chromedp.Do(bctx); err != nil {
		fmt.Fprintln(os.Stderr, "e2e: starting Chromium:", err)
		srv.Process.Kill()
		os.Exit(1)
	}
	sharedBrowser = bctx
	code := m.Run()
	cancelBrowser()
	cancelAlloc()
	srv.Process.Signal(os.Interrupt)
	srv.Wait()
	os.Exit(code)
}

// browserOptions are the flags of every Chromium the tests start.
func browserOptions() []chromedp.ExecAllocatorOption {
	return append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.NoSandbox,
		chromedp.WindowSize(1280, 800),
		chromedp.Flag("enable-unsafe-swiftshader", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("no-first-run", true),
	)
}

// sharedBrowser is the one Chromium the tests' tabs open in, started by
// TestMain: starting a browser per test cost more than a second each.
var sharedBrowser context.Context

// browser returns a fresh headless Chromium tab at 1280x800 in a browser
// context of its own (an empty cache, cookies and storage, as in a fresh
// browser), closed when the test ends.
func browser(t testing.TB) context.Context {
	t.Helper()
	ctx, cancelTab := chromedp.NewContext(sharedBrowser, chromedp.WithNewBrowserContext())
	ctx, cancelTime := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTime(); cancelTab() })
	if err := chromedp.Do(ctx); err != nil {
		t.Fatalf("opening a tab: %v", err)
	}
	return ctx
}

// freshBrowser returns a tab of a Chromium started for it alone, for
// measurements that need a fresh start (the browser probe).
func freshBrowser(t testing.TB) context.Context {
	t.Helper()
	actx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), browserOptions()...)
	ctx, cancelTab := chromedp.NewContext(actx)
	ctx, cancelTime := context.WithTimeout(ctx, 90*time.Second)
	t.Cleanup(func() { cancelTime(); cancelTab(); cancelAlloc() })
	return ctx
}

// status is the game's status snapshot (wasm/inbox.go).
type status struct {
	Step    int      `json:"step"`
	Playing bool     `json:"playing"`
	Link    string   `json:"link"`
	Errors  []string `json:"errors"`
	Frames  int      `json:"frames"`
	Panic   string   `json:"panic"`
	Present bool     `json:"present"`
}

// gameStatus reads the game's status, or ok=false before the game has started.
func gameStatus(ctx context.Context) (s status, ok bool, err error) {
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](
		`(() => { const g = document.getElementById("game").contentWindow.noiseball; return g ? (g.status() ?? "") : ""; })()`))
	if err != nil || raw == "" {
		return s, false, err
	}
	return s, true, json.Unmarshal([]byte(raw), &s)
}

// waitFor polls the game's status until cond holds.
func waitFor(t *testing.T, ctx context.Context, what string, cond func(status) bool) status {
	t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		s, ok, err := gameStatus(ctx)
		if err != nil {
			t.Fatalf("waiting for %s: %v", what, err)
		}
		if ok && cond(s) {
			return s
		}
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: gave up; last status %+v (started: %v)", what, s, ok)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// shot takes a screenshot of the game's frame, saving a copy in $E2E_SHOTS
// when that is set so a person can look at it.
func shot(t *testing.T, ctx context.Context, name string) image.Image {
	t.Helper()
	return screenshot(t, ctx, chromedp.Screenshot(chromedp.ID("game")), name)
}

// screenshot runs a screenshot action, saves a copy as shot does, and
// decodes it.
func screenshot(t *testing.T, ctx context.Context, take chromedp.Action[[]byte], name string) image.Image {
	t.Helper()
	buf, err := chromedp.Run(ctx, take)
	if err != nil {
		t.Fatalf("screenshot: %v", err)
	}
	if dir := os.Getenv("E2E_SHOTS"); dir != "" {
		os.WriteFile(filepath.Join(dir, name+".png"), buf, 0o644)
	}
	img, err := png.Decode(bytes.NewReader(buf))
	if err != nil {
		t.Fatalf("screenshot is not a PNG: %v", err)
	}
	return img
}

// colours counts the distinct colours of img.
func colours(img image.Image) int {
	seen := map[[3]uint32]bool{}
	b := img.Bounds()
	for y := b.Min.Y; y < b.Max.Y; y += 2 {
		for x := b.Min.X; x < b.Max.X; x += 2 {
			r, g, bl, _ := img.At(x, y).RGBA()
			seen[[3]uint32{r >> 8, g >> 8, bl >> 8}] = true
		}
	}
	return len(seen)
}

// changed counts the pixels that differ between two images of the same size.
func changed(a, b image.Image) int {
	n := 0
	bounds := a.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			if a.At(x, y) != b.At(x, y) {
				n++
			}
		}
	}
	return n
}

func TestPageDrawsContoursAndAMovingIterate(t *testing.T) {
	ctx := browser(t)
	open(t, ctx, "opt=adam&lr=0.05")
	s := waitFor(t, ctx, "the game to run 50 steps", func(s status) bool { return s.Step >= 50 && s.Frames > 10 })
	first := shot(t, ctx, "first")
	// Filled contour bands, their lines, the trail and the iterate: a blank
	// or single-colour canvas has a handful of colours at most.
	if n := colours(first); n < 12 {
		t.Errorf("the canvas shows %d colours; want contours and an iterate (>= 12)", n)
	}
	waitFor(t, ctx, "20 more steps and frames", func(x status) bool { return x.Step >= s.Step+20 && x.Frames >= s.Frames+5 })
	second := shot(t, ctx, "second")
	if first.Bounds() != second.Bounds() {
		t.Fatalf("the frame changed size: %v then %v", first.Bounds(), second.Bounds())
	}
	if n := changed(first, second); n < 20 {
		t.Errorf("only %d pixels changed in 20 steps; want a moving iterate", n)
	}
	savePage(t, ctx, "page")
}

// The page computes, bit for bit, the numbers the CLI computes natively for
// the same link: the simulation is deterministic across platforms.
func TestPageNumbersEqualTheCLIs(t *testing.T) {
	const query = "opt=rmsprop&lr=0.02&runs=50&steps=100&dist=exp&opt2=sgd&lr2=0.1&opt3=adam&sched3=poly&p3=0.5"
	ctx := browser(t)
	open(t, ctx, query)
	waitFor(t, ctx, "the game to reach step 100", func(s status) bool { return s.Step == 100 && !s.Playing })
	page := evalAwait[string](t, ctx, `document.getElementById("game").contentWindow.noiseball.csv()`)
	want := cliOutput(t, "-link", query, "-steps", "100", "-every", "1")
	if rows := strings.Count(want, "\n"); rows != 1+101*3 {
		t.Fatalf("the CLI printed %d lines, want a header and 101 steps x 3 lanes", rows)
	}
	sameCSV(t, page, want)
}

// cliOutput runs the command line (bin/noiseball, which make build builds)
// with args and returns its standard output.
func cliOutput(t *testing.T, args ...string) string {
	t.Helper()
	cli := exec.Command("../../bin/noiseball", args...)
	cli.Stderr = os.Stderr
	out, err := cli.Output()
	if err != nil {
		t.Fatalf("the CLI %q failed: %v", args, err)
	}
	return string(out)
}

// sameCSV fails the test unless the page's CSV is the CLI's, byte for
// byte, naming the first line that differs.
func sameCSV(t *testing.T, page, cli string) {
	t.Helper()
	if page == cli {
		return
	}
	pl, cl := strings.Split(page, "\n"), strings.Split(cli, "\n")
	for i := range min(len(pl), len(cl)) {
		if pl[i] != cl[i] {
			t.Fatalf("line %d differs:\n page %s\n CLI  %s", i+1, pl[i], cl[i])
		}
	}
	t.Fatalf("the page's CSV has %d lines, the CLI's %d", len(pl), len(cl))
}

// Every preset, opened as a link, draws its landscape and its cloud of runs,
// and the controls show the link's values.
func TestEveryPresetLinkDrawsAndShowsItsValues(t *testing.T) {
	ctx := browser(t)
	open(t, ctx, "runs=1")
	raw := eval[string](t, ctx, `document.getElementById("game").contentWindow.noiseball.presets()`)
	var presets []struct{ Name, Query string }
	if err := json.Unmarshal([]byte(raw), &presets); err != nil || len(presets) < 9 {
		t.Fatalf("presets() = %.200q (%v)", raw, err)
	}
	for _, p := range presets {
		t.Run(p.Name, func(t *testing.T) {
			open(t, ctx, p.Query+"&lang=en")
			s := waitFor(t, ctx, "the preset to run", func(s status) bool { return s.Step > 30 && s.Frames > 5 })
			if len(s.Errors) > 0 {
				t.Errorf("errors %q", s.Errors)
			}
			img := shot(t, ctx, "preset-"+p.Name)
			if n := colours(img); n < 12 {
				t.Errorf("the canvas shows %d colours", n)
			}
			// The cloud: many pixels close to lane 1's vermillion (#d55e00),
			// which nothing else on the canvas uses.
			if n := near(img, 0xd5, 0x5e, 0x00, 60); n < 50 {
				t.Errorf("%d pixels of lane 1's colour: no cloud to see", n)
			}
			// Every control named like a parameter of the link shows its value.
			q, _ := url.ParseQuery(p.Query)
			compared := 0
			for name, vs := range q {
				if name == "v" {
					continue
				}
				want := map[string]string{name: vs[0]}
				// A batch growth kind:rate has a menu for the kind and a field for the rate.
				if kind, rate, ok := strings.Cut(vs[0], ":"); ok {
					want = map[string]string{name: kind, name + "-rate": rate}
				}
				// A pair x,y (or one number for both) has a field per coordinate.
				if name == "x0" || name == "sigma" {
					x, y, ok := strings.Cut(vs[0], ",")
					if !ok {
						y = x
					}
					want = map[string]string{name + "-x": x, name + "-y": y}
				}
				for id, w := range want {
					got := eval[string](t, ctx, fmt.Sprintf(
						`(e => e && (e.tagName === "INPUT" || e.tagName === "SELECT") ? e.value : "<none>")(document.getElementById(%q))`, id))
					if got == "<none>" {
						continue
					}
					compared++
					if !sameValue(got, w) {
						t.Errorf("control %s shows %q, the link says %q", id, got, w)
					}
				}
			}
			if compared < len(q)-1 { // every setting but v=1
				t.Errorf("only %d of the link's %d settings have a control to check", compared, len(q))
			}
		})
	}
}

// near counts the pixels of img within distance d (per channel, summed) of
// the colour (r, g, b).
func near(img image.Image, r, g, b int, d int) int {
	n := 0
	bounds := img.Bounds()
	for y := bounds.Min.Y; y < bounds.Max.Y; y++ {
		for x := bounds.Min.X; x < bounds.Max.X; x++ {
			pr, pg, pb, _ := img.At(x, y).RGBA()
			if abs(int(pr>>8)-r)+abs(int(pg>>8)-g)+abs(int(pb>>8)-b) <= d {
				n++
			}
		}
	}
	return n
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

// sameValue compares a control's value with a link's: as numbers when both
// are numbers (0.10 is 0.1), else as text.
func sameValue(control, link string) bool {
	a, errA := strconv.ParseFloat(control, 64)
	b, errB := strconv.ParseFloat(link, 64)
	if errA == nil && errB == nil {
		return a == b
	}
	return control == link
}

// beforeLoad is an action that has the browser run script at the start of
// every document the tab loads from now on, before the page's own scripts.
func beforeLoad(script string) chromedp.Action[chromedp.Void] {
	return chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
		_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{Source: script})
		return err
	})
}
