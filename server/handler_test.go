package main

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/andybalholm/brotli"
)

// Contents of the test site.
var (
	indexHTML = []byte("<!doctype html><title>noiseball</title><p>index</p>\n")
	gameHTML  = []byte("<!doctype html><title>game</title><script src=wasm_exec.js></script>\n")
	wasmExec  = bytes.Repeat([]byte("// wasm_exec.js: a Go program's JavaScript half.\n"), 200)
	mainWasm  = append([]byte("\x00asm\x01\x00\x00\x00"), bytes.Repeat([]byte("noiseball wasm code section "), 4000)...)
	siteCSS   = []byte("body { margin: 0 }\n")
)

// testSite returns a site like the one make assembles: the wasm with both
// precompressed copies, wasm_exec.js with gzip only, and files that must
// never be published.
func testSite(t testing.TB) fstest.MapFS {
	t.Helper()
	return fstest.MapFS{
		"index.html":        {Data: indexHTML},
		"game.html":         {Data: gameHTML},
		"main.wasm":         {Data: mainWasm},
		"main.wasm.br":      {Data: brotliBytes(t, mainWasm)},
		"main.wasm.gz":      {Data: gzipBytes(t, mainWasm)},
		"wasm_exec.js":      {Data: wasmExec},
		"wasm_exec.js.gz":   {Data: gzipBytes(t, wasmExec)},
		"css/site.css":      {Data: siteCSS},
		"icons/logo.svg":    {Data: []byte(`<svg xmlns="http://www.w3.org/2000/svg"/>`)},
		"i18n/en.json":      {Data: []byte(`{"title":"noiseball"}`)},
		"embed.go":          {Data: []byte("package static\n")},
		".hidden.js":        {Data: []byte("secret")},
		"orphan.js.br":      {Data: brotliBytes(t, []byte("no identity copy"))},
		"dir.js/inside.txt": {Data: []byte("a directory named like a script")},
		"notes.md":          {Data: []byte("# not published")},
	}
}

func brotliBytes(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w := brotli.NewWriterLevel(&b, brotli.BestCompression)
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func gzipBytes(t testing.TB, data []byte) []byte {
	t.Helper()
	var b bytes.Buffer
	w, err := gzip.NewWriterLevel(&b, gzip.BestCompression)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := w.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// decode undoes the Content-Encoding coding of body.
func decode(t *testing.T, coding string, body []byte) []byte {
	t.Helper()
	var r io.Reader
	switch coding {
	case "":
		return body
	case "br":
		r = brotli.NewReader(bytes.NewReader(body))
	case "gzip":
		zr, err := gzip.NewReader(bytes.NewReader(body))
		if err != nil {
			t.Fatalf("gzip body: %v", err)
		}
		r = zr
	default:
		t.Fatalf("unexpected Content-Encoding %q", coding)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decode %s body: %v", coding, err)
	}
	return data
}

// newTestHandler returns the handler for testSite with default options.
func newTestHandler(t *testing.T) http.Handler {
	t.Helper()
	h, err := newHandler(testSite(t), options{frameAncestors: "'self'", errorLog: log.New(io.Discard, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// serve runs one request through h; headers are name, value pairs.
func serve(h http.Handler, method, target string, headers ...string) *http.Response {
	req := httptest.NewRequest(method, target, nil)
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Add(headers[i], headers[i+1])
	}
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, req)
	return rec.Result()
}

func readBody(t *testing.T, resp *http.Response) []byte {
	t.Helper()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return body
}

func TestContentType(t *testing.T) {
	h := newTestHandler(t)
	tests := []struct {
		path, want string
		body       []byte
	}{
		{"/", "text/html; charset=utf-8", indexHTML},
		{"/index.html", "text/html; charset=utf-8", indexHTML},
		{"/game.html", "text/html; charset=utf-8", gameHTML},
		{"/main.wasm", "application/wasm", mainWasm},
		{"/wasm_exec.js", "text/javascript; charset=utf-8", wasmExec},
		{"/css/site.css", "text/css; charset=utf-8", siteCSS},
		{"/icons/logo.svg", "image/svg+xml", nil},
		{"/i18n/en.json", "application/json", nil},
	}
	for _, tt := range tests {
		t.Run(tt.path, func(t *testing.T) {
			resp := serve(h, "GET", tt.path)
			body := readBody(t, resp)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("GET %s: status %d, want 200", tt.path, resp.StatusCode)
			}
			if got := resp.Header.Get("Content-Type"); got != tt.want {
				t.Errorf("GET %s: Content-Type %q, want %q", tt.path, got, tt.want)
			}
			if tt.body != nil && !bytes.Equal(body, tt.body) {
				t.Errorf("GET %s: body differs from the file (%d bytes, want %d)", tt.path, len(body), len(tt.body))
			}
		})
	}
}

func TestMediaTypeAllowlist(t *testing.T) {
	tests := []struct {
		ext, want string
		ok        bool
	}{
		{".html", "text/html; charset=utf-8", true},
		{".js", "text/javascript; charset=utf-8", true},
		{".mjs", "text/javascript; charset=utf-8", true},
		{".css", "text/css; charset=utf-8", true},
		{".wasm", "application/wasm", true},
		{".png", "image/png", true},
		{".svg", "image/svg+xml", true},
		{".ico", "image/x-icon", true},
		{".json", "application/json", true},
		{".txt", "text/plain; charset=utf-8", true},
		{".woff2", "font/woff2", true},
		{".webmanifest", "application/manifest+json", true},
		{".go", "", false},
		{".br", "", false},
		{".gz", "", false},
		{".md", "", false},
		{".HTML", "", false},
		{"", "", false},
	}
	for _, tt := range tests {
		got, ok := mediaType(tt.ext)
		if got != tt.want || ok != tt.ok {
			t.Errorf("mediaType(%q) = %q, %v; want %q, %v", tt.ext, got, ok, tt.want, tt.ok)
		}
	}
}

func TestContentEncoding(t *testing.T) {
	h := newTestHandler(t)
	tests := []struct {
		path   string
		accept []string // Accept-Encoding header values; nil for none
		want   string   // Content-Encoding; "" for identity
		body   []byte
	}{
		{"/main.wasm", []string{"gzip, deflate, br, zstd"}, "br", mainWasm},
		{"/main.wasm", []string{"br"}, "br", mainWasm},
		{"/main.wasm", []string{"BR"}, "br", mainWasm},
		{"/main.wasm", []string{"gzip"}, "gzip", mainWasm},
		{"/main.wasm", []string{"x-gzip"}, "gzip", mainWasm},
		{"/main.wasm", []string{"gzip", "br"}, "br", mainWasm},
		{"/main.wasm", []string{"br;q=0.5, gzip;q=0.8"}, "gzip", mainWasm},
		{"/main.wasm", []string{"br;q=0, gzip"}, "gzip", mainWasm},
		{"/main.wasm", []string{"br ; q=0.000, gzip;q=0.001"}, "gzip", mainWasm},
		{"/main.wasm", []string{"*"}, "br", mainWasm},
		{"/main.wasm", []string{"*;q=0.1, br;q=0"}, "gzip", mainWasm},
		{"/main.wasm", []string{"br;q=2, gzip"}, "gzip", mainWasm}, // a malformed weight does not count
		{"/main.wasm", nil, "", mainWasm},
		{"/main.wasm", []string{""}, "", mainWasm},
		{"/main.wasm", []string{"identity"}, "", mainWasm},
		{"/main.wasm", []string{"deflate, zstd"}, "", mainWasm},
		{"/main.wasm", []string{"br;q=0, gzip;q=0"}, "", mainWasm},
		{"/main.wasm", []string{"*;q=0"}, "", mainWasm},
		{"/wasm_exec.js", []string{"gzip, deflate, br, zstd"}, "gzip", wasmExec},
		{"/wasm_exec.js", []string{"br"}, "", wasmExec},
		{"/", []string{"gzip, deflate, br, zstd"}, "", indexHTML},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s %q", tt.path, tt.accept), func(t *testing.T) {
			req := httptest.NewRequest("GET", tt.path, nil)
			for _, v := range tt.accept {
				req.Header.Add("Accept-Encoding", v)
			}
			rec := httptest.NewRecorder()
			h.ServeHTTP(rec, req)
			resp := rec.Result()
			body := readBody(t, resp)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d, want 200", resp.StatusCode)
			}
			if got := resp.Header.Get("Content-Encoding"); got != tt.want {
				t.Errorf("Content-Encoding %q, want %q", got, tt.want)
			}
			if got := resp.Header.Get("Vary"); got != "Accept-Encoding" {
				t.Errorf("Vary %q, want Accept-Encoding", got)
			}
			if got, want := resp.Header.Get("Content-Length"), strconv.Itoa(len(body)); got != want {
				t.Errorf("Content-Length %s, but the body has %s bytes", got, want)
			}
			if tt.want != "" && len(body) >= len(tt.body) {
				t.Errorf("%s body has %d bytes, not fewer than the %d of the file", tt.want, len(body), len(tt.body))
			}
			if got := decode(t, tt.want, body); !bytes.Equal(got, tt.body) {
				t.Errorf("decoded body (%d bytes) differs from the file (%d bytes)", len(got), len(tt.body))
			}
			wantLength := strconv.Itoa(len(tt.body))
			if tt.want == "" {
				wantLength = "" // Content-Length says it already
			}
			if got := resp.Header.Get("X-Uncompressed-Length"); got != wantLength {
				t.Errorf("X-Uncompressed-Length %q, want %q", got, wantLength)
			}
		})
	}
}

func TestParseAcceptEncoding(t *testing.T) {
	tests := []struct {
		header          string
		br, gzip, other float64
	}{
		{"", 0, 0, 0},
		{"br", 1, 0, 0},
		{"gzip;q=0.5", 0, 0.5, 0},
		{"gzip; Q=0.5", 0, 0.5, 0},
		{"gzip;q=1.000", 0, 1, 0},
		{"gzip;q=1.", 0, 1, 0},
		{"gzip;q=0.", 0, 0, 0},
		{"gzip;q=0.25;level=9", 0, 0.25, 0},
		{"gzip;level=9", 0, 1, 0},
		{"br, br;q=0", 1, 0, 0},
		{"br;q=0, br", 0, 0, 0},
		{"*;q=0.3, br", 1, 0.3, 0.3},
		{"*", 1, 1, 1},
		{" , br ,, gzip;q=0.7 , ", 1, 0.7, 0},
		{"x-gzip;q=0.4", 0, 0.4, 0},
		// Malformed weights void their element.
		{"br;q=1.5", 0, 0, 0},
		{"br;q=1.001", 0, 0, 0},
		{"br;q=0.1234", 0, 0, 0},
		{"br;q=-1", 0, 0, 0},
		{"br;q=.5", 0, 0, 0},
		{"br;q=", 0, 0, 0},
		{"br;q=0.5x", 0, 0, 0},
		{"br;q=0.5x, gzip", 0, 1, 0},
		{"br;q=NaN", 0, 0, 0},
	}
	for _, tt := range tests {
		a := parseAcceptEncoding([]string{tt.header})
		for _, c := range []struct {
			coding string
			want   float64
		}{{"br", tt.br}, {"gzip", tt.gzip}, {"zstd", tt.other}} {
			if got := a.quality(c.coding); got != c.want {
				t.Errorf("Accept-Encoding %q: quality(%q) = %v, want %v", tt.header, c.coding, got, c.want)
			}
		}
	}
}

func TestMethodNotAllowed(t *testing.T) {
	h := newTestHandler(t)
	for _, method := range []string{"POST", "PUT", "DELETE", "PATCH", "OPTIONS", "TRACE", "CONNECT"} {
		for _, target := range []string{"/", "/main.wasm", "/healthz", "/missing.js"} {
			t.Run(method+" "+target, func(t *testing.T) {
				resp := serve(h, method, target)
				if resp.StatusCode != http.StatusMethodNotAllowed {
					t.Errorf("status %d, want 405", resp.StatusCode)
				}
				if got := resp.Header.Get("Allow"); got != "GET, HEAD" {
					t.Errorf("Allow %q, want %q", got, "GET, HEAD")
				}
			})
		}
	}
}

func TestNotFound(t *testing.T) {
	h := newTestHandler(t)
	tests := []struct{ target, why string }{
		{"/../go.mod", "dot-dot"},
		{"/%2e%2e/go.mod", "encoded dot-dot"},
		{"/%2E%2E/%2e%2e/go.mod", "encoded dot-dot, upper case"},
		{"/css/../index.html", "dot-dot inside"},
		{"/css/%2e%2e/index.html", "encoded dot-dot inside"},
		{"/./index.html", "dot element"},
		{"/..%2fgo.mod", "dot-dot with encoded slash"},
		{"/css%2fsite.css", "encoded slash"},
		{"/css%2Fsite.css", "encoded slash, upper case"},
		{"/css%5csite.css", "encoded backslash"},
		{"/..%5cgo.mod", "dot-dot with encoded backslash"},
		{"//index.html", "empty element"},
		{"/css//site.css", "empty inner element"},
		{"/index.html/", "trailing slash"},
		{"/index.html%00.js", "NUL byte"},
		{"/css", "directory"},
		{"/css/", "directory with slash"},
		{"/dir.js", "directory with a published extension"},
		{"/embed.go", "Go source"},
		{"/main.wasm.br", "brotli copy by name"},
		{"/main.wasm.gz", "gzip copy by name"},
		{"/wasm_exec.js.gz", "gzip copy by name"},
		{"/orphan.js", "only a precompressed copy exists"},
		{"/.hidden.js", "hidden file"},
		{"/notes.md", "unlisted extension"},
		{"/INDEX.HTML", "case matters"},
		{"/missing.html", "no such file"},
		{"/healthz/", "not the health path"},
	}
	for _, tt := range tests {
		t.Run(tt.target, func(t *testing.T) {
			for _, accept := range []string{"", "br, gzip"} {
				resp := serve(h, "GET", tt.target, "Accept-Encoding", accept)
				if resp.StatusCode != http.StatusNotFound {
					t.Errorf("GET %s (%s, Accept-Encoding %q): status %d, want 404", tt.target, tt.why, accept, resp.StatusCode)
				}
			}
		})
	}
}

// TestNotFoundOverTheWire sends traversal attempts as raw request lines, so
// that no client library cleans them on the way.
func TestNotFoundOverTheWire(t *testing.T) {
	srv := httptest.NewServer(newTestHandler(t))
	defer srv.Close()
	for _, target := range []string{"/../go.mod", "/%2e%2e/go.mod", "/..%2f..%2fgo.mod", "/css/../../go.mod", "/main.wasm.br"} {
		t.Run(target, func(t *testing.T) {
			resp := rawGet(t, srv.Listener.Addr().String(), target)
			if resp.StatusCode != http.StatusNotFound {
				t.Errorf("GET %s: status %d, want 404", target, resp.StatusCode)
			}
		})
	}
}

func TestSecurityHeaders(t *testing.T) {
	const defaultCSP = "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; " +
		"img-src 'self' data: blob:; connect-src 'self'; frame-src 'self'; object-src 'none'; " +
		"base-uri 'none'; form-action 'self'; frame-ancestors 'self'"
	h := newTestHandler(t)
	etag := serve(h, "GET", "/main.wasm", "Accept-Encoding", "br").Header.Get("ETag")
	tests := []struct {
		name, method, target string
		headers              []string
		status               int
		corp                 string // Cross-Origin-Resource-Policy
	}{
		{"page", "GET", "/", nil, http.StatusOK, "cross-origin"},
		{"wasm", "GET", "/main.wasm", []string{"Accept-Encoding", "br"}, http.StatusOK, "same-origin"},
		{"range", "GET", "/main.wasm", []string{"Accept-Encoding", "br", "Range", "bytes=0-9"}, http.StatusPartialContent, "same-origin"},
		{"script", "GET", "/wasm_exec.js", nil, http.StatusOK, "same-origin"},
		{"head", "HEAD", "/game.html", nil, http.StatusOK, "cross-origin"},
		{"not modified", "GET", "/main.wasm", []string{"Accept-Encoding", "br", "If-None-Match", etag}, http.StatusNotModified, "same-origin"},
		{"not found", "GET", "/nothing.html", nil, http.StatusNotFound, "same-origin"},
		{"traversal", "GET", "/../go.mod", nil, http.StatusNotFound, "same-origin"},
		{"method", "POST", "/", nil, http.StatusMethodNotAllowed, "same-origin"},
		{"health", "GET", "/healthz", nil, http.StatusOK, "same-origin"},
		{"features", "GET", "/features.json", nil, http.StatusOK, "same-origin"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := serve(h, tt.method, tt.target, tt.headers...)
			if resp.StatusCode != tt.status {
				t.Errorf("%s %s: status %d, want %d", tt.method, tt.target, resp.StatusCode, tt.status)
			}
			for k, want := range map[string]string{
				"Content-Security-Policy":      defaultCSP,
				"X-Content-Type-Options":       "nosniff",
				"Referrer-Policy":              "no-referrer",
				"Cross-Origin-Opener-Policy":   "same-origin",
				"Cross-Origin-Resource-Policy": tt.corp,
				"Permissions-Policy":           permissionsPolicy,
			} {
				if got := resp.Header.Get(k); got != want {
					t.Errorf("%s %s: %s %q, want %q", tt.method, tt.target, k, got, want)
				}
			}
		})
	}
}

func TestFrameAncestors(t *testing.T) {
	tests := []struct {
		flag    string
		want    string // the directive; "" if the flag is rejected
		wantErr string
	}{
		{"'self'", "frame-ancestors 'self'", ""},
		{"'none'", "frame-ancestors 'none'", ""},
		{"  'self'   https://wiki.example.com\t", "frame-ancestors 'self' https://wiki.example.com", ""},
		{"*", "frame-ancestors *", ""},
		{"", "", "want at least one source"},
		{"   ", "", "want at least one source"},
		{"'self'; script-src *", "", `contains ';'`},
		{"'self',https://a.example", "", `contains ','`},
		{"https://a.example\u00e9", "", `contains 'é'`},
		{"self", "", "single quotes"},
		{"'self' none", "", "single quotes"},
	}
	for _, tt := range tests {
		csp, err := contentSecurityPolicy(tt.flag)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.Contains(err.Error(), fmt.Sprintf("%q", tt.flag)) {
				t.Errorf("contentSecurityPolicy(%q) error = %v, want one naming the value and saying %q", tt.flag, err, tt.wantErr)
			}
			if _, err := newHandler(testSite(t), options{frameAncestors: tt.flag}); err == nil {
				t.Errorf("newHandler with frameAncestors %q: no error", tt.flag)
			}
			continue
		}
		if err != nil {
			t.Errorf("contentSecurityPolicy(%q): %v", tt.flag, err)
			continue
		}
		if !strings.HasSuffix(csp, "; "+tt.want) || strings.Count(csp, "frame-ancestors") != 1 {
			t.Errorf("contentSecurityPolicy(%q) = %q, want it to end with %q", tt.flag, csp, tt.want)
		}
	}
}

func TestHead(t *testing.T) {
	h := newTestHandler(t)
	tests := []struct{ target, accept string }{
		{"/", ""},
		{"/main.wasm", ""},
		{"/main.wasm", "br"},
		{"/main.wasm", "gzip"},
		{"/wasm_exec.js", "gzip, br"},
		{"/healthz", ""},
	}
	for _, tt := range tests {
		t.Run(tt.target+" "+tt.accept, func(t *testing.T) {
			get := serve(h, "GET", tt.target, "Accept-Encoding", tt.accept)
			getBody := readBody(t, get)
			head := serve(h, "HEAD", tt.target, "Accept-Encoding", tt.accept)
			if body := readBody(t, head); len(body) != 0 {
				t.Errorf("HEAD sent a %d-byte body", len(body))
			}
			if head.StatusCode != get.StatusCode {
				t.Errorf("HEAD status %d, GET status %d", head.StatusCode, get.StatusCode)
			}
			if got, want := head.Header.Get("Content-Length"), strconv.Itoa(len(getBody)); got != want {
				t.Errorf("HEAD Content-Length %q, want %q, the length of the GET body", got, want)
			}
			for _, k := range []string{"Content-Type", "Content-Encoding", "X-Uncompressed-Length", "ETag", "Vary", "Cache-Control", "Content-Security-Policy"} {
				if got, want := head.Header.Get(k), get.Header.Get(k); got != want {
					t.Errorf("HEAD %s %q, GET %s %q", k, got, k, want)
				}
			}
		})
	}
}

func TestETag(t *testing.T) {
	h := newTestHandler(t)
	tags := map[string]string{} // by Accept-Encoding
	for _, accept := range []string{"", "br", "gzip"} {
		resp := serve(h, "GET", "/main.wasm", "Accept-Encoding", accept)
		body := readBody(t, resp)
		sum := sha256.Sum256(body)
		want := `"` + hex.EncodeToString(sum[:])[:16] + `"`
		if got := resp.Header.Get("ETag"); got != want {
			t.Errorf("Accept-Encoding %q: ETag %s, want %s, from the SHA-256 of the body sent", accept, got, want)
		}
		if got := resp.Header.Get("Cache-Control"); got != "no-cache" {
			t.Errorf("Accept-Encoding %q: Cache-Control %q, want no-cache", accept, got)
		}
		again := serve(h, "GET", "/main.wasm", "Accept-Encoding", accept).Header.Get("ETag")
		if again != want {
			t.Errorf("Accept-Encoding %q: second ETag %s, first %s", accept, again, want)
		}
		for other, tag := range tags {
			if tag == want {
				t.Errorf("Accept-Encoding %q and %q: same ETag %s for different bytes", accept, other, tag)
			}
		}
		tags[accept] = want
	}
}

func TestIfNoneMatch(t *testing.T) {
	h := newTestHandler(t)
	br := serve(h, "GET", "/main.wasm", "Accept-Encoding", "br").Header.Get("ETag")
	gz := serve(h, "GET", "/main.wasm", "Accept-Encoding", "gzip").Header.Get("ETag")
	tests := []struct {
		name, accept, ifNoneMatch string
		want                      int
	}{
		{"same", "br", br, http.StatusNotModified},
		{"weak", "br", "W/" + br, http.StatusNotModified},
		{"in a list", "br", `"0000000000000000", ` + br, http.StatusNotModified},
		{"star", "br", "*", http.StatusNotModified},
		{"other", "br", `"0000000000000000"`, http.StatusOK},
		{"other encoding", "gzip", br, http.StatusOK},
		{"gzip", "gzip", gz, http.StatusNotModified},
		{"unquoted", "br", strings.Trim(br, `"`), http.StatusOK},
		{"empty", "br", "", http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, method := range []string{"GET", "HEAD"} {
				resp := serve(h, method, "/main.wasm", "Accept-Encoding", tt.accept, "If-None-Match", tt.ifNoneMatch)
				body := readBody(t, resp)
				if resp.StatusCode != tt.want {
					t.Fatalf("%s with If-None-Match %s: status %d, want %d", method, tt.ifNoneMatch, resp.StatusCode, tt.want)
				}
				if tt.want != http.StatusNotModified {
					continue
				}
				if len(body) != 0 {
					t.Errorf("%s: 304 with a %d-byte body", method, len(body))
				}
				if got := resp.Header.Get("ETag"); got == "" {
					t.Errorf("%s: 304 without ETag", method)
				}
				if got := resp.Header.Get("Vary"); got != "Accept-Encoding" {
					t.Errorf("%s: 304 with Vary %q, want Accept-Encoding", method, got)
				}
			}
		})
	}
}

func TestETagMatches(t *testing.T) {
	const tag = `"0123456789abcdef"`
	tests := []struct {
		values []string
		want   bool
	}{
		{nil, false},
		{[]string{tag}, true},
		{[]string{`W/` + tag}, true},
		{[]string{`"a", ` + tag}, true},
		{[]string{`"a"`, tag}, true},
		{[]string{`"a,b", ` + tag}, true},
		{[]string{`"a", "b"`}, false},
		{[]string{"*"}, true},
		{[]string{`0123456789abcdef`}, false},
		{[]string{`"0123456789abcdef`}, false},
		{[]string{`junk ` + tag}, false},
		{[]string{`"0123456789ABCDEF"`}, false},
	}
	for _, tt := range tests {
		if got := etagMatches(tt.values, tag); got != tt.want {
			t.Errorf("etagMatches(%q, %s) = %v, want %v", tt.values, tag, got, tt.want)
		}
	}
}

func TestHealthz(t *testing.T) {
	h := newTestHandler(t)
	for _, method := range []string{"GET", "HEAD"} {
		resp := serve(h, method, "/healthz", "Accept-Encoding", "br, gzip")
		body := readBody(t, resp)
		want := "ok\n"
		if method == "HEAD" {
			want = ""
		}
		if resp.StatusCode != http.StatusOK || string(body) != want {
			t.Errorf("%s /healthz: %d %q, want 200 %q", method, resp.StatusCode, body, want)
		}
		for k, want := range map[string]string{
			"Content-Type":     "text/plain; charset=utf-8",
			"Cache-Control":    "no-store",
			"Content-Length":   "3",
			"Content-Encoding": "",
		} {
			if got := resp.Header.Get(k); got != want {
				t.Errorf("%s /healthz: %s %q, want %q", method, k, got, want)
			}
		}
	}
}

// TestConcurrentFirstRequests loads each resource from many goroutines at
// once; run with -race.
func TestConcurrentFirstRequests(t *testing.T) {
	h := newTestHandler(t)
	targets := []string{"/", "/main.wasm", "/wasm_exec.js", "/css/site.css", "/missing.js"}
	accepts := []string{"", "br", "gzip"}
	var wg sync.WaitGroup
	results := make(chan string, 8*len(targets)*len(accepts))
	for range 8 {
		for _, target := range targets {
			for _, accept := range accepts {
				wg.Go(func() {
					resp := serve(h, "GET", target, "Accept-Encoding", accept)
					results <- fmt.Sprintf("%s %q: %d %s", target, accept, resp.StatusCode, resp.Header.Get("ETag"))
				})
			}
		}
	}
	wg.Wait()
	close(results)
	seen := map[string]int{}
	for r := range results {
		seen[r]++
	}
	if len(seen) != len(targets)*len(accepts) {
		t.Errorf("got %d distinct answers to %d distinct requests: %v", len(seen), len(targets)*len(accepts), seen)
	}
}

// TestCacheHoldsOnlyExistingFiles checks that requests for missing files
// do not grow the handler's cache.
func TestCacheHoldsOnlyExistingFiles(t *testing.T) {
	hh := newTestHandler(t)
	for i := range 100 {
		serve(hh, "GET", fmt.Sprintf("/missing-%d.js", i))
	}
	serve(hh, "GET", "/main.wasm")
	h := hh.(*siteHandler)
	h.cache.mu.Lock()
	n := len(h.cache.entries)
	h.cache.mu.Unlock()
	if n != 1 {
		t.Errorf("cache holds %d entries after 100 misses and 1 hit, want 1", n)
	}
}

func TestServerErrorOnUnreadableFile(t *testing.T) {
	site := testSite(t)
	var logged bytes.Buffer
	h, err := newHandler(brokenFS{site, "main.wasm.br"}, options{frameAncestors: "'self'", errorLog: log.New(&logged, "", 0)})
	if err != nil {
		t.Fatal(err)
	}
	resp := serve(h, "GET", "/main.wasm", "Accept-Encoding", "br")
	if resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("status %d, want 500", resp.StatusCode)
	}
	if resp.Header.Get("ETag") != "" || resp.Header.Get("Content-Encoding") != "" {
		t.Errorf("500 with ETag %q, Content-Encoding %q", resp.Header.Get("ETag"), resp.Header.Get("Content-Encoding"))
	}
	if !strings.Contains(logged.String(), "main.wasm.br") {
		t.Errorf("error log %q does not name main.wasm.br", logged.String())
	}
}

// brokenFS is a site whose file broken can be listed but not read.
type brokenFS struct {
	fstest.MapFS
	broken string
}

func (b brokenFS) Open(name string) (fs.File, error) {
	f, err := b.MapFS.Open(name)
	if err != nil || name != b.broken {
		return f, err
	}
	return brokenFile{f}, nil
}

// brokenFile fails every read.
type brokenFile struct{ fs.File }

func (brokenFile) Read([]byte) (int, error) { return 0, errors.New("disk on fire") }

// rawGet sends "GET target HTTP/1.1" to addr as written and reads the
// response.
func rawGet(t *testing.T, addr, target string) *http.Response {
	t.Helper()
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	if _, err := fmt.Fprintf(conn, "GET %s HTTP/1.1\r\nHost: %s\r\nConnection: close\r\n\r\n", target, addr); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("GET %s: %v", target, err)
	}
	readBody(t, resp)
	resp.Body.Close()
	return resp
}
