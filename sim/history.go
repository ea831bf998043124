package sim

import (
	"math"

	"noiseball/sim/detmath"
)

// Defaults for NewHistory: every step up to 100, then 200 steps per decade
// (from about step 87 on, 200 per decade is sparser than every step), so
// 10^7 steps keep about 101 + 5*200 = 1101 snapshots per lane and the
// largest link (10^8 steps) about 1301. A snapshot of 10,000 runs costs
// about as much as a few steps, so a denser start would slow the first
// thousand steps several-fold.
const (
	DefaultDense     = 100
	DefaultPerDecade = 200
)

// History records an experiment's snapshots (Experiment.Snapshot) at a
// bounded set of steps: every step n <= Dense, then log-spaced steps, each
// about 10^(1/PerDecade) times the one before, so it keeps about
// Dense + PerDecade log10(n/Dense) snapshots per lane after n steps.
//
// Call Observe after every step, or let Steps do the stepping. Only the
// steps it keeps cost a Snapshot.
type History struct {
	e     *Experiment
	dense int
	ratio float64 // 10^(1/perDecade)
	next  int     // the next step to keep
	lanes [][]Snapshot
}

// NewHistory returns a history of e that keeps every step up to dense and
// then perDecade steps per decade, holding the snapshots of e's current step.
// Nonpositive arguments take DefaultDense and DefaultPerDecade.
func NewHistory(e *Experiment, dense, perDecade int) *History {
	if dense <= 0 {
		dense = DefaultDense
	}
	if perDecade <= 0 {
		perDecade = DefaultPerDecade
	}
	h := &History{
		e:     e,
		dense: dense,
		ratio: detmath.Exp(math.Ln10 / float64(perDecade)),
		next:  e.N(),
		lanes: make([][]Snapshot, len(e.Lanes())),
	}
	h.Observe()
	return h
}

// Observe records a snapshot of every lane if the experiment has reached the
// next step to keep, and reports whether it did. A step past the one due
// (when Observe was not called after every step) is kept in its place.
func (h *History) Observe() bool {
	n := h.e.N()
	if n < h.next {
		return false
	}
	for k := range h.lanes {
		h.lanes[k] = append(h.lanes[k], h.e.Snapshot(k))
	}
	h.next = n + 1
	if n >= h.dense {
		h.next = max(n+1, int(math.Ceil(float64(n)*h.ratio)))
	}
	return true
}

// Steps advances the experiment by k steps, observing after each.
func (h *History) Steps(k int) {
	for range k {
		h.e.Step()
		h.Observe()
	}
}

// Lane returns the snapshots of lane k, in step order. The slice is the
// history's own: read it, do not keep or change it.
func (h *History) Lane(k int) []Snapshot { return h.lanes[k] }

// Len returns how many snapshots the history holds per lane.
func (h *History) Len() int { return len(h.lanes[0]) }
