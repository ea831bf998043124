package sim

import (
	"strconv"

	"noiseball/sim/message"
)

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
	ID   string // HypLRFloor, HypLRBounded, HypBatchBounded, HypNoise or HypOptimizer
	Held bool
	// Why says why it holds or fails, in a sentence with the numbers: a
	// code of TheoremTexts and its parameters; Detail is Why in English.
	Why    message.Message
	Detail string
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
	// Verdict says the conclusion in a sentence, the code Conclusion of
	// TheoremTexts; Text is Verdict in English, e.g. "The theorem applies:
	// this lane cannot converge."
	Verdict message.Message
	Text    string
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
	g := formatG
	hyp := func(id string, held bool, brokenBy, code string, kv ...string) Hypothesis {
		why := message.New(code, kv...)
		return Hypothesis{ID: id, Held: held, Why: why, Detail: theoremTexts.Text(why, "en"), BrokenBy: brokenBy}
	}

	// lr-floor
	floorHeld := !s.Decays()
	var floor Hypothesis
	switch {
	case s.Kind == Auto && s.Min > 0:
		floor = hyp(HypLRFloor, floorHeld, "decay", "lr-floor.auto.floor", "lrmin", g(s.Min))
	case s.Kind == Plateau && s.Min > 0:
		floor = hyp(HypLRFloor, floorHeld, "decay", "lr-floor.plateau.floor", "factor", g(s.Factor), "lrmin", g(s.Min))
	case s.Kind == Plateau:
		floor = hyp(HypLRFloor, floorHeld, "decay", "lr-floor.plateau", "lr", g(s.Gamma), "factor", g(s.Factor))
	case s.Kind == Auto:
		floor = hyp(HypLRFloor, floorHeld, "decay", "lr-floor.auto", "lr", g(s.Gamma), "max", strconv.Itoa(MaxHalvings))
	case s.Min > 0 && s.Kind != Const:
		floor = hyp(HypLRFloor, floorHeld, "decay", "lr-floor.floored", "lrmin", g(s.Min))
	case !floorHeld:
		floor = hyp(HypLRFloor, floorHeld, "decay", "lr-floor.decays")
	default:
		floor = hyp(HypLRFloor, floorHeld, "decay", "lr-floor.const", "lr", g(s.Gamma))
	}
	hs = append(hs, floor)

	// lr-bounded
	hs = append(hs, hyp(HypLRBounded, true, "", "lr-bounded", "max", g(max(s.Gamma, s.Min))))

	// batch-bounded
	if !l.Batch.Grows() {
		hs = append(hs, hyp(HypBatchBounded, true, "batch", "batch.const", "j", strconv.Itoa(l.Batch.Size)))
	} else {
		hs = append(hs, hyp(HypBatchBounded, false, "batch", "batch.grows",
			"growth", string(l.Batch.Growth), "rate", g(l.Batch.Rate), "max", strconv.Itoa(MaxBatch)))
	}

	// noise
	switch {
	case c.Problem.Kind == Reddi:
		hs = append(hs, hyp(HypNoise, true, "nonoise", "noise.reddi", "c", g(c.Problem.C)))
	case c.Problem.Kind.Real():
		hs = append(hs, hyp(HypNoise, true, "nonoise", "noise.real", "data", string(c.Problem.Dataset)))
	case c.Data.Sigma[0] > 0 || c.Data.Sigma[1] > 0:
		hs = append(hs, hyp(HypNoise, true, "nonoise", "noise.data."+string(c.Data.Dist),
			"s1", g(c.Data.Sigma[0]), "s2", g(c.Data.Sigma[1])))
	default:
		hs = append(hs, hyp(HypNoise, false, "nonoise", "noise.none"))
	}

	// optimizer
	name := l.Opt.Name()
	switch covered := l.Opt.Covered(); {
	case l.Opt == AdamW && l.WeightDecay == 0 && l.Clip == 0 && c.Problem.Bounds() == 0:
		hs = append(hs, hyp(HypOptimizer, true, "adagrad", "optimizer.adamw.nodecay"))
	case !covered:
		hs = append(hs, hyp(HypOptimizer, false, "adagrad", "optimizer."+string(l.Opt)))
	case l.Clip > 0:
		hs = append(hs, hyp(HypOptimizer, false, "adagrad", "optimizer.clip", "opt", name, "clip", g(l.Clip)))
	case c.Problem.Bounds() > 0:
		hs = append(hs, hyp(HypOptimizer, false, "adagrad", "optimizer.box", "opt", name, "w", g(c.Problem.Bounds())))
	default:
		hs = append(hs, hyp(HypOptimizer, true, "adagrad", "optimizer.covered", "opt", name))
	}

	t := TheoremCheck{Hypotheses: hs, Applies: true, Conclusion: CannotConverge}
	byID := func(id string) Hypothesis {
		for _, h := range hs {
			if h.ID == id {
				return h
			}
		}
		return Hypothesis{}
	}
	for _, f := range []struct{ id, conclusion string }{
		{HypNoise, NoNoise}, {HypLRFloor, LRDecays}, {HypBatchBounded, BatchGrows}, {HypOptimizer, NotCovered},
	} {
		if !byID(f.id).Held {
			t.Applies, t.Conclusion = false, f.conclusion
			break
		}
	}
	t.Verdict = message.New(t.Conclusion)
	t.Text = theoremTexts.Text(t.Verdict, "en")
	return t
}
