package main

import (
	"bufio"
	"net"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// acceptOne accepts a connection of l in the background.
func acceptOne(l net.Listener) <-chan net.Conn {
	ch := make(chan net.Conn, 1)
	go func() {
		c, err := l.Accept()
		if err != nil {
			close(ch)
			return
		}
		ch <- c
	}()
	return ch
}

// TestLimitListener caps a listener at 4 connections: a fifth waits until
// one closes, the listener says once that it is full at 4 and once that it
// is not when a quarter of the places are free, and Close wakes an Accept
// that waits.
func TestLimitListener(t *testing.T) {
	tcp, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	var l *limitListener
	var mu sync.Mutex
	var states []bool
	l = newLimitListener(tcp, 4, func() {
		mu.Lock()
		states = append(states, l.Full())
		mu.Unlock()
	})
	var conns []net.Conn
	for i := range 4 {
		c, err := net.Dial("tcp", tcp.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		got := <-acceptOne(l)
		if got == nil {
			t.Fatalf("accept %d failed", i)
		}
		conns = append(conns, got)
	}
	if !l.Full() || len(states) != 1 {
		t.Fatalf("with 4 of 4 open: Full %v after changes %v, want full after one", l.Full(), states)
	}
	c5, err := net.Dial("tcp", tcp.Addr().String()) // the kernel takes it; Accept must wait
	if err != nil {
		t.Fatal(err)
	}
	defer c5.Close()
	fifth := acceptOne(l)
	select {
	case <-fifth:
		t.Fatal("a fifth connection was accepted with 4 open")
	case <-time.After(100 * time.Millisecond):
	}
	conns[0].Close()
	conns[0].Close() // a second Close gives back nothing more
	select {
	case c := <-fifth:
		if c == nil {
			t.Fatal("the fifth Accept failed")
		}
		conns[0] = c
	case <-time.After(5 * time.Second):
		t.Fatal("the fifth connection was not accepted after one closed")
	}
	if !l.Full() {
		t.Error("4 open again, yet not full")
	}
	conns[1].Close()
	conns[2].Close()
	// The fifth Accept may take the freed place before or after the
	// listener counts it free, so there may be more changes between.
	mu.Lock()
	if l.Full() || len(states) < 2 || !states[0] || states[len(states)-1] {
		t.Errorf("2 of 4 open: Full %v, changes saw %v; want full first, not full last", l.Full(), states)
	}
	mu.Unlock()
	// Fill it again, then Close wakes a waiting Accept.
	for range 2 {
		c, err := net.Dial("tcp", tcp.Addr().String())
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		<-acceptOne(l)
	}
	waiting := acceptOne(l)
	l.Close()
	select {
	case c := <-waiting:
		if c != nil {
			t.Error("Accept after Close returned a connection")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Close did not wake a waiting Accept")
	}
}

// TestMaxConnsClosesIdleConnections runs the server with -max-conns 3 and
// fills it with idle keep-alive connections: a new client still gets an
// answer at once, because a full server closes its idle connections,
// rather than after the two-minute idle timeout.
func TestMaxConnsClosesIdleConnections(t *testing.T) {
	var stderr syncBuffer
	url, stop, _ := startRun(t, testSite(t), []string{"-addr", "127.0.0.1:0", "-max-conns", "3"}, &stderr)
	defer stop()
	addr := strings.TrimSuffix(strings.TrimPrefix(url, "http://"), "/")
	for i := range 3 {
		c, err := net.Dial("tcp", addr)
		if err != nil {
			t.Fatal(err)
		}
		defer c.Close()
		if _, err := c.Write([]byte("GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")); err != nil {
			t.Fatal(err)
		}
		resp, err := http.ReadResponse(bufio.NewReader(c), nil)
		if err != nil || resp.StatusCode != http.StatusOK {
			t.Fatalf("keep-alive connection %d: %v, %v", i, resp, err)
		}
		resp.Body.Close() // the connection stays open, idle
	}
	client := &http.Client{Timeout: 10 * time.Second}
	start := time.Now()
	resp, err := client.Get(url + "healthz")
	if err != nil {
		t.Fatalf("a fourth client with 3 idle connections open: %v", err)
	}
	resp.Body.Close()
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("the fourth client waited %v", d)
	}
	if !strings.Contains(stderr.String(), "3 connections open, the most -max-conns allows") {
		t.Errorf("the server did not log that it was full: %q", stderr.String())
	}
}
