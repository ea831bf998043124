package main

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// defaultPreview is the link-preview image that index.html names
// (og:image, twitter:image): the still of the default view.
const defaultPreview = "render.png?v=1&amp;w=1200&amp;h=630"

// linkPreview returns index.html as it is sent for a request with query:
// with its preview image naming the still of the link in the query, so
// that a link pasted into a chat or a document unfurls into the picture it
// opens, not the default one. Crawlers run no scripts, so only the server
// can do this. A link that needs more work than budget is drawn at fewer
// steps (fit=1); a query the stills cannot draw keeps the default view's
// still. With base (-public-url) set the image's address is absolute,
// base/render.png?..., as Open Graph asks. It returns false when the page
// goes out as it is stored.
func linkPreview(index []byte, query, base string, budget float64) ([]byte, bool) {
	image := defaultPreview
	if query != "" {
		if q, problems := parseStillQuery(query+"&w=1200&h=630&fit=1", false, budget); len(problems) == 0 {
			image = "render.png?" + html.EscapeString(q.link+"&w=1200&h=630")
		}
	}
	if base != "" {
		image = html.EscapeString(base) + "/" + image
	}
	if image == defaultPreview || !bytes.Contains(index, []byte(defaultPreview)) {
		return nil, false
	}
	return bytes.ReplaceAll(index, []byte(defaultPreview), []byte(image)), true
}

// publicBase checks the -public-url flag: an absolute http or https URL
// with no query or fragment. It returns it without a trailing slash.
func publicBase(raw string) (string, error) {
	if raw == "" {
		return "", nil
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.RawQuery != "" || u.Fragment != "" || u.User != nil {
		return "", fmt.Errorf("-public-url %q: want an absolute http or https URL with no query, such as https://noiseball.example.com", raw)
	}
	return strings.TrimSuffix(u.String(), "/"), nil
}

// servePage sends body as index.html for one link with http.ServeContent
// (Range and conditional requests as for a file), with an ETag drawn from
// the bytes sent: gzipped for a client that accepts it, as the stored
// index.html is sent from its precompressed copies.
func servePage(w http.ResponseWriter, r *http.Request, body []byte, mediaType string) {
	hdr := w.Header()
	hdr.Set("Vary", "Accept-Encoding")
	size := int64(len(body))
	gzipped := parseAcceptEncoding(r.Header.Values("Accept-Encoding")).quality(codingGzip) > 0
	if gzipped {
		var b bytes.Buffer
		zw, _ := gzip.NewWriterLevel(&b, gzip.BestCompression)
		zw.Write(body)
		zw.Close()
		body = b.Bytes()
	}
	sum := sha256.Sum256(body)
	hdr.Set("Cache-Control", cacheControl)
	hdr.Set("ETag", `"`+hex.EncodeToString(sum[:12])+`"`)
	hdr.Set("Content-Type", mediaType)
	hdr.Set("Cross-Origin-Resource-Policy", corpCrossOrigin)
	if gzipped {
		if strings.Contains(r.Header.Get("Range"), ",") {
			r.Header.Del("Range")
		}
		w = &encodedWriter{ResponseWriter: w, coding: codingGzip, size: size}
	}
	serveContent(w, r, bytes.NewReader(body))
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
