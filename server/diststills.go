package main

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/json"
	"fmt"
	"html"
	"io"
	"log"
	"net/url"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/andybalholm/brotli"

	"noiseball/sim/link"
)

// A static copy of the site has no server to draw the still that stands in
// for the game while it loads (static/js/placeholder.js), nor the link
// preview's. writeDistStills draws them once, as files: the first frame of
// the default view and of each preset, in the frame sizes distSizes, under
// stillsDir, listed in index.html's data-stills for the page to choose
// from; and the default view's preview, render.png, which index.html's
// og:image names (a static host ignores the query).
const (
	stillsDir = "stills"
	// stillsMarker is the empty attribute of index.html's placeholder that
	// a static copy fills with the list of its stills.
	stillsMarker = `data-stills=""`
	// defaultStillName is the file name of the default view's stills.
	defaultStillName = "default"
)

// distSizes are the game frame's sizes, in CSS pixels, that a static copy
// has stills in, as measured in Chromium: the frame of a 1280x800 window
// (the browser probe's; 1366x768 and 1440x900 are near its shape), of a
// 1920x1080 one, of a phone held upright (390 wide) and of a tablet held
// upright (820 wide). The page takes the nearest in shape and scales it.
var distSizes = [][2]int{{911, 491}, {1551, 794}, {370, 370}, {480, 820}}

// distLink is a view a static copy has stills of.
type distLink struct {
	name  string // the files' base name
	query string // the link
}

// distLinks returns the default view and the presets.
func distLinks() []distLink {
	links := []distLink{{defaultStillName, ""}}
	for _, p := range link.Presets() {
		links = append(links, distLink{p.Name, p.Query})
	}
	return links
}

// stillsManifest is index.html's data-stills: where the stills are, their
// sizes, the link's view settings (which a link's key leaves out) and the
// stills' base name by key.
type stillsManifest struct {
	Dir   string            `json:"dir"`
	Sizes [][2]int          `json:"sizes"`
	View  []string          `json:"view"`
	Links map[string]string `json:"links"`
}

// stillKey returns the key under which the page looks up a link's still:
// its parameters as name=value, decoded, sorted and joined by "&", without
// the view settings and the version v (see staticStill in
// static/js/placeholder.js).
func stillKey(query string) (string, error) {
	values, err := url.ParseQuery(query)
	if err != nil {
		return "", err
	}
	view := map[string]bool{"v": true}
	for _, name := range link.ViewParams() {
		view[name] = true
	}
	var pairs []string
	for name, vs := range values {
		if view[name] {
			continue
		}
		for _, v := range vs {
			pairs = append(pairs, name+"="+v)
		}
	}
	sort.Strings(pairs)
	return strings.Join(pairs, "&"), nil
}

// writeDistStills draws the stills of links in sizes into dir and returns
// the names written, with index, the site's index.html, listing them.
func writeDistStills(dir string, index []byte, links []distLink, sizes [][2]int) (names []string, page []byte, err error) {
	rd := newRenderer(renderOptions{budget: defaultRenderBudget}, "'none'", log.New(io.Discard, "", 0))
	draw := func(query, name string) error {
		q, problems := parseStillQuery(query, false, defaultRenderBudget)
		if problems != nil {
			return fmt.Errorf("dist: still %s: %s", name, strings.Join(problems, "; "))
		}
		e, err := rd.render(context.Background(), q, q.key())
		if err != nil {
			return fmt.Errorf("dist: still %s: %w", name, err)
		}
		if err := os.MkdirAll(filepath.Join(dir, filepath.Dir(filepath.FromSlash(name))), 0o755); err != nil {
			return err
		}
		names = append(names, name)
		return os.WriteFile(filepath.Join(dir, filepath.FromSlash(name)), e.body, 0o644)
	}
	m := stillsManifest{Dir: stillsDir, Sizes: sizes, View: link.ViewParams(), Links: map[string]string{}}
	for _, l := range links {
		key, err := stillKey(l.query)
		if err != nil {
			return nil, nil, fmt.Errorf("dist: still %s: %w", l.name, err)
		}
		m.Links[key] = l.name
		for _, s := range sizes {
			name := fmt.Sprintf("%s/%s-%dx%d.png", stillsDir, l.name, s[0], s[1])
			if err := draw(fmt.Sprintf("%s&first=1&w=%d&h=%d", l.query, s[0], s[1]), name); err != nil {
				return nil, nil, err
			}
		}
	}
	// The preview, as index.html names it: render.png?v=1&w=1200&h=630.
	if err := draw(html.UnescapeString(strings.TrimPrefix(defaultPreview, renderPNGPath[1:]+"?")), renderPNGPath[1:]); err != nil {
		return nil, nil, err
	}
	list, err := json.Marshal(m)
	if err != nil {
		return nil, nil, err
	}
	page = bytes.Replace(index, []byte(stillsMarker), []byte(`data-stills="`+html.EscapeString(string(list))+`"`), 1)
	return names, page, nil
}

// writeCompressed writes data to path with its precompressed copies,
// path.br and path.gz, at the compressions' best, as server/precompress
// does for the site's files.
func writeCompressed(path string, data []byte) error {
	if err := os.WriteFile(path, data, 0o644); err != nil {
		return err
	}
	var br, gz bytes.Buffer
	bw := brotli.NewWriterLevel(&br, brotli.BestCompression)
	bw.Write(data)
	if err := bw.Close(); err != nil {
		return err
	}
	zw, _ := gzip.NewWriterLevel(&gz, gzip.BestCompression)
	zw.Write(data)
	if err := zw.Close(); err != nil {
		return err
	}
	for suffix, b := range map[string][]byte{".br": br.Bytes(), ".gz": gz.Bytes()} {
		if err := os.WriteFile(path+suffix, b, 0o644); err != nil {
			return err
		}
	}
	return nil
}
