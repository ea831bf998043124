// Package static holds the web page of noiseball, embedded in the binary
// that serves it.
package static

import "embed"

// Files is the page: index.html, game.html, the CSS and JavaScript, the
// translations and icons, and the build outputs that make copies in before
// compiling the server (main.wasm with its precompressed main.wasm.br and
// main.wasm.gz, and wasm_exec.js from the Go that built main.wasm).
//
// Names are relative to this directory ("index.html", "main.wasm.br").
// Files also holds this Go source file; servers must filter what they
// publish by extension. Files is read-only.
//
//go:embed *
var Files embed.FS
