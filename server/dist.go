package main

import (
	"bytes"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"sort"
	"strings"
)

// distFeatures is the features.json of a static copy of the site: there is
// no server to render stills (compare serveFeatures).
const distFeatures = `{"render": false}` + "\n"

// writeDist writes to dir, which it creates if needed, the files of site
// that the server publishes (see siteName), each with the precompressed
// copies NAME.br and NAME.gz that the server would send in its place, and a
// features.json saying that the still endpoints are absent. Where
// index.html has the game's placeholder (stillsMarker), it also draws the
// stills a static copy shows in its place and lists them in index.html,
// and draws the preview index.html names (see writeDistStills). Any static
// web server or CDN can serve dir; one that sends precompressed files
// (nginx's gzip_static and brotli_static, for example) can use the copies.
// It returns the names written, sorted.
func writeDist(site fs.FS, dir string) ([]string, error) {
	return writeDistWith(site, dir, distLinks(), distSizes)
}

// writeDistWith is writeDist with the stills of links in sizes.
func writeDistWith(site fs.FS, dir string, links []distLink, sizes [][2]int) ([]string, error) {
	var names []string
	err := fs.WalkDir(site, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() || !d.Type().IsRegular() || name == strings.TrimPrefix(featuresPath, "/") {
			return nil
		}
		if published(site, name) {
			names = append(names, name)
		}
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("dist: read the site: %w", err)
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("dist: %w", err)
	}
	for _, name := range names {
		if err := copyFile(site, name, filepath.Join(dir, filepath.FromSlash(name))); err != nil {
			return nil, fmt.Errorf("dist: %w", err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, "features.json"), []byte(distFeatures), 0o644); err != nil {
		return nil, fmt.Errorf("dist: %w", err)
	}
	names = append(names, "features.json")
	if index, err := fs.ReadFile(site, "index.html"); err == nil && bytes.Contains(index, []byte(stillsMarker)) {
		stills, page, err := writeDistStills(dir, index, links, sizes)
		if err != nil {
			return nil, err
		}
		if err := writeCompressed(filepath.Join(dir, "index.html"), page); err != nil {
			return nil, fmt.Errorf("dist: %w", err)
		}
		for _, name := range append(stills, "index.html.br", "index.html.gz") {
			if !slices.Contains(names, name) {
				names = append(names, name)
			}
		}
	}
	sort.Strings(names)
	return names, nil
}

// published reports whether the server publishes the file name of site,
// under its own name or, for NAME.br and NAME.gz, in place of NAME.
func published(site fs.FS, name string) bool {
	for _, ext := range []string{".br", ".gz"} {
		if base, ok := strings.CutSuffix(name, ext); ok {
			if _, ok := siteName(&url.URL{Path: "/" + base}); !ok {
				return false
			}
			return checkRegular(site, base) == nil
		}
	}
	_, ok := siteName(&url.URL{Path: "/" + name})
	return ok
}

// copyFile copies the file name of site to the path dst.
func copyFile(site fs.FS, name, dst string) error {
	src, err := site.Open(name)
	if err != nil {
		return err
	}
	defer src.Close()
	if err := os.MkdirAll(filepath.Dir(dst), 0o755); err != nil {
		return err
	}
	out, err := os.Create(dst)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, src); err != nil {
		out.Close()
		return fmt.Errorf("copy %s: %w", name, err)
	}
	return out.Close()
}
