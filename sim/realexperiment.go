package sim

import (
	"noiseball/sim/detmat"
	"noiseball/sim/model"
)

// realExperiment is what an Experiment on a real model adds to the 2-D
// machinery: the plane its runs are drawn on, each lane's reference point
// (for its own weight decay), and the evaluation schedule.
type realExperiment struct {
	plane *Plane
	refs  []*modelRef
	next  int          // the next evaluation step
	gap   int          // the fewest steps between two (evalGap)
	buf   [3][]float64 // scratch for the evaluations' summaries

	// The evaluations in progress (work): whether those of the current
	// step are owed, the lane at work, its next run, and how far that
	// run's evaluation has come: the examples done (the training split's,
	// then the held-out one's) and their sums.
	owed        bool
	lane, pos   int
	at          int
	train, test model.LossSum
}

// newRealExperiment returns what an experiment on the real model of c
// needs, drawn on plane, or on its own plane (planeFor) if plane is nil.
func newRealExperiment(c Config, plane *Plane, pause detmat.Pause) (*realExperiment, error) {
	re := &realExperiment{plane: plane}
	for _, l := range c.Lanes {
		r, err := referenceFor(c.Problem, objectiveDecay(l), pause)
		if err != nil {
			return nil, err
		}
		re.refs = append(re.refs, r)
	}
	if re.plane == nil {
		p, err := planeFor(c.Problem, c.Lanes[0], re.refs[0], pause)
		if err != nil {
			return nil, err
		}
		re.plane = p
	}
	set := re.refs[0].model.Set
	re.gap = evalGap(c.Runs, c.Lanes[0].Batch.Size, set.Train.N+set.Test.N)
	for i := range re.buf {
		re.buf[i] = make([]float64, 0, EvalRuns)
	}
	return re, nil
}

// attach gives lane k of an experiment with the given runs its
// d-dimensional state, every run at theta_0.
func (re *realExperiment) attach(l *Lane, k, runs int, pause detmat.Pause) {
	l.real = newRealLane(l, re.plane, re.refs[k], runs, pause)
	l.diag.real = l.real
}

// Surface returns what the drawing reads of the experiment's landscape:
// the Problem for the 2-D problems, the Plane for a real model.
func (e *Experiment) Surface() Surface {
	if e.real != nil {
		return e.real.plane
	}
	return e.cfg.Problem
}

// Plane returns the plane a real model's runs are drawn on, or nil for
// the 2-D problems.
func (e *Experiment) Plane() *Plane {
	if e.real != nil {
		return e.real.plane
	}
	return nil
}

// Start returns where every run starts in the picture: Config.X0 for the
// 2-D problems, theta_0 projected onto the plane for a real model.
func (e *Experiment) Start() Vec {
	if e.real != nil {
		return e.real.plane.Start()
	}
	return e.cfg.X0
}
