package main

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"fmt"
	"image"
	"image/color"
	"image/png"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"slices"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"noiseball/server/still"
	"noiseball/sim/link"
	"noiseball/sim/scene"
)

// small keeps the test stills cheap: few runs, few steps.
const small = "&runs=40&steps=300"

// newRenderHandler returns the handler for testSite with the still
// endpoints on, configured by ro (zero fields take test defaults).
func newRenderHandler(t *testing.T, ro renderOptions) http.Handler {
	t.Helper()
	if ro.budget == 0 {
		ro.budget = defaultRenderBudget
	}
	if ro.concurrency == 0 {
		ro.concurrency = 2
	}
	if ro.cacheBytes == 0 {
		ro.cacheBytes = 32 << 20
	}
	h, err := newHandler(testSite(t), options{frameAncestors: "'self'", errorLog: log.New(io.Discard, "", 0), render: &ro})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// decodePNG decodes a still and checks its size, and that it is a picture
// rather than one flat colour.
func decodePNG(t *testing.T, body []byte, w, h int) image.Image {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(body))
	if err != nil {
		t.Fatalf("not a PNG: %v", err)
	}
	if b := img.Bounds(); b.Dx() != w || b.Dy() != h {
		t.Fatalf("PNG is %dx%d, want %dx%d", b.Dx(), b.Dy(), w, h)
	}
	colors := map[color.RGBA]bool{}
	for y := 0; y < h; y += 3 {
		for x := 0; x < w; x += 3 {
			r, g, b, a := img.At(x, y).RGBA()
			colors[color.RGBA{uint8(r >> 8), uint8(g >> 8), uint8(b >> 8), uint8(a >> 8)}] = true
		}
	}
	if len(colors) < 50 {
		t.Errorf("PNG has only %d colours: nothing much is drawn", len(colors))
	}
	return img
}

// svgElements parses an SVG still and counts its elements by name, with
// the ids of its groups and the text of its labels.
type svgDoc struct {
	width, height string
	count         map[string]int
	ids           []string
	texts         []string
	attrs         map[string]bool // every attribute name used
}

func parseSVG(t *testing.T, body []byte) svgDoc {
	t.Helper()
	d := svgDoc{count: map[string]int{}, attrs: map[string]bool{}}
	dec := xml.NewDecoder(bytes.NewReader(body))
	depth := 0
	var inText bool
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			t.Fatalf("SVG does not parse: %v", err)
		}
		switch el := tok.(type) {
		case xml.StartElement:
			if depth == 0 {
				if el.Name.Local != "svg" || el.Name.Space != "http://www.w3.org/2000/svg" {
					t.Fatalf("root element %v, want svg in the SVG namespace", el.Name)
				}
			}
			depth++
			d.count[el.Name.Local]++
			for _, a := range el.Attr {
				d.attrs[a.Name.Local] = true
				switch {
				case depth == 1 && a.Name.Local == "width":
					d.width = a.Value
				case depth == 1 && a.Name.Local == "height":
					d.height = a.Value
				case a.Name.Local == "id":
					d.ids = append(d.ids, a.Value)
				}
			}
			inText = el.Name.Local == "text"
		case xml.EndElement:
			depth--
			inText = false
		case xml.CharData:
			if inText {
				d.texts = append(d.texts, string(el))
			}
		}
	}
	return d
}

func TestStillPresets(t *testing.T) {
	h := newRenderHandler(t, renderOptions{})
	sizes := []struct{ w, h, dpr int }{{1200, 630, 1}, {390, 700, 2}, {800, 800, 1}}
	for i, p := range link.Presets() {
		size := sizes[i%len(sizes)]
		for _, ext := range []string{"png", "svg"} {
			t.Run(p.Name+"."+ext, func(t *testing.T) {
				target := fmt.Sprintf("/render.%s?%s%s&w=%d&h=%d&dpr=%d", ext, p.Query, small, size.w, size.h, size.dpr)
				resp := serve(h, "GET", target)
				body := readBody(t, resp)
				if resp.StatusCode != http.StatusOK {
					t.Fatalf("GET %s: status %d: %s", target, resp.StatusCode, body)
				}
				cfg, err := link.Parse(p.Query + small)
				if err != nil {
					t.Fatal(err)
				}
				if ext == "png" {
					if ct := resp.Header.Get("Content-Type"); ct != "image/png" {
						t.Errorf("Content-Type %q", ct)
					}
					img := decodePNG(t, body, size.w*size.dpr, size.h*size.dpr)
					checkLegend(t, img, size.w, size.h, size.dpr, len(cfg.Lanes))
					return
				}
				if ct := resp.Header.Get("Content-Type"); ct != "image/svg+xml" {
					t.Errorf("Content-Type %q", ct)
				}
				d := parseSVG(t, body)
				if d.width != fmt.Sprint(size.w) || d.height != fmt.Sprint(size.h) {
					t.Errorf("SVG is %sx%s, want %dx%d", d.width, d.height, size.w, size.h)
				}
				// Bands and contour lines, the runs of every lane, labels.
				for _, id := range []string{"landscape", "contours", "markers", "axes", "legend", "chart-1", "chart-5"} {
					if !slices.Contains(d.ids, id) {
						t.Errorf("SVG has no element with id %q (ids %q)", id, d.ids)
					}
				}
				for k := range cfg.Lanes {
					if id := fmt.Sprintf("cloud-%d", k+1); !slices.Contains(d.ids, id) {
						t.Errorf("SVG has no %s", id)
					}
				}
				if d.count["path"] < 20 || d.count["circle"] < cfg.Runs/2 || d.count["text"] < 20 || d.count["title"] != 1 {
					t.Errorf("SVG has %d paths, %d circles, %d texts, %d titles", d.count["path"], d.count["circle"], d.count["text"], d.count["title"])
				}
				if d.count["script"] > 0 || d.count["style"] > 0 || d.count["image"] > 0 || d.attrs["style"] {
					t.Errorf("SVG uses script, style or image: %v", d.count)
				}
				if !slices.Contains(d.texts, scene.MonitorTitles[0]) || !slices.Contains(d.texts, "n = 300") {
					t.Errorf("SVG lacks the chart title or the step: %q", d.texts)
				}
			})
		}
	}
}

// checkLegend looks for each lane's colour at the centre of its dot in the
// legend, where it is drawn opaque.
func checkLegend(t *testing.T, img image.Image, w, h, dpr, lanes int) {
	t.Helper()
	land, _ := scene.Layout(float64(w), float64(h), len(scene.MonitorTitles))
	for k := range lanes {
		x := (land.X0 + 17) * float64(dpr)
		y := (land.Y0 + 12 + float64(k)*19.5 + 6.5) * float64(dpr)
		r, g, b, _ := img.At(int(x), int(y)).RGBA()
		want := scene.LaneColor(k)
		if d := max(absDiff(uint8(r>>8), want.R), absDiff(uint8(g>>8), want.G), absDiff(uint8(b>>8), want.B)); d > 8 {
			t.Errorf("lane %d's legend dot at (%.0f, %.0f) is %02x%02x%02x, want %02x%02x%02x", k+1, x, y, r>>8, g>>8, b>>8, want.R, want.G, want.B)
		}
	}
}

func absDiff(a, b uint8) int {
	if a > b {
		return int(a - b)
	}
	return int(b - a)
}

// manyBadParams returns a query with n unknown parameters, each with a
// long name and value.
func manyBadParams(n int) string {
	var q []string
	for i := range n {
		q = append(q, fmt.Sprintf("%s%d=%s", strings.Repeat("x", 500), i, strings.Repeat("y", 500)))
	}
	return strings.Join(q, "&")
}

func TestStillBadQueries(t *testing.T) {
	// Enough for drawing the default 1200x630 still (less than 1e7
	// run-steps), not for a 3840x2160 one.
	h := newRenderHandler(t, renderOptions{budget: 1e7})
	tests := []struct {
		name, query string
		want        []string // each must be on a line of its own
	}{
		{"bad value", "lr=abc", []string{`lr="abc": want a number in (0, 10]`}},
		{"two bad values", "opt2=foo&runs=0", []string{`runs="0"`, `opt2="foo"`}},
		{"unknown parameter", "bogus=1", []string{`bogus="1": want a known parameter`}},
		{"width", "w=99999", []string{`w="99999": want an integer in [200, 3840]`}},
		{"height", "h=ten", []string{`h="ten"`}},
		{"pixel ratio", "dpr=4", []string{`dpr="4"`}},
		{"too many pixels", "w=3840&h=2160&dpr=2", []string{"w, h, dpr: 3840x2160 at scale 2 is more than"}},
		{"view", "view=grid", []string{`view="grid": want one of cloud, run`}},
		{"view settings", "lang=%3Cscript%3E&story=999&metric=junk", []string{`metric="junk"`, `lang="<script>": want one of en, ja`, `story="999"`}},
		{"number syntax", "lr=0x1p-3&w=1_200", []string{`w="1_200": want an integer in [200, 3840] (digits grouped with _: write 1200)`, `lr="0x1p-3": want a number in (0, 10] (hexadecimal: write 0.125)`}},
		{"capped", manyBadParams(30), append(make([]string, link.MaxProblems), "and 10 more problems")}, // 21 lines
		{"fit", "fit=yes", []string{`fit="yes"`}},
		{"query", "lr=%zz", []string{"not a valid query string"}},
		{"too much work", "steps=100000&runs=100", []string{"steps=100000: too much work for a still: 100000 steps x 100 runs x 1 lanes costs ", "and drawing them", "the limit is 1e+07"}},
		{"too much batch work", "dist=uniform&batch=1000&steps=20000", []string{"steps=20000: too much work for a still: 20000 steps x 1 runs x 1 lanes"}},
		{"too much drawing", "w=3840&h=2160&steps=10", []string{"w=3840, h=2160, dpr=1: drawing a still of 3840x2160 pixels with 1 dots costs"}},
		{"too much drawing at dpr=2", "w=1920&h=1080&dpr=2&steps=10&fit=1", []string{"w=1920, h=1080, dpr=2: drawing a still of 3840x2160 pixels"}},
		{"fit cannot help", "runs=10000&opt2=sgd&opt3=sgd&opt4=sgd&dist=exp&batch=65536&fit=1", []string{"Even one step is too much"}},
	}
	for _, tt := range tests {
		for _, ext := range []string{"png", "svg"} {
			if ext == "svg" && strings.Contains(tt.query, "dpr=2") {
				continue // an SVG has no device pixels
			}
			t.Run(tt.name+"."+ext, func(t *testing.T) {
				resp := serve(h, "GET", "/render."+ext+"?"+tt.query)
				body := string(readBody(t, resp))
				if resp.StatusCode != http.StatusBadRequest {
					t.Fatalf("status %d, want 400: %s", resp.StatusCode, body)
				}
				if ct := resp.Header.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
					t.Errorf("Content-Type %q", ct)
				}
				if cc := resp.Header.Get("Cache-Control"); cc != "no-store" {
					t.Errorf("Cache-Control %q", cc)
				}
				lines := strings.Split(strings.TrimSuffix(body, "\n"), "\n")
				if len(lines) != len(tt.want) && !strings.Contains(tt.name, "work") && !strings.Contains(tt.name, "fit cannot") {
					t.Errorf("%d lines, want %d: %q", len(lines), len(tt.want), body)
				}
				for _, w := range tt.want {
					if !strings.Contains(body, w) {
						t.Errorf("body %q does not say %q", body, w)
					}
				}
			})
		}
	}
}

// TestStillFit asks for a still with more steps than the budget allows:
// fit=1 draws the last step within it, found here by a linear search over
// the steps, and equals the still asked for at that step.
// A still's errors carry the stills' policies too, not the page's: an
// error is what an <img> elsewhere or a browser opening the link shows.
func TestStillErrorHeaders(t *testing.T) {
	b := newBlocker()
	h := newRenderHandler(t, renderOptions{concurrency: 1, beforeRender: b.hook})
	go serve(h, "GET", "/render.png?runs=3&steps=50")
	<-b.entered
	defer close(b.release)
	for _, tt := range []struct {
		target string
		status int
	}{
		{"/render.png?lr=abc", http.StatusBadRequest},
		{"/render.svg?w=3840&h=2160&runs=10000&steps=100000", http.StatusBadRequest},
		{"/render.png?runs=4&steps=50", http.StatusServiceUnavailable}, // the one slot is busy
	} {
		resp := serve(h, "GET", tt.target)
		if resp.StatusCode != tt.status {
			t.Errorf("%s: status %d, want %d", tt.target, resp.StatusCode, tt.status)
		}
		for k, want := range map[string]string{
			"Content-Security-Policy":      "default-src 'none'; frame-ancestors 'self'",
			"Cross-Origin-Resource-Policy": "cross-origin",
			"Content-Type":                 "text/plain; charset=utf-8",
			"X-Content-Type-Options":       "nosniff",
		} {
			if got := resp.Header.Get(k); got != want {
				t.Errorf("%s: %s %q, want %q", tt.target, k, got, want)
			}
		}
	}
}

func TestStillFit(t *testing.T) {
	var renders atomic.Int32
	const budget = 1e6
	h := newRenderHandler(t, renderOptions{budget: budget, beforeRender: func(context.Context) { renders.Add(1) }})
	const query = "runs=40&opt2=sgd&w=200&h=150"
	cfg, err := link.Parse("runs=40&opt2=sgd")
	if err != nil {
		t.Fatal(err)
	}
	draw := drawWork(cfg, still.Options{Width: 200, Height: 150, Cloud: true}, false)
	last := 0
	for n := 1; ; n++ {
		cfg.Steps = n
		if simWork(cfg)+draw > budget {
			break
		}
		last = n
	}
	if last < 10 || last > 10000 {
		t.Fatalf("the budget allows %d steps: pick another", last)
	}
	fitted := serve(h, "GET", "/render.png?"+query+"&steps=100000&fit=1")
	body := readBody(t, fitted)
	if fitted.StatusCode != http.StatusOK {
		t.Fatalf("fit=1: status %d: %s", fitted.StatusCode, body)
	}
	explicit := serve(h, "GET", fmt.Sprintf("/render.png?%s&steps=%d", query, last))
	if !bytes.Equal(readBody(t, explicit), body) || renders.Load() != 1 {
		t.Errorf("fit=1 and steps=%d differ, or rendered twice (%d renders)", last, renders.Load())
	}
	if over := serve(h, "GET", fmt.Sprintf("/render.png?%s&steps=%d", query, last+1)); over.StatusCode != http.StatusBadRequest {
		t.Errorf("steps=%d, one past the budget: status %d, want 400", last+1, over.StatusCode)
	}
}

// TestStillFirst asks for links' first frames (first=1): each must be the
// still of the link stopped at the step the game's first frame shows,
// speed= steps (sim/link.DefaultSpeed without it) or steps= if fewer, and
// must cost only those steps: a link far beyond the budget has a first
// frame within it.
func TestStillFirst(t *testing.T) {
	var renders atomic.Int32
	h := newRenderHandler(t, renderOptions{budget: 1e7, beforeRender: func(context.Context) { renders.Add(1) }})
	tests := []struct{ first, same string }{
		{"runs=40&speed=7", "runs=40&steps=7"},
		{"runs=40", fmt.Sprintf("runs=40&steps=%d", link.DefaultSpeed)},
		{"runs=40&steps=2&speed=10", "runs=40&steps=2"},
		{"runs=10000&steps=100000&speed=10&opt2=sgd", "runs=10000&steps=10&opt2=sgd"},
		{"runs=40&view=run&present=1", fmt.Sprintf("runs=40&steps=%d&view=run&present=1", link.DefaultSpeed)},
	}
	for _, tt := range tests {
		t.Run(tt.first, func(t *testing.T) {
			renders.Store(0)
			first := serve(h, "GET", "/render.png?"+tt.first+"&first=1&w=300&h=200")
			body := readBody(t, first)
			if first.StatusCode != http.StatusOK {
				t.Fatalf("first=1: status %d: %s", first.StatusCode, body)
			}
			same := serve(h, "GET", "/render.png?"+tt.same+"&w=300&h=200")
			if !bytes.Equal(readBody(t, same), body) || renders.Load() != 1 {
				t.Errorf("%s&first=1 and %s differ, or rendered twice (%d renders)", tt.first, tt.same, renders.Load())
			}
		})
	}
	if resp := serve(h, "GET", "/render.png?first=yes"); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("first=yes: status %d, want 400", resp.StatusCode)
	}
}

func TestStillHeadersAndCache(t *testing.T) {
	var renders atomic.Int32
	h := newRenderHandler(t, renderOptions{beforeRender: func(context.Context) { renders.Add(1) }})
	const q = "opt=sgd&runs=20&steps=200&w=600&h=400"
	first := serve(h, "GET", "/render.png?"+q)
	body := readBody(t, first)
	if first.StatusCode != http.StatusOK {
		t.Fatalf("status %d: %s", first.StatusCode, body)
	}
	for k, want := range map[string]string{
		"Content-Type":                 "image/png",
		"Cache-Control":                stillCacheControl,
		"Content-Security-Policy":      "default-src 'none'; frame-ancestors 'self'",
		"X-Content-Type-Options":       "nosniff",
		"Content-Length":               fmt.Sprint(len(body)),
		"Cross-Origin-Resource-Policy": "cross-origin", // an <img> on any site
		"Cross-Origin-Opener-Policy":   "same-origin",
	} {
		if got := first.Header.Get(k); got != want {
			t.Errorf("%s %q, want %q", k, got, want)
		}
	}
	etag := first.Header.Get("ETag")
	if len(etag) != 18 || etag[0] != '"' {
		t.Errorf("ETag %q is not a quoted hash", etag)
	}

	// The same still, spelled otherwise: the view settings of the page
	// and the order do not matter, and the cache answers.
	for _, same := range []string{q, "v=1&h=400&w=600&steps=200&runs=20&opt=sgd&lang=ja&speed=9", "opt=sgd&runs=20&steps=200&w=600&h=400&dpr=1&view=cloud&lr=0.05"} {
		resp := serve(h, "GET", "/render.png?"+same)
		if b := readBody(t, resp); !bytes.Equal(b, body) || resp.Header.Get("ETag") != etag {
			t.Errorf("%s: the bytes or ETag differ from the first answer", same)
		}
	}
	if n := renders.Load(); n != 1 {
		t.Errorf("%d renders, want 1: the cache missed", n)
	}
	if resp := serve(h, "GET", "/render.png?"+q+"&present=0&embed=1&story=3"); !bytes.Equal(readBody(t, resp), body) {
		t.Error("present=0, embed=1 or story=3 changed the still")
	}
	// view=run and present=1 make other stills.
	for _, other := range []string{"&view=run", "&present=1"} {
		if resp := serve(h, "GET", "/render.png?"+q+other); resp.StatusCode != http.StatusOK || resp.Header.Get("ETag") == etag {
			t.Errorf("%s: status %d, ETag %s (the plain one's is %s)", other, resp.StatusCode, resp.Header.Get("ETag"), etag)
		}
	}

	// Revalidation and HEAD.
	if resp := serve(h, "GET", "/render.png?"+q, "If-None-Match", etag); resp.StatusCode != http.StatusNotModified || len(readBody(t, resp)) != 0 {
		t.Errorf("If-None-Match: status %d, want 304 without a body", resp.StatusCode)
	}
	head := serve(h, "HEAD", "/render.png?"+q)
	if head.StatusCode != http.StatusOK || len(readBody(t, head)) != 0 || head.Header.Get("ETag") != etag || head.Header.Get("Content-Length") != fmt.Sprint(len(body)) {
		t.Errorf("HEAD: status %d, headers %v", head.StatusCode, head.Header)
	}

	// An SVG is sent gzipped to clients that take it, under its own ETag.
	plain := serve(h, "GET", "/render.svg?"+q)
	plainBody := readBody(t, plain)
	gz := serve(h, "GET", "/render.svg?"+q, "Accept-Encoding", "gzip, br")
	if gz.Header.Get("Content-Encoding") != "gzip" || gz.Header.Get("Vary") != "Accept-Encoding" || plain.Header.Get("Vary") != "Accept-Encoding" {
		t.Errorf("SVG: Content-Encoding %q, Vary %q / %q", gz.Header.Get("Content-Encoding"), gz.Header.Get("Vary"), plain.Header.Get("Vary"))
	}
	if got := decode(t, "gzip", readBody(t, gz)); !bytes.Equal(got, plainBody) {
		t.Error("the gzipped SVG does not decode to the plain one")
	}
	if gz.Header.Get("ETag") == plain.Header.Get("ETag") {
		t.Error("the gzipped and plain SVG share an ETag")
	}
	if plain.Header.Get("Content-Security-Policy") != "default-src 'none'; frame-ancestors 'self'" {
		t.Errorf("SVG CSP %q", plain.Header.Get("Content-Security-Policy"))
	}
	// The rest of the site keeps the page's policy.
	if csp := serve(h, "GET", "/").Header.Get("Content-Security-Policy"); !strings.Contains(csp, "script-src 'self' 'wasm-unsafe-eval'") {
		t.Errorf("the page's CSP is now %q", csp)
	}
	if resp := serve(h, "POST", "/render.png?"+q); resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: status %d, want 405", resp.StatusCode)
	}
}

func TestStillCacheEvicts(t *testing.T) {
	c := newStillCache(8 << 10)
	entry := func(k string) *stillEntry { return &stillEntry{key: k, body: make([]byte, 700)} }
	for i := range 40 {
		c.add(entry(fmt.Sprint(i)))
		if i == 5 {
			c.get("0") // keeps 0 fresh
		}
		if c.used > c.max {
			t.Fatalf("after %d adds the cache holds %d bytes, more than %d", i+1, c.used, c.max)
		}
	}
	if c.get("39") == nil || c.get("1") != nil {
		t.Error("the newest still is gone or the oldest is still there")
	}
	if len(c.byKey) != c.order.Len() || len(c.byKey) < 5 {
		t.Errorf("%d keys, %d in order", len(c.byKey), c.order.Len())
	}
	c.add(&stillEntry{key: "huge", body: make([]byte, 2<<10)})
	if c.get("huge") != nil {
		t.Error("a still larger than an eighth of the cache was kept")
	}
}

// blocker is a beforeRender hook that holds every render until released,
// and reports each render that reaches it.
type blocker struct {
	entered chan string
	release chan struct{}
}

func newBlocker() *blocker {
	return &blocker{entered: make(chan string, 16), release: make(chan struct{})}
}

func (b *blocker) hook(ctx context.Context) {
	b.entered <- "render"
	select {
	case <-b.release:
	case <-ctx.Done():
	}
}

// serveFrom runs one request through h as if from the client at addr.
func serveFrom(h http.Handler, addr, method, target string) *http.Response {
	req := httptest.NewRequest(method, target, nil)
	req.RemoteAddr = addr
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func TestStillBusy(t *testing.T) {
	b := newBlocker()
	const wait = 300 * time.Millisecond
	h := newRenderHandler(t, renderOptions{concurrency: 2, beforeRender: b.hook, fairness: fairness{wait: wait}})
	type result struct {
		status int
		body   []byte
	}
	get := func(addr, target string, out chan<- result) {
		resp := serveFrom(h, addr, "GET", target)
		out <- result{resp.StatusCode, readBody(t, resp)}
	}
	results := make(chan result, 8)
	// Two clients' renders take both slots...
	go get("192.0.2.1:1", "/render.png?runs=3&steps=50", results)
	go get("192.0.2.2:1", "/render.svg?runs=3&steps=50", results)
	<-b.entered
	<-b.entered
	// ...so a third client waits for a slot a bounded time, then is
	// refused, however many ask.
	for i := range 3 {
		start := time.Now()
		resp := serveFrom(h, fmt.Sprintf("192.0.2.%d:1", 10+i), "GET", "/render.png?runs=4&steps=50")
		body := readBody(t, resp)
		if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") != stillRetryAfter || !strings.Contains(string(body), "busy") {
			t.Errorf("third render: status %d, Retry-After %q, body %q; want 503", resp.StatusCode, resp.Header.Get("Retry-After"), body)
		}
		if d := time.Since(start); d < wait || d > wait+time.Second {
			t.Errorf("the 503 took %v, want about the %v wait", d, wait)
		}
	}
	// A request for a still being rendered waits for it instead, from
	// anyone.
	go get("192.0.2.99:1", "/render.png?runs=3&steps=50&lang=en", results)
	time.Sleep(20 * time.Millisecond)
	close(b.release)
	var pngs [][]byte
	for range 3 {
		r := <-results
		if r.status != http.StatusOK {
			t.Errorf("a blocked render ended with %d: %s", r.status, r.body)
		}
		if bytes.HasPrefix(r.body, []byte("\x89PNG")) {
			pngs = append(pngs, r.body)
		}
	}
	if len(pngs) != 2 || !bytes.Equal(pngs[0], pngs[1]) {
		t.Errorf("%d PNGs, want 2 equal ones", len(pngs))
	}
	// The slots are free again.
	if resp := serve(h, "GET", "/render.png?runs=4&steps=50"); resp.StatusCode != http.StatusOK {
		t.Errorf("after the release: status %d", resp.StatusCode)
	}
}

// One client gets one slot of two and may have one more request wait; a
// third is a 429, while another client's still is drawn at once.
func TestStillPerClient(t *testing.T) {
	b := newBlocker()
	h := newRenderHandler(t, renderOptions{concurrency: 2, beforeRender: b.hook})
	type result struct{ status int }
	results := make(chan result, 4)
	get := func(target string) {
		resp := serveFrom(h, "192.0.2.1:1", "GET", target)
		readBody(t, resp)
		results <- result{resp.StatusCode}
	}
	go get("/render.png?runs=3&steps=50")
	<-b.entered
	go get("/render.png?runs=3&steps=51") // waits: its client has its one slot
	time.Sleep(50 * time.Millisecond)
	select {
	case <-b.entered:
		t.Fatal("one client's second still took the second slot")
	default:
	}
	third := serveFrom(h, "192.0.2.1:2", "GET", "/render.png?runs=3&steps=52")
	if body := readBody(t, third); third.StatusCode != http.StatusTooManyRequests || third.Header.Get("Retry-After") == "" || !strings.Contains(string(body), "stills of yours") {
		t.Errorf("the client's third still: status %d, Retry-After %q, %q; want 429", third.StatusCode, third.Header.Get("Retry-After"), body)
	}
	other := make(chan int)
	go func() {
		resp := serveFrom(h, "198.51.100.1:1", "GET", "/render.png?runs=3&steps=53")
		readBody(t, resp)
		other <- resp.StatusCode
	}()
	<-b.entered // the other client's render has the free slot
	close(b.release)
	if status := <-other; status != http.StatusOK {
		t.Errorf("another client: status %d", status)
	}
	for range 2 {
		if r := <-results; r.status != http.StatusOK {
			t.Errorf("the first client's stills: status %d", r.status)
		}
	}
}

func TestStillTimeout(t *testing.T) {
	var slow atomic.Bool
	slow.Store(true)
	h := newRenderHandler(t, renderOptions{timeout: time.Second, beforeRender: func(ctx context.Context) {
		if slow.Load() {
			<-ctx.Done()
		}
	}})
	resp := serve(h, "GET", "/render.png?runs=3&steps=50")
	body := string(readBody(t, resp))
	if resp.StatusCode != http.StatusServiceUnavailable || !strings.Contains(body, "took longer than 1s") {
		t.Errorf("status %d, body %q; want 503 saying it took too long", resp.StatusCode, body)
	}
	// A failure is not cached.
	slow.Store(false)
	if resp := serve(h, "GET", "/render.png?runs=3&steps=50"); resp.StatusCode != http.StatusOK {
		t.Errorf("second try: status %d", resp.StatusCode)
	}
}

func TestStillRenderPanics(t *testing.T) {
	var logged bytes.Buffer
	h, err := newHandler(testSite(t), options{frameAncestors: "'self'", errorLog: log.New(&logged, "", 0),
		render: &renderOptions{budget: 1e7, concurrency: 1, cacheBytes: 1 << 20, beforeRender: func(context.Context) { panic("boom") }}})
	if err != nil {
		t.Fatal(err)
	}
	for range 2 { // the slot is released after a panic
		resp := serve(h, "GET", "/render.png?runs=3&steps=50")
		if resp.StatusCode != http.StatusInternalServerError {
			t.Errorf("status %d, want 500", resp.StatusCode)
		}
	}
	if !strings.Contains(logged.String(), "boom") {
		t.Errorf("the panic is not logged: %q", logged.String())
	}
}

func TestFeatures(t *testing.T) {
	for _, tt := range []struct {
		name   string
		h      http.Handler
		render bool
	}{
		{"on", newRenderHandler(t, renderOptions{budget: 5e7}), true},
		{"off", newTestHandler(t), false},
	} {
		t.Run(tt.name, func(t *testing.T) {
			resp := serve(tt.h, "GET", "/features.json")
			var f struct {
				Render bool    `json:"render"`
				Budget float64 `json:"renderBudget"`
			}
			if err := json.Unmarshal(readBody(t, resp), &f); err != nil {
				t.Fatal(err)
			}
			if resp.Header.Get("Content-Type") != "application/json" || f.Render != tt.render || (tt.render && f.Budget != 5e7) {
				t.Errorf("features %+v (%s), want render %v", f, resp.Header.Get("Content-Type"), tt.render)
			}
			still := serve(tt.h, "GET", "/render.png?runs=2&steps=10")
			if want := map[bool]int{true: 200, false: 404}[tt.render]; still.StatusCode != want {
				t.Errorf("/render.png: status %d, want %d", still.StatusCode, want)
			}
		})
	}
}

// TestStillLoad sends 200 requests from 8 clients over loopback, mostly
// for stills already rendered, with a few new ones from two of the clients
// (two slots, so none is refused), and wants every answer right within 30 s.
func TestStillLoad(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	srv := httptest.NewServer(newRenderHandler(t, renderOptions{concurrency: 2}))
	defer srv.Close()
	client := &http.Client{Timeout: 20 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: 8}}
	warm := []string{
		"/render.png?runs=50&steps=500",
		"/render.svg?runs=50&steps=500",
		"/render.png?runs=30&steps=300&opt2=sgd&w=600&h=400",
		"/render.svg?runs=30&steps=300&opt2=rmsprop&opt3=sgd&w=800&h=600",
		"/render.png?problem=reddi&x0=0&runs=20&steps=400&lr=0.5&sched=poly&p=0.5&n0=1&b1=0&b2=0.1&opt2=amsgrad&dpr=2",
	}
	etags := map[string]string{}
	for _, u := range warm {
		resp, err := client.Get(srv.URL + u)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK {
			t.Fatalf("warm %s: %d", u, resp.StatusCode)
		}
		etags[u] = resp.Header.Get("ETag")
	}

	const clients, each = 8, 25
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	var mu sync.Mutex
	var errs []string
	var latencies []time.Duration
	var bytesIn int64
	var cold atomic.Int32
	start := time.Now()
	var wg sync.WaitGroup
	for c := range clients {
		wg.Go(func() {
			for i := range each {
				u := warm[(c+i)%len(warm)]
				var hdr http.Header
				switch {
				case c < 2 && i%5 == 4:
					u = fmt.Sprintf("/render.png?runs=20&steps=200&seed=%d&w=600&h=400", 1000+c*each+i)
					cold.Add(1)
				case i%4 == 3:
					hdr = http.Header{"If-None-Match": {etags[u]}}
				}
				req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+u, nil)
				for k, v := range hdr {
					req.Header[k] = v
				}
				t0 := time.Now()
				resp, err := client.Do(req)
				if err != nil {
					mu.Lock()
					errs = append(errs, err.Error())
					mu.Unlock()
					continue
				}
				n, _ := io.Copy(io.Discard, resp.Body)
				resp.Body.Close()
				d := time.Since(t0)
				want := http.StatusOK
				if hdr != nil {
					want = http.StatusNotModified
				}
				mu.Lock()
				latencies = append(latencies, d)
				bytesIn += n
				if resp.StatusCode != want {
					errs = append(errs, fmt.Sprintf("%s: status %d, want %d", u, resp.StatusCode, want))
				}
				mu.Unlock()
			}
		})
	}
	wg.Wait()
	total := time.Since(start)
	if len(errs) > 0 {
		t.Fatalf("%d errors, the first: %s", len(errs), errs[0])
	}
	if len(latencies) != clients*each || total > 30*time.Second {
		t.Fatalf("%d answers in %v", len(latencies), total)
	}
	sort.Slice(latencies, func(i, j int) bool { return latencies[i] < latencies[j] })
	t.Logf("%d requests (%d new stills) from %d clients in %v: %.0f/s, %.1f MB; latency p50 %v, p90 %v, p99 %v, max %v",
		len(latencies), cold.Load(), clients, total.Round(time.Millisecond), float64(len(latencies))/total.Seconds(), float64(bytesIn)/1e6,
		latencies[len(latencies)/2].Round(time.Microsecond), latencies[len(latencies)*9/10].Round(time.Microsecond),
		latencies[len(latencies)*99/100].Round(time.Microsecond), latencies[len(latencies)-1].Round(time.Microsecond))
}

func TestParseRenderFlags(t *testing.T) {
	cfg, err := parseFlags(nil, io.Discard)
	if err != nil || cfg.renderBudget != defaultRenderBudget || cfg.renderTimeout != defaultRenderTimeout || cfg.renderConcurrency < 1 || cfg.renderCacheMB != 64 {
		t.Errorf("defaults: %+v, %v", cfg, err)
	}
	for _, bad := range [][]string{
		{"-render-concurrency", "0"}, {"-render-timeout", "0s"}, {"-render-budget", "-1"}, {"-render-budget", "NaN"}, {"-render-cache-mb", "-2"},
		{"-max-conns", "0"}, {"-client-ip-header", "X-Forwarded-For: 1.2.3.4"}, {"-client-ip-header", "a b"},
	} {
		if _, err := parseFlags(bad, io.Discard); err == nil {
			t.Errorf("parseFlags(%q) accepted it", bad)
		}
	}
	if cfg, err := parseFlags([]string{"-client-ip-header", "X-Real-IP", "-max-conns", "10"}, io.Discard); err != nil || cfg.clientIPHeader != "X-Real-IP" || cfg.maxConns != 10 {
		t.Errorf("-client-ip-header X-Real-IP -max-conns 10: %+v, %v", cfg, err)
	}
	cfg, err = parseFlags([]string{"-render-budget", "0"}, io.Discard)
	if err != nil || cfg.renderBudget != 0 {
		t.Errorf("-render-budget 0: %+v, %v", cfg, err)
	}
}
