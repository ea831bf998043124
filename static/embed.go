// Package static holds the web page of noiseball, embedded in the binary
// that serves it.
package static

import (
	"embed"
	"io/fs"
	"strings"
)

//go:embed *
var files embed.FS

// Files is the page: index.html, game.html, the CSS, the JavaScript (app.js
// and game.js, and the modules they import from js/), the translations and
// icons, and the build outputs that make copies in before compiling the
// server (link-schema.json, main.wasm with its precompressed main.wasm.br
// and main.wasm.gz, and wasm_exec.js from the Go that built main.wasm).
// The page's unit tests (test/) are not part of it.
//
// Names are relative to this directory ("index.html", "main.wasm.br").
// Files also holds Go source files; servers must filter what they publish
// by extension. Files is read-only.
var Files fs.FS = withoutTests{files}

// withoutTests is a directory tree without its test directory.
type withoutTests struct{ fsys fs.FS }

const testDir = "test"

func isTest(name string) bool { return name == testDir || strings.HasPrefix(name, testDir+"/") }

func (w withoutTests) Open(name string) (fs.File, error) {
	if isTest(name) {
		return nil, &fs.PathError{Op: "open", Path: name, Err: fs.ErrNotExist}
	}
	return w.fsys.Open(name)
}

func (w withoutTests) ReadDir(name string) ([]fs.DirEntry, error) {
	if isTest(name) {
		return nil, &fs.PathError{Op: "readdir", Path: name, Err: fs.ErrNotExist}
	}
	entries, err := fs.ReadDir(w.fsys, name)
	if name != "." {
		return entries, err
	}
	kept := entries[:0]
	for _, e := range entries {
		if e.Name() != testDir {
			kept = append(kept, e)
		}
	}
	return kept, err
}
