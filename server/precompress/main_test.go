package main

import (
	"bytes"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/andybalholm/brotli"
)

// compressible returns n bytes of text-like data with repeats, like code.
func compressible(n int) []byte {
	r := rand.New(rand.NewPCG(1, 2))
	words := []string{"func", "return", "wasm", "noiseball", "adam", "sgd", "(", ")", "{", "}", "\n"}
	var b bytes.Buffer
	for b.Len() < n {
		b.WriteString(words[r.IntN(len(words))])
		b.WriteByte(' ')
	}
	return b.Bytes()[:n]
}

// writeInput writes data to dir/name with a modification time an hour ago,
// so that outputs written now are clearly newer.
func writeInput(t *testing.T, dir, name string, data []byte) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	past := time.Now().Add(-time.Hour)
	if err := os.Chtimes(p, past, past); err != nil {
		t.Fatal(err)
	}
	return p
}

// decompress reads the file p, compressed with brotli or gzip by its
// suffix.
func decompress(t *testing.T, p string) []byte {
	t.Helper()
	f, err := os.Open(p)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader
	switch filepath.Ext(p) {
	case ".br":
		r = brotli.NewReader(f)
	case ".gz":
		zr, err := gzip.NewReader(f)
		if err != nil {
			t.Fatalf("%s: %v", p, err)
		}
		r = zr
	default:
		t.Fatalf("%s: unknown suffix", p)
	}
	data, err := io.ReadAll(r)
	if err != nil {
		t.Fatalf("decompress %s: %v", p, err)
	}
	return data
}

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		data []byte
	}{
		{"empty.js", nil},
		{"one.txt", []byte("x")},
		{"page.html", []byte("<!doctype html><title>noiseball</title>\n")},
		{"main.wasm", compressible(1 << 20)},
	}
	dir := t.TempDir()
	args := []string{"-brotli-quality", "5"}
	for _, tt := range tests {
		args = append(args, writeInput(t, dir, tt.name, tt.data))
	}
	var stdout bytes.Buffer
	if err := run(args, &stdout, io.Discard); err != nil {
		t.Fatalf("run %q: %v", args, err)
	}
	for _, tt := range tests {
		for _, suffix := range []string{".br", ".gz"} {
			p := filepath.Join(dir, tt.name+suffix)
			if got := decompress(t, p); !bytes.Equal(got, tt.data) {
				t.Errorf("%s decompresses to %d bytes that differ from the %d of the input", p, len(got), len(tt.data))
			}
			info, err := os.Stat(p)
			if err != nil {
				t.Fatal(err)
			}
			if info.Mode().Perm() != 0o644 {
				t.Errorf("%s has mode %v, want 0644", p, info.Mode().Perm())
			}
			if want := fmt.Sprintf("%s: %d -> %d bytes", p, len(tt.data), info.Size()); !strings.Contains(stdout.String(), want) {
				t.Errorf("output %q does not report %q", stdout.String(), want)
			}
			if len(tt.data) > 1000 && info.Size() > int64(len(tt.data))/2 {
				t.Errorf("%s has %d bytes, more than half the %d of the input", p, info.Size(), len(tt.data))
			}
		}
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 3*len(tests) {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("directory holds %q, want each input with its .br and .gz and no temporary files", names)
	}
}

func TestBestQuality(t *testing.T) {
	dir := t.TempDir()
	data := compressible(64 << 10)
	src := writeInput(t, dir, "main.wasm", data)
	if err := run([]string{src}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	if got := decompress(t, src+".br"); !bytes.Equal(got, data) {
		t.Errorf("%s.br does not decompress to the input", src)
	}
	if got := decompress(t, src+".gz"); !bytes.Equal(got, data) {
		t.Errorf("%s.gz does not decompress to the input", src)
	}
}

func TestUpToDate(t *testing.T) {
	dir := t.TempDir()
	src := writeInput(t, dir, "main.wasm", compressible(10<<10))
	if err := run([]string{"-brotli-quality=1", src}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}

	// Unchanged input: both outputs are skipped and keep their times.
	var before [2]time.Time
	for i, suffix := range []string{".br", ".gz"} {
		// Make the outputs' times distinctive, yet newer than the input.
		stamp := time.Now().Add(-time.Minute).Truncate(time.Second)
		if err := os.Chtimes(src+suffix, stamp, stamp); err != nil {
			t.Fatal(err)
		}
		before[i] = stamp
	}
	var stdout bytes.Buffer
	if err := run([]string{"-brotli-quality=1", src}, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	for i, suffix := range []string{".br", ".gz"} {
		info, err := os.Stat(src + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if !info.ModTime().Equal(before[i]) {
			t.Errorf("%s%s was rewritten although newer than its input", src, suffix)
		}
		if want := src + suffix + ": up to date"; !strings.Contains(stdout.String(), want) {
			t.Errorf("output %q does not say %q", stdout.String(), want)
		}
	}

	// With -force, both are rewritten although up to date.
	if err := run([]string{"-brotli-quality=2", "-force", src}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	for i, suffix := range []string{".br", ".gz"} {
		info, err := os.Stat(src + suffix)
		if err != nil {
			t.Fatal(err)
		}
		if info.ModTime().Equal(before[i]) {
			t.Errorf("%s%s was not rewritten with -force", src, suffix)
		}
	}

	// Changed input: both outputs are rewritten.
	changed := compressible(20 << 10)
	if err := os.WriteFile(src, changed, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := run([]string{"-brotli-quality=1", src}, io.Discard, io.Discard); err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{".br", ".gz"} {
		if got := decompress(t, src+suffix); !bytes.Equal(got, changed) {
			t.Errorf("%s%s was not rewritten after its input changed", src, suffix)
		}
	}
}

func TestFailures(t *testing.T) {
	dir := t.TempDir()
	good := writeInput(t, dir, "good.js", []byte("let x = 1\n"))
	gz := writeInput(t, dir, "old.js.gz", []byte("not really gzip"))
	tests := []struct {
		name    string
		args    []string
		usage   bool
		wantErr string
	}{
		{"no files", nil, true, "no files given"},
		{"quality too high", []string{"-brotli-quality", "12", good}, true, "-brotli-quality 12 is out of range [0, 11]"},
		{"quality negative", []string{"-brotli-quality=-1", good}, true, "-brotli-quality -1 is out of range"},
		{"unknown flag", []string{"-level", "9", good}, true, "-level"},
		{"missing", []string{filepath.Join(dir, "missing.wasm")}, false, "missing.wasm"},
		{"directory", []string{dir}, false, dir + " is not a regular file"},
		{"compressed input", []string{gz}, false, gz + " is already compressed"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stderr bytes.Buffer
			err := run(tt.args, io.Discard, &stderr)
			if err == nil {
				t.Fatalf("run %q: no error", tt.args)
			}
			if !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("run %q: error %q does not mention %q", tt.args, err, tt.wantErr)
			}
			var usage *usageError
			if got := errors.As(err, &usage); got != tt.usage {
				t.Errorf("run %q: error %v is a usage error: %v, want %v", tt.args, err, got, tt.usage)
			}
			if tt.usage && !strings.Contains(stderr.String(), "usage: precompress") {
				t.Errorf("run %q: stderr %q lacks the usage", tt.args, stderr.String())
			}
		})
	}
	if err := run([]string{"-h"}, io.Discard, io.Discard); !errors.Is(err, flag.ErrHelp) {
		t.Errorf("run -h: %v, want flag.ErrHelp", err)
	}
}

func TestWriteAtomicallyKeepsOldOnFailure(t *testing.T) {
	dir := t.TempDir()
	dst := filepath.Join(dir, "main.wasm.br")
	if err := os.WriteFile(dst, []byte("old"), 0o644); err != nil {
		t.Fatal(err)
	}
	boom := errors.New("boom")
	_, err := writeAtomically(dst, func(w io.Writer) error {
		io.WriteString(w, "half of the new")
		return boom
	})
	if !errors.Is(err, boom) {
		t.Fatalf("writeAtomically: %v, want the fill error", err)
	}
	if got, _ := os.ReadFile(dst); string(got) != "old" {
		t.Errorf("%s holds %q after a failed write, want %q", dst, got, "old")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 1 {
		t.Errorf("directory holds %d files after a failed write, want 1 (no temporary left)", len(entries))
	}
}

// A large FILE is announced before its compression starts, a small one is
// not: the first make run should never sit silent for long.
func TestAnnounceLargeFiles(t *testing.T) {
	dir := t.TempDir()
	large := writeInput(t, dir, "main.wasm", compressible(announceBytes))
	small := writeInput(t, dir, "wasm_exec.js", compressible(1000))
	var stdout bytes.Buffer
	if err := run([]string{"-brotli-quality=1", large, small}, &stdout, io.Discard); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(stdout.String(), "\n")
	if want := "compressing " + large + " (1.0 MB): brotli quality 1, gzip best"; lines[0] != want {
		t.Errorf("first line %q, want %q", lines[0], want)
	}
	if strings.Contains(stdout.String(), "compressing "+small) {
		t.Errorf("the small file is announced: %q", stdout.String())
	}
}
