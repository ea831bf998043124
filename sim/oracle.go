package sim

import (
	"math"

	"noiseball/sim/detmat"
)

// realPrediction returns the prediction of lane k's spread on a real
// model (MATH.md oracles 8 and 9):
//
//   - SGD on linreg, any schedule (sched=auto's halvings included) and
//     any batch schedule, no clipping: oracle 8, exact.
//   - With a constant rate and batch, no clipping, oracle 9's stationary
//     spread sqrt(trace P), approximate: SGD on logreg and softmax (trace
//     P = gamma/(2J) trace(H^-1 S)); RMSprop, Adam, and AdamW without weight
//     decay (beta2 >= MinPredictedBeta2) on linreg, logreg and softmax on
//     cancer, whose dimension allows the dense Lyapunov solve.
//   - Nothing for the other methods and settings, nor for the MLP, whose
//     reference point is not a minimizer and whose Hessian has thousands of
//     dimensions.
func (e *Experiment) realPrediction(k int, pause detmat.Pause) predictor {
	l := e.lanes[k]
	c := l.cfg
	r := l.real.ref
	kind := e.cfg.Problem.Kind
	if c.Clip > 0 || kind == MLP {
		return noPrediction{}
	}
	if kind == LinReg && c.Opt == SGD {
		o := newOracle8(r.oracle8(), c, r.model)
		if k := c.Schedule.Kind; k == Auto || k == Plateau {
			o.rate = l.rateAt
		}
		return o
	}
	if c.Schedule.Kind != Const || c.Batch.Grows() || r.hess == nil {
		return noPrediction{}
	}
	gamma, j, d := c.Schedule.Gamma, c.Batch.Size, r.model.D
	from := c.Schedule.Warmup
	switch {
	case c.Opt == SGD:
		t, err := r.traceHinvS(pause)
		if err != nil {
			return noPrediction{}
		}
		return constantSpread{value: math.Sqrt(gamma / (2 * float64(j)) * t), from: from}
	case (c.Opt == RMSprop || c.Opt == Adam || (c.Opt == AdamW && c.WeightDecay == 0)) &&
		c.Beta2 >= MinPredictedBeta2 && d <= denseEigenMax:
		p := smallGammaCovariance(r.hess, r.gradCov(), d, gamma, j, true, c.Eps)
		var tr float64
		for i := range d {
			tr += p[i*d+i]
		}
		return constantSpread{value: math.Sqrt(max(tr, 0)), from: from}
	}
	return noPrediction{}
}
