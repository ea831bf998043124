package sim

import (
	"math"

	"noiseball/sim/rng"
)

// chunk is how many runs step processes pass by pass. The gradients of a
// chunk (4 KiB) stay in the first-level cache between the passes.
const chunk = 256

// start begins step n of lane k of e (Work): the step's coefficients
// (begin) and what each of its runs costs. It returns the lane's fixed
// cost of the step, LaneStepCost's part beyond the runs.
func (l *Lane) start(e *Experiment, k, n int) float64 {
	l.decay = l.begin(n, &l.k)
	l.runCost = RunStepCost(e.cfg, k, n)
	l.pointCost = examplePointCost(e.cfg)
	l.begun, l.next = true, 0
	fixed := float64(laneStepCost)
	if !l.diag.off {
		fixed += float64(diagCost * float64(l.diag.runs))
	}
	return fixed
}

// work takes step n of the lane's runs from l.next on, at least one run
// (on a real model a slice of one) and then as many as budget run-steps
// pay for, and returns their cost; once the last run has taken the step it
// finishes the lane's step (run 0's Polyak average) and clears l.begun.
func (l *Lane) work(e *Experiment, n int, budget float64) float64 {
	var spent float64
	if l.real != nil {
		spent = l.workReal(n, budget)
	} else {
		spent = l.step(&e.grad, n, e.cfg.Problem.Bounds(), budget)
	}
	if l.next == len(l.theta) {
		if l.alive[0] {
			l.polyakSum = l.polyakSum.Add(l.theta[0])
			l.polyakN++
		}
		if l.plateau != nil && l.alive[0] {
			l.reduce(n)
		}
		l.begun = false
	}
	return spent
}

// runsFor returns how many of at most most runs, each costing cost, a
// budget pays for: at least one.
func runsFor(most int, cost, budget float64) int {
	if float64(float64(most)*cost) <= budget {
		return most
	}
	return max(1, min(most, int(budget/cost)))
}

// step advances the lane's live runs from l.next on from step n-1 to step
// n, at least one run and then as many as budget pays for (Work): the
// stochastic gradient, gradient-norm clipping, coupled (L2) weight decay,
// the optimizer's update, AdamW's decoupled decay, the projection onto the
// problem's box, and the divergence check, in that order (MATH.md). Once
// the first chunk, whose runs are the diagnostics' sample, has taken the
// step, it feeds the diagnostics (one pass over at most DiagRuns runs),
// which may halve sched=auto's rate for step n+1. It returns the runs'
// cost.
//
// It is the simulation's hot loop. It works through the runs a chunk at a
// time, in tight passes rather than one loop with every case in its body:
// the update pass chooses the optimizer once per chunk, neither pass calls a
// function in the common case, and the last pass (decay, box, divergence)
// runs only when AdamW or a box needs it or a run may have diverged. In
// WebAssembly, where Go pays for every call and taken branch, this matters
// even more than natively.
func (l *Lane) step(p *gradient, n int, box, budget float64) float64 {
	total := len(l.theta)
	first := min(total, chunk) // the first chunk: the diagnostics' sample
	spent := 0.0
	for l.next < total && (spent == 0 || spent < budget) {
		lo := l.next
		m := 1
		g := l.g[lo%chunk:]
		if l.taken > 0 || (l.runCost > budget-spent && l.pointCost > 0 && l.batch > 1 && l.alive[lo]) {
			// One run costs more than the budget left: its batch in parts.
			w, done := l.batchPart(p, budget-spent, g)
			spent += w
			if !done {
				return spent
			}
			if l.plateau != nil && lo == 0 {
				l.miniLoss = p.miniLoss(l.prev[0], g[0]) // sched=plateau's metric (plateau.go)
			}
			l.adjust(lo, lo+1, g[:1])
		} else {
			m = runsFor(min(total, (lo/chunk+1)*chunk)-lo, l.runCost, budget-spent)
			l.gradients(p, lo, lo+m, g[:m])
			spent += float64(float64(m) * l.runCost)
		}
		hi := lo + m
		if out := l.update(&l.k, lo, hi, g[:m]); out || l.decay != 0 || box > 0 {
			l.check(lo, hi, n, box, l.decay)
		}
		l.next = hi
		if lo < first && hi == first && !l.diag.off && l.diag.observe(l, n, l.g[:first]) {
			l.halve(n)
		}
	}
	return spent
}

// batchPart takes more points of the batch of run l.next (alive), at least
// one and as many as budget pays for, summing them in l.sum (addPoints),
// and returns their cost and whether the batch is complete: then it has
// set the run's prev and g[0] to its stochastic gradient before clipping
// and decay, as gradients does, and the run's cost apart from its points
// is counted too.
func (l *Lane) batchPart(p *gradient, budget float64, g []Vec) (float64, bool) {
	r := l.next
	base := l.runCost - float64(l.pointCost*float64(l.batch))
	if l.taken == 0 {
		l.sum = Vec{}
	}
	k := l.batch - l.taken
	if float64(base+float64(l.pointCost*float64(k))) > budget {
		k = max(1, min(k, int((budget-base)/l.pointCost)))
	}
	l.sum = p.addPoints(l.sum, &l.src[r], k, &l.data)
	l.taken += k
	spent := float64(l.pointCost * float64(k))
	if l.taken < l.batch {
		return spent, false
	}
	l.taken = 0
	th := l.theta[r]
	l.prev[r] = th
	g[0] = p.fromSum(th, l.sum, l.batch, &l.data)
	return spent + base, true
}

// begin starts step n of the lane, for the 2-D and the d-dimensional runs
// alike: it sets gamma_n (with sched=auto's halvings), J_n and the powers
// alpha^n, beta^n, sets *k to the step's coefficients, and returns AdamW's
// decoupled decay gamma_n lambda (0 for the other methods).
func (l *Lane) begin(n int, k *coeffs) float64 {
	c := &l.cfg
	l.gamma = c.Schedule.LearningRate(n)
	if l.scale != 1 {
		l.gamma = math.Max(c.Schedule.Min, l.gamma*l.scale) // sched=auto's halvings
	}
	l.batch = c.Batch.BatchSize(n)
	l.pow1 *= c.Beta1
	l.pow2 *= c.Beta2
	*k = coeffs{
		gamma: l.gamma,
		mom:   c.Mom, mom1: 1 - c.Mom,
		a: c.Beta1, a1: 1 - c.Beta1,
		b: c.Beta2, b1: 1 - c.Beta2,
		eps: c.Eps,
		bc1: 1, bc2: 1,
	}
	if c.BiasCorrection {
		k.bc1, k.bc2 = 1/(1-l.pow1), 1/(1-l.pow2)
	}
	decay := 0.0
	if c.Opt == AdamW {
		decay = l.gamma * c.WeightDecay
	}
	return decay
}

// gradients sets prev = theta and g[r-lo] to the stochastic gradient g_n of
// every live run r in [lo, hi), after gradient-norm clipping and coupled
// (L2) weight decay.
func (l *Lane) gradients(p *gradient, lo, hi int, g []Vec) {
	theta, prev, src, alive := l.theta[lo:hi], l.prev[lo:hi], l.src[lo:hi], l.alive[lo:hi]
	g = g[:len(theta)]
	prev = prev[:len(theta)]
	src = src[:len(theta)]
	alive = alive[:len(theta)]
	if p.kind == Quadratic && l.data.Dist == Gauss {
		// The normal batch mean of size J is exactly sigma N(0, 1)/sqrt(J).
		s0, s1 := l.data.Sigma[0], l.data.Sigma[1]
		if l.batch > 1 {
			inv := 1 / math.Sqrt(float64(l.batch))
			s0, s1 = s0*inv, s1*inv
		}
		h00, h01, h11 := p.h[0][0], p.h[0][1], p.h[1][1]
		for r := range theta {
			if !alive[r] {
				continue
			}
			t0, t1 := theta[r][0], theta[r][1]
			prev[r] = Vec{t0, t1}
			// rng.Source.Normal2, written out so that its fast path inlines.
			s := &src[r]
			b := s.Uint64()
			z0, ok0 := rng.NormalFast32(uint32(b))
			z1, ok1 := rng.NormalFast32(uint32(b >> 32))
			if !ok0 {
				z0 = s.NormalSlow32(uint32(b))
			}
			if !ok1 {
				z1 = s.NormalSlow32(uint32(b >> 32))
			}
			d0, d1 := t0-float64(s0*z0), t1-float64(s1*z1)
			g[r] = Vec{float64(h00*d0) + float64(h01*d1), float64(h01*d0) + float64(h11*d1)}
		}
	} else {
		for r, th := range theta {
			if alive[r] {
				prev[r] = th
				g[r] = p.stochastic(th, &src[r], l.batch, &l.data)
			}
		}
	}
	if l.plateau != nil && lo == 0 && alive[0] {
		l.miniLoss = p.miniLoss(prev[0], g[0]) // sched=plateau's metric (plateau.go)
	}
	l.adjust(lo, hi, g)
}

// adjust applies gradient-norm clipping and coupled (L2) weight decay to
// the gradients g of the runs in [lo, hi).
func (l *Lane) adjust(lo, hi int, g []Vec) {
	c := &l.cfg
	if clip := c.Clip; clip > 0 {
		for r, gr := range g {
			if norm := gr.Norm(); norm > clip {
				g[r] = gr.Scale(clip / norm)
			}
		}
	}
	if l2 := c.WeightDecay; l2 != 0 && c.Opt != AdamW {
		for r, th := range l.theta[lo:hi] {
			g[r] = g[r].Add(th.Scale(l2))
		}
	}
}

// update applies the optimizer's step to every live run r in [lo, hi), whose
// gradient is g[r-lo], and reports whether some run may have diverged: left
// the box |theta_i| <= DivergenceBox or become NaN (the comparison is false
// for NaN). The caller then runs check.
func (l *Lane) update(k *coeffs, lo, hi int, g []Vec) (out bool) {
	theta, m, v, alive := l.theta[lo:hi], l.m[lo:hi], l.v[lo:hi], l.alive[lo:hi]
	g = g[:len(theta)]
	m = m[:len(theta)]
	v = v[:len(theta)]
	alive = alive[:len(theta)]
	switch l.rule {
	case ruleSGD:
		for r, gr := range g {
			if alive[r] {
				if !move(&theta[r], float64(k.gamma*gr[0]), float64(k.gamma*gr[1])) {
					out = true
				}
			}
		}
	case ruleMomentum:
		for r, gr := range g {
			if alive[r] {
				mr := &m[r]
				if !move(&theta[r], k.momentum(&mr[0], gr[0]), k.momentum(&mr[1], gr[1])) {
					out = true
				}
			}
		}
	case ruleHeavyBall:
		for r, gr := range g {
			if alive[r] {
				mr := &m[r]
				if !move(&theta[r], k.heavyBall(&mr[0], gr[0]), k.heavyBall(&mr[1], gr[1])) {
					out = true
				}
			}
		}
	case ruleNesterov:
		for r, gr := range g {
			if alive[r] {
				mr := &m[r]
				if !move(&theta[r], k.nesterov(&mr[0], gr[0]), k.nesterov(&mr[1], gr[1])) {
					out = true
				}
			}
		}
	case ruleAdagrad:
		for r, gr := range g {
			if alive[r] {
				vr := &v[r]
				if !move(&theta[r], k.adagrad(&vr[0], gr[0]), k.adagrad(&vr[1], gr[1])) {
					out = true
				}
			}
		}
	case ruleRMSprop:
		for r, gr := range g {
			if alive[r] {
				vr := &v[r]
				if !move(&theta[r], k.rmsprop(&vr[0], gr[0]), k.rmsprop(&vr[1], gr[1])) {
					out = true
				}
			}
		}
	case ruleAdam:
		for r, gr := range g {
			if alive[r] {
				mr, vr := &m[r], &v[r]
				if !move(&theta[r], k.adam(&mr[0], &vr[0], gr[0]), k.adam(&mr[1], &vr[1], gr[1])) {
					out = true
				}
			}
		}
	case ruleAMSGrad:
		vmax := l.vmax[lo:hi]
		vmax = vmax[:len(theta)]
		for r, gr := range g {
			if alive[r] {
				mr, vr, wr := &m[r], &v[r], &vmax[r]
				if !move(&theta[r], k.amsgrad(&mr[0], &vr[0], &wr[0], gr[0]), k.amsgrad(&mr[1], &vr[1], &wr[1], gr[1])) {
					out = true
				}
			}
		}
	}
	return out
}

// check finishes step n for the live runs in [lo, hi): AdamW's decoupled
// decay theta_n -= gamma_n lambda theta_{n-1}, the projection onto the box of
// half-width box (if box > 0), and the divergence check: a run that leaves
// the box |theta_i| <= DivergenceBox or becomes NaN is frozen at theta_{n-1}
// and counted.
func (l *Lane) check(lo, hi, n int, box, decay float64) {
	theta, prev, alive := l.theta[lo:hi], l.prev[lo:hi], l.alive[lo:hi]
	prev = prev[:len(theta)]
	alive = alive[:len(theta)]
	for r, th := range theta {
		if !alive[r] {
			continue
		}
		if decay != 0 {
			th = th.Sub(prev[r].Scale(decay))
		}
		if box > 0 {
			th = Vec{clamp(th[0], box), clamp(th[1], box)}
		}
		// The comparisons are false for NaN too.
		if !(math.Abs(th[0]) <= DivergenceBox && math.Abs(th[1]) <= DivergenceBox) {
			alive[r] = false
			l.divergedAt[lo+r] = n
			l.diverged++
			th = prev[r]
		}
		theta[r] = th
	}
}

// move subtracts the step (d0, d1) from *th and reports whether the result
// is inside the box |theta_i| <= DivergenceBox; the comparison is false for
// NaN too. A step that is a product must come rounded, float64(a*b): move
// is inlined, and the subtraction could be fused with it.
func move(th *Vec, d0, d1 float64) bool {
	n0, n1 := th[0]-d0, th[1]-d1
	*th = Vec{n0, n1}
	return math.Abs(n0) <= DivergenceBox && math.Abs(n1) <= DivergenceBox
}

func clamp(x, w float64) float64 { return math.Max(-w, math.Min(w, x)) }
