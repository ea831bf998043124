package sim

import (
	"errors"
	"fmt"
)

// MaxLanes and MaxRuns bound an experiment: up to MaxLanes optimizers side by
// side, each over MaxRuns independent runs.
const (
	MaxLanes = 4
	MaxRuns  = 10000
)

// LaneConfig is one lane of an experiment: an optimizer with its schedule and
// options. Every lane of an experiment sees the same data stream.
type LaneConfig struct {
	Opt            Optimizer
	Schedule       Schedule
	Beta1          float64 // alpha: first-moment decay of Adam, AMSGrad, AdamW
	Beta2          float64 // beta: second-moment decay of RMSprop, Adam, AMSGrad, AdamW
	Eps            float64 // added to the root of the second moment
	Mom            float64 // alpha of the momentum methods
	BiasCorrection bool    // Adam's 1/(1-alpha^n), 1/(1-beta^n) factors
	WeightDecay    float64 // lambda: L2 (coupled) for all but AdamW, decoupled for AdamW
	Clip           float64 // gradient-norm clipping threshold c; 0 means none
	Batch          Batch
}

// Config describes an experiment completely: what a link encodes.
type Config struct {
	Problem Problem
	Data    Data
	X0      Vec    // the start point of every run
	Runs    int    // independent runs per lane, 1..MaxRuns
	Seed    uint64 // the data stream's seed
	Steps   int    // how many steps the view runs to
	Lanes   []LaneConfig
}

// DefaultLane returns the lane a link gets when it names nothing: Adam with
// PyTorch's betas and eps and a constant learning rate of 0.05.
func DefaultLane() LaneConfig {
	return LaneConfig{
		Opt:            Adam,
		Schedule:       Schedule{Kind: Const, Gamma: 0.05, P: 1, N0: 100, Factor: 0.1, Patience: 10, Threshold: 1e-4},
		Beta1:          0.9,
		Beta2:          0.999,
		Eps:            1e-8,
		Mom:            0.9,
		BiasCorrection: true,
		Batch:          Batch{Size: 1, Growth: BatchConst},
	}
}

// Default returns the configuration of the bare link: the theorem's setting,
// a noisy, mildly ill-conditioned quadratic and one Adam lane.
func Default() Config {
	return Config{
		Problem: Problem{Kind: Quadratic, H1: 1, H2: 4, Angle: 30, C: 3},
		Data:    Data{Dist: Gauss, Sigma: Vec{1, 1}},
		X0:      Vec{1.5, 1},
		Runs:    1,
		Seed:    1,
		Steps:   100000,
		Lanes:   []LaneConfig{DefaultLane()},
	}
}

// Validate reports every way in which c is not a runnable experiment.
func (c Config) Validate() error {
	var errs []error
	add := func(err error) {
		if err != nil {
			errs = append(errs, err)
		}
	}
	add(c.Problem.validate())
	add(c.Data.validate())
	if c.Problem.Kind.Real() && c.Problem.validate() == nil {
		add(c.validateModel())
	}
	if c.Runs < 1 || c.Runs > MaxRuns {
		add(fmt.Errorf("runs %d outside 1..%d", c.Runs, MaxRuns))
	}
	if len(c.Lanes) < 1 || len(c.Lanes) > MaxLanes {
		add(fmt.Errorf("%d lanes outside 1..%d", len(c.Lanes), MaxLanes))
	}
	if !c.X0.Finite() {
		add(fmt.Errorf("start point %v is not finite", c.X0))
	}
	for i, l := range c.Lanes {
		if !l.Opt.Valid() {
			add(fmt.Errorf("lane %d: unknown optimizer %q", i+1, l.Opt))
		}
		if !(l.Schedule.Gamma > 0) {
			add(fmt.Errorf("lane %d: learning rate %g is not positive", i+1, l.Schedule.Gamma))
		}
		if l.Batch.Size < 1 {
			add(fmt.Errorf("lane %d: batch size %d is below 1", i+1, l.Batch.Size))
		}
		if l.Schedule.Kind == Plateau {
			add(l.Schedule.validatePlateau(i+1, c.Problem))
		}
	}
	return errors.Join(errs...)
}
