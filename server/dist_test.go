package main

import (
	"bytes"
	"context"
	"encoding/json"
	"html"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"testing/fstest"

	"noiseball/server/still"
	"noiseball/sim/link"
)

// TestWriteDist checks the copy logic of make dist: the files the server
// publishes, with their precompressed copies, and a features.json that
// turns the stills off.
func TestWriteDist(t *testing.T) {
	site := testSite(t)
	site["features.json"] = &fstest.MapFile{Data: []byte(`{"render": true}`)} // replaced
	dir := filepath.Join(t.TempDir(), "dist")
	names, err := writeDist(site, dir)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		"css/site.css", "dir.js/inside.txt", "features.json", "game.html", "i18n/en.json", "icons/logo.svg", "index.html",
		"main.wasm", "main.wasm.br", "main.wasm.gz", "wasm_exec.js", "wasm_exec.js.gz",
	}
	if !slices.Equal(names, want) {
		t.Errorf("writeDist wrote %q, want %q", names, want)
	}
	var onDisk []string
	filepath.WalkDir(dir, func(p string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			rel, _ := filepath.Rel(dir, p)
			onDisk = append(onDisk, filepath.ToSlash(rel))
		}
		return err
	})
	if !slices.Equal(onDisk, want) {
		t.Errorf("dist holds %q, want %q", onDisk, want)
	}
	for _, name := range want {
		if name == "features.json" {
			continue
		}
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil || !bytes.Equal(got, site[name].Data) {
			t.Errorf("%s differs from the site's (%v)", name, err)
		}
	}
	var f struct{ Render *bool }
	b, _ := os.ReadFile(filepath.Join(dir, "features.json"))
	if err := json.Unmarshal(b, &f); err != nil || f.Render == nil || *f.Render {
		t.Errorf("features.json %q, want render false", b)
	}
	// The precompressed copies decode to the file they stand for.
	br, _ := os.ReadFile(filepath.Join(dir, "main.wasm.br"))
	if !bytes.Equal(decode(t, "br", br), mainWasm) {
		t.Error("main.wasm.br does not decode to main.wasm")
	}
}

// TestRunDist runs the server's -dist flag, which make dist calls.
func TestRunDist(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out")
	var stdout, stderr bytes.Buffer
	if err := run(context.Background(), testSite(t), []string{"-dist", dir}, &stdout, &stderr); err != nil {
		t.Fatalf("run -dist: %v (%s)", err, stderr.String())
	}
	if got := stdout.String(); got != "noiseball wrote 12 files to "+dir+"\n" {
		t.Errorf("stdout %q", got)
	}
	if _, err := os.Stat(filepath.Join(dir, "main.wasm.gz")); err != nil {
		t.Error(err)
	}
	// A directory that cannot be made is an error, not a panic.
	blocker := filepath.Join(t.TempDir(), "file")
	os.WriteFile(blocker, nil, 0o644)
	err := run(context.Background(), testSite(t), []string{"-dist", filepath.Join(blocker, "dist")}, io.Discard, io.Discard)
	if err == nil || !strings.Contains(err.Error(), "dist") {
		t.Errorf("run -dist under a file: %v", err)
	}
}

// TestWriteDistStills makes a static copy of a site whose index.html has
// the game's placeholder: each still is the server's still of its link's
// first frame in its size, render.png the preview index.html names, and
// index.html (with its copies) lists them for the page and is otherwise
// the site's.
func TestWriteDistStills(t *testing.T) {
	site := testSite(t)
	index := []byte(`<meta property="og:image" content="` + defaultPreview + `"><img id="game-still" ` + stillsMarker + `><p>index</p>`)
	site["index.html"] = &fstest.MapFile{Data: index}
	links := []distLink{{"default", ""}, {"sgd", "v=1&runs=20&opt=sgd&lang=ja"}}
	sizes := [][2]int{{300, 200}, {200, 300}}
	dir := filepath.Join(t.TempDir(), "dist")
	names, err := writeDistWith(site, dir, links, sizes)
	if err != nil {
		t.Fatal(err)
	}
	h := newRenderHandler(t, renderOptions{})
	files := map[string]string{
		"stills/default-300x200.png": "first=1&w=300&h=200",
		"stills/default-200x300.png": "first=1&w=200&h=300",
		"stills/sgd-300x200.png":     "v=1&runs=20&opt=sgd&first=1&w=300&h=200",
		"stills/sgd-200x300.png":     "v=1&runs=20&opt=sgd&first=1&w=200&h=300",
		"render.png":                 "v=1&w=1200&h=630",
	}
	for name, query := range files {
		if !slices.Contains(names, name) {
			t.Errorf("writeDist did not report %s", name)
		}
		got, err := os.ReadFile(filepath.Join(dir, filepath.FromSlash(name)))
		if err != nil {
			t.Fatal(err)
		}
		if want := readBody(t, serve(h, "GET", "/render.png?"+query)); !bytes.Equal(got, want) {
			t.Errorf("%s is not the still of %s", name, query)
		}
	}
	page, err := os.ReadFile(filepath.Join(dir, "index.html"))
	if err != nil {
		t.Fatal(err)
	}
	before, after, ok := bytes.Cut(index, []byte(stillsMarker))
	if !ok || !bytes.HasPrefix(page, append(before, `data-stills="`...)) || !bytes.HasSuffix(page, after) {
		t.Fatalf("index.html is not the site's with the stills listed: %s", page)
	}
	attr := page[len(before)+len(`data-stills="`) : len(page)-len(after)-1]
	var m stillsManifest
	if err := json.Unmarshal([]byte(html.UnescapeString(string(attr))), &m); err != nil {
		t.Fatalf("data-stills %s: %v", attr, err)
	}
	want := stillsManifest{Dir: "stills", Sizes: sizes, View: link.ViewParams(), Links: map[string]string{"": "default", "opt=sgd&runs=20": "sgd"}}
	if !reflect.DeepEqual(m, want) {
		t.Errorf("data-stills lists %+v, want %+v", m, want)
	}
	for _, c := range []struct{ suffix, coding string }{{".br", "br"}, {".gz", "gzip"}} {
		b, err := os.ReadFile(filepath.Join(dir, "index.html"+c.suffix))
		if err != nil || !bytes.Equal(decode(t, c.coding, b), page) {
			t.Errorf("index.html%s is not index.html's copy (%v)", c.suffix, err)
		}
	}
}

// The static copy's stills are of every preset and the default view, each
// under a name of its own and in sizes the stills allow; their keys are
// what the page computes for a link (static/test/placeholder.test.js).
func TestDistStillsAreValid(t *testing.T) {
	names, keys := map[string]bool{}, map[string]bool{}
	for _, l := range distLinks() {
		key, err := stillKey(l.query)
		if err != nil || names[l.name] || keys[key] {
			t.Errorf("%s (%q): key %q (%v) or name taken twice", l.name, l.query, key, err)
		}
		names[l.name], keys[key] = true, true
	}
	if len(names) != len(link.Presets())+1 {
		t.Errorf("%d stills, want the %d presets and the default view", len(names), len(link.Presets()))
	}
	for _, s := range distSizes {
		if err := (still.Options{Width: s[0], Height: s[1]}).Check(); err != nil {
			t.Errorf("size %v: %v", s, err)
		}
	}
	for query, want := range map[string]string{
		"":                                       "",
		"v=1":                                    "",
		"v=1&runs=1000&opt=sgd&lang=ja&speed=10": "opt=sgd&runs=1000",
		"opt2=sgd&opt=adam&view=run&x0=1,2":      "opt2=sgd&opt=adam&x0=1,2",
	} {
		if got, _ := stillKey(query); got != want {
			t.Errorf("stillKey(%q) = %q, want %q", query, got, want)
		}
	}
}
