package main

import (
	"net"
	"sync"
)

// defaultMaxConns is the default cap on open connections: a browser opens
// up to six to a host, so this is some hundreds of visitors at once, far
// below the file descriptors Go gets (it raises the soft limit to the hard
// one) and a few megabytes of buffers.
const defaultMaxConns = 1000

// limitListener caps the connections open at once, as
// golang.org/x/net/netutil.LimitListener does: at the cap, Accept waits
// for a connection to close, and new clients wait in the kernel's queue
// rather than being refused. Unlike it, it tells the server when it is
// full, so that the server can close its idle keep-alive connections, which
// would otherwise hold their places for up to the idle timeout while
// others wait (see shedIdle). A slow client cannot hold a place for long
// either: reading a request's header has its own timeout.
type limitListener struct {
	net.Listener
	slots chan struct{} // one per open connection
	done  chan struct{} // closed by Close
	close sync.Once

	// changed is called, outside any lock, after the listener becomes
	// full (a connection takes the last place) and after it stops being
	// full (a quarter of the places are free again); it reads Full, so
	// that calls that race leave the last state in force.
	changed func()
	mu      sync.Mutex
	full    bool
}

// newLimitListener returns l capped at n open connections (at least 1).
func newLimitListener(l net.Listener, n int, changed func()) *limitListener {
	if changed == nil {
		changed = func() {}
	}
	return &limitListener{Listener: l, slots: make(chan struct{}, max(n, 1)), done: make(chan struct{}), changed: changed}
}

// Full reports whether every place is taken, or was and a quarter of them
// has not yet been freed.
func (l *limitListener) Full() bool {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.full
}

// Accept waits for a free place, then for a connection.
func (l *limitListener) Accept() (net.Conn, error) {
	select {
	case l.slots <- struct{}{}:
	case <-l.done:
		return nil, net.ErrClosed
	}
	c, err := l.Listener.Accept()
	if err != nil {
		l.release()
		return nil, err
	}
	l.update()
	return &limitConn{Conn: c, release: l.release}, nil
}

// Close closes the listener and wakes an Accept waiting for a place.
func (l *limitListener) Close() error {
	l.close.Do(func() { close(l.done) })
	return l.Listener.Close()
}

func (l *limitListener) release() {
	<-l.slots
	l.update()
}

// update notes a change between full and not full.
func (l *limitListener) update() {
	l.mu.Lock()
	n, capacity, was := len(l.slots), cap(l.slots), l.full
	switch {
	case !l.full && n >= capacity:
		l.full = true
	case l.full && n <= capacity-max(capacity/4, 1):
		l.full = false
	}
	now := l.full
	l.mu.Unlock()
	if now != was {
		l.changed()
	}
}

// limitConn gives its place back when it is closed, once.
type limitConn struct {
	net.Conn
	once    sync.Once
	release func()
}

func (c *limitConn) Close() error {
	err := c.Conn.Close()
	c.once.Do(c.release)
	return err
}
