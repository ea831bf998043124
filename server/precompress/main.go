// Precompress writes brotli and gzip copies of files, for the noiseball
// server to send to browsers that accept them.
//
// Usage:
//
//	go run ./server/precompress [-brotli-quality n] [-force] FILE...
//
// For each FILE it writes FILE.br (brotli, quality 11 with a 16 MiB window
// unless -brotli-quality says otherwise) and FILE.gz (gzip, best
// compression) next to it, and prints one line per output with its size,
// and a line before it starts on a FILE large enough to take a while. An
// output already newer than its FILE is left alone unless -force is given,
// so without it a changed -brotli-quality takes effect only once FILE
// changes or the output is removed. Each output is written to a temporary
// file in the same directory and renamed into place, so a reader sees
// either the old copy or the complete new one.
//
// Brotli's quality is the trade: on the 13 MB Ebiten wasm, quality 11 takes
// about a minute on the team's 2-core machine and gives 2.34 MB; quality 6
// takes half a second and gives 2.74 MB (17% more); gzip's best, 3.28 MB,
// takes a second or two. The Makefile uses 6 for local builds and 11 for
// make dist.
package main

import (
	"bufio"
	"compress/gzip"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"time"

	"github.com/andybalholm/brotli"
)

// brotliWindowBits is the base-2 logarithm of the brotli window, the
// largest a standard decoder takes. On a 12.4 MB Ebiten wasm it saves about
// 1% over the default 22 for about 6% more time.
const brotliWindowBits = 24

func main() {
	err := run(os.Args[1:], os.Stdout, os.Stderr)
	var usage *usageError
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
	case errors.As(err, &usage):
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "precompress:", err)
		os.Exit(1)
	}
}

// usageError reports a command line that could not be used; the message and
// the usage have already been printed.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// run compresses the files named by the command-line arguments args,
// without the program name. It reports each output on stdout and usage
// problems on stderr, and returns a *usageError for a bad command line or
// the first error that stopped it; outputs written before the error stay.
func run(args []string, stdout, stderr io.Writer) error {
	fset := flag.NewFlagSet("precompress", flag.ContinueOnError)
	fset.SetOutput(stderr)
	quality := fset.Int("brotli-quality", brotli.BestCompression,
		fmt.Sprintf("brotli `quality`, %d (fastest) to %d (smallest)", brotli.BestSpeed, brotli.BestCompression))
	force := fset.Bool("force", false, "rewrite every output, even one newer than its FILE")
	fset.Usage = func() {
		fmt.Fprintln(fset.Output(), "usage: precompress [-brotli-quality n] [-force] FILE...")
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		return &usageError{err}
	}
	var problem error
	switch {
	case *quality < brotli.BestSpeed || *quality > brotli.BestCompression:
		problem = fmt.Errorf("-brotli-quality %d is out of range [%d, %d]", *quality, brotli.BestSpeed, brotli.BestCompression)
	case fset.NArg() == 0:
		problem = errors.New("no files given")
	}
	if problem != nil {
		fmt.Fprintln(stderr, "precompress:", problem)
		fset.Usage()
		return &usageError{problem}
	}

	coders := []coder{
		{suffix: ".br", newWriter: func(w io.Writer) (io.WriteCloser, error) {
			return brotli.NewWriterOptions(w, brotli.WriterOptions{Quality: *quality, LGWin: brotliWindowBits}), nil
		}},
		{suffix: ".gz", newWriter: func(w io.Writer) (io.WriteCloser, error) {
			return gzip.NewWriterLevel(w, gzip.BestCompression)
		}},
	}
	for _, src := range fset.Args() {
		if info, err := os.Stat(src); err == nil && info.Size() >= announceBytes {
			fmt.Fprintf(stdout, "compressing %s (%.1f MB): brotli quality %d, gzip best\n", src, float64(info.Size())/1e6, *quality)
		}
		for _, c := range coders {
			if err := c.compress(src, *force, stdout); err != nil {
				return err
			}
		}
	}
	return nil
}

// announceBytes is the size from which a FILE gets a line before its
// compression starts: at brotli's highest quality a megabyte takes about
// five seconds.
const announceBytes = 1 << 20

// A coder writes compressed copies of files under the name FILE+suffix.
type coder struct {
	suffix    string
	newWriter func(io.Writer) (io.WriteCloser, error)
}

// compress writes src compressed to src+c.suffix unless that output is
// already newer than src and force is false, and reports what it did on
// stdout. It refuses a src that is not a regular file or that is itself a
// compressed copy.
func (c coder) compress(src string, force bool, stdout io.Writer) error {
	for _, suffix := range []string{".br", ".gz"} {
		if strings.HasSuffix(src, suffix) {
			return fmt.Errorf("%s is already compressed (it ends in %s)", src, suffix)
		}
	}
	in, err := os.Stat(src)
	if err != nil {
		return err
	}
	if !in.Mode().IsRegular() {
		return fmt.Errorf("%s is not a regular file but a %v", src, in.Mode().Type())
	}
	dst := src + c.suffix
	if out, err := os.Stat(dst); err == nil && out.ModTime().After(in.ModTime()) && !force {
		fmt.Fprintf(stdout, "%s: up to date\n", dst)
		return nil
	}

	start := time.Now()
	size, err := writeAtomically(dst, func(w io.Writer) error {
		f, err := os.Open(src)
		if err != nil {
			return err
		}
		defer f.Close()
		cw, err := c.newWriter(w)
		if err != nil {
			return err
		}
		if _, err := io.Copy(cw, f); err != nil {
			return fmt.Errorf("compress %s: %w", src, err)
		}
		return cw.Close()
	})
	if err != nil {
		return err
	}
	fmt.Fprintf(stdout, "%s: %d -> %d bytes (%.1f%%) in %v\n", dst, in.Size(), size,
		100*float64(size)/float64(max(in.Size(), 1)), time.Since(start).Round(time.Millisecond))
	return nil
}

// writeAtomically writes the bytes fill produces to a temporary file next to
// dst, then renames it to dst with mode 0644, and returns the number of
// bytes written. On failure it removes the temporary file and leaves dst as
// it was.
func writeAtomically(dst string, fill func(io.Writer) error) (size int64, err error) {
	tmp, err := os.CreateTemp(filepath.Dir(dst), "."+filepath.Base(dst)+".*.tmp")
	if err != nil {
		return 0, err
	}
	defer func() {
		if err != nil {
			tmp.Close()
			os.Remove(tmp.Name())
		}
	}()
	counter := &countingWriter{w: tmp}
	bw := bufio.NewWriterSize(counter, 1<<16)
	if err := fill(bw); err != nil {
		return 0, err
	}
	if err := bw.Flush(); err != nil {
		return 0, fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	if err := tmp.Chmod(0o644); err != nil {
		return 0, err
	}
	if err := tmp.Close(); err != nil {
		return 0, fmt.Errorf("write %s: %w", tmp.Name(), err)
	}
	if err := os.Rename(tmp.Name(), dst); err != nil {
		return 0, err
	}
	return counter.n, nil
}

// countingWriter counts the bytes it passes to w.
type countingWriter struct {
	w io.Writer
	n int64
}

func (c *countingWriter) Write(p []byte) (int, error) {
	n, err := c.w.Write(p)
	c.n += int64(n)
	return n, err
}
