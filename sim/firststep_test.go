package sim

import (
	"fmt"
	"math"
	"testing"

	"noiseball/sim/rng"
)

// reference is one run of an optimizer written out from MATH.md's recursions
// as plainly as possible, independently of optimizer.go and experiment.go.
type reference struct {
	lane       LaneConfig
	h          [2][2]float64
	theta      [2]float64
	m, v, vmax [2]float64
	n          int
}

func newReference(c Config, lane LaneConfig) *reference {
	hd := hessian(c.Problem)
	r := &reference{lane: lane, theta: c.X0}
	for i := range 2 {
		for j := range 2 {
			r.h[i][j] = hd.At(i, j)
		}
	}
	return r
}

// step takes step n+1 with the batch mean xbar.
func (r *reference) step(xbar [2]float64) {
	l := r.lane
	r.n++
	n := float64(r.n)
	gamma := l.Schedule.Gamma
	prev := r.theta
	var g [2]float64
	for i := range 2 {
		g[i] = r.h[i][0]*(prev[0]-xbar[0]) + r.h[i][1]*(prev[1]-xbar[1])
	}
	// Practitioners' options, in MATH.md's order: clipping, then L2.
	if norm := math.Hypot(g[0], g[1]); l.Clip > 0 && norm > l.Clip {
		g[0] *= l.Clip / norm
		g[1] *= l.Clip / norm
	}
	if l.Opt != AdamW {
		g[0] += l.WeightDecay * prev[0]
		g[1] += l.WeightDecay * prev[1]
	}
	a, b, eps := l.Beta1, l.Beta2, l.Eps
	for i := range 2 {
		switch l.Opt {
		case SGD:
			r.theta[i] -= gamma * g[i]
		case Momentum:
			r.m[i] = l.Mom*r.m[i] + (1-l.Mom)*g[i]
			r.theta[i] -= gamma * r.m[i]
		case HeavyBall:
			r.m[i] = l.Mom*r.m[i] + g[i]
			r.theta[i] -= gamma * r.m[i]
		case Nesterov:
			r.m[i] = l.Mom*r.m[i] + g[i]
			r.theta[i] -= gamma * (g[i] + l.Mom*r.m[i])
		case Adagrad:
			r.v[i] += g[i] * g[i]
			r.theta[i] -= gamma * g[i] / (eps + math.Sqrt(r.v[i]))
		case RMSprop:
			r.v[i] = b*r.v[i] + (1-b)*g[i]*g[i]
			r.theta[i] -= gamma * g[i] / (eps + math.Sqrt(r.v[i]))
		case Adam, AdamW, AMSGrad:
			r.m[i] = a*r.m[i] + (1-a)*g[i]
			r.v[i] = b*r.v[i] + (1-b)*g[i]*g[i]
			r.vmax[i] = math.Max(r.vmax[i], r.v[i])
			mhat, vhat := r.m[i], r.v[i]
			if l.Opt == AMSGrad {
				vhat = r.vmax[i]
			}
			if l.BiasCorrection {
				mhat /= 1 - math.Pow(a, n)
				vhat /= 1 - math.Pow(b, n)
			}
			r.theta[i] -= gamma * mhat / (eps + math.Sqrt(vhat))
		}
		if l.Opt == AdamW {
			r.theta[i] -= gamma * l.WeightDecay * prev[i]
		}
	}
}

// The first steps of every optimizer and option agree with the reference fed
// the same data: data.go draws a normal batch mean of size 1 as
// (sigma_1 N, sigma_2 N) from run r's stream rng.New(seed, r), coordinate 1
// first. The two computations may round differently, so they must agree to a
// relative 1e-12, far below any formula error.
func TestFirstSteps(t *testing.T) {
	lane := func(opt Optimizer, f func(*LaneConfig)) LaneConfig {
		l := DefaultLane()
		l.Opt = opt
		l.Schedule = Schedule{Kind: Const, Gamma: 0.1}
		l.Beta2 = 0.9 // so that AMSGrad's maximum differs from M_n
		if f != nil {
			f(&l)
		}
		return l
	}
	tests := []struct {
		name string
		lane LaneConfig
	}{
		{"sgd", lane(SGD, nil)},
		{"sgd/clip", lane(SGD, func(l *LaneConfig) { l.Clip = 0.5 })},
		{"sgd/l2", lane(SGD, func(l *LaneConfig) { l.WeightDecay = 0.3 })},
		{"momentum", lane(Momentum, nil)},
		{"momentum/clip/l2", lane(Momentum, func(l *LaneConfig) { l.Clip = 1; l.WeightDecay = 0.1 })},
		{"heavyball", lane(HeavyBall, func(l *LaneConfig) { l.Mom = 0.8 })},
		{"nesterov", lane(Nesterov, func(l *LaneConfig) { l.Mom = 0.7 })},
		{"adagrad", lane(Adagrad, nil)},
		{"rmsprop", lane(RMSprop, nil)},
		{"rmsprop/eps", lane(RMSprop, func(l *LaneConfig) { l.Eps = 0.1 })},
		{"adam", lane(Adam, nil)},
		{"adam/nobc", lane(Adam, func(l *LaneConfig) { l.BiasCorrection = false })},
		{"adam/l2", lane(Adam, func(l *LaneConfig) { l.WeightDecay = 0.2 })},
		{"amsgrad", lane(AMSGrad, nil)},
		{"amsgrad/nobc", lane(AMSGrad, func(l *LaneConfig) { l.BiasCorrection = false; l.Beta1 = 0 })},
		{"adamw", lane(AdamW, func(l *LaneConfig) { l.WeightDecay = 0.2 })},
		{"adamw/clip", lane(AdamW, func(l *LaneConfig) { l.WeightDecay = 0.05; l.Clip = 2 })},
	}
	const runs, steps = 3, 8
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			c.Problem = Problem{Kind: Quadratic, H1: 1, H2: 4, Angle: 30}
			c.Data = Data{Dist: Gauss, Sigma: Vec{1, 0.5}}
			c.Runs = runs
			c.Seed = 11
			c.Lanes = []LaneConfig{tt.lane}
			e, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			refs := make([]*reference, runs)
			srcs := make([]rng.Source, runs)
			for r := range runs {
				refs[r] = newReference(c, tt.lane)
				srcs[r] = rng.New(c.Seed, uint64(r))
			}
			for n := 1; n <= steps; n++ {
				e.Step()
				for r, ref := range refs {
					z0, z1 := srcs[r].Normal2()
					ref.step([2]float64{c.Data.Sigma[0] * z0, c.Data.Sigma[1] * z1})
					got := e.Lanes()[0].Positions()[r]
					for i := range 2 {
						if d := math.Abs(got[i] - ref.theta[i]); d > 1e-12*math.Max(1, math.Abs(ref.theta[i])) {
							t.Fatalf("run %d, theta_%d[%d] = %.17g, reference %.17g", r, n, i, got[i], ref.theta[i])
						}
					}
				}
			}
		})
	}
}

// Schedules and batch schedules, checked at a few n against MATH.md's
// formulas evaluated with the standard library.
func TestSchedules(t *testing.T) {
	tests := []struct {
		s    Schedule
		n    int
		want float64
	}{
		{Schedule{Kind: Const, Gamma: 0.1}, 1, 0.1},
		{Schedule{Kind: Const, Gamma: 0.1}, 1e6, 0.1},
		{Schedule{Kind: Poly, Gamma: 0.5, P: 0.5, N0: 1}, 1, 0.5},
		{Schedule{Kind: Poly, Gamma: 0.5, P: 0.5, N0: 1}, 9, 0.5 / 3},
		{Schedule{Kind: Poly, Gamma: 1, P: 1, N0: 100}, 201, 1.0 / 3},
		{Schedule{Kind: Poly, Gamma: 1, P: 0.7, N0: 10}, 57, math.Pow(1+56.0/10, -0.7)},
		{Schedule{Kind: Step, Gamma: 1, P: 0.5, N0: 10}, 10, 1},
		{Schedule{Kind: Step, Gamma: 1, P: 0.5, N0: 10}, 11, 0.5},
		{Schedule{Kind: Step, Gamma: 1, P: 0.5, N0: 10}, 35, 0.125},
		{Schedule{Kind: ExpDec, Gamma: 2, N0: 50}, 101, 2 * math.Exp(-2)},
		{Schedule{Kind: Cosine, Gamma: 1, N0: 100, Min: 0.1}, 1, 1},
		{Schedule{Kind: Cosine, Gamma: 1, N0: 100, Min: 0.1}, 51, 0.55},
		{Schedule{Kind: Cosine, Gamma: 1, N0: 100, Min: 0.1}, 500, 0.1},
		{Schedule{Kind: Const, Gamma: 0.1, Warmup: 10}, 5, 0.05},
		{Schedule{Kind: Const, Gamma: 0.1, Warmup: 10}, 10, 0.1},
		{Schedule{Kind: Poly, Gamma: 1, P: 1, N0: 1, Warmup: 10}, 12, 0.5},
		{Schedule{Kind: Poly, Gamma: 1, P: 1, N0: 1, Min: 0.01}, 1000, 0.01},
		{Schedule{Kind: ExpDec, Gamma: 1, N0: 1, Min: 0.2}, 3, 0.2},
	}
	for _, tt := range tests {
		if got := tt.s.LearningRate(tt.n); math.Abs(got-tt.want) > 1e-14*tt.want {
			t.Errorf("%+v: gamma_%d = %.17g, want %.17g", tt.s, tt.n, got, tt.want)
		}
	}
	batches := []struct {
		b    Batch
		n    int
		want int
	}{
		{Batch{Size: 3, Growth: BatchConst}, 100, 3},
		{Batch{Size: 1, Growth: BatchLinear, Rate: 1}, 10, 10},
		{Batch{Size: 2, Growth: BatchLinear, Rate: 0.5}, 4, 3},
		{Batch{Size: 4, Growth: BatchGeom, Rate: 2}, 4, 32},
		{Batch{Size: 1, Growth: BatchGeom, Rate: 2}, 100, MaxBatch},
	}
	for _, tt := range batches {
		if got := tt.b.BatchSize(tt.n); got != tt.want {
			t.Errorf("%+v: J_%d = %d, want %d", tt.b, tt.n, got, tt.want)
		}
	}
}

func ExampleSchedule_LearningRate() {
	s := Schedule{Kind: Poly, Gamma: 0.1, P: 0.5, N0: 1, Min: 0.02}
	for _, n := range []int{1, 4, 16, 64} {
		fmt.Printf("gamma_%d = %.3f\n", n, s.LearningRate(n))
	}
	// Output:
	// gamma_1 = 0.100
	// gamma_4 = 0.050
	// gamma_16 = 0.025
	// gamma_64 = 0.020
}
