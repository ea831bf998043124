package main

import (
	"container/list"
	"context"
	"errors"
	"fmt"
	"math"
	"net"
	"net/http"
	"net/netip"
	"strings"
	"sync"
	"time"
)

// Rendering slots are shared fairly among clients, so that one client
// sending stills as fast as it can (a crawler gone wrong, a script, an
// attacker) cannot keep others' link previews from being drawn. A client is
// its address (see clientKey). Each client
//
//   - renders at most fairness.running stills at once, one fewer than there
//     are slots (but at least one), so with two or more slots one is always
//     left for the others, and has at most one more waiting for a slot;
//   - spends the work of its stills (in run-steps, as the budget counts it)
//     from an allowance that refills at fairness.rate per second up to
//     fairness.burst, so that over time it gets a share of the machine.
//
// A request that finds no free slot waits for one, up to fairness.wait;
// a slot that frees goes to the waiting request whose client has the
// fewest renders running, and among equals to the client whose last slot
// is the oldest (round robin), then to the longest waiting. A still
// in the cache, or being rendered for someone else, takes no slot and no
// allowance: it is always served.
type fairness struct {
	running int           // renders at once per client
	waiting int           // requests per client waiting for a slot
	queue   int           // requests waiting for a slot, in all
	wait    time.Duration // longest a request waits for a slot
	rate    float64       // run-steps per second added to a client's allowance
	burst   float64       // most run-steps a client's allowance holds
}

// defaultFairness returns the policy for a renderer with slots slots and a
// budget of budget run-steps per still: per client, slots-1 renders at
// once and one waiting; an allowance of four stills of the largest kind,
// refilled at a quarter of one per second.
func defaultFairness(slots int, budget float64) fairness {
	return fairness{
		running: max(1, slots-1),
		waiting: 1,
		queue:   4 * slots,
		wait:    5 * time.Second,
		rate:    budget / 4,
		burst:   4 * budget,
	}
}

// errBusy reports that no render slot became free in time, or that too
// many requests wait for one already: a 503.
var errBusy = errors.New("every render slot is busy")

// A clientLimitError reports that a client has as many renders under way
// as it may, or has spent its allowance: a 429 with Retry-After.
type clientLimitError struct {
	msg        string
	retryAfter time.Duration
}

func (e *clientLimitError) Error() string { return e.msg }

// slots hands out the render slots fairly; see fairness.
type slots struct {
	policy fairness
	now    func() time.Time

	mu      sync.Mutex
	free    int
	waiters *list.List // of *waiter, oldest first
	clients map[string]*client
}

// A client is what slots knows of one client.
type client struct {
	running, waiting int
	allowance        float64   // run-steps
	at               time.Time // when allowance was last brought up to date
	granted          time.Time // when it last got a slot; zero if never
}

// A waiter is a request waiting for a slot.
type waiter struct {
	key     string
	cost    float64
	granted chan struct{} // closed when the slot is its
}

func newSlots(n int, policy fairness) *slots {
	return &slots{policy: policy, now: time.Now, free: n, waiters: list.New(), clients: map[string]*client{}}
}

// client returns key's state, its allowance brought up to date.
func (s *slots) client(key string) *client {
	now := s.now()
	c := s.clients[key]
	if c == nil {
		if len(s.clients) >= 4096 {
			s.forgetIdle(now)
		}
		c = &client{allowance: s.policy.burst, at: now}
		s.clients[key] = c
	}
	c.allowance = math.Min(s.policy.burst, c.allowance+s.policy.rate*now.Sub(c.at).Seconds())
	c.at = now
	return c
}

// forgetIdle drops the clients with nothing under way whose allowance is
// full again: they are as a new client would be.
func (s *slots) forgetIdle(now time.Time) {
	for key, c := range s.clients {
		if c.running == 0 && c.waiting == 0 && c.allowance+s.policy.rate*now.Sub(c.at).Seconds() >= s.policy.burst {
			delete(s.clients, key)
		}
	}
}

// acquire takes a slot for a render of cost run-steps for the client key,
// waiting for one up to the policy's wait or until ctx is done, and
// returns the function that gives it back. It fails with a
// *clientLimitError when the client may not render more now, with errBusy
// when no slot came free, and with ctx's error when ctx ended first.
func (s *slots) acquire(ctx context.Context, key string, cost float64) (release func(), err error) {
	s.mu.Lock()
	c := s.client(key)
	if c.running+c.waiting >= s.policy.running+s.policy.waiting {
		s.mu.Unlock()
		return nil, &clientLimitError{
			msg:        fmt.Sprintf("%d stills of yours are being rendered or wait for a slot, the most one client may have; wait for them", c.running+c.waiting),
			retryAfter: 2 * time.Second,
		}
	}
	if c.allowance < cost {
		wait := time.Duration((cost - c.allowance) / s.policy.rate * float64(time.Second))
		s.mu.Unlock()
		return nil, &clientLimitError{
			msg:        fmt.Sprintf("you have rendered a lot of stills lately: this one (%.3g run-steps) fits in your share again in %v", cost, wait.Round(time.Second)),
			retryAfter: wait,
		}
	}
	release = func() { s.release(key) }
	if s.free > 0 && c.running < s.policy.running {
		s.grant(c, cost)
		s.mu.Unlock()
		return release, nil
	}
	if s.waiters.Len() >= s.policy.queue {
		s.mu.Unlock()
		return nil, errBusy
	}
	w := &waiter{key: key, cost: cost, granted: make(chan struct{})}
	el := s.waiters.PushBack(w)
	c.waiting++
	s.mu.Unlock()

	timer := time.NewTimer(s.policy.wait)
	defer timer.Stop()
	select {
	case <-w.granted:
		return release, nil
	case <-timer.C:
		err = errBusy
	case <-ctx.Done():
		err = ctx.Err()
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	select {
	case <-w.granted: // granted as it gave up: take it
		return release, nil
	default:
	}
	s.waiters.Remove(el)
	c.waiting--
	return nil, err
}

// grant gives a free slot to a render of cost by c; s.mu is held.
func (s *slots) grant(c *client, cost float64) {
	s.free--
	c.running++
	c.allowance -= cost
	c.granted = s.now()
}

// release gives back a slot of the client key and hands it on.
func (s *slots) release(key string) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.clients[key].running--
	s.free++
	for s.free > 0 {
		el := s.next()
		if el == nil {
			return
		}
		w := s.waiters.Remove(el).(*waiter)
		c := s.client(w.key)
		c.waiting--
		s.grant(c, w.cost)
		close(w.granted)
	}
}

// next returns the waiter a free slot goes to: of those whose client may
// render one more, the one whose client has the fewest running, then
// whose client got its last slot the longest ago, then the oldest; nil if
// none may.
func (s *slots) next() *list.Element {
	var best *list.Element
	var bestClient *client
	for el := s.waiters.Front(); el != nil; el = el.Next() {
		c := s.clients[el.Value.(*waiter).key]
		switch {
		case c.running >= s.policy.running:
		case best == nil, c.running < bestClient.running,
			c.running == bestClient.running && c.granted.Before(bestClient.granted):
			best, bestClient = el, c
		}
	}
	return best
}

// clientKey returns the key by which r's client is limited: its IP address
// (for IPv6, its /64 network, which one machine may fill), taken from the
// last address in the header named header when header is not empty, which
// a trusted proxy in front of the server sets (such as X-Forwarded-For or
// X-Real-IP), else from the connection.
func clientKey(r *http.Request, header string) string {
	if header != "" {
		if vs := r.Header.Values(header); len(vs) > 0 {
			last := vs[len(vs)-1]
			if i := strings.LastIndexByte(last, ','); i >= 0 {
				last = last[i+1:]
			}
			if key, ok := addrKey(strings.TrimSpace(last)); ok {
				return key
			}
		}
	}
	if key, ok := addrKey(r.RemoteAddr); ok {
		return key
	}
	return r.RemoteAddr
}

// addrKey returns the key of an address, "IP" or "IP:port" (IPv6 in
// brackets with a port).
func addrKey(s string) (string, bool) {
	if host, _, err := net.SplitHostPort(s); err == nil {
		s = host
	}
	a, err := netip.ParseAddr(strings.Trim(s, "[]"))
	if err != nil {
		return "", false
	}
	a = a.Unmap().WithZone("")
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String(), true
	}
	return a.String(), true
}
