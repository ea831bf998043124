package main

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"flag"
	"io"
	"io/fs"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"testing/fstest"
	"time"
)

// servingLine is the line run prints once listening; other tools parse it.
var servingLine = regexp.MustCompile(`^noiseball serving (http://127\.0\.0\.1:[1-9][0-9]*/)\n$`)

// startRun calls run on site with args in a goroutine, waits for its serving line
// and returns the URL it names, a function that cancels run's context, and
// a channel that receives run's result.
func startRun(t *testing.T, site fs.FS, args []string, stderr io.Writer) (url string, stop context.CancelFunc, done <-chan error) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	pr, pw := io.Pipe()
	result := make(chan error, 1)
	go func() {
		err := run(ctx, site, args, pw, stderr)
		pw.CloseWithError(io.EOF)
		result <- err
	}()
	line, err := bufio.NewReader(pr).ReadString('\n')
	if err != nil {
		cancel()
		t.Fatalf("run %q printed no serving line: %v (run returned %v)", args, err, <-result)
	}
	go io.Copy(io.Discard, pr) // keep later writes, if any, from blocking
	m := servingLine.FindStringSubmatch(line)
	if m == nil {
		cancel()
		t.Fatalf("run %q printed %q, want a line matching %s", args, line, servingLine)
	}
	return m[1], cancel, result
}

func TestRun(t *testing.T) {
	var stderr syncBuffer
	url, stop, done := startRun(t, testSite(t), []string{"-addr", "127.0.0.1:0"}, &stderr)

	resp, err := http.Get(url + "healthz")
	if err != nil {
		stop()
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || string(body) != "ok\n" {
		t.Errorf("GET %shealthz: %d %q, want 200 \"ok\\n\"", url, resp.StatusCode, body)
	}

	// Go's client asks for gzip by itself and then decodes it; ask for br
	// explicitly to see the wasm travel compressed.
	req, _ := http.NewRequest("GET", url+"main.wasm", nil)
	req.Header.Set("Accept-Encoding", "gzip, deflate, br, zstd")
	resp, err = http.DefaultClient.Do(req)
	if err != nil {
		stop()
		t.Fatal(err)
	}
	body, _ = io.ReadAll(resp.Body)
	resp.Body.Close()
	if got := resp.Header.Get("Content-Encoding"); got != "br" {
		t.Errorf("GET %smain.wasm: Content-Encoding %q, want br", url, got)
	}
	if got := decode(t, "br", body); !bytes.Equal(got, mainWasm) {
		t.Errorf("GET %smain.wasm: decoded body differs from the file", url)
	}

	stop()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("run returned %v after its context was cancelled, want nil", err)
		}
	case <-time.After(shutdownTimeout + 5*time.Second):
		t.Fatal("run did not return after its context was cancelled")
	}
	if _, err := http.Get(url + "healthz"); err == nil {
		t.Errorf("server still answers at %s after shutdown", url)
	}
	if stderr.String() != "" {
		t.Errorf("run without -v wrote to stderr: %q", stderr.String())
	}
}

// TestRunWaitsForRequests checks that shutdown lets a request in flight
// finish.
func TestRunWaitsForRequests(t *testing.T) {
	// Big enough not to fit in the socket buffers, so that the handler is
	// still writing when the shutdown starts.
	big := bytes.Repeat([]byte("0123456789abcdef"), 2<<20)
	site := fstest.MapFS{"big.wasm": {Data: big}}
	url, stop, done := startRun(t, site, []string{"-addr", "127.0.0.1:0"}, io.Discard)
	defer stop()

	req, _ := http.NewRequest("GET", url+"big.wasm", nil)
	req.Header.Set("Accept-Encoding", "identity")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	first := make([]byte, 16)
	if _, err := io.ReadFull(resp.Body, first); err != nil {
		t.Fatal(err)
	}
	stop()
	rest, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading big.wasm during shutdown: %v", err)
	}
	if got := append(first, rest...); !bytes.Equal(got, big) {
		t.Errorf("big.wasm read across shutdown has %d bytes, want the %d of the file", len(got), len(big))
	}
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}
}

func TestRunVerbose(t *testing.T) {
	var stderr syncBuffer
	url, stop, done := startRun(t, testSite(t), []string{"-v", "-addr=127.0.0.1:0"}, &stderr)
	resp, err := http.Get(url + "css/site.css")
	if err == nil {
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	stop()
	if err := <-done; err != nil {
		t.Errorf("run: %v", err)
	}
	if err != nil {
		t.Fatal(err)
	}
	log := stderr.String()
	for _, want := range []string{`GET "/css/site.css" 200 19 -`} {
		if !strings.Contains(log, want) {
			t.Errorf("access log %q does not contain %q", log, want)
		}
	}
}

func TestRunFailures(t *testing.T) {
	busy, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer busy.Close()

	tests := []struct {
		name      string
		args      []string
		usage     bool   // want a *usageError, with the usage printed
		wantErr   string // in the error
		wantPrint string // in stderr
	}{
		{"unknown flag", []string{"-port", "80"}, true, "-port", "usage: noiseball"},
		{"arguments", []string{"static"}, true, `unexpected arguments ["static"]`, "usage: noiseball"},
		{"help", []string{"-h"}, true, flag.ErrHelp.Error(), "-frame-ancestors"},
		{"bad frame-ancestors", []string{"-addr", "127.0.0.1:0", "-frame-ancestors", "* ; script-src *"}, false, `frame-ancestors "* ; script-src *"`, ""},
		{"bad address", []string{"-addr", "127.0.0.1:http-alt-nonsense"}, false, "127.0.0.1:http-alt-nonsense", ""},
		{"address in use", []string{"-addr", busy.Addr().String()}, false, busy.Addr().String(), ""},
		{"bad public URL", []string{"-addr", "127.0.0.1:0", "-public-url", "noiseball.example.com"}, true, `-public-url "noiseball.example.com"`, "usage: noiseball"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var stdout, stderr bytes.Buffer
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err := run(ctx, testSite(t), tt.args, &stdout, &stderr)
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
			if !strings.Contains(stderr.String(), tt.wantPrint) {
				t.Errorf("run %q: stderr %q does not contain %q", tt.args, stderr.String(), tt.wantPrint)
			}
			if stdout.Len() != 0 {
				t.Errorf("run %q: printed %q to stdout before failing", tt.args, stdout.String())
			}
		})
	}
}

func TestServingURL(t *testing.T) {
	tests := []struct {
		addr net.Addr
		want string
	}{
		{&net.TCPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 8080}, "http://127.0.0.1:8080/"},
		{&net.TCPAddr{IP: net.IPv6loopback, Port: 8080}, "http://[::1]:8080/"},
		{&net.TCPAddr{IP: net.IPv4zero, Port: 80}, "http://localhost:80/"},
		{&net.TCPAddr{IP: net.IPv6unspecified, Port: 9000}, "http://localhost:9000/"},
		{&net.TCPAddr{IP: net.IPv4(192, 168, 1, 7), Port: 1}, "http://192.168.1.7:1/"},
	}
	for _, tt := range tests {
		if got := servingURL(tt.addr); got != tt.want {
			t.Errorf("servingURL(%v) = %q, want %q", tt.addr, got, tt.want)
		}
	}
}

// syncBuffer is a bytes.Buffer safe for concurrent use: run's loggers write
// from server goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}
