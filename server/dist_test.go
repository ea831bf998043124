package main

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"testing/fstest"
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
