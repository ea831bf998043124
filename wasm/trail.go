//go:build js && wasm

package main

import "noiseball/sim"

// trail is a ring buffer of the last trailLength positions of one run.
type trail struct {
	pts  [trailLength]sim.Vec
	head int // index of the next write
	n    int // positions held
}

func (t *trail) push(p sim.Vec) {
	t.pts[t.head] = p
	t.head = (t.head + 1) % trailLength
	t.n = min(t.n+1, trailLength)
}

// at returns the i-th held position, oldest first.
func (t *trail) at(i int) sim.Vec {
	return t.pts[(t.head-t.n+i+trailLength)%trailLength]
}
