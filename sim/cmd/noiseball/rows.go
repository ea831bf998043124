package main

import (
	"io"
	"sync"
	"time"
)

// Rows wait at most flushDelay in a rowWriter before they are written out,
// and rowBuffer bytes of them at most.
const (
	flushDelay = 100 * time.Millisecond
	rowBuffer  = 64 << 10
)

// rowWriter buffers the rows written to it and passes them on to w in
// whole rows: when the buffer is full, and otherwise flushDelay after the
// first row that waits. A terminal sees the rows as they come, a run that
// is stopped loses at most the last flushDelay of them, and a fast run
// makes few writes. Each Write must hold whole rows.
type rowWriter struct {
	mu    sync.Mutex
	w     io.Writer
	buf   []byte
	timer *time.Timer // the flush due, or nil
	err   error       // the first error from w
}

func newRowWriter(w io.Writer) *rowWriter {
	return &rowWriter{w: w, buf: make([]byte, 0, rowBuffer)}
}

// Write buffers p, and returns the first error w has returned, if any.
func (r *rowWriter) Write(p []byte) (int, error) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if len(r.buf)+len(p) > cap(r.buf) {
		r.flushLocked()
	}
	if r.err != nil {
		return 0, r.err
	}
	if len(p) > cap(r.buf) {
		_, r.err = r.w.Write(p)
		if r.err != nil {
			return 0, r.err
		}
		return len(p), nil
	}
	r.buf = append(r.buf, p...)
	if r.timer == nil {
		r.timer = time.AfterFunc(flushDelay, func() {
			r.mu.Lock()
			defer r.mu.Unlock()
			r.flushLocked()
		})
	}
	return len(p), nil
}

// flushLocked writes the buffered rows to w; r.mu is held.
func (r *rowWriter) flushLocked() {
	if r.timer != nil {
		r.timer.Stop()
		r.timer = nil
	}
	if len(r.buf) > 0 && r.err == nil {
		_, r.err = r.w.Write(r.buf)
	}
	r.buf = r.buf[:0]
}

// Close writes the buffered rows to w and returns the first error w has
// returned, if any.
func (r *rowWriter) Close() error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.flushLocked()
	return r.err
}
