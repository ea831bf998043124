package sim

import (
	"fmt"
	"testing"
)

// Lanes see the same data (common random numbers): two lanes with the same
// settings follow the same paths exactly, for every data law and problem.
func TestLanesShareTheData(t *testing.T) {
	for _, kind := range ProblemKinds() {
		for _, d := range Distributions() {
			c := Default()
			c.Problem.Kind = kind
			c.Data.Dist = d
			c.Runs = 7
			c.Lanes = []LaneConfig{DefaultLane(), DefaultLane(), DefaultLane()}
			c.Lanes[1].Opt = SGD
			e, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			e.Steps(50)
			a, b := e.Lanes()[0].Positions(), e.Lanes()[2].Positions()
			for r := range a {
				if a[r] != b[r] {
					t.Fatalf("%s/%s run %d: lanes 1 and 3 at %v and %v", kind, d, r, a[r], b[r])
				}
			}
			if e.Lanes()[1].Positions()[0] == a[0] {
				t.Errorf("%s/%s: the SGD lane moved exactly like Adam", kind, d)
			}
		}
	}
}

// Config returns a copy: changing it does not change the experiment.
func TestConfigIsACopy(t *testing.T) {
	e, err := New(Default())
	if err != nil {
		t.Fatal(err)
	}
	c := e.Config()
	c.Lanes[0].Opt = SGD
	if e.Config().Lanes[0].Opt != Adam {
		t.Error("changing the returned Config changed the experiment's")
	}
}

func ExampleNew() {
	lane := DefaultLane()
	lane.Opt = SGD
	lane.Schedule = Schedule{Kind: Const, Gamma: 0.1}
	c := Config{
		Problem: Problem{Kind: Quadratic, H1: 1, H2: 4},
		Data:    Data{Dist: Gauss}, // sigma = 0: exact gradients
		X0:      Vec{1, 1},
		Runs:    1,
		Lanes:   []LaneConfig{lane},
	}
	e, err := New(c)
	if err != nil {
		panic(err)
	}
	for range 3 {
		e.Step()
		fmt.Printf("%.4f\n", e.Lanes()[0].Positions()[0])
	}
	// Output:
	// [0.9000 0.6000]
	// [0.8100 0.3600]
	// [0.7290 0.2160]
}

// Before the first step a lane's learning rate is the first step's, γ₁, so
// that a view at step 0 shows the rate chosen, never 0.
func TestLearningRateBeforeTheFirstStep(t *testing.T) {
	for _, s := range []Schedule{
		{Kind: Const, Gamma: 0.05, P: 1, N0: 100},
		{Kind: Poly, Gamma: 0.2, P: 1, N0: 10},
		{Kind: Const, Gamma: 0.05, P: 1, N0: 100, Warmup: 10}, // γ₁ = γ/10
		{Kind: Auto, Gamma: 0.1, P: 1, N0: 100},
	} {
		c := Default()
		c.Lanes[0].Schedule = s
		e, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		l := e.Lanes()[0]
		if got, want := l.LearningRate(), s.LearningRate(1); got != want || got == 0 {
			t.Errorf("%+v: at step 0 the rate is %g, want γ₁ = %g", s, got, want)
		}
		e.Step()
		if got, want := l.LearningRate(), e.Snapshot(0).LearningRate; got != want {
			t.Errorf("%+v: after step 1 the rate is %g, the snapshot says %g", s, got, want)
		}
	}
}
