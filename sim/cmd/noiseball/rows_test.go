//go:build !js

// The CLI runs natively. Under js/wasm (make test-wasm runs the sim/ tests
// there) goroutines are not preempted, so the timer that flushes rows
// cannot run while the run computes, and this test would wait for the
// buffer to fill.

package main

import (
	"bufio"
	"bytes"
	"io"
	"strings"
	"testing"
	"time"
)

// Rows reach the output while the run goes on, and a reader that goes
// away (a closed pipe, as with | head) stops the run with status 1. Each
// row of this run takes 10^7 run-steps, so the header and the row of step
// 0 can only come out by the row writer's timed flush, long before the run
// would end (in hours).
func TestRowsAsTheyCome(t *testing.T) {
	r, w := io.Pipe()
	status := make(chan int, 1)
	var stderr bytes.Buffer
	go func() {
		status <- run([]string{"-link", "runs=10000&steps=100000000", "-every", "1000"}, w, &stderr)
		w.Close()
	}()
	rows := bufio.NewScanner(r)
	for i, want := range []string{"lane,step,", "1,0,"} {
		if !rows.Scan() || !strings.HasPrefix(rows.Text(), want) {
			t.Fatalf("line %d is %q (%v), want it to start with %q", i+1, rows.Text(), rows.Err(), want)
		}
	}
	r.Close()
	select {
	case got := <-status:
		if got != 1 || !strings.Contains(stderr.String(), "closed pipe") {
			t.Errorf("after the reader left: status %d, stderr %q; want 1 and the write error", got, stderr.String())
		}
	case <-time.After(2 * time.Minute):
		t.Fatal("the run went on for two minutes after its reader left")
	}
}
