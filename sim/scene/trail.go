package scene

import "noiseball/sim"

// TrailLength is how many past positions of run 0 each lane's trail shows.
const TrailLength = 100

// Trail is a ring buffer of the last TrailLength positions of one run: its
// zero value is an empty trail.
type Trail struct {
	pts  [TrailLength]sim.Vec
	head int // index of the next write
	n    int // positions held
}

// Push adds the run's newest position, forgetting the oldest of a full
// trail.
func (t *Trail) Push(p sim.Vec) {
	t.pts[t.head] = p
	t.head = (t.head + 1) % TrailLength
	t.n = min(t.n+1, TrailLength)
}

// Len returns how many positions the trail holds.
func (t *Trail) Len() int { return t.n }

// At returns the i-th held position, oldest first.
func (t *Trail) At(i int) sim.Vec {
	return t.pts[(t.head-t.n+i+TrailLength)%TrailLength]
}
