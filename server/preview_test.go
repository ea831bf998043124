package main

import (
	"bytes"
	"compress/gzip"
	"html"
	"io"
	"log"
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/fstest"

	"noiseball/sim/link"
)

// previewPage is an index.html with the two link-preview images.
const previewPage = `<meta property="og:image" content="` + defaultPreview + `">` +
	`<meta name="twitter:image" content="` + defaultPreview + `"><p>index</p>`

// previewHandler serves a test site whose index.html has preview images,
// with the still endpoints on or off, published at base (or anywhere).
func previewHandler(t *testing.T, stills bool, base ...string) http.Handler {
	t.Helper()
	site := testSite(t)
	site["index.html"] = &fstest.MapFile{Data: []byte(previewPage)}
	opt := options{frameAncestors: "'self'", errorLog: log.New(io.Discard, "", 0)}
	if len(base) > 0 {
		opt.publicURL = base[0]
	}
	if stills {
		opt.render = &renderOptions{budget: defaultRenderBudget, concurrency: 2, cacheBytes: 8 << 20}
	}
	h, err := newHandler(site, opt)
	if err != nil {
		t.Fatal(err)
	}
	return h
}

var previewImages = regexp.MustCompile(`content="((?:https?://[^"]*/)?render\.png\?[^"]*)"`)

// images returns the preview images a page names, unescaped.
func images(page []byte) []string {
	var out []string
	for _, m := range previewImages.FindAllSubmatch(page, -1) {
		out = append(out, html.UnescapeString(string(m[1])))
	}
	return out
}

func TestLinkPreviewIsTheLinksStill(t *testing.T) {
	h := previewHandler(t, true)
	canonical := func(query string) string { return mustCanonical(t, query) }
	tests := []struct {
		name, query, image string
	}{
		{"no link", "", "render.png?v=1&w=1200&h=630"},
		{"a link", "opt=sgd&lr=0.1", "render.png?" + canonical("opt=sgd&lr=0.1") + "&w=1200&h=630"},
		{"a link in its own words", "lr=0.1&opt=sgd&lang=ja&speed=3", "render.png?" + canonical("opt=sgd&lr=0.1") + "&w=1200&h=630"},
		{"one run drawn", "opt=sgd&view=run", "render.png?" + canonical("opt=sgd") + "&view=run&w=1200&h=630"},
		{"a bad link", "lr=abc", "render.png?v=1&w=1200&h=630"},
		{"a bad view", "view=both", "render.png?v=1&w=1200&h=630"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			resp := serve(h, "GET", "/?"+tt.query)
			body := readBody(t, resp)
			if resp.StatusCode != http.StatusOK {
				t.Fatalf("status %d", resp.StatusCode)
			}
			got := images(body)
			if len(got) != 2 || got[0] != tt.image || got[1] != tt.image {
				t.Errorf("preview images %q, want og:image and twitter:image %q", got, tt.image)
			}
			if !bytes.Contains(body, []byte("<p>index</p>")) {
				t.Errorf("the page lost its body: %q", body)
			}
		})
	}
}

// The preview image of a link is the very still of that link: the same
// bytes as /render.png asked for it directly.
func TestLinkPreviewImageDrawsTheLink(t *testing.T) {
	h := previewHandler(t, true)
	query := "opt=rmsprop&lr=0.02" + small
	page := readBody(t, serve(h, "GET", "/?"+query))
	img := images(page)
	if len(img) == 0 {
		t.Fatalf("no preview image in %q", page)
	}
	preview := serve(h, "GET", "/"+img[0])
	previewBytes := readBody(t, preview)
	direct := readBody(t, serve(h, "GET", "/render.png?"+query+"&w=1200&h=630"))
	if preview.StatusCode != http.StatusOK || !bytes.Equal(previewBytes, direct) {
		t.Errorf("the preview image (%s, status %d, %d bytes) differs from the link's still (%d bytes)", img[0], preview.StatusCode, len(previewBytes), len(direct))
	}
	other := readBody(t, serve(h, "GET", "/render.png?v=1"+small+"&w=1200&h=630"))
	if bytes.Equal(previewBytes, other) {
		t.Error("the preview image is the default view's")
	}
}

func TestLinkPreviewConditionalAndHead(t *testing.T) {
	h := previewHandler(t, true)
	first := serve(h, "GET", "/?opt=sgd")
	readBody(t, first)
	etag := first.Header.Get("ETag")
	if etag == "" || first.Header.Get("Cache-Control") != cacheControl {
		t.Fatalf("ETag %q, Cache-Control %q", etag, first.Header.Get("Cache-Control"))
	}
	if other := serve(h, "GET", "/?opt=adam"); other.Header.Get("ETag") == etag {
		t.Errorf("two links' pages share the ETag %s", etag)
	}
	again := serve(h, "GET", "/?opt=sgd", "If-None-Match", etag)
	if body := readBody(t, again); again.StatusCode != http.StatusNotModified || len(body) != 0 {
		t.Errorf("revalidation: status %d with %d bytes, want 304 and none", again.StatusCode, len(body))
	}
	head := serve(h, "HEAD", "/?opt=sgd")
	if body := readBody(t, head); head.StatusCode != http.StatusOK || len(body) != 0 || head.Header.Get("Content-Length") == "" {
		t.Errorf("HEAD: status %d, %d bytes, Content-Length %q", head.StatusCode, len(body), head.Header.Get("Content-Length"))
	}
}

// A link's page goes gzipped to a client that accepts it, as the stored
// index.html goes from its precompressed copies: the same page, with its
// own ETag, and the size of the page for the loader's progress.
func TestLinkPreviewGzipped(t *testing.T) {
	h := previewHandler(t, true)
	plain := serve(h, "GET", "/?opt=sgd")
	page := readBody(t, plain)
	zipped := serve(h, "GET", "/?opt=sgd", "Accept-Encoding", "br;q=1, gzip;q=0.5")
	body := readBody(t, zipped)
	if got := zipped.Header.Get("Content-Encoding"); got != "gzip" {
		t.Fatalf("Content-Encoding %q, want gzip", got)
	}
	zr, err := gzip.NewReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	unzipped, err := io.ReadAll(zr)
	if err != nil || !bytes.Equal(unzipped, page) {
		t.Errorf("the gzipped page (%v) is not the page", err)
	}
	for _, resp := range []*http.Response{plain, zipped} {
		if v := resp.Header.Get("Vary"); v != "Accept-Encoding" {
			t.Errorf("Vary %q", v)
		}
	}
	if zipped.Header.Get("ETag") == plain.Header.Get("ETag") {
		t.Error("the gzipped and the plain page share an ETag")
	}
	if n := zipped.Header.Get(uncompressedLength); n != strconv.Itoa(len(page)) {
		t.Errorf("%s %q, want %d", uncompressedLength, n, len(page))
	}
}

// Without the still endpoints the page keeps the default preview: there is
// nothing at render.png to draw a link.
func TestLinkPreviewWithoutStills(t *testing.T) {
	h := previewHandler(t, false)
	body := readBody(t, serve(h, "GET", "/?opt=sgd&lr=0.1"))
	if got := images(body); len(got) != 2 || got[0] != "render.png?v=1&w=1200&h=630" {
		t.Errorf("preview images %q, want the default", got)
	}
	if !strings.Contains(string(body), defaultPreview) {
		t.Error("the page was changed")
	}
}

// Published at a known address, the preview images are absolute URLs, as
// Open Graph asks: for a link and for the default view alike.
func TestLinkPreviewAbsoluteUnderThePublicURL(t *testing.T) {
	h := previewHandler(t, true, "https://wiki.example.com/noiseball")
	for query, want := range map[string]string{
		"":         "https://wiki.example.com/noiseball/render.png?v=1&w=1200&h=630",
		"?lr=abc":  "https://wiki.example.com/noiseball/render.png?v=1&w=1200&h=630",
		"?opt=sgd": "https://wiki.example.com/noiseball/render.png?" + mustCanonical(t, "opt=sgd") + "&w=1200&h=630",
	} {
		got := images(readBody(t, serve(h, "GET", "/"+query)))
		if len(got) != 2 || got[0] != want || got[1] != want {
			t.Errorf("GET /%s: preview images %q, want %q", query, got, want)
		}
	}
}

// mustCanonical returns the link query as sim/link writes it.
func mustCanonical(t *testing.T, query string) string {
	t.Helper()
	cfg, err := link.Parse(query)
	if err != nil {
		t.Fatal(err)
	}
	return link.Encode(cfg)
}

func TestPublicBase(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", ""},
		{"https://noiseball.example.com", "https://noiseball.example.com"},
		{"https://noiseball.example.com/", "https://noiseball.example.com"},
		{"http://wiki.example.com/tools/noiseball/", "http://wiki.example.com/tools/noiseball"},
	}
	for _, tt := range tests {
		if got, err := publicBase(tt.in); err != nil || got != tt.want {
			t.Errorf("publicBase(%q) = %q, %v; want %q", tt.in, got, err, tt.want)
		}
	}
	for _, bad := range []string{"noiseball.example.com", "/noiseball", "ftp://example.com", "https://example.com/?a=1", "https://example.com/#top", "https://user:pw@example.com", "https://"} {
		if got, err := publicBase(bad); err == nil || !strings.Contains(err.Error(), "-public-url") {
			t.Errorf("publicBase(%q) = %q, %v; want an error naming -public-url", bad, got, err)
		}
	}
}
