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
		ratio: historyRatio(perDecade),
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
	h.next = nextKept(n, h.dense, h.ratio)
	return true
}

// nextKept returns the step a history with these settings keeps after
// step n: the next one up to dense, then about ratio times n.
func nextKept(n, dense int, ratio float64) int {
	if n < dense {
		return n + 1
	}
	return max(n+1, int(math.Ceil(float64(n)*ratio)))
}

// HistoryLen returns how many snapshots per lane a History made at step 0
// with NewHistory(e, dense, perDecade) holds once it has observed every
// step up to steps.
func HistoryLen(steps, dense, perDecade int) int {
	if dense <= 0 {
		dense = DefaultDense
	}
	if perDecade <= 0 {
		perDecade = DefaultPerDecade
	}
	ratio := historyRatio(perDecade)
	k := 0
	for n := 0; n <= steps; n = nextKept(n, dense, ratio) {
		k++
	}
	return k
}

// historyRatio returns 10^(1/perDecade), the spacing of the kept steps.
func historyRatio(perDecade int) float64 { return detmath.Exp(math.Ln10 / float64(perDecade)) }

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
