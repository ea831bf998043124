package main

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"
	"time"
)

// fuzzBudget keeps the stills the fuzzers may render small: a 200x150
// still of a few hundred run-steps.
const fuzzBudget = 2e6

// FuzzHandler sends the handler requests with random methods, targets and
// headers, parsed from the bytes a client would send, and checks what
// every answer must be: no panic, a status from the expected few, the
// security headers, a body that matches its Content-Length and Content-
// Range, none for HEAD, and for a file nothing but a published file's
// representation.
//
//	go test -run '^$' -fuzz FuzzHandler ./server/
func FuzzHandler(f *testing.F) {
	for _, seed := range []struct{ method, target, headers string }{
		{"GET", "/", ""},
		{"HEAD", "/main.wasm", "Accept-Encoding: br"},
		{"GET", "/main.wasm", "Accept-Encoding: gzip\nRange: bytes=5-20"},
		{"GET", "/main.wasm", "Range: bytes=0-1,4-9\nIf-Range: \"x\""},
		{"GET", "/main.wasm", "Accept-Encoding: br;q=0.5, gzip\nIf-None-Match: W/\"a\", *"},
		{"GET", "/%2e%2e/go.mod", ""},
		{"GET", "/css%2fsite.css", ""},
		{"GET", "/.hidden.js", ""},
		{"GET", "/orphan.js", "Accept-Encoding: br"},
		{"POST", "/render.png", "Content-Length: 0"},
		{"GET", "/render.png?runs=2&steps=3&w=200&h=150", ""},
		{"GET", "/render.svg?lr=abc&w=99999", "Accept-Encoding: gzip"},
		{"GET", "/?opt=sgd&lr=0.1", "If-None-Match: \"0\""},
		{"GET", "/healthz", "Range: lines=1-2"},
		{"OPTIONS", "*", ""},
		{"GET", "http://other.example/index.html", ""},
	} {
		f.Add(seed.method, seed.target, seed.headers)
	}
	site := testSite(f)
	h, err := newHandler(site, options{frameAncestors: "'self'", errorLog: log.New(io.Discard, "", 0),
		render: &renderOptions{budget: fuzzBudget, timeout: 2 * time.Second, concurrency: 2, cacheBytes: 4 << 20}})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, method, target, headers string) {
		raw := fmt.Sprintf("%s %s HTTP/1.1\r\nHost: example.com\r\n%s\r\n\r\n", method, target, strings.ReplaceAll(headers, "\n", "\r\n"))
		req, err := http.ReadRequest(bufio.NewReader(strings.NewReader(raw)))
		if err != nil {
			return // net/http answers 400 before any handler runs
		}
		req.RemoteAddr = "192.0.2.1:1234"
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		resp := rec.Result()
		body := rec.Body.Bytes()
		switch resp.StatusCode {
		case 200, 206, 304, 400, 404, 405, 412, 416, 429, 503:
		default:
			t.Fatalf("%q: status %d: %q", raw, resp.StatusCode, body)
		}
		for _, k := range []string{"Content-Security-Policy", "X-Content-Type-Options", "Cross-Origin-Opener-Policy", "Permissions-Policy"} {
			if resp.Header.Get(k) == "" {
				t.Errorf("%q: no %s", raw, k)
			}
		}
		if corp := resp.Header.Get("Cross-Origin-Resource-Policy"); corp != corpSameOrigin && corp != corpCrossOrigin {
			t.Errorf("%q: Cross-Origin-Resource-Policy %q", raw, corp)
		}
		// (net/http drops an error's body for HEAD; the recorder keeps it.)
		if req.Method == http.MethodHead && resp.StatusCode < 300 && len(body) != 0 {
			t.Errorf("%q: HEAD with a %d-byte body", raw, len(body))
		}
		if cl := resp.Header.Get("Content-Length"); cl != "" && req.Method != http.MethodHead && cl != strconv.Itoa(len(body)) {
			t.Errorf("%q: Content-Length %s, body %d bytes", raw, cl, len(body))
		}
		if resp.StatusCode == http.StatusPartialContent && resp.Header.Get("Content-Range") == "" &&
			!strings.HasPrefix(resp.Header.Get("Content-Type"), "multipart/byteranges") {
			t.Errorf("%q: 206 without Content-Range", raw)
		}
		if resp.StatusCode != http.StatusOK || req.Method == http.MethodHead {
			return
		}
		switch req.URL.Path {
		case healthPath, featuresPath, renderPNGPath, renderSVGPath, "/":
			return
		}
		// A file: the published one, in the coding it says.
		name, ok := siteName(req.URL)
		if !ok {
			t.Fatalf("%q: 200 for a path that is not a file's", raw)
		}
		want, err := site.ReadFile(name)
		if err != nil {
			t.Fatalf("%q: 200 for %s, which is not in the site: %v", raw, name, err)
		}
		if got := decode(t, resp.Header.Get("Content-Encoding"), body); !bytes.Equal(got, want) {
			t.Errorf("%q: the body is not %s", raw, name)
		}
	})
}

// FuzzStillKey checks the stills' cache key, the canonical query by which
// equal stills are found: for any query the still endpoints accept, the
// key read back as a query gives the same key (it is canonical), the same
// configuration and drawing options (equal keys make equal stills), and
// work within the budget.
//
//	go test -run '^$' -fuzz FuzzStillKey ./server/
func FuzzStillKey(f *testing.F) {
	for _, seed := range []string{
		"", "v=1&w=1200&h=630", "opt=sgd&lr=0.1&runs=50&steps=100&view=run", "present=1&dpr=3&w=400&h=300",
		"opt2=rmsprop&opt3=adam&lr3=1e-3&sched=poly&p=0.5&fit=1&steps=100000000",
		"dist=t3&batch=65536&runs=10000&fit=1", "lr=0x1p-3&x0=1,2", "h=150&w=200&view=cloud&lang=ja&speed=9",
		"problem=reddi&x0=0&bgrow=geo:1.5&fit=1", "steps=1&runs=1&w=3840&h=2160",
	} {
		f.Add(seed, false)
		f.Add(seed, true)
	}
	f.Fuzz(func(t *testing.T, query string, svg bool) {
		q, problems := parseStillQuery(query, svg, fuzzBudget)
		if problems != nil {
			if q != nil || len(problems) == 0 {
				t.Fatalf("%q: a request and problems %q", query, problems)
			}
			for _, p := range problems {
				if strings.TrimSpace(p) == "" {
					t.Errorf("%q: an empty problem in %q", query, problems)
				}
			}
			return
		}
		if q.work > fuzzBudget {
			t.Errorf("%q: work %g over the budget %g", query, q.work, float64(fuzzBudget))
		}
		key := q.key()
		ext, canonical, ok := strings.Cut(key, "?")
		if !ok || ext != map[bool]string{false: "png", true: "svg"}[svg] {
			t.Fatalf("%q: key %q", query, key)
		}
		again, problems := parseStillQuery(canonical, svg, fuzzBudget)
		if problems != nil {
			t.Fatalf("%q: its key %q does not parse: %q", query, key, problems)
		}
		if got := again.key(); got != key {
			t.Errorf("%q: key %q reads back as key %q", query, key, got)
		}
		if !reflect.DeepEqual(again.cfg, q.cfg) || again.opt != q.opt || again.work != q.work {
			t.Errorf("%q: key %q reads back as another still:\n%+v %+v\n%+v %+v", query, key, q.cfg, q.opt, again.cfg, again.opt)
		}
	})
}
