package main

import (
	"bytes"
	"compress/gzip"
	"container/list"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"log"
	"math"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"noiseball/server/still"
	"noiseball/sim"
	"noiseball/sim/link"
)

// The still endpoints: the view the query describes (the page's link),
// rendered natively to a PNG or an SVG.
const (
	renderPNGPath = "/render.png"
	renderSVGPath = "/render.svg"
)

// Defaults of the still endpoints; the server's flags override them.
const (
	// defaultRenderBudget is the most work (simWork + drawWork, run-steps of
	// package sim's cost model) one still may take, its drawing included:
	// about 2.5 s natively. The one-lane presets on normal data fit at full
	// length even in the page's largest download, a 3840x2160 PNG.
	defaultRenderBudget  = 2.5e8
	defaultRenderTimeout = 10 * time.Second
	defaultRenderCache   = 64 << 20

	// Default size of a still, in CSS pixels: the Open Graph image size.
	defaultStillWidth  = 1200
	defaultStillHeight = 630

	// stillCacheControl lets browsers and proxies keep a still for a day:
	// it depends only on its query and the server's version.
	stillCacheControl = "public, max-age=86400"

	// stillRetryAfter is the Retry-After, in seconds, of a 503 sent when
	// no render slot came free in time: about one render's time.
	stillRetryAfter = "2"
)

// stillPolicy is the Content-Security-Policy of a still, without its
// frame-ancestors directive: an image needs nothing, and an SVG opened as a
// document may load and run nothing (it uses presentation attributes only,
// no style sheets).
const stillPolicy = "default-src 'none'"

// renderOptions configure the still endpoints.
type renderOptions struct {
	budget      float64       // most work per still, simWork + drawWork
	timeout     time.Duration // longest a render may take
	concurrency int           // renders at once; more wait for a slot
	cacheBytes  int64         // bytes of stills kept, by canonical query

	// fairness shares the slots among clients; zero fields take
	// defaultFairness's. clientHeader, when set, names the request header
	// a trusted proxy puts the client's address in (see clientKey).
	fairness     fairness
	clientHeader string

	// beforeRender, when not nil, is called in each render's slot before
	// it simulates, with the render's context: tests block renders with it.
	beforeRender func(ctx context.Context)
}

// stillRequest is a parsed still query.
type stillRequest struct {
	svg  bool
	cfg  sim.Config
	opt  still.Options
	link string  // canonical link of cfg, with view=run and present=1 if asked
	work float64 // what it costs: simWork + drawWork, in run-steps
}

// key returns the canonical query of the still: equal keys give equal
// bytes.
func (q *stillRequest) key() string {
	ext := "png"
	if q.svg {
		ext = "svg"
	}
	return fmt.Sprintf("%s?%s&w=%d&h=%d&dpr=%d", ext, q.link, q.opt.Width, q.opt.Height, max(q.opt.Scale, 1))
}

// stillParams are the query parameters of the still endpoints that are
// not part of the link.
var stillParams = []string{"w", "h", "dpr", "fit", "first"}

// parseStillQuery reads a still query: the page's link (of whose view
// settings it heeds view=run and present=1) plus w and h (the
// size in CSS pixels), dpr (pixels per CSS pixel of a PNG), fit=1 (run
// fewer steps rather than fail when the link needs more work than budget)
// and first=1 (draw the link's first frame, as the page's game draws it:
// at step speed=, the link's steps per frame, or steps= if that is fewer;
// the page shows this still in the game's place while the game loads).
// It returns the request or every problem, one per line, each naming its
// parameter (at most link.MaxProblems of them, then how many more).
func parseStillQuery(raw string, svg bool, budget float64) (*stillRequest, []string) {
	var problems []error
	values, err := url.ParseQuery(raw)
	if err != nil {
		return nil, []string{fmt.Sprintf("the query is not a valid query string: %v", err)}
	}
	intParam := func(name string, def, lo, hi int) int {
		vs, ok := values[name]
		if !ok {
			return def
		}
		n, err := link.ParseInt(name, vs[len(vs)-1], lo, hi)
		if err != nil {
			problems = append(problems, err)
			return def
		}
		return n
	}
	q := &stillRequest{svg: svg}
	q.opt.Width = intParam("w", defaultStillWidth, still.MinWidth, still.MaxWidth)
	q.opt.Height = intParam("h", defaultStillHeight, still.MinHeight, still.MaxHeight)
	q.opt.Scale = intParam("dpr", 1, 1, still.MaxScale)
	fit := intParam("fit", 0, 0, 1) == 1
	first := intParam("first", 0, 0, 1) == 1
	if len(problems) == 0 {
		if err := q.opt.Check(); err != nil {
			problems = append(problems, fmt.Errorf("w, h, dpr: %v", err))
		}
	}

	for _, name := range stillParams {
		values.Del(name)
	}
	query := values.Encode()
	view, err := link.ParseView(query)
	problems = append(problems, link.Errors(err)...)
	q.opt.Cloud, q.opt.Present = view.Cloud, view.Present
	cfg, err := link.Parse(query)
	problems = append(problems, link.Errors(err)...)
	if len(problems) > 0 {
		return nil, link.Messages(errors.Join(problems...))
	}
	if first {
		cfg.Steps = min(cfg.Steps, view.Speed)
	}
	draw := drawWork(cfg, q.opt, svg)
	if sw := simWork(cfg); sw+draw > budget {
		if draw > budget {
			return nil, []string{fmt.Sprintf("w=%d, h=%d, dpr=%d: drawing a still of %dx%d pixels with %d dots costs %.3g run-steps, more than the limit of %.3g; ask for a smaller one",
				q.opt.Width, q.opt.Height, max(q.opt.Scale, 1), q.opt.Width*max(q.opt.Scale, 1), q.opt.Height*max(q.opt.Scale, 1), dots(cfg, q.opt), draw, budget)}
		}
		if !fit {
			return nil, []string{workMessage(cfg, sw, draw, budget)}
		}
		steps := fitSteps(cfg, budget-draw)
		if steps < 1 {
			return nil, []string{workMessage(cfg, sw, draw, budget) + " Even one step is too much for fit=1."}
		}
		cfg.Steps = steps
	}
	q.cfg = cfg
	q.work = simWork(cfg) + draw
	q.link = link.Encode(cfg)
	if !q.opt.Cloud {
		q.link += "&view=run"
	}
	if q.opt.Present {
		q.link += "&present=1"
	}
	return q, nil
}

// simWork returns what simulating a still of cfg costs, in run-steps
// (package sim's cost model): the run to cfg.Steps with the history its
// charts plot. A still costs simWork plus drawWork.
func simWork(cfg sim.Config) float64 {
	return sim.Cost(cfg) + sim.HistoryCost(cfg)
}

// workMessage explains that simulating cfg costs simulate and drawing it draw,
// more than budget together.
func workMessage(cfg sim.Config, simulate, draw, budget float64) string {
	return fmt.Sprintf("steps=%d: too much work for a still: %d steps x %d runs x %d lanes costs %.3g run-steps, and drawing them %.3g more "+
		"(a run-step of Adam on normal data on a quadratic costs 1, of other problems and data 2 to 6, more with batches); the limit is %.3g. "+
		"Lower steps or runs, or add fit=1 to stop at the last step within the limit.",
		cfg.Steps, cfg.Steps, cfg.Runs, len(cfg.Lanes), simulate, draw, budget)
}

// fitSteps returns the most steps, at most cfg.Steps, whose simulation
// work (simWork) is within budget, or 0 if even one step is not.
func fitSteps(cfg sim.Config, budget float64) int {
	lo, hi := 0, cfg.Steps // work(lo) <= budget < work(hi)
	for hi-lo > 1 {
		mid := lo + (hi-lo)/2
		c := cfg
		c.Steps = mid
		if simWork(c) <= budget {
			lo = mid
		} else {
			hi = mid
		}
	}
	return lo
}

// A stillEntry is a rendered still with its representations.
type stillEntry struct {
	key       string
	mediaType string
	body      []byte
	etag      string
	gz        []byte // the body gzipped, for SVG; nil for PNG
	gzETag    string
}

func (e *stillEntry) size() int64 { return int64(len(e.key) + len(e.body) + len(e.gz) + 256) }

// stillCache is a least-recently-used cache of stills bounded in bytes.
type stillCache struct {
	max   int64
	used  int64
	order *list.List // of *stillEntry, most recent first
	byKey map[string]*list.Element
}

func newStillCache(max int64) *stillCache {
	return &stillCache{max: max, order: list.New(), byKey: map[string]*list.Element{}}
}

func (c *stillCache) get(key string) *stillEntry {
	el, ok := c.byKey[key]
	if !ok {
		return nil
	}
	c.order.MoveToFront(el)
	return el.Value.(*stillEntry)
}

// add keeps e, dropping the least recently used stills to make room. A
// still larger than an eighth of the cache is not kept.
func (c *stillCache) add(e *stillEntry) {
	if e.size() > c.max/8 || c.byKey[e.key] != nil {
		return
	}
	c.byKey[e.key] = c.order.PushFront(e)
	c.used += e.size()
	for c.used > c.max {
		last := c.order.Back()
		old := last.Value.(*stillEntry)
		c.order.Remove(last)
		delete(c.byKey, old.key)
		c.used -= old.size()
	}
}

// A flight is a render under way; requests for the same still wait for it
// instead of rendering it again.
type flight struct {
	done  chan struct{}
	entry *stillEntry
	err   error
}

// renderer serves the still endpoints.
type renderer struct {
	opt      renderOptions
	csp      string // of the stills
	errorLog *log.Logger
	slots    *slots

	mu      sync.Mutex
	cache   *stillCache
	flights map[string]*flight
}

func newRenderer(opt renderOptions, frameAncestors string, errorLog *log.Logger) *renderer {
	if opt.concurrency < 1 {
		opt.concurrency = 1
	}
	if opt.timeout <= 0 {
		opt.timeout = defaultRenderTimeout
	}
	def := defaultFairness(opt.concurrency, opt.budget)
	f := &opt.fairness
	for _, v := range []struct{ field, def *int }{{&f.running, &def.running}, {&f.waiting, &def.waiting}, {&f.queue, &def.queue}} {
		if *v.field <= 0 {
			*v.field = *v.def
		}
	}
	if f.wait <= 0 {
		f.wait = def.wait
	}
	if f.rate <= 0 || f.burst <= 0 {
		f.rate, f.burst = def.rate, def.burst
	}
	return &renderer{
		opt:      opt,
		csp:      stillPolicy + "; frame-ancestors " + frameAncestors,
		errorLog: errorLog,
		slots:    newSlots(opt.concurrency, opt.fairness),
		cache:    newStillCache(opt.cacheBytes),
		flights:  map[string]*flight{},
	}
}

// serve answers a GET or HEAD of a still endpoint. Every answer, an error
// too, carries the stills' content security policy and a Cross-Origin-
// Resource-Policy of cross-origin: other sites show stills as images.
func (rd *renderer) serve(w http.ResponseWriter, r *http.Request, svg bool) {
	w.Header().Set("Content-Security-Policy", rd.csp)
	w.Header().Set("Cross-Origin-Resource-Policy", corpCrossOrigin)
	q, problems := parseStillQuery(r.URL.RawQuery, svg, rd.opt.budget)
	if problems != nil {
		plainError(w, http.StatusBadRequest, strings.Join(problems, "\n"))
		return
	}
	e, err := rd.still(r.Context(), q, clientKey(r, rd.opt.clientHeader))
	var limit *clientLimitError
	switch {
	case err == nil:
	case errors.As(err, &limit):
		w.Header().Set("Retry-After", strconv.Itoa(max(1, int(math.Ceil(limit.retryAfter.Seconds())))))
		plainError(w, http.StatusTooManyRequests, limit.msg)
		return
	case errors.Is(err, errBusy):
		w.Header().Set("Retry-After", stillRetryAfter)
		plainError(w, http.StatusServiceUnavailable, "the server is busy rendering other stills; try again in a moment")
		return
	case errors.Is(err, context.DeadlineExceeded):
		rd.errorLog.Printf("%s %s: render took longer than %v", r.Method, r.URL.RequestURI(), rd.opt.timeout)
		plainError(w, http.StatusServiceUnavailable, fmt.Sprintf("rendering this still took longer than %v; lower steps or runs", rd.opt.timeout))
		return
	case r.Context().Err() != nil:
		// The client went away while waiting; nobody reads an answer.
		return
	default:
		rd.errorLog.Printf("%s %s: %v", r.Method, r.URL.RequestURI(), err)
		plainError(w, http.StatusInternalServerError, "500 internal server error")
		return
	}

	hdr := w.Header()
	hdr.Set("Cache-Control", stillCacheControl)
	body, etag := e.body, e.etag
	if e.gz != nil {
		hdr.Set("Vary", "Accept-Encoding")
		if parseAcceptEncoding(r.Header.Values("Accept-Encoding")).quality(codingGzip) > 0 {
			body, etag = e.gz, e.gzETag
			hdr.Set("Content-Encoding", codingGzip)
		}
	}
	hdr.Set("ETag", etag)
	if etagMatches(r.Header.Values("If-None-Match"), etag) {
		hdr.Del("Content-Encoding")
		w.WriteHeader(http.StatusNotModified)
		return
	}
	hdr.Set("Content-Type", e.mediaType)
	hdr.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		w.Write(body)
	}
}

// still returns the still q asks for: from the cache, from a render of the
// same still under way, or rendered now in a slot that client gets from
// rd.slots (see fairness), which it may wait for. A render that passes the
// timeout fails then, though its slot stays taken until it has stopped.
func (rd *renderer) still(ctx context.Context, q *stillRequest, client string) (*stillEntry, error) {
	key := q.key()
	rd.mu.Lock()
	e, f := rd.lookup(key)
	rd.mu.Unlock()
	switch {
	case e != nil:
		return e, nil
	case f != nil:
		return f.wait(ctx)
	}
	release, err := rd.slots.acquire(ctx, client, q.work)
	if err != nil {
		return nil, err
	}
	rd.mu.Lock()
	// While this request waited, another may have made the same still.
	if e, f := rd.lookup(key); e != nil || f != nil {
		rd.mu.Unlock()
		release()
		if e != nil {
			return e, nil
		}
		return f.wait(ctx)
	}
	f = &flight{done: make(chan struct{})}
	rd.flights[key] = f
	rd.mu.Unlock()

	// The render outlives a client that leaves, up to the timeout: others
	// may be waiting for it, and the cache keeps it.
	rctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), rd.opt.timeout)
	type result struct {
		e   *stillEntry
		err error
	}
	out := make(chan result, 1)
	go func() {
		e, err := rd.render(rctx, q, key)
		// Only once the work has stopped, and before the answer can reach
		// the client: a client that asks for its next still as soon as it
		// has this one must not find this one still counted against it.
		release()
		out <- result{e, err}
	}()
	select {
	case r := <-out:
		f.entry, f.err = r.e, r.err
	case <-rctx.Done():
		// Drawing does not look at the clock yet; the answer does.
		f.err = rctx.Err()
	}
	cancel()
	rd.mu.Lock()
	delete(rd.flights, key)
	if f.err == nil {
		rd.cache.add(f.entry)
	}
	rd.mu.Unlock()
	close(f.done)
	return f.entry, f.err
}

// lookup returns the still key from the cache, or else the render of it
// under way, or neither; rd.mu is held.
func (rd *renderer) lookup(key string) (*stillEntry, *flight) {
	if e := rd.cache.get(key); e != nil {
		return e, nil
	}
	return nil, rd.flights[key]
}

// wait returns the flight's still once it is rendered, or ctx's error.
func (f *flight) wait(ctx context.Context) (*stillEntry, error) {
	select {
	case <-f.done:
		return f.entry, f.err
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// render simulates and draws q's still.
func (rd *renderer) render(ctx context.Context, q *stillRequest, key string) (e *stillEntry, err error) {
	defer func() {
		if p := recover(); p != nil {
			e, err = nil, fmt.Errorf("render %s panicked: %v", key, p)
		}
	}()
	if rd.opt.beforeRender != nil {
		rd.opt.beforeRender(ctx)
	}
	scene, err := still.Simulate(ctx, q.cfg)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, err // no drawing past the deadline
	}
	e = &stillEntry{key: key}
	if q.svg {
		e.mediaType = "image/svg+xml"
		e.body, err = scene.SVG(ctx, q.opt, "noiseball: "+q.link)
		if err == nil {
			var b bytes.Buffer
			zw, _ := gzip.NewWriterLevel(&b, gzip.BestSpeed)
			zw.Write(e.body)
			err = zw.Close()
			e.gz = b.Bytes()
			e.gzETag = strongETag(e.gz)
		}
	} else {
		e.mediaType = "image/png"
		e.body, err = scene.PNG(ctx, q.opt)
	}
	if err != nil {
		return nil, err
	}
	// Drawing looks at the clock only between the picture's parts; a
	// render that overran while drawing still counts as too slow, so that
	// the limit means one thing.
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	e.etag = strongETag(e.body)
	return e, nil
}

// strongETag returns the first 16 hex digits of the SHA-256 of b, quoted.
func strongETag(b []byte) string {
	sum := sha256.Sum256(b)
	return `"` + hex.EncodeToString(sum[:8]) + `"`
}

// plainError answers with status and a plain-text message, never cached.
func plainError(w http.ResponseWriter, status int, msg string) {
	hdr := w.Header()
	hdr.Set("Content-Type", "text/plain; charset=utf-8")
	hdr.Set("Cache-Control", "no-store")
	hdr.Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(status)
	io.WriteString(w, msg+"\n")
}

// featuresPath describes what this server adds to the static page. The
// page reads it to decide whether to offer what needs the server: a static
// copy of the site (make dist) has a features.json file saying
// {"render": false} instead.
const featuresPath = "/features.json"

// serveFeatures answers featuresPath: whether the still endpoints are on,
// and the most work a still may take (simWork + drawWork, in run-steps).
func serveFeatures(w http.ResponseWriter, r *http.Request, rd *renderer) {
	body := `{"render": false}` + "\n"
	if rd != nil {
		body = fmt.Sprintf(`{"render": true, "renderBudget": %s}`+"\n", strconv.FormatFloat(rd.opt.budget, 'g', -1, 64))
	}
	hdr := w.Header()
	hdr.Set("Content-Type", "application/json")
	hdr.Set("Cache-Control", cacheControl)
	hdr.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method != http.MethodHead {
		io.WriteString(w, body)
	}
}
