package main

import (
	"context"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"sort"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// clientFrom returns an HTTP client whose connections come from the
// loopback address ip, so that the server tells it from clients on others.
func clientFrom(ip string) *http.Client {
	d := &net.Dialer{LocalAddr: &net.TCPAddr{IP: net.ParseIP(ip)}}
	return &http.Client{Timeout: 30 * time.Second, Transport: &http.Transport{DialContext: d.DialContext, MaxIdleConnsPerHost: 8}}
}

// TestStillFairUnderANoisyClient is the fairness test over loopback: a noisy
// client (127.0.0.1) streams distinct heavy stills from four connections
// at once, as fast as the server answers, while another (127.0.0.2) asks,
// five times over half a second apart, for a preview that is cached and
// for a new small still.
// Every one of the other client's requests succeeds; the noisy client gets
// its share and 429s for the rest. Bounded: at most 400 noisy requests and
// 60 s.
func TestStillFairUnderANoisyClient(t *testing.T) {
	if testing.Short() {
		t.Skip("load test")
	}
	// Two slots, as on the team's machine; a heavy still costs about
	// 3.5e7 run-steps, a third of a second or so natively.
	srv := httptest.NewServer(newRenderHandler(t, renderOptions{concurrency: 2, budget: 5e7}))
	defer srv.Close()
	noisy, other := clientFrom("127.0.0.1"), clientFrom("127.0.0.2")
	get := func(c *http.Client, ctx context.Context, target string) (int, time.Duration, error) {
		req, _ := http.NewRequestWithContext(ctx, "GET", srv.URL+target, nil)
		start := time.Now()
		resp, err := c.Do(req)
		if err != nil {
			return 0, 0, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, time.Since(start), nil
	}
	const preview = "/render.png?opt=sgd&runs=200&steps=2000&w=1200&h=630"
	if status, _, err := get(other, context.Background(), preview); err != nil || status != http.StatusOK {
		t.Fatalf("warming the preview: %d, %v", status, err)
	}

	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	noise, stopNoise := context.WithCancel(ctx)
	var sent, ok, limited, busy atomic.Int32
	var wg sync.WaitGroup
	for c := range 4 {
		wg.Go(func() {
			for i := 0; noise.Err() == nil && sent.Load() < 400; i++ {
				sent.Add(1)
				status, _, err := get(noisy, noise, fmt.Sprintf("/render.png?runs=1000&steps=30000&seed=%d", 1000*c+i))
				switch {
				case err != nil:
				case status == http.StatusOK:
					ok.Add(1)
				case status == http.StatusTooManyRequests:
					limited.Add(1)
					time.Sleep(10 * time.Millisecond) // a noisy client, not a busy loop
				case status == http.StatusServiceUnavailable:
					busy.Add(1)
				default:
					t.Errorf("noisy client: status %d", status)
				}
			}
		})
	}
	time.Sleep(300 * time.Millisecond) // the noise is under way

	var cached, fresh []time.Duration
	start := time.Now()
	for round := range 5 {
		status, d, err := get(other, ctx, preview)
		if err != nil || status != http.StatusOK {
			t.Errorf("round %d, the cached preview: status %d, %v", round, status, err)
		}
		cached = append(cached, d)
		status, d, err = get(other, ctx, fmt.Sprintf("/render.png?runs=50&steps=500&w=600&h=400&seed=%d", round))
		if err != nil || status != http.StatusOK {
			t.Errorf("round %d, a new small still: status %d, %v", round, status, err)
		}
		fresh = append(fresh, d)
		time.Sleep(500 * time.Millisecond) // the noise goes on
	}
	elapsed := time.Since(start)
	stopNoise()
	wg.Wait()
	if ctx.Err() != nil {
		t.Fatal("the test ran out of time")
	}
	if limited.Load() == 0 {
		t.Error("the noisy client was never limited")
	}
	sort.Slice(cached, func(i, j int) bool { return cached[i] < cached[j] })
	sort.Slice(fresh, func(i, j int) bool { return fresh[i] < fresh[j] })
	t.Logf("in %v: the other client's cached preview %v median, %v max; new small still %v median, %v max; "+
		"the noisy client sent %d: %d drawn, %d told 429, %d 503",
		elapsed.Round(time.Millisecond), cached[2].Round(time.Microsecond), cached[4].Round(time.Microsecond),
		fresh[2].Round(time.Millisecond), fresh[4].Round(time.Millisecond), sent.Load(), ok.Load(), limited.Load(), busy.Load())
}
