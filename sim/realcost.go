package sim

import "noiseball/sim/dataset"

// The real models' weights in the cost model (cost.go), measured by
// BenchmarkCostWeights (model=...) against the unit. A real model's
// run-step reads and writes all d coordinates: the optimizer's update, the
// projection onto the plane and the diagnostics' terms cost about
// modelBaseCost a coordinate with Adam (0.44 to 0.53 measured, d = 11 to
// 1,210), and each example of the batch, whose gradient touches every
// weight forward and back, about modelPointCost(p) a coordinate (the
// evaluations' share, realmetrics.go, included): a sigmoid makes logreg's
// dearer, a softmax's ten outputs share their exponentials. When the
// ensemble's state outgrows the caches (stateBytes), every access costs
// more: bigStateFactor.
const (
	modelBaseCost = 0.5
	// modelSnapshotCost is Experiment.Snapshot's cost a run and
	// coordinate: the spread and the distance in R^d.
	modelSnapshotCost = 0.15
	// oracle8StepCost is a step of oracle 8's recursion (SGD on linreg),
	// which the snapshots advance step by step: about 20 us.
	oracle8StepCost = 2200
	// stateBytes is the size of the runs' state (theta and two moments)
	// beyond which a run-step costs bigStateFactor times more (measured:
	// the MLP with 1,000 runs, 29 MB, against 100 runs; softmax with 1,000,
	// 16 MB, did not pay it).
	stateBytes     = 16 << 20
	bigStateFactor = 1.7
)

// modelPointCost returns what an example of the batch costs a coordinate
// on the real model p (measured: 0.12, 0.2, 0.096 and 0.125).
func modelPointCost(p Problem) float64 {
	switch p.Kind {
	case LogReg:
		return 0.2
	case Softmax:
		return 0.096
	}
	return 0.12
}

// modelCost returns dataCost's base and point for the real model p.
func modelCost(p Problem) (base, point float64) {
	d := float64(p.Dim())
	return float64(modelBaseCost * d), float64(modelPointCost(p) * d)
}

// examplePointCost returns what one example of a run's batch costs on the
// real model of c: RunStepCost's share of each of the J_n points.
func examplePointCost(c Config) float64 {
	_, point := dataCost(c.Problem, c.Data)
	return float64(stateFactor(c) * point)
}

// stateFactor returns the factor a run-step of c costs for the size of its
// runs' state: bigStateFactor for a real model whose lanes x runs x d
// coordinates, with two moments each, exceed stateBytes, else 1.
func stateFactor(c Config) float64 {
	if !c.Problem.Kind.Real() || 24*len(c.Lanes)*c.Runs*c.Problem.Dim() <= stateBytes {
		return 1
	}
	return bigStateFactor
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

// evalRunCost returns what evaluating one run of the real model p costs
// (realmetrics.go), in run-steps: a pass over every example, training and
// held out, each at most what an example of a batch costs (its gradient
// goes forward and back, an evaluation forward only). It sizes Work's
// slices of the evaluations.
func evalRunCost(p Problem) float64 {
	rows, _, _, _ := dataset.Shape(p.Dataset)
	_, point := modelCost(p)
	return float64(float64(rows) * point)
}

// Weights of a LossGrid's node (Plane.LossGap), measured by
// BenchmarkCostWeights (lossgrid/...; the upper of two runs on a shared
// machine): a quadratic form for linreg; for the others a pass over the
// training set, in which an example of the linear models costs
// lossGridLinearCost a logit and once more (their logits along the plane
// are precomputed; measured 5.9 to 8.6 for logreg, 6.9 for softmax on
// cancer, 32 to 44 on digits), and of the MLP lossGridMLPCost plus
// lossGridUnitCost a hidden unit (measured 46 to 61 with 2 units, 59 to 77
// with 16, 106 with 64 on digits; 47 with 16 on cancer).
const (
	lossGridLinRegCost = 2
	lossGridLinearCost = 4
	lossGridMLPCost    = 55
	lossGridUnitCost   = 1.3
)

// LossGridCost returns what sampling nodes nodes of a LossGrid on the
// plane of the real model p costs, in run-steps; 0 for the 2-D problems,
// whose picture computes its loss exactly.
func LossGridCost(p Problem, nodes int) float64 {
	if !p.Kind.Real() {
		return 0
	}
	rows, _, classes, _ := dataset.Shape(p.Dataset)
	train := float64(rows - (rows+1)/5) // every fifth example is held out
	k := float64(classes)               // the outputs
	if p.Kind == LogReg {
		k = 1
	}
	var node float64
	switch p.Kind {
	case LinReg:
		node = lossGridLinRegCost
	case LogReg, Softmax:
		node = float64(train * lossGridLinearCost * (k + 1))
	default:
		node = float64(train * (lossGridMLPCost + float64(lossGridUnitCost*float64(p.Hidden))))
	}
	return float64(node * float64(nodes))
}
