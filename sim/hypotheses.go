package sim

import "fmt"

// The identifiers of the non-convergence theorem's hypotheses (Dereich,
// Graeber and Jentzen, 2024), stable so that the page can translate them.
const (
	// HypLRFloor: the learning rates are bounded below by a positive
	// number, liminf gamma_n > 0.
	HypLRFloor = "lr-floor"
	// HypLRBounded: the learning rates are bounded above, sup gamma_n < inf.
	HypLRBounded = "lr-bounded"
	// HypBatchBounded: the mini-batch sizes are bounded.
	HypBatchBounded = "batch-bounded"
	// HypNoise: the data are random: the stochastic gradient is not almost
	// surely constant.
	HypNoise = "noise"
	// HypOptimizer: the method is in the class the theorem covers.
	HypOptimizer = "optimizer"
)

// The identifiers of the conclusions Hypotheses draws.
const (
	// CannotConverge: every hypothesis holds; the theorem says the lane
	// does not converge in probability to any (random) limit.
	CannotConverge = "cannot-converge"
	// NoNoise: the data are deterministic; the theorem does not apply.
	NoNoise = "no-noise"
	// LRDecays: the learning rate decays to 0; the theorem does not apply.
	LRDecays = "lr-decays"
	// BatchGrows: the batch grows without bound; the theorem does not apply.
	BatchGrows = "batch-grows"
	// NotCovered: the optimizer (or an option) is outside the class the
	// theorem covers: not proven either way.
	NotCovered = "not-covered"
)

// Hypothesis is one hypothesis of the theorem, checked for a lane.
type Hypothesis struct {
	ID     string // HypLRFloor, HypLRBounded, HypBatchBounded, HypNoise or HypOptimizer
	Held   bool
	Detail string // why it holds or fails, in one line of English with the numbers
	// BrokenBy names a preset (package link) whose lane 1 breaks this
	// hypothesis, or is empty when no link can break it.
	BrokenBy string
}

// TheoremCheck is the theorem's verdict on a lane: its hypotheses in a
// fixed order, and the conclusion they imply.
type TheoremCheck struct {
	Hypotheses []Hypothesis
	// Applies is true when every hypothesis holds.
	Applies bool
	// Conclusion is CannotConverge when the theorem applies, else the
	// conclusion of the first failed hypothesis in the order noise,
	// lr-floor, batch-bounded, optimizer: NoNoise, LRDecays, BatchGrows or
	// NotCovered.
	Conclusion string
	// Text says the conclusion in one line of English, e.g. "the theorem
	// says this lane cannot converge".
	Text string
}

// Covered reports whether the theorem of Dereich, Graeber and Jentzen (2024)
// covers optimizer o: SGD, the momentum methods (moving-average, heavy
// ball, Nesterov), RMSprop and Adam (with or without bias correction),
// "accelerated and adaptive SGD methods" whose step is a function of past
// gradients. Not proven: AMSGrad (its running maximum of M_n makes the
// denominator non-decreasing, so its effective rate may decay, slowly),
// Adagrad (its G_n grows like n with noisy gradients, so its effective rate
// gamma/sqrt(G_n) decays like 1/sqrt(n): a decaying learning rate in
// disguise, and it converges) and AdamW (its decoupled decay depends on
// theta, not only on gradients).
func (o Optimizer) Covered() bool {
	switch o {
	case SGD, Momentum, HeavyBall, Nesterov, RMSprop, Adam:
		return true
	}
	return false
}

// Hypotheses checks the theorem's hypotheses for lane k of c, a pure
// function of the configuration:
//
//   - lr-floor: liminf gamma_n > 0. Holds for a constant rate, a step
//     schedule with factor 1, and any schedule with a floor Min > 0; fails
//     for poly, step (factor < 1), exp and cosine without a floor, which
//     decay to 0, and for sched=auto without a floor (see Schedule.Decays).
//   - lr-bounded: sup gamma_n < inf. Always holds: gamma_n <= max(gamma,
//     Min) <= 10 for every link.
//   - batch-bounded: sup J_n < inf. Fails when the batch grows (bgrow=lin
//     or geo; the simulation caps J_n at MaxBatch only to bound the work).
//   - noise: the stochastic gradient is not a.s. constant. Holds when some
//     sigma_i > 0, and always on Reddi's problem, which draws its own data,
//     and on the real models, whose batches are drawn from the training set.
//   - optimizer: Optimizer.Covered, and no gradient clipping (clip > 0 makes
//     the step a clipped function of the gradient) and no projection onto a
//     box (Reddi's problem), which the theorem's recursion does not include.
//     L2 weight decay is covered: it is SGD-type training on the
//     regularized loss, still noisy.
func Hypotheses(c Config, k int) TheoremCheck {
	l := c.Lanes[k]
	s := l.Schedule
	var hs []Hypothesis

	// lr-floor
	floor := Hypothesis{ID: HypLRFloor, Held: !s.Decays(), BrokenBy: "decay"}
	switch {
	case s.Kind == Auto && s.Min > 0:
		floor.Detail = fmt.Sprintf("sched=auto halves gamma only down to the floor lrmin = %g > 0", s.Min)
	case s.Kind == Auto:
		floor.Detail = fmt.Sprintf("sched=auto halves gamma = %g each time the lane is stationary, without a floor: gamma_n tends to 0 (it stops after %d halvings only to keep the numbers finite)", s.Gamma, MaxHalvings)
	case s.Min > 0 && s.Kind != Const:
		floor.Detail = fmt.Sprintf("the %s schedule decays, but the floor lrmin = %g keeps gamma_n >= %g > 0", s.Kind, s.Min, s.Min)
	case !floor.Held:
		floor.Detail = fmt.Sprintf("the %s schedule decays to 0 and there is no floor (lrmin = 0)", s.Kind)
	default:
		floor.Detail = fmt.Sprintf("gamma_n stays at %g", s.Gamma)
	}
	hs = append(hs, floor)

	// lr-bounded
	hs = append(hs, Hypothesis{ID: HypLRBounded, Held: true,
		Detail: fmt.Sprintf("gamma_n <= %g for every n", max(s.Gamma, s.Min))})

	// batch-bounded
	batch := Hypothesis{ID: HypBatchBounded, Held: !l.Batch.Grows(), BrokenBy: "batch"}
	if batch.Held {
		batch.Detail = fmt.Sprintf("J_n = %d for every n", l.Batch.Size)
	} else {
		batch.Detail = fmt.Sprintf("J_n grows without bound (bgrow=%s:%g; the simulation caps it at %d)", l.Batch.Growth, l.Batch.Rate, MaxBatch)
	}
	hs = append(hs, batch)

	// noise
	noise := Hypothesis{ID: HypNoise, BrokenBy: "nonoise"}
	switch {
	case c.Problem.Kind == Reddi:
		noise.Held = true
		noise.Detail = fmt.Sprintf("Reddi's data: gradient %g with probability 1/3, else -1", c.Problem.C)
	case c.Problem.Kind.Real():
		noise.Held = true
		noise.Detail = fmt.Sprintf("mini-batches drawn with replacement from the %s training set: the gradient is random whatever the batch size", c.Problem.Dataset)
	case c.Data.Sigma[0] > 0 || c.Data.Sigma[1] > 0:
		noise.Held = true
		noise.Detail = fmt.Sprintf("%s data with sigma = (%g, %g)", c.Data.Dist, c.Data.Sigma[0], c.Data.Sigma[1])
	default:
		noise.Detail = "sigma = 0: every gradient is the exact, deterministic one"
	}
	hs = append(hs, noise)

	// optimizer
	opt := Hypothesis{ID: HypOptimizer, Held: l.Opt.Covered(), BrokenBy: "adagrad"}
	switch {
	case l.Opt == AdamW && l.WeightDecay == 0 && l.Clip == 0 && c.Problem.Bounds() == 0:
		opt.Held = true
		opt.Detail = "adamw without weight decay is Adam, which the theorem covers"
	case !opt.Held:
		opt.Detail = fmt.Sprintf("%s is outside the class the theorem covers (%s)", l.Opt, notCoveredWhy(l.Opt))
	case l.Clip > 0:
		opt.Held = false
		opt.Detail = fmt.Sprintf("%s, but with gradient clipping at %g, which the theorem's recursion does not include", l.Opt, l.Clip)
	case c.Problem.Bounds() > 0:
		opt.Held = false
		opt.Detail = fmt.Sprintf("%s, but projected onto the box [-%g, %g]^2, which the theorem's recursion does not include", l.Opt, c.Problem.Bounds(), c.Problem.Bounds())
	default:
		opt.Detail = fmt.Sprintf("%s is in the class the theorem covers", l.Opt)
	}
	hs = append(hs, opt)

	t := TheoremCheck{Hypotheses: hs, Applies: true, Conclusion: CannotConverge,
		Text: "the theorem says this lane cannot converge"}
	byID := func(id string) Hypothesis {
		for _, h := range hs {
			if h.ID == id {
				return h
			}
		}
		return Hypothesis{}
	}
	for _, f := range []struct{ id, conclusion, text string }{
		{HypNoise, NoNoise, "the theorem does not apply: the data are deterministic"},
		{HypLRFloor, LRDecays, "the theorem does not apply: the learning rate decays to 0"},
		{HypBatchBounded, BatchGrows, "the theorem does not apply: the batch grows without bound"},
		{HypOptimizer, NotCovered, "the theorem does not cover this setting: not proven either way"},
	} {
		if !byID(f.id).Held {
			t.Applies, t.Conclusion, t.Text = false, f.conclusion, f.text
			break
		}
	}
	return t
}

// notCoveredWhy says in a few words why the theorem does not cover o.
func notCoveredWhy(o Optimizer) string {
	switch o {
	case Adagrad:
		return "its effective rate gamma/sqrt(G_n) decays like 1/sqrt(n)"
	case AMSGrad:
		return "its running maximum of the second moment may make the effective rate decay"
	case AdamW:
		return "its decoupled weight decay depends on theta, not only on the gradients"
	}
	return "not proven"
}
