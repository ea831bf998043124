package sim_test

import (
	"fmt"

	"noiseball/sim"
)

// SGD on least squares on the diabetes data set: 100 runs in 11
// dimensions, drawn on the plane through theta* spanned by the Hessian's
// top two eigenvectors; their spread against MATH.md's oracle 8, and the
// held-out loss.
func ExampleModelProblem() {
	c := sim.Default()
	c.Problem = sim.ModelProblem(sim.LinReg)
	c.Runs = 100
	lane := sim.DefaultLaneFor(c.Problem)
	lane.Opt = sim.SGD
	lane.Schedule.Gamma = 0.02
	c.Lanes = []sim.LaneConfig{lane}
	e, err := sim.New(c)
	if err != nil {
		fmt.Println(err)
		return
	}
	p := e.Plane()
	fmt.Println(p.Dim(), p.Kind(), p.Minimizer())
	e.Steps(2000)
	s := e.Snapshot(0)
	fmt.Printf("spread %.2f, oracle 8 %.2f (exact: %v)\n", s.Spread, s.Predicted, s.PredictionExact)
	fmt.Printf("held-out loss %.2f, measured at step %d over %d runs\n", s.HeldoutLoss.Mean, s.EvalStep, s.EvalRuns)
	// Output:
	// 11 hessian [0 0]
	// spread 0.23, oracle 8 0.23 (exact: true)
	// held-out loss 0.32, measured at step 1862 over 12 runs
}
