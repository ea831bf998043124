package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"html"
	"io"
	"net/http"
	"strconv"
)

// defaultPreview is the link-preview image that index.html names
// (og:image, twitter:image): the still of the default view.
const defaultPreview = "render.png?v=1&amp;w=1200&amp;h=630"

// linkPreview returns index.html as it is sent for a link: with its
// preview image drawing the link's own view, so that a link pasted into a
// chat or a document unfurls into the picture it opens, not the default
// one. Crawlers run no scripts, so only the server can do this. A link
// that needs more work than budget is drawn at fewer steps (fit=1). It
// returns false, and the page keeps the default preview, for a query the
// stills cannot draw.
func linkPreview(index []byte, query string, budget float64) ([]byte, bool) {
	q, problems := parseStillQuery(query+"&w=1200&h=630&fit=1", false, budget)
	if len(problems) > 0 || !bytes.Contains(index, []byte(defaultPreview)) {
		return nil, false
	}
	image := "render.png?" + html.EscapeString(q.link+"&w=1200&h=630")
	return bytes.ReplaceAll(index, []byte(defaultPreview), []byte(image)), true
}

// servePage sends body as index.html for one link, or 304 Not Modified if
// If-None-Match holds its ETag, which is drawn from its bytes.
func servePage(w http.ResponseWriter, r *http.Request, body []byte, mediaType string) {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:12]) + `"`
	hdr := w.Header()
	hdr.Set("Cache-Control", cacheControl)
	hdr.Set("ETag", etag)
	if etagMatches(r.Header.Values("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hdr.Set("Content-Type", mediaType)
	hdr.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// readAll returns the whole of the site's file name.
func (h *siteHandler) readAll(name string) ([]byte, error) {
	f, err := h.site.Open(name)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return io.ReadAll(f)
}
