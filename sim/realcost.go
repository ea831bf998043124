package sim

// The real models' weights in the cost model (cost.go), measured by
// BenchmarkCostWeights (model=...) against the unit. A real model's
// run-step reads and writes all d coordinates: the optimizer's update, the
// projection onto the plane and the diagnostics' terms cost about
// modelBaseCost a coordinate with Adam, and each example of the batch,
// whose gradient touches every weight once forward and once back, about
// modelPointCost a coordinate (the evaluations' share, realmetrics.go,
// included). Measured with Adam, d = 11 (linreg) to 1,210 (the MLP):
// 0.47 to 0.52 and 0.095 to 0.14.
const (
	modelBaseCost  = 0.5
	modelPointCost = 0.12
	// modelSnapshotCost is Experiment.Snapshot's cost a run and
	// coordinate: the spread and the distance in R^d.
	modelSnapshotCost = 0.15
	// oracle8StepCost is a step of oracle 8's recursion (SGD on linreg),
	// which the snapshots advance step by step: about 20 us.
	oracle8StepCost = 2200
)

// modelCost returns dataCost's base and point for the real model p.
func modelCost(p Problem) (base, point float64) {
	d := float64(p.Dim())
	return float64(modelBaseCost * d), float64(modelPointCost * d)
}

// predictionStepCost returns what a History's snapshots pay a step for
// lane l's predicted spread: a Prediction's recursion on the 2-D problems,
// oracle 8's on linreg with SGD, nothing for oracle 9 (a constant).
func predictionStepCost(p Problem, l LaneConfig) float64 {
	switch {
	case !p.Kind.Real():
		return predictionCost
	case p.Kind == LinReg && l.Opt == SGD:
		return oracle8StepCost
	}
	return 0
}

// PrepareCost returns what New costs the first time a real model is
// opened in a process, in run-steps: its data set, its reference point
// (model.Solve) and its plane (BenchmarkPrepare: about 1 ms for linreg,
// 10 ms for logreg, 0.5 s for softmax on digits and the MLP, natively); 0
// for the 2-D problems.
func PrepareCost(p Problem) float64 {
	switch {
	case p.Kind == LinReg:
		return 1e5
	case p.Kind == LogReg, p.Kind == Softmax && p.Dataset == "cancer":
		return 1e6
	case p.Kind.Real():
		return 5e7
	}
	return 0
}
