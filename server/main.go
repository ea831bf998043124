// Command noiseball-server serves the noiseball page: the HTML, CSS,
// JavaScript and WebAssembly embedded in its binary from the static package,
// precompressed, with correct content types, revalidation headers and a
// content security policy that lets Go's WebAssembly run and loads nothing
// from other origins. make build builds it as bin/noiseball-server
// (bin/noiseball is the headless CLI, sim/cmd/noiseball).
//
// Usage:
//
//	noiseball-server [-addr host:port] [-frame-ancestors sources] [-render-budget n]
//	                 [-render-timeout d] [-render-concurrency n] [-render-cache-mb n]
//	                 [-public-url URL] [-max-conns n] [-client-ip-header name] [-v]
//	noiseball-server -dist dir
//
// It also renders any view as a still, natively: /render.png and
// /render.svg take the page's link (see render.go and the README).
// With -dist it writes the page as static files to dir instead of serving
// (see dist.go).
//
// Once listening it prints one line to standard output,
//
//	noiseball serving http://HOST:PORT/
//
// and serves until it receives SIGINT or SIGTERM, then lets requests in
// flight finish before it exits.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"log"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"strings"
	"syscall"
	"time"

	"noiseball/static"
)

// Server timeouts. Requests are bodiless GETs, so reading one is quick;
// writing the largest file, the ~2 MB brotli wasm, may take a while on a slow
// link, hence the generous write timeout.
const (
	readHeaderTimeout = 5 * time.Second
	readTimeout       = 10 * time.Second
	writeTimeout      = 2 * time.Minute
	idleTimeout       = 2 * time.Minute
	maxHeaderBytes    = 64 << 10

	// shutdownTimeout bounds how long requests in flight may run after a
	// signal before their connections are closed.
	shutdownTimeout = 10 * time.Second
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	err := run(ctx, static.Files, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	var usage *usageError
	switch {
	case err == nil:
	case errors.Is(err, flag.ErrHelp):
	case errors.As(err, &usage):
		// The flag package has already printed the problem and the usage.
		os.Exit(2)
	default:
		fmt.Fprintln(os.Stderr, "noiseball-server:", err)
		os.Exit(1)
	}
}

// config is the parsed command line.
type config struct {
	addr              string
	frameAncestors    string
	verbose           bool
	renderBudget      float64
	renderTimeout     time.Duration
	renderConcurrency int
	renderCacheMB     int
	publicURL         string
	dist              string
	maxConns          int
	clientIPHeader    string
}

// usageError reports a command line that could not be parsed; the message
// and the usage have already been printed to the flag set's output.
type usageError struct{ err error }

func (e *usageError) Error() string { return e.err.Error() }
func (e *usageError) Unwrap() error { return e.err }

// parseFlags parses the command-line arguments args, without the program
// name. Problems and -h output go to stderr; the returned error is then a
// *usageError (wrapping flag.ErrHelp for -h).
func parseFlags(args []string, stderr io.Writer) (config, error) {
	var cfg config
	fset := flag.NewFlagSet("noiseball-server", flag.ContinueOnError)
	fset.SetOutput(stderr)
	fset.StringVar(&cfg.addr, "addr", "localhost:8080",
		"listen on this `host:port`; port 0 picks a free port")
	fset.StringVar(&cfg.frameAncestors, "frame-ancestors", "'self'",
		"CSP frame-ancestors `sources` allowed to embed the pages in a frame, e.g. \"'self' https://wiki.example.com\"")
	fset.BoolVar(&cfg.verbose, "v", false, "log every request to standard error")
	fset.Float64Var(&cfg.renderBudget, "render-budget", defaultRenderBudget,
		"most `run-steps` a still at /render.png or /render.svg may simulate (steps x runs x lanes, weighted by the cost of the data); 0 turns the stills off")
	fset.DurationVar(&cfg.renderTimeout, "render-timeout", defaultRenderTimeout, "longest a still may take to render")
	fset.IntVar(&cfg.renderConcurrency, "render-concurrency", runtime.GOMAXPROCS(0),
		"stills rendered at once; further requests get 503 with Retry-After")
	fset.IntVar(&cfg.renderCacheMB, "render-cache-mb", defaultRenderCache>>20, "`megabytes` of rendered stills to keep")
	fset.StringVar(&cfg.publicURL, "public-url", "",
		"the `URL` the site is published at, e.g. https://noiseball.example.com: link previews then name their image by an absolute address")
	fset.StringVar(&cfg.dist, "dist", "", "write the page as static files to `dir` (features.json says render is off) and exit")
	fset.IntVar(&cfg.maxConns, "max-conns", defaultMaxConns,
		"most connections open at once; more wait, and idle keep-alive connections are closed while the server is full")
	fset.StringVar(&cfg.clientIPHeader, "client-ip-header", "",
		"take a client's address, by which its share of the stills is counted, from the last address in this request `header` (e.g. X-Forwarded-For), "+
			"set by a trusted proxy in front of the server; without it, from the connection")
	fset.Usage = func() {
		fmt.Fprintln(fset.Output(), "usage: noiseball-server [-addr host:port] [-frame-ancestors sources] [-render-budget n] [-render-timeout d] [-render-concurrency n] [-render-cache-mb n] [-public-url URL] [-max-conns n] [-client-ip-header name] [-v]")
		fmt.Fprintln(fset.Output(), "       noiseball-server -dist dir")
		fset.PrintDefaults()
	}
	if err := fset.Parse(args); err != nil {
		return config{}, &usageError{err}
	}
	if fset.NArg() > 0 {
		err := fmt.Errorf("unexpected arguments %q: noiseball-server takes only flags", fset.Args())
		fmt.Fprintln(stderr, err)
		fset.Usage()
		return config{}, &usageError{err}
	}
	if !(cfg.renderBudget >= 0) || cfg.renderTimeout <= 0 || cfg.renderConcurrency < 1 || cfg.renderCacheMB < 0 || cfg.maxConns < 1 {
		err := fmt.Errorf("-render-budget and -render-cache-mb must be at least 0, -render-timeout, -render-concurrency and -max-conns positive")
		fmt.Fprintln(stderr, err)
		fset.Usage()
		return config{}, &usageError{err}
	}
	if h := cfg.clientIPHeader; strings.ContainsFunc(h, func(c rune) bool {
		return !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_')
	}) {
		err := fmt.Errorf("-client-ip-header %q: want a header name such as X-Forwarded-For", h)
		fmt.Fprintln(stderr, err)
		fset.Usage()
		return config{}, &usageError{err}
	}
	base, err := publicBase(cfg.publicURL)
	if err != nil {
		fmt.Fprintln(stderr, err)
		fset.Usage()
		return config{}, &usageError{err}
	}
	cfg.publicURL = base
	return cfg, nil
}

// run serves site as the command line args ask until ctx is done, then
// shuts the server down gracefully; with -dist it writes the site to a
// directory instead and returns. It prints the serving line to stdout
// once it is listening, and diagnostics to stderr. It returns nil after a
// clean shutdown, a *usageError for a bad command line, and otherwise the
// error that stopped the server.
func run(ctx context.Context, site fs.FS, args []string, stdout, stderr io.Writer) error {
	cfg, err := parseFlags(args, stderr)
	if err != nil {
		return err
	}
	if cfg.dist != "" {
		files, err := writeDist(site, cfg.dist)
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(stdout, "noiseball wrote %d files to %s\n", len(files), cfg.dist)
		return err
	}
	errorLog := log.New(stderr, "noiseball-server: ", log.LstdFlags)
	opt := options{frameAncestors: cfg.frameAncestors, errorLog: errorLog, publicURL: cfg.publicURL}
	if cfg.renderBudget > 0 {
		opt.render = &renderOptions{
			budget:       cfg.renderBudget,
			timeout:      cfg.renderTimeout,
			concurrency:  cfg.renderConcurrency,
			clientHeader: cfg.clientIPHeader,
			cacheBytes:   int64(cfg.renderCacheMB) << 20,
		}
	}
	h, err := newHandler(site, opt)
	if err != nil {
		return err
	}
	if cfg.verbose {
		h = withAccessLog(h, log.New(stderr, "", log.LstdFlags))
	}

	tcp, err := net.Listen("tcp", cfg.addr)
	if err != nil {
		return fmt.Errorf("-addr %s: %w", cfg.addr, err)
	}
	var srv *http.Server
	var ln *limitListener
	ln = newLimitListener(tcp, cfg.maxConns, func() {
		// Full: close the idle keep-alive connections, so that clients
		// waiting for a place get one, and open no more until there is room.
		full := ln.Full()
		srv.SetKeepAlivesEnabled(!full)
		if full {
			errorLog.Printf("%d connections open, the most -max-conns allows: closing idle ones, new ones wait", cfg.maxConns)
		}
	})
	srv = &http.Server{
		Handler:           h,
		ReadHeaderTimeout: readHeaderTimeout,
		ReadTimeout:       readTimeout,
		WriteTimeout:      writeTimeout,
		IdleTimeout:       idleTimeout,
		MaxHeaderBytes:    maxHeaderBytes,
		ErrorLog:          errorLog,
	}
	served := make(chan error, 1)
	go func() { served <- srv.Serve(ln) }()
	if opt.render != nil {
		go warmRealModels(ctx, errorLog)
	}
	// The listener is open, so a client that reads this line can connect.
	if _, err := fmt.Fprintf(stdout, "noiseball serving %s\n", servingURL(ln.Addr())); err != nil {
		srv.Close()
		<-served
		return fmt.Errorf("print serving address: %w", err)
	}

	select {
	case err := <-served:
		return fmt.Errorf("serve on %s: %w", ln.Addr(), err)
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), shutdownTimeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		<-served
		return fmt.Errorf("shut down: requests still running after %v were cut off: %w", shutdownTimeout, err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve on %s: %w", ln.Addr(), err)
	}
	return nil
}

// servingURL returns the URL of the page served on addr. A listener on all
// interfaces (0.0.0.0 or ::) is reported as localhost, an address that a
// browser on the same machine can open.
func servingURL(addr net.Addr) string {
	tcp, ok := addr.(*net.TCPAddr)
	if !ok {
		return "http://" + addr.String() + "/"
	}
	host := tcp.IP.String()
	if tcp.IP.IsUnspecified() {
		host = "localhost"
	}
	return "http://" + net.JoinHostPort(host, strconv.Itoa(tcp.Port)) + "/"
}
