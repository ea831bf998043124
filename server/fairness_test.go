package main

import (
	"context"
	"errors"
	"net/http/httptest"
	"sync"
	"testing"
	"time"
)

// fakeClock is a clock the tests move by hand.
type fakeClock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *fakeClock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *fakeClock) advance(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func testSlots(n int, p fairness) (*slots, *fakeClock) {
	clock := &fakeClock{t: time.Unix(1e9, 0)}
	s := newSlots(n, p)
	s.now = clock.now
	return s, clock
}

// generous is a policy whose allowance never runs out in these tests.
func generous(running, waiting, queue int, wait time.Duration) fairness {
	return fairness{running: running, waiting: waiting, queue: queue, wait: wait, rate: 1, burst: 1e12}
}

// acquireAsync starts acquire and returns the channel of its outcome.
func acquireAsync(s *slots, ctx context.Context, key string) <-chan error {
	out := make(chan error, 1)
	go func() {
		release, err := s.acquire(ctx, key, 1)
		if err == nil {
			defer release()
			<-ctx.Done() // hold the slot until the test lets go
		}
		out <- err
	}()
	return out
}

// waitFor polls cond for up to five seconds.
func waitUntil(t *testing.T, what string, cond func() bool) {
	t.Helper()
	for deadline := time.Now().Add(5 * time.Second); !cond(); time.Sleep(time.Millisecond) {
		if time.Now().After(deadline) {
			t.Fatalf("waiting for %s: gave up", what)
		}
	}
}

func (s *slots) waiting() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.waiters.Len()
}

func (s *slots) running(key string) int {
	s.mu.Lock()
	defer s.mu.Unlock()
	if c := s.clients[key]; c != nil {
		return c.running
	}
	return 0
}

// One client may not take every slot: with two slots it renders one
// still at a time, has one more wait, and is refused a third; another
// client gets the free slot at once.
func TestSlotsPerClient(t *testing.T) {
	s, _ := testSlots(2, generous(1, 1, 8, time.Minute))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	relA, err := s.acquire(ctx, "A", 1)
	if err != nil {
		t.Fatal(err)
	}
	second := acquireAsync(s, ctx, "A")
	waitUntil(t, "A's second request to wait", func() bool { return s.waiting() == 1 })
	var limit *clientLimitError
	if _, err := s.acquire(ctx, "A", 1); !errors.As(err, &limit) || limit.retryAfter <= 0 {
		t.Errorf("A's third request: %v, want a client limit with a Retry-After", err)
	}
	relB, err := s.acquire(ctx, "B", 1)
	if err != nil {
		t.Fatalf("B with a slot free: %v", err)
	}
	relB()
	relA() // A's waiting request takes its place
	waitUntil(t, "A's second request to get a slot", func() bool { return s.running("A") == 1 && s.waiting() == 0 })
	cancel()
	if err := <-second; err != nil {
		t.Errorf("A's second request: %v", err)
	}
}

// A freed slot goes to the client with the fewest renders running, then
// to the one served the longest ago, not to whoever asked first.
func TestSlotsRoundRobin(t *testing.T) {
	s, clock := testSlots(1, generous(1, 1, 8, time.Minute))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	relA, err := s.acquire(ctx, "noisy", 1)
	if err != nil {
		t.Fatal(err)
	}
	clock.advance(time.Second)
	noisy := acquireAsync(s, ctx, "noisy") // asks first...
	waitUntil(t, "the noisy client's request to wait", func() bool { return s.waiting() == 1 })
	other := acquireAsync(s, ctx, "other") // ...the other client later
	waitUntil(t, "the other's request to wait", func() bool { return s.waiting() == 2 })
	relA()
	waitUntil(t, "the slot to be handed on", func() bool { return s.waiting() == 1 })
	if s.running("other") != 1 || s.running("noisy") != 0 {
		t.Errorf("the freed slot went to the noisy client again (other %d, noisy %d running)", s.running("other"), s.running("noisy"))
	}
	cancel()
	<-other
	<-noisy
}

// A request that finds no slot waits a bounded time, or until its context
// ends, and too many waiting requests are refused at once.
func TestSlotsWaitIsBounded(t *testing.T) {
	s, _ := testSlots(1, generous(1, 1, 2, 50*time.Millisecond))
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rel, err := s.acquire(ctx, "A", 1)
	if err != nil {
		t.Fatal(err)
	}
	defer rel()
	start := time.Now()
	if _, err := s.acquire(ctx, "B", 1); !errors.Is(err, errBusy) {
		t.Errorf("B with no slot: %v, want errBusy", err)
	}
	if d := time.Since(start); d < 50*time.Millisecond || d > 2*time.Second {
		t.Errorf("B waited %v, want about the policy's 50ms", d)
	}
	short, stop := context.WithCancel(ctx)
	stop()
	if _, err := s.acquire(short, "C", 1); !errors.Is(err, context.Canceled) {
		t.Errorf("C with its context done: %v, want context.Canceled", err)
	}
	// Two wait (the queue's length), a third is refused at once.
	long, _ := testSlots(1, generous(1, 1, 2, time.Minute))
	relL, _ := long.acquire(ctx, "A", 1)
	defer relL()
	d, e := acquireAsync(long, ctx, "D"), acquireAsync(long, ctx, "E")
	waitUntil(t, "two waiting", func() bool { return long.waiting() == 2 })
	start = time.Now()
	if _, err := long.acquire(ctx, "F", 1); !errors.Is(err, errBusy) || time.Since(start) > time.Second {
		t.Errorf("F with the queue full: %v after %v, want errBusy at once", err, time.Since(start))
	}
	cancel()
	<-d
	<-e
	if s.waiting() != 0 || long.waiting() != 0 {
		t.Error("a waiter that gave up is still queued")
	}
}

// The allowance: a client that spends it is refused, told when it may try
// again, and may once that much time has passed.
func TestSlotsAllowance(t *testing.T) {
	s, clock := testSlots(4, fairness{running: 3, waiting: 1, queue: 8, wait: time.Second, rate: 100, burst: 1000})
	ctx := context.Background()
	for range 2 {
		rel, err := s.acquire(ctx, "A", 400)
		if err != nil {
			t.Fatal(err)
		}
		rel()
	}
	_, err := s.acquire(ctx, "A", 400) // 200 left: 2 s to go
	var limit *clientLimitError
	if !errors.As(err, &limit) || limit.retryAfter != 2*time.Second {
		t.Fatalf("A over its allowance: %v, want to be told to wait 2s", err)
	}
	if rel, err := s.acquire(ctx, "B", 400); err != nil {
		t.Errorf("B, another client: %v", err)
	} else {
		rel()
	}
	clock.advance(2 * time.Second)
	if rel, err := s.acquire(ctx, "A", 400); err != nil {
		t.Errorf("A after 2s: %v", err)
	} else {
		rel()
	}
	clock.advance(time.Hour) // the allowance is full, never more
	for range 2 {
		rel, err := s.acquire(ctx, "A", 500)
		if err != nil {
			t.Fatalf("A with a full allowance: %v", err)
		}
		rel()
	}
	if _, err := s.acquire(ctx, "A", 1); !errors.As(err, &limit) {
		t.Errorf("A after spending its burst: %v, want refused", err)
	}
}

// Clients with nothing under way and a full allowance are forgotten when
// there are many, so the table stays bounded.
func TestSlotsForgetIdleClients(t *testing.T) {
	s, clock := testSlots(1, fairness{running: 1, waiting: 1, queue: 8, wait: time.Second, rate: 10, burst: 100})
	for i := range 5000 {
		rel, err := s.acquire(context.Background(), string(rune(0x1000+i)), 50)
		if err != nil {
			t.Fatal(err)
		}
		rel()
		clock.advance(time.Second) // each one's allowance refills in 5 s
	}
	if n := len(s.clients); n > 4096 {
		t.Errorf("%d clients remembered, want at most 4096", n)
	}
}

func TestClientKey(t *testing.T) {
	tests := []struct {
		remote, header, value, want string
	}{
		{"192.0.2.7:1234", "", "", "192.0.2.7"},
		{"[2001:db8:1:2:3:4:5:6]:443", "", "", "2001:db8:1:2::/64"},
		{"[2001:db8:1:2:ffff::9]:443", "", "", "2001:db8:1:2::/64"}, // one machine's /64
		{"[::ffff:192.0.2.7]:80", "", "", "192.0.2.7"},
		{"[fe80::1%eth0]:80", "", "", "fe80::/64"},
		{"10.0.0.1:5000", "X-Forwarded-For", "203.0.113.9", "203.0.113.9"},
		{"10.0.0.1:5000", "X-Forwarded-For", "198.51.100.1, 203.0.113.9", "203.0.113.9"}, // the proxy's is last
		{"10.0.0.1:5000", "X-Real-Ip", "[2001:db8::1]:999", "2001:db8::/64"},
		{"10.0.0.1:5000", "X-Forwarded-For", "unknown", "10.0.0.1"},
		{"10.0.0.1:5000", "X-Forwarded-For", "", "10.0.0.1"},
		{"odd", "", "", "odd"},
	}
	for _, tt := range tests {
		r := httptest.NewRequest("GET", "/render.png", nil)
		r.RemoteAddr = tt.remote
		if tt.value != "" {
			r.Header.Set(tt.header, tt.value)
		}
		if got := clientKey(r, tt.header); got != tt.want {
			t.Errorf("clientKey(%s, %s: %q) = %q, want %q", tt.remote, tt.header, tt.value, got, tt.want)
		}
	}
	// Without the flag, the header is not believed.
	r := httptest.NewRequest("GET", "/render.png", nil)
	r.RemoteAddr = "10.0.0.1:5000"
	r.Header.Set("X-Forwarded-For", "203.0.113.9")
	if got := clientKey(r, ""); got != "10.0.0.1" {
		t.Errorf("without -client-ip-header, X-Forwarded-For decided the key: %q", got)
	}
}
