package sim

import (
	"math"

	"noiseball/sim/detmat"
	"noiseball/sim/model"
)

// realLane is the d-dimensional state of a lane on a real model, beside
// the 2-D Lane it belongs to. The Lane keeps what the drawing and the
// statistics read, as on the 2-D problems: Lane.theta and Lane.prev are
// the runs' points theta_n and theta_{n-1} projected onto the plane, and
// alive, divergedAt, gamma, batch and the Polyak sum (of the projections)
// mean what they mean there. The runs' theta in R^d and the optimizer's
// moments live here, run r's d coordinates at [r d, (r+1) d).
type realLane struct {
	plane *Plane    // the experiment's picture
	ref   *modelRef // this lane's objective: the model and theta* for its weight decay
	m     *model.Model
	d     int

	theta          []float64 // theta_n
	mom, sec, smax []float64 // m_n, M_n (or G_n), Mhat_n: nil where the optimizer keeps none
	stepSq         []float64 // ||theta_n - theta_{n-1}||^2 per run, 0 at n = 0

	// Scratch for one run's step: its batch, of which Lane.taken
	// examples are summed in g so far (Work).
	old, g  []float64
	idx     []int32
	scratch model.Scratch

	// The diagnostics' sample (realdiag.go): runs 0 .. R'-1.
	anchor, gprev []float64
	terms         [][3]float64 // ||theta - anchor||^2, ||step||^2, <g_n, g_{n-1}> of step n
	time0         []float64    // run 0's sum of theta over the window
	time0sq       float64      // and of ||theta||^2
	time0n        int

	eval evaluation // the last full-data evaluation (realmetrics.go)

	// A sweep's time average of the ensemble mean (sweep.go).
	meanSum []float64
	meanN   int
}

// newRealLane returns the d-dimensional state of l's runs on the model of
// ref, every run at theta_0 (model.Init), drawn on plane, pausing between
// its allocations of runs x d numbers and every 64 runs it fills.
func newRealLane(l *Lane, plane *Plane, ref *modelRef, runs int, pause detmat.Pause) *realLane {
	m := ref.model
	d := m.D
	r := &realLane{
		plane: plane, ref: ref, m: m, d: d,
		theta:  make([]float64, runs*d),
		stepSq: make([]float64, runs),
		old:    make([]float64, d),
		g:      make([]float64, d),
		idx:    make([]int32, 0, 1),
	}
	// Only the moments the optimizer keeps: a lane's state is runs x d.
	pause.Now()
	switch l.rule {
	case ruleMomentum, ruleHeavyBall, ruleNesterov:
		r.mom = make([]float64, runs*d)
	case ruleAdagrad, ruleRMSprop:
		r.sec = make([]float64, runs*d)
	case ruleAdam:
		r.mom, r.sec = make([]float64, runs*d), make([]float64, runs*d)
	case ruleAMSGrad:
		r.mom, r.sec, r.smax = make([]float64, runs*d), make([]float64, runs*d), make([]float64, runs*d)
	}
	pause.Now()
	m.Init(r.theta[:d])
	for i := 1; i < runs; i++ {
		if i%64 == 0 {
			pause.Now()
		}
		copy(r.theta[i*d:(i+1)*d], r.theta[:d])
	}
	start := plane.Project(r.theta[:d])
	for i := range l.theta {
		l.theta[i], l.prev[i] = start, start
	}
	s := l.diag.runs
	r.anchor = make([]float64, s*d)
	r.gprev = make([]float64, s*d)
	r.terms = make([][3]float64, s)
	r.time0 = make([]float64, d)
	return r
}

// run returns run i's theta.
func (r *realLane) run(i int) []float64 { return r.theta[i*r.d : (i+1)*r.d : (i+1)*r.d] }

// workReal advances the live runs of a lane on a real model from l.next
// on from step n-1 to step n (Work), through the same recursions as the
// 2-D step (MATH.md, in the same order): the mini-batch gradient g_n of
// J_n training examples drawn uniformly with replacement by the run's own
// stream, gradient-norm clipping, coupled (L2) weight decay, the
// optimizer's update (coeffs, the same per-coordinate recursions), AdamW's
// decoupled decay and the divergence check: a run that leaves the box
// |theta_i| <= DivergenceBox or becomes NaN is frozen at theta_{n-1}. Then
// the run's projection. It takes at least one example of one run's batch
// and then as many as budget run-steps pay for, a run's batch in slices
// when one run costs more than the budget (BatchGradientPart), and
// returns their cost. After the last run, the diagnostics (which may
// halve sched=auto's rate).
func (l *Lane) workReal(n int, budget float64) float64 {
	r := l.real
	c := &l.cfg
	k := &l.k
	l2 := 0.0
	if c.Opt != AdamW {
		l2 = c.WeightDecay
	}
	if cap(r.idx) < l.batch {
		r.idx = make([]int32, l.batch)
	}
	idx := r.idx[:l.batch]
	n0 := r.m.Set.Train.N
	d := r.d
	g, old := r.g, r.old
	diagOn := !l.diag.off
	sample := l.diag.runs
	pairs := n-l.diag.d.Anchor >= 2
	// A run costs base plus point for each example of its batch.
	point := l.pointCost
	base := l.runCost - float64(point*float64(l.batch))
	spent := 0.0
	for l.next < len(l.alive) && (spent == 0 || spent < budget) {
		run := l.next
		if !l.alive[run] {
			l.next++
			continue
		}
		th := r.run(run)
		if l.taken == 0 {
			model.DrawBatch(&l.src[run], n0, idx)
		}
		m := l.batch - l.taken
		if left := budget - spent; float64(base+float64(point*float64(m))) > left {
			m = max(1, min(m, int((left-base)/point)))
		}
		r.m.BatchGradientPart(th, idx, l.taken, l.taken+m, g, &r.scratch)
		l.taken += m
		spent += float64(point * float64(m))
		if l.taken < l.batch {
			return spent // the budget ran out within the run's batch
		}
		l.taken = 0
		spent += base
		copy(old, th)
		if clip := c.Clip; clip > 0 {
			if norm := detmat.Norm(g); norm > clip {
				f := clip / norm
				for i := range g {
					g[i] *= f
				}
			}
		}
		if l2 != 0 {
			detmat.Axpy(l2, th, g)
		}
		if diagOn && run < sample {
			r.terms[run][2] = pflugTerm(g, r.gprev[run*d:(run+1)*d], pairs)
		}
		lo, hi := run*d, (run+1)*d
		sq, ok := updateReal(l.rule, k, l.decay, th, old, g, part(r.mom, lo, hi), part(r.sec, lo, hi), part(r.smax, lo, hi))
		if !ok {
			l.alive[run] = false
			l.divergedAt[run] = n
			l.diverged++
			copy(th, old)
			sq = 0
		}
		r.stepSq[run] = sq
		l.prev[run] = l.theta[run]
		if diagOn && run < sample {
			l.theta[run], r.terms[run][0] = r.plane.projectFrom(th, r.anchor[run*d:(run+1)*d])
			r.terms[run][1] = sq
		} else {
			l.theta[run] = r.plane.Project(th)
		}
		l.next++
	}
	if l.next == len(l.alive) && diagOn && l.diag.observe(l, n, nil) {
		l.halve(n)
	}
	return spent
}

// updateReal applies the optimizer's step (rule, with the coefficients k)
// to one run: theta = old - step coordinate by coordinate, from the
// gradient g and the moments m, v (and vmax for AMSGrad), then AdamW's
// decoupled decay theta -= decay old. It returns ||theta - old||^2 and
// whether theta stays inside the box |theta_i| <= DivergenceBox (false
// for NaN too).
func updateReal(ru rule, k *coeffs, decay float64, th, old, g, m, v, vmax []float64) (sq float64, ok bool) {
	n := len(g)
	th, old = th[:n], old[:n]
	if m != nil {
		m = m[:n]
	}
	if v != nil {
		v = v[:n]
	}
	// Each pass keeps ||theta - old||^2 and the box check as it goes; the
	// comparison is false for NaN too. (One pass rather than a pass of
	// bookkeeping after the update: a loop costs more in WebAssembly.)
	// A loop per rule, rather than one loop calling the rule's step
	// through a function value: BenchmarkUpdateReal, d = 1210, in wasm
	// (node) 4.3-4.6 us against 12.7-13.2 us for SGD and 9.1-11.5 us
	// against 17.5-21.0 us for Adam; natively 1.5 against 4.3-4.8 us and
	// 4.9-5.6 against 7.8-8.1 us.
	bad := false
	switch {
	case decay != 0: // AdamW: the decoupled decay after Adam's step
		for i, gi := range g {
			o := old[i]
			t := o - k.adam(&m[i], &v[i], gi)
			t -= float64(decay * o)
			th[i] = t
			s := t - o
			sq += float64(s * s)
			bad = bad || !(math.Abs(t) <= DivergenceBox)
		}
	case ru == ruleSGD:
		for i, gi := range g {
			o := old[i]
			t := o - float64(k.gamma*gi)
			th[i] = t
			s := t - o
			sq += float64(s * s)
			bad = bad || !(math.Abs(t) <= DivergenceBox)
		}
	case ru == ruleMomentum:
		for i, gi := range g {
			o := old[i]
			t := o - k.momentum(&m[i], gi)
			th[i] = t
			s := t - o
			sq += float64(s * s)
			bad = bad || !(math.Abs(t) <= DivergenceBox)
		}
	case ru == ruleHeavyBall:
		for i, gi := range g {
			o := old[i]
			t := o - k.heavyBall(&m[i], gi)
			th[i] = t
			s := t - o
			sq += float64(s * s)
			bad = bad || !(math.Abs(t) <= DivergenceBox)
		}
	case ru == ruleNesterov:
		for i, gi := range g {
			o := old[i]
			t := o - k.nesterov(&m[i], gi)
			th[i] = t
			s := t - o
			sq += float64(s * s)
			bad = bad || !(math.Abs(t) <= DivergenceBox)
		}
	case ru == ruleAdagrad:
		for i, gi := range g {
			o := old[i]
			t := o - k.adagrad(&v[i], gi)
			th[i] = t
			s := t - o
			sq += float64(s * s)
			bad = bad || !(math.Abs(t) <= DivergenceBox)
		}
	case ru == ruleRMSprop:
		for i, gi := range g {
			o := old[i]
			t := o - k.rmsprop(&v[i], gi)
			th[i] = t
			s := t - o
			sq += float64(s * s)
			bad = bad || !(math.Abs(t) <= DivergenceBox)
		}
	case ru == ruleAdam:
		for i, gi := range g {
			o := old[i]
			t := o - k.adam(&m[i], &v[i], gi)
			th[i] = t
			s := t - o
			sq += float64(s * s)
			bad = bad || !(math.Abs(t) <= DivergenceBox)
		}
	case ru == ruleAMSGrad:
		vmax = vmax[:n]
		for i, gi := range g {
			o := old[i]
			t := o - k.amsgrad(&m[i], &v[i], &vmax[i], gi)
			th[i] = t
			s := t - o
			sq += float64(s * s)
			bad = bad || !(math.Abs(t) <= DivergenceBox)
		}
	}
	return sq, !bad
}

// pflugTerm returns <g, gprev> (0 when pairs is false: g_{n-1} is not of
// the diagnostics' current anchor) and sets gprev = g, in one pass.
func pflugTerm(g, gprev []float64, pairs bool) float64 {
	gprev = gprev[:len(g)]
	var s float64
	for i, x := range g {
		s += float64(x * gprev[i])
		gprev[i] = x
	}
	if !pairs {
		return 0
	}
	return s
}

// part returns a[lo:hi], or nil for a nil a (a moment the optimizer does
// not keep).
func part(a []float64, lo, hi int) []float64 {
	if a == nil {
		return nil
	}
	return a[lo:hi]
}

// sqDist returns ||a - b||^2.
func sqDist(a, b []float64) float64 {
	b = b[:len(a)]
	var s float64
	for i, x := range a {
		t := x - b[i]
		s += float64(t * t)
	}
	return s
}
