package sim

import (
	"math"

	"noiseball/sim/detmat"
)

// The reference cloud of plane=noise for softmax and the MLP: CloudRuns
// runs of lane 1's optimizer with its base rate held constant and its
// first batch size, started at the reference point and run CloudSteps
// steps on their own data stream (seed CloudSeed), whose top two principal
// components span the plane. For these models the stationary covariance
// has thousands of dimensions: the cloud is its sample.
const (
	CloudRuns  = 32
	CloudSteps = 400
	CloudSeed  = 0x636c6f7564 // "cloud"
)

// cloudAxes returns the top two principal components of the reference
// cloud of lane l on problem p, whose reference point is r's: the
// eigenvectors of the cloud's covariance, from the eigenvectors u of the
// Gram matrix of the centred points X (CloudRuns x d), v = X^T u / ||X^T u||.
func cloudAxes(p Problem, l LaneConfig, r *modelRef, pause detmat.Pause) (v1, v2 []float64, err error) {
	c := Default()
	c.Problem = p
	c.Runs, c.Seed, c.Steps = CloudRuns, CloudSeed, CloudSteps
	l.Schedule = Schedule{Kind: Const, Gamma: l.Schedule.Gamma, P: 1, N0: 1}
	l.Batch = Batch{Size: l.Batch.Size, Growth: BatchConst}
	c.Lanes = []LaneConfig{l}
	// The cloud's own picture is never drawn: the first two coordinates.
	d := r.model.D
	e1, e2 := make([]float64, d), make([]float64, d)
	e1[0], e2[1] = 1, 1
	e, err := newExperiment(c, newPlane(PlaneNoise, r, e1, e2, pause), nil)
	if err != nil {
		return nil, nil, err
	}
	e.SetDiagnostics(false)
	rl := e.lanes[0].real
	for i := range CloudRuns {
		copy(rl.run(i), r.opt.Theta)
	}
	for range CloudSteps {
		pause.Now()
		e.Step()
	}
	// The centred points of the live runs.
	var xs [][]float64
	mean := make([]float64, d)
	for i, a := range e.lanes[0].alive {
		if a {
			xs = append(xs, append([]float64(nil), rl.run(i)...))
			detmat.Axpy(1, rl.run(i), mean)
		}
	}
	k := len(xs)
	for i := range mean {
		mean[i] /= float64(k)
	}
	for _, x := range xs {
		detmat.Axpy(-1, mean, x)
	}
	gram := make([]float64, k*k)
	for i := range k {
		for j := i; j < k; j++ {
			v := detmat.Dot(xs[i], xs[j])
			gram[i*k+j], gram[j*k+i] = v, v
		}
	}
	_, u := detmat.Eigen(gram, k)
	axis := func(j int) []float64 {
		v := make([]float64, d)
		for i := range k {
			detmat.Axpy(u[j*k+i], xs[i], v)
		}
		return v
	}
	v1, v2 = axis(0), axis(1)
	scaleTo1(v1)
	detmat.Axpy(-detmat.Dot(v1, v2), v1, v2) // exactly orthogonal
	scaleTo1(v2)
	return v1, v2, nil
}

func scaleTo1(v []float64) {
	n := detmat.Norm(v)
	if !(n > 0) || math.IsInf(n, 0) {
		return
	}
	for i := range v {
		v[i] /= n
	}
}
