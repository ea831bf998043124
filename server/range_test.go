package main

import (
	"bytes"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
)

// TestRange asks for byte ranges of each representation of main.wasm: a
// range is of the bytes that representation sends (the compressed ones for
// br and gzip), under that representation's ETag, Content-Encoding and
// Vary, and a bad or stale one is answered as the RFC says.
func TestRange(t *testing.T) {
	h := newTestHandler(t)
	for _, accept := range []string{"", "br", "gzip"} {
		full := serve(h, "GET", "/main.wasm", "Accept-Encoding", accept)
		whole := readBody(t, full)
		etag, coding := full.Header.Get("ETag"), full.Header.Get("Content-Encoding")
		n := len(whole)
		if full.Header.Get("Accept-Ranges") != "bytes" {
			t.Errorf("%q: Accept-Ranges %q, want bytes", accept, full.Header.Get("Accept-Ranges"))
		}
		tests := []struct {
			name       string
			headers    []string
			status     int
			body       []byte // nil: do not compare
			contentRng string
		}{
			{"middle", []string{"Range", "bytes=10-29"}, http.StatusPartialContent, whole[10:30], fmt.Sprintf("bytes 10-29/%d", n)},
			{"suffix", []string{"Range", "bytes=-7"}, http.StatusPartialContent, whole[n-7:], fmt.Sprintf("bytes %d-%d/%d", n-7, n-1, n)},
			{"resume", []string{"Range", fmt.Sprintf("bytes=%d-", n/2), "If-Range", etag}, http.StatusPartialContent, whole[n/2:], fmt.Sprintf("bytes %d-%d/%d", n/2, n-1, n)},
			{"stale If-Range", []string{"Range", "bytes=5-", "If-Range", `"0000000000000000"`}, http.StatusOK, whole, ""},
			{"past the end", []string{"Range", fmt.Sprintf("bytes=%d-", n+10)}, http.StatusRequestedRangeNotSatisfiable, nil, fmt.Sprintf("bytes */%d", n)},
			{"not bytes", []string{"Range", "lines=1-2"}, http.StatusOK, whole, ""},
		}
		for _, tt := range tests {
			t.Run(fmt.Sprintf("%q/%s", accept, tt.name), func(t *testing.T) {
				resp := serve(h, "GET", "/main.wasm", append([]string{"Accept-Encoding", accept}, tt.headers...)...)
				body := readBody(t, resp)
				if resp.StatusCode != tt.status {
					t.Fatalf("status %d, want %d: %q", resp.StatusCode, tt.status, body)
				}
				if tt.body != nil && !bytes.Equal(body, tt.body) {
					t.Errorf("%d bytes, not the %d of the representation's range", len(body), len(tt.body))
				}
				if got := resp.Header.Get("Content-Range"); got != tt.contentRng {
					t.Errorf("Content-Range %q, want %q", got, tt.contentRng)
				}
				if resp.Header.Get("Vary") != "Accept-Encoding" {
					t.Errorf("Vary %q", resp.Header.Get("Vary"))
				}
				wantCoding := coding
				if resp.StatusCode >= 300 {
					wantCoding = "" // the error is plain text
				} else if got := resp.Header.Get("ETag"); got != etag {
					t.Errorf("ETag %q, the representation's is %q", got, etag)
				}
				if got := resp.Header.Get("Content-Encoding"); got != wantCoding {
					t.Errorf("Content-Encoding %q, want %q", got, wantCoding)
				}
				if cl := resp.Header.Get("Content-Length"); resp.StatusCode < 300 && cl != strconv.Itoa(len(body)) {
					t.Errorf("Content-Length %q for %d bytes", cl, len(body))
				}
			})
		}
	}
}

// TestRangeResumes stops a download of the brotli wasm part way and
// resumes it with If-Range: the two parts decode to main.wasm.
func TestRangeResumes(t *testing.T) {
	h := newTestHandler(t)
	first := serve(h, "GET", "/main.wasm", "Accept-Encoding", "br", "Range", "bytes=0-19")
	part := readBody(t, first)
	rest := serve(h, "GET", "/main.wasm", "Accept-Encoding", "br", "Range", "bytes=20-", "If-Range", first.Header.Get("ETag"))
	if first.StatusCode != http.StatusPartialContent || rest.StatusCode != http.StatusPartialContent {
		t.Fatalf("status %d, then %d; want 206 twice", first.StatusCode, rest.StatusCode)
	}
	if got := decode(t, "br", append(part, readBody(t, rest)...)); !bytes.Equal(got, mainWasm) {
		t.Error("the resumed download does not decode to main.wasm")
	}
	if got := rest.Header.Get(uncompressedLength); got != strconv.Itoa(len(mainWasm)) {
		t.Errorf("%s %q, want %d", uncompressedLength, got, len(mainWasm))
	}
}

// Several ranges of a compressed representation get the whole of it (a
// multipart body cannot carry its parts' coding); of the identity one, a
// multipart answer.
func TestRangeMultipart(t *testing.T) {
	h := newTestHandler(t)
	br := serve(h, "GET", "/main.wasm", "Accept-Encoding", "br", "Range", "bytes=0-1,5-6")
	if br.StatusCode != http.StatusOK || br.Header.Get("Content-Encoding") != "br" {
		t.Errorf("br, two ranges: status %d, Content-Encoding %q; want the whole, 200", br.StatusCode, br.Header.Get("Content-Encoding"))
	}
	if got := decode(t, "br", readBody(t, br)); !bytes.Equal(got, mainWasm) {
		t.Error("br, two ranges: the body is not the whole wasm")
	}
	id := serve(h, "GET", "/main.wasm", "Range", "bytes=0-1,5-6")
	body := string(readBody(t, id))
	if id.StatusCode != http.StatusPartialContent || !strings.HasPrefix(id.Header.Get("Content-Type"), "multipart/byteranges") ||
		!strings.Contains(body, string(mainWasm[0:2])) || !strings.Contains(body, string(mainWasm[5:7])) {
		t.Errorf("identity, two ranges: status %d, Content-Type %q", id.StatusCode, id.Header.Get("Content-Type"))
	}
}

// The page sent for a link (its preview image rewritten) takes ranges and
// conditional requests like a file.
func TestRangeOfALinksPage(t *testing.T) {
	h := previewHandler(t, true)
	full := serve(h, "GET", "/?opt=sgd")
	whole := readBody(t, full)
	part := serve(h, "GET", "/?opt=sgd", "Range", "bytes=3-9", "If-Range", full.Header.Get("ETag"))
	if part.StatusCode != http.StatusPartialContent || !bytes.Equal(readBody(t, part), whole[3:10]) {
		t.Errorf("status %d, want 206 with bytes 3-9", part.StatusCode)
	}
	if got := full.Header.Get("Cross-Origin-Resource-Policy"); got != "cross-origin" {
		t.Errorf("Cross-Origin-Resource-Policy %q, want cross-origin (a document other sites may frame)", got)
	}
	if nm := serve(h, "GET", "/?opt=sgd", "If-None-Match", full.Header.Get("ETag")); nm.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match: status %d, want 304", nm.StatusCode)
	}
}
