//go:build js && wasm

package main

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync/atomic"
	"syscall/js"
	"time"

	"github.com/hajimehoshi/ebiten/v2"

	"noiseball/sim"
	"noiseball/sim/link"
	"noiseball/sim/message"
	"noiseball/sim/scene"
)

const (
	// stepBudget caps the time the steps of a frame (speed=N, see
	// link.View) may take, since the browser has one thread and a long
	// Update freezes the page's controls.
	stepBudget = 8 * time.Millisecond
	// gridBudget caps the time a frame spends sampling a real model's
	// loss on its plane, a pass over the training set per node: the rest
	// of stepBudget goes to the steps.
	gridBudget = 4 * time.Millisecond
	// sliceTime is the work between two looks at the clock: a step larger
	// than that is taken in slices (sim.Experiment.Work).
	sliceTime = time.Millisecond
	// prepareSlice is the work between two sleeps of a real model's
	// preparation (prepare).
	prepareSlice = 8 * time.Millisecond
	// firstRate is the guess of the time a run-step of the cost model
	// takes (sim/cost.go), in ns, until the page has measured it: about
	// what WebAssembly takes on the team's 2-core machine.
	firstRate = 25
)

// warmUp is the phase of the game's start-up. Its first frames draw
// nothing while the page still shows its still of the link
// (static/js/placeholder.js); each does one of the costly parts of
// start-up, so that none blocks the page's only thread for long: done in
// the first frame, on the probe's machine (10,000 runs at 912x492), they
// took about 170 ms of CPU in one task, and over 0.5 s under load.
type warmUp int

const (
	warmEbiten    warmUp = iota // Ebiten sets up WebGL and compiles its shaders
	warmLandscape               // the contours are rendered
	warmSteps                   // the first frame's steps are taken
	warmDraw                    // the first frame is drawn
	warm                        // started
)

// game is the Ebiten game: it owns the experiment and everything drawn.
type game struct {
	inbox  *inbox
	status atomic.Pointer[status]

	cfg  sim.Config
	exp  *sim.Experiment
	hist *sim.History // the metrics the charts show
	// prep receives a real model's experiment once its preparation is
	// done (prepare); nil when none is under way.
	prep chan prepared
	// recorded is the last step the history and the trails have seen. The
	// experiment's N advances before a real model's evaluations of that
	// step are done (sim.Experiment.Work), so the game records a step
	// once it is past recorded and the experiment is no longer in it.
	recorded int
	// theorems holds the theorem's verdict on each lane's settings; it
	// depends on the link only.
	theorems []sim.TheoremCheck
	sweep    *sweepView // sweep mode, or nil
	link     string     // canonical link of cfg
	errs     []string   // what was wrong with the link cfg came from
	problems []problem  // errs as data, and how many more there were
	more     int
	playing  bool
	panic    string
	frames   int
	speed    int  // steps per frame while playing
	cloud    bool // draw every run, not only run 0
	target   int  // the step to stop at
	present  bool // presenter mode: larger type and thicker lines
	fast     bool // fast-forwarding to target: as many steps as the budget allows

	trails []scene.Trail // one per lane
	// grid is a real model's loss on its plane, sampled a little each
	// frame for the view the picture has now (nil for the 2-D problems).
	grid *sim.LossGrid
	// changes counts the steps and restarts: what the plane shows moved.
	changes int

	warm     warmUp        // the phase of start-up
	w, h     int           // screen size in device pixels
	picture  scene.Picture // what Draw draws, by package scene
	labels   scene.Labels  // the picture's words, from the page (setLabels)
	labelsJS string        // their JSON, to tell a change
	canvases canvases
	charts   charts
	pointer  pointer
	damage   damage // what the last frame drew, to repaint only changes
	edit     *edit  // the game's last change to the link, for the page

	firstFrame float64 // performance.now() after the first Draw
	updateMs   float64 // moving averages of the time Update and Draw take
	drawMs     float64

	longest longest // the longest Update or Draw lately

	// rate is the measured time a run-step takes here, in ns (a moving
	// average), which sizes the slices of work between looks at the clock.
	rate float64
	// notice says why the link cannot be shown at a useful rate, and what
	// would be, by language, or is nil.
	notice map[string]string
}

// slice returns the run-steps of work that take about sliceTime.
func (g *game) slice() float64 { return float64(sliceTime.Nanoseconds()) / g.rate }

// measured folds work run-steps done in elapsed into the rate.
func (g *game) measured(work float64, elapsed time.Duration) {
	if work < g.slice()/4 {
		return // too little to time
	}
	r := float64(elapsed.Nanoseconds()) / work
	g.rate += (min(max(r, 0.1), 1e4) - g.rate) / 8
}

// average folds the duration since start into the moving average *avg,
// in ms, with a time constant of about 30 frames, and into the longest.
func (g *game) average(avg *float64, start time.Time) {
	ms := float64(time.Since(start).Microseconds()) / 1000
	*avg += (ms - *avg) / 30
	g.longest.add(ms, g.frames)
}

// longest keeps the longest of the durations of the last 30 to 60
// frames: the longest of the frames' current bucket of 30 and of the one
// before.
type longest struct {
	bucket     int // frames / 30 of the current bucket
	now, prior float64
}

// add folds in ms, a duration in frame frames.
func (l *longest) add(ms float64, frames int) {
	if b := frames / 30; b != l.bucket {
		l.bucket, l.prior, l.now = b, l.now, 0
	}
	l.now = max(l.now, ms)
}

// ms returns the longest duration.
func (l *longest) ms() float64 { return max(l.now, l.prior) }

func newGame(query string) *game {
	g := &game{inbox: &inbox{csv: make(chan js.Value, 8), logs: make(chan logRequest, 2)}, playing: true, rate: firstRate}
	g.canvases.init()
	g.setLink(query)
	return g
}

// setLink parses query and starts the experiment it describes, unless only
// the view changed. A bad value keeps its default and is reported; the rest
// of the link applies.
func (g *game) setLink(query string) {
	query = strings.TrimPrefix(query, "?")
	cfg, err := link.Parse(query)
	view, viewErr := link.ParseView(query)
	problems := append(link.Errors(err), link.Errors(viewErr)...)
	g.readView(view)
	switch {
	case link.HasSweep(query):
		problems = g.setSweep(query, view.Metric, problems)
	default:
		g.sweep = nil
		if enc := link.Encode(cfg); enc != g.link || g.exp == nil {
			g.cfg = cfg
			g.link = enc
			g.restart()
		}
	}
	g.errs = link.Messages(errors.Join(problems...))
	g.problems, g.more = linkProblems(errors.Join(problems...))
}

// setSweep switches to sweep mode for a sweep link, starting the sweep
// afresh unless only the view changed, and returns problems with the
// sweep's own added. A bad sweep link leaves the game in its normal view of
// the base link, with the errors reported.
func (g *game) setSweep(query, metric string, problems []error) []error {
	v, errs := newSweepView(query, metric)
	for _, e := range errs {
		// ParseSweep repeats the base link's errors, already reported.
		if !slices.ContainsFunc(problems, func(p error) bool { return p.Error() == e.Error() }) {
			problems = append(problems, e)
		}
	}
	if v == nil {
		g.sweep = nil
		cfg, _ := link.Parse(query)
		g.cfg, g.link = cfg, link.Encode(cfg)
		g.restart()
		return problems
	}
	enc := link.EncodeSweep(v.def)
	if g.sweep != nil && enc == g.link {
		g.sweep.metric = v.metric
		return problems
	}
	g.sweep, g.link, g.cfg = v, enc, v.def.Base
	g.restart()
	g.notice = g.heavy(v.heaviest())
	g.playing = true
	return problems
}

// readView applies the link's view settings the game heeds: speed=N,
// view=cloud|run and present=1.
func (g *game) readView(v link.View) {
	g.speed, g.cloud, g.present = v.Speed, v.Cloud, v.Present
	g.charts.redrawAll() // sizes may have changed
}

// restart starts cfg's experiment afresh at step 0. A real model's
// preparation runs in a goroutine of its own (prepare) and the experiment
// begins once it is done; its step-0 evaluations are left to the frames'
// work (sim.Begin), and the history is made once they are done.
func (g *game) restart() {
	g.exp, g.hist, g.prep = nil, nil, nil
	g.changes++
	g.notice = g.heavy(g.cfg)
	g.theorems = g.theorems[:0]
	for k := range g.cfg.Lanes {
		g.theorems = append(g.theorems, sim.Hypotheses(g.cfg, k))
	}
	g.target, g.fast = g.cfg.Steps, false
	if g.cfg.Problem.Kind.Real() {
		var cells []sim.Config
		if g.sweep != nil {
			cells = g.sweep.cells
		}
		g.prep = prepare(g.cfg, cells)
		return
	}
	exp, err := sim.Begin(g.cfg)
	if err != nil {
		// link.Parse only returns valid configurations; this is a bug.
		g.panic = fmt.Sprintf("invalid configuration: %v", err)
		g.playing = false
		return
	}
	g.begin(exp)
}

// begin makes exp the game's experiment, at step 0.
func (g *game) begin(exp *sim.Experiment) {
	g.exp = exp
	g.recorded = 0
	g.changes++
	g.hist = nil
	if !exp.InStep() {
		g.hist = sim.NewHistory(exp, 0, 0)
	}
	g.grid = nil
	g.trails = make([]scene.Trail, len(g.cfg.Lanes))
	for i := range g.trails {
		g.trails[i].Push(exp.Start())
	}
}

// prepared is what a preparation (prepare) ends with.
type prepared struct {
	exp *sim.Experiment
	err error
}

// prepare makes c's experiment with sim.Prepare, and prepares each of a
// sweep's cells, in a goroutine of its own that sleeps every prepareSlice
// of work: a goroutine of WebAssembly runs until it blocks, and the page's
// thread, which it shares with the browser's event loop, must keep
// answering (a real model's first preparation takes 1 to 2 s here). The
// channel receives the experiment once.
func prepare(c sim.Config, cells []sim.Config) chan prepared {
	done := make(chan prepared, 1)
	go func() {
		last := time.Now()
		pause := func() {
			if time.Since(last) >= prepareSlice {
				time.Sleep(time.Millisecond) // the event loop runs meanwhile
				last = time.Now()
			}
		}
		for _, cell := range cells {
			if _, err := sim.Prepare(cell, pause); err != nil {
				done <- prepared{err: err}
				return
			}
		}
		exp, err := sim.Prepare(c, pause)
		done <- prepared{exp: exp, err: err}
	}()
	return done
}

// Update applies the page's requests and advances the simulation within the
// frame's time budget.
func (g *game) Update() (err error) {
	defer g.average(&g.updateMs, time.Now())
	defer func() {
		if r := recover(); r != nil {
			g.panic = fmt.Sprint(r)
			g.playing = false
			g.publishPanic()
		}
	}()
	g.applyInbox()
	if g.prep != nil {
		select {
		case p := <-g.prep:
			g.prep = nil
			if p.err != nil {
				// link.Parse only returns valid configurations; this is a bug.
				g.panic = fmt.Sprintf("invalid configuration: %v", p.err)
				g.playing = false
				break
			}
			g.begin(p.exp)
		default: // still under way: the page keeps its still
		}
	}
	if g.exp == nil {
		g.publish()
		return nil
	}
	g.updatePointer()
	if g.warm != warmSteps && g.warm != warm {
		g.publish()
		return nil
	}
	if g.sweep != nil {
		g.updateSweep()
		g.publish()
		return nil
	}
	// The landscape's samples and the steps share the frame's budget.
	start := time.Now()
	g.sampleGrid(gridBudget)
	steps := int(g.inbox.steps.Swap(0))
	if g.playing {
		steps = g.speed
		if g.fast {
			steps = link.MaxSpeed
		}
	}
	g.work(steps, stepBudget-time.Since(start))
	if g.exp.N() >= g.target && !g.exp.InStep() {
		g.playing, g.fast = false, false
	}
	g.publish()
	return nil
}

// work takes up to steps steps within the frame's budget, a slice of about
// sliceTime at a time between looks at the clock: a step larger than a
// slice is taken over several slices, and over several frames when it is
// larger than the budget, and counts when all its runs have taken it. A
// real model's step-0 evaluations are finished first. It stops once budget
// has passed.
func (g *game) work(steps int, budget time.Duration) {
	start := time.Now()
	for (steps > 0 && g.exp.N() < g.target) || g.exp.InStep() {
		if time.Since(start) > budget {
			return
		}
		t0 := time.Now()
		done, slice := 0.0, g.slice()
		for done < slice && ((steps > 0 && g.exp.N() < g.target) || g.exp.InStep()) {
			done += g.exp.Work(slice - done)
			if g.exp.InStep() {
				continue
			}
			if g.hist == nil { // step 0's evaluations are done
				g.hist = sim.NewHistory(g.exp, 0, 0)
				done += sim.SnapshotCost(g.cfg)
			}
			if g.exp.N() > g.recorded {
				g.recorded = g.exp.N()
				steps--
				if g.stepped() {
					done += sim.SnapshotCost(g.cfg)
				}
			}
		}
		g.measured(done, time.Since(t0))
	}
}

func (g *game) applyInbox() {
	in := g.inbox
	if l := in.labels.Swap(nil); l != nil && *l != g.labelsJS {
		var labels scene.Labels
		if json.Unmarshal([]byte(*l), &labels) == nil {
			g.labels, g.labelsJS = labels, *l
		}
	}
	if q := in.link.Swap(nil); q != nil {
		g.panic = ""
		g.setLink(*q)
	}
	for len(in.logs) > 0 {
		r := <-in.logs
		r.resolve.Invoke(checkLog(r.data, r.column, r.lang))
	}
	for len(in.csv) > 0 {
		resolve := <-in.csv
		resolve.Invoke(g.csv())
	}
	if in.reset.Swap(false) {
		g.panic = ""
		g.restart()
	}
	if n := in.runTo.Swap(0); n > 0 {
		g.target = int(min(n, int64(g.cfg.Steps)*1000, 1e9))
		g.fast = g.exp == nil || g.target > g.exp.N()
		g.playing = g.playing || g.fast
	}
	switch in.play.Swap(playNone) {
	case playOn:
		g.playing = true
	case playOff:
		g.playing = false
	case playToggle:
		g.playing = !g.playing
	}
	if g.panic != "" {
		g.playing = false
	}
}

// sampleGrid samples, for at most budget, a real model's loss on the
// nodes of its plane that the picture's view needs (scene.LossGridFor),
// starting a new grid when the view outgrew the old one.
func (g *game) sampleGrid(budget time.Duration) {
	if !g.cfg.Problem.Kind.Real() || g.w == 0 {
		return
	}
	v := g.frame().View
	if !scene.GridServes(g.grid, g.cfg.Problem, v) {
		g.grid = scene.LossGridFor(g.cfg.Problem, v)
	}
	if g.grid == nil || g.grid.Done() {
		return
	}
	start := time.Now()
	g.grid.Fill(g.exp.Surface(), func() bool { return time.Since(start) < budget })
}

// stepped records a step that the experiment has finished: the history
// (it reports whether it took a snapshot) and the trails.
func (g *game) stepped() bool {
	g.changes++
	for i, l := range g.exp.Lanes() {
		g.trails[i].Push(l.Positions()[0])
	}
	return g.hist.Observe()
}

// heavy returns what the page says of a configuration whose steps cost
// more than sim.WatchableStepCost, in each language the page speaks
// (sim.HeavyNotice), or nil when c's steps fit.
func (g *game) heavy(c sim.Config) map[string]string {
	// The page simulates for stepBudget of each frame, about half of it.
	n, heavy := sim.HeavyNotice(c, g.rate*2/1e9)
	if !heavy {
		return nil
	}
	texts := map[string]string{}
	for _, lang := range message.Languages() {
		texts[lang] = n.Text(lang)
	}
	return texts
}

// csv returns the history as CSV: the header, then for each kept step one
// row per lane, as the CLI writes them.
func (g *game) csv() string {
	if g.sweep != nil {
		return g.sweep.csv()
	}
	b := []byte(strings.Join(sim.CSVColumnsFor(g.cfg), ",") + "\n")
	if g.hist == nil {
		return string(b)
	}
	for i := 0; i < g.hist.Len(); i++ {
		for k := range g.exp.Lanes() {
			b = sim.AppendCSV(b, k, g.hist.Lane(k)[i])
		}
	}
	return string(b)
}

// publish replaces the status snapshot the page reads.
func (g *game) publish() {
	s := &status{Playing: g.playing, Link: g.link, Errors: g.errs, Notice: g.notice["en"], Notices: g.notice, Problems: g.problems, MoreProblems: g.more, Panic: g.panic, Frames: g.frames,
		Target: g.target, Speed: g.speed, View: "run", Present: g.present, Edit: g.edit, FirstFrame: g.firstFrame, UpdateMs: g.updateMs, DrawMs: g.drawMs, LongestMs: g.longest.ms()}
	if g.cloud {
		s.View = "cloud"
	}
	if g.sweep != nil {
		s.Sweep = g.sweep.status()
	}
	if g.exp != nil {
		l := g.exp.Lanes()[0]
		p := l.Positions()[0]
		s.Step, s.X, s.Y = g.exp.N(), p[0], p[1]
		s.LossGap = g.cfg.Problem.LossGap(p)
		s.Contours = (&scene.Landscape{Problem: g.cfg.Problem, View: g.picture.View, Grid: g.grid}).Ready()
		if pl := g.exp.Plane(); pl != nil {
			s.Plane = &planeStatus{Kind: string(pl.Kind()), Dim: pl.Dim(), Model: string(g.cfg.Problem.Kind), Data: string(g.cfg.Problem.Dataset), Caption: pl.Caption()}
			// A real model's loss gap costs a pass over the training set:
			// the last evaluation's, lane 1's mean over its runs.
			// Until step 0's evaluations are done there is none (g.hist).
			if g.hist != nil {
				if snaps := g.hist.Lane(0); len(snaps) > 0 {
					s.LossGap = snaps[len(snaps)-1].LossGap.Mean
				}
			}
		}
		for _, l := range g.exp.Lanes() {
			s.Diverged += l.Diverged()
			s.Lanes = append(s.Lanes, g.laneStatus(len(s.Lanes), l))
		}
	}
	g.status.Store(s)
}

// publishPanic publishes the status after a panic in Update. The panic
// may have come from publish itself, and a second one inside the deferred
// recovery would end the Go program: the page would be left with no game
// and no message. If publish fails again, the status says only the panic.
func (g *game) publishPanic() {
	defer func() {
		if r := recover(); r != nil {
			g.status.Store(&status{Link: g.link, Errors: g.errs, Panic: g.panic, Frames: g.frames})
		}
	}()
	g.publish()
}

// laneStatus describes lane k for the page.
func (g *game) laneStatus(k int, l *sim.Lane) laneStatus {
	d := g.exp.Diagnostics(k)
	ls := laneStatus{
		Opt: string(l.Config().Opt), LR: l.LearningRate(), Diverged: l.Diverged(),
		Diagnosis: diagnosis{
			Status: d.Status.String(), Since: d.Since, Reason: d.Reason, Explanation: d.Explanation,
			Ball: d.Ball, BallSlope: d.BallSlope, Halvings: d.Halvings,
			Rate: d.Rate, Factor: d.Factor, Offset: d.Offset, From: d.From, To: d.To,
		},
	}
	t := g.theorems[k]
	ls.Theorem = theorem{Applies: t.Applies, Conclusion: t.Conclusion, Verdict: t.Verdict, Text: t.Text}
	for _, h := range t.Hypotheses {
		ls.Theorem.Hypotheses = append(ls.Theorem.Hypotheses, hypothesis{ID: h.ID, Held: h.Held, Why: h.Why, Detail: h.Detail, BrokenBy: h.BrokenBy})
	}
	return ls
}

// LayoutF makes the screen as large as the canvas in device pixels, so that
// drawing is crisp on HiDPI screens.
func (g *game) LayoutF(outsideWidth, outsideHeight float64) (float64, float64) {
	s := ebiten.Monitor().DeviceScaleFactor()
	w, h := math.Ceil(outsideWidth*s), math.Ceil(outsideHeight*s)
	g.w, g.h = int(w), int(h)
	return w, h
}

// Layout is required by ebiten.Game; LayoutF takes precedence.
func (g *game) Layout(outsideWidth, outsideHeight int) (int, int) {
	w, h := g.LayoutF(float64(outsideWidth), float64(outsideHeight))
	return int(w), int(h)
}
