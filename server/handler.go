package main

import (
	"bytes"
	"errors"
	"io"
	"io/fs"
	"log"
	"net/http"
	"net/url"
	"path"
	"strconv"
	"strings"
	"time"
)

// healthPath answers liveness probes; it is not a file.
const healthPath = "/healthz"

// uncompressedLength is the response header that gives the size of a
// compressed file's decoded content. The page's loader (static/game.js)
// reads it to show how much of main.wasm has arrived.
const uncompressedLength = "X-Uncompressed-Length"

// cacheControl is sent with every file. The names are fixed (main.wasm,
// wasm_exec.js, game.html), not content-hashed, and the page works only when
// main.wasm and the wasm_exec.js of the same Go release arrive together, so
// no file may be reused from a cache without asking: "no-cache" makes the
// browser revalidate each time, and the strong ETag turns an unchanged file
// into a bodiless 304.
const cacheControl = "no-cache"

// options configure the handler made by newHandler.
type options struct {
	// frameAncestors is the source list of the CSP frame-ancestors
	// directive: the origins that may show the pages in a frame, such as
	// "'self'" or "'self' https://wiki.example.com".
	frameAncestors string

	// errorLog receives the reason for each 500 response; nil means the
	// log package's standard logger.
	errorLog *log.Logger

	// render, when not nil, turns on the still endpoints /render.png and
	// /render.svg (see render.go).
	render *renderOptions

	// publicURL, when not empty, is the address the site is published at
	// (https://host/path, no trailing slash): link previews then name
	// their image by an absolute URL.
	publicURL string
}

// siteHandler serves the files of a site; see newHandler.
type siteHandler struct {
	site      fs.FS
	csp       string
	errorLog  *log.Logger
	cache     resourceCache
	render    *renderer // nil when the still endpoints are off
	publicURL string
}

// newHandler returns a handler that serves the files of site, which must
// not change while the handler is in use (ETags are computed once per file).
//
// It answers GET and HEAD only (405 otherwise), serves "/" as index.html,
// healthPath as a plain "ok", featuresPath as what the server adds to the
// page, and, when opt.render is set, the still endpoints renderPNGPath and
// renderSVGPath; then index.html asked for with a link names that link's
// still as its preview image (see linkPreview). It publishes only regular
// files whose extension has a media type (see mediaType) and whose path has
// no element starting with a dot. Everything else, directories included, is
// a 404. A file's precompressed copies, NAME.br and NAME.gz, are sent in its
// place to clients that accept them, never under their own names, and only
// when NAME itself exists; such a response also gives the size of NAME in
// X-Uncompressed-Length. Files and pages take Range and conditional
// requests (see serveResource). Every response carries the security
// headers of securityHeaders; the HTML documents and the stills allow
// other origins to load them (Cross-Origin-Resource-Policy: cross-origin),
// and a still, its errors too, replaces the content security policy with
// its own, stricter one.
//
// newHandler fails if opt.frameAncestors is not a valid source list.
func newHandler(site fs.FS, opt options) (http.Handler, error) {
	csp, err := contentSecurityPolicy(opt.frameAncestors)
	if err != nil {
		return nil, err
	}
	errorLog := opt.errorLog
	if errorLog == nil {
		errorLog = log.Default()
	}
	h := &siteHandler{site: site, csp: csp, errorLog: errorLog, cache: resourceCache{site: site}, publicURL: opt.publicURL}
	if opt.render != nil {
		h.render = newRenderer(*opt.render, strings.Join(strings.Fields(opt.frameAncestors), " "), errorLog)
	}
	return h, nil
}

// ServeHTTP implements http.Handler.
func (h *siteHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	securityHeaders(w.Header(), h.csp)
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
		return
	}
	switch r.URL.Path {
	case healthPath:
		serveHealth(w, r)
		return
	case featuresPath:
		serveFeatures(w, r, h.render)
		return
	case renderPNGPath, renderSVGPath:
		if h.render != nil {
			h.render.serve(w, r, r.URL.Path == renderSVGPath)
			return
		}
	}
	name, ok := siteName(r.URL)
	if !ok {
		http.NotFound(w, r)
		return
	}
	res, err := h.cache.lookup(name)
	if errors.Is(err, fs.ErrNotExist) {
		http.NotFound(w, r)
		return
	}
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	if name == "index.html" && h.render != nil && (r.URL.RawQuery != "" || h.publicURL != "") {
		index, err := h.readAll(name)
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		if page, ok := linkPreview(index, r.URL.RawQuery, h.publicURL, h.render.opt.budget); ok {
			servePage(w, r, page, res.mediaType)
			return
		}
	}
	h.serveResource(w, r, res)
}

// serveResource sends the representation of res that the request's
// Accept-Encoding prefers, with http.ServeContent: a byte range of it for
// a Range request (so that an interrupted download of the wasm resumes; an
// If-Range with the representation's ETag guards it), 304 Not Modified if
// If-None-Match holds its ETag, 412 if If-Match does not. A range is of
// the bytes sent, the compressed ones for a compressed representation,
// whose own ETag and the Vary header keep caches from mixing them up. A
// request for several ranges of a compressed representation gets the
// whole of it: a multipart body cannot carry the Content-Encoding of its
// parts.
func (h *siteHandler) serveResource(w http.ResponseWriter, r *http.Request, res *resource) {
	rep := res.negotiate(parseAcceptEncoding(r.Header.Values("Accept-Encoding")))
	f, err := h.site.Open(rep.file)
	if err != nil {
		h.serverError(w, r, err)
		return
	}
	defer f.Close()
	content, ok := f.(io.ReadSeeker)
	if !ok {
		b, err := io.ReadAll(f)
		if err != nil {
			h.serverError(w, r, err)
			return
		}
		content = bytes.NewReader(b)
	}
	hdr := w.Header()
	hdr.Set("Vary", "Accept-Encoding")
	hdr.Set("Cache-Control", cacheControl)
	hdr.Set("ETag", rep.etag)
	hdr.Set("Content-Type", res.mediaType)
	if isDocument(res.mediaType) {
		hdr.Set("Cross-Origin-Resource-Policy", corpCrossOrigin)
	}
	if rep.coding != codingIdentity {
		if strings.Contains(r.Header.Get("Range"), ",") {
			r.Header.Del("Range")
		}
		w = &encodedWriter{ResponseWriter: w, coding: rep.coding, size: res.reps[0].size}
	}
	serveContent(w, r, content)
}

// serveContent sends content with http.ServeContent, the response's
// headers (ETag, Content-Type) set already. A Range in a unit other than
// bytes is ignored, as RFC 9110, section 14.2 asks (ServeContent would
// answer 416).
func serveContent(w http.ResponseWriter, r *http.Request, content io.ReadSeeker) {
	if rng := r.Header.Get("Range"); rng != "" && !strings.HasPrefix(rng, "bytes=") {
		r.Header.Del("Range")
	}
	// An error while sending means the client went away; the status is
	// sent already, so there is nobody left to tell.
	http.ServeContent(w, r, "", time.Time{}, content)
}

// encodedWriter gives a response of a compressed representation its
// Content-Encoding and X-Uncompressed-Length as its status is written,
// if the status is 200 or 206. http.ServeContent must not see the coding
// before: it would take the body for one that the handler compresses as it
// goes and send no Content-Length. Its 304 and error responses carry no
// coding.
type encodedWriter struct {
	http.ResponseWriter
	coding string
	size   int64 // of the identity representation
	wrote  bool
}

// WriteHeader sets the coding's headers for a 200 or 206 and sends code.
func (e *encodedWriter) WriteHeader(code int) {
	if !e.wrote && (code == http.StatusOK || code == http.StatusPartialContent) {
		e.Header().Set("Content-Encoding", e.coding)
		// The browser decodes the body before the page sees it; this lets
		// the page show download progress in decoded bytes.
		e.Header().Set(uncompressedLength, strconv.FormatInt(e.size, 10))
	}
	if code >= 200 {
		e.wrote = true
	}
	e.ResponseWriter.WriteHeader(code)
}

// Write sends b, with a 200 first if no status was sent.
func (e *encodedWriter) Write(b []byte) (int, error) {
	if !e.wrote {
		e.WriteHeader(http.StatusOK)
	}
	return e.ResponseWriter.Write(b)
}

// Unwrap returns the underlying ResponseWriter, for http.ResponseController.
func (e *encodedWriter) Unwrap() http.ResponseWriter { return e.ResponseWriter }

// isDocument reports whether files of mediaType are the site's HTML
// documents, which other origins may frame.
func isDocument(mediaType string) bool { return strings.HasPrefix(mediaType, "text/html") }

// serverError answers 500 for a file that is listed in the site but cannot
// be read, and logs why.
func (h *siteHandler) serverError(w http.ResponseWriter, r *http.Request, err error) {
	h.errorLog.Printf("%s %s: %v", r.Method, r.URL.Path, err)
	for _, k := range []string{"ETag", "Vary", "Cache-Control", "Content-Encoding", uncompressedLength} {
		w.Header().Del(k)
	}
	http.Error(w, "500 internal server error", http.StatusInternalServerError)
}

// serveHealth answers a liveness probe with "ok".
func serveHealth(w http.ResponseWriter, r *http.Request) {
	const body = "ok\n"
	hdr := w.Header()
	hdr.Set("Content-Type", "text/plain; charset=utf-8")
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		io.WriteString(w, body)
	}
}

// siteName maps a request URL to the name of the file in the site it may
// publish, reporting false for any URL that must be a 404: encoded slashes
// or backslashes, dot-dot or dot elements (also percent-encoded ones, which
// u.Path holds decoded), empty elements, hidden names, a trailing slash,
// and extensions without a media type. "/" is index.html.
func siteName(u *url.URL) (string, bool) {
	if lower := strings.ToLower(u.EscapedPath()); strings.Contains(lower, "%2f") || strings.Contains(lower, "%5c") {
		return "", false
	}
	p := u.Path
	if p == "/" {
		return "index.html", true
	}
	name, ok := strings.CutPrefix(p, "/")
	if !ok || !fs.ValidPath(name) || name == "." || strings.ContainsAny(name, "\\\x00") {
		return "", false
	}
	for elem := range strings.SplitSeq(name, "/") {
		if strings.HasPrefix(elem, ".") {
			return "", false
		}
	}
	if _, ok := mediaType(path.Ext(name)); !ok {
		return "", false
	}
	return name, true
}
