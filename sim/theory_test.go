package sim

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// sgdCovariance is MATH.md's oracle 1 in two dimensions, computed with gonum
// independently of Prediction: P_n = A_n P_{n-1} A_n^T + gamma_n^2 H Sigma H / J_n,
// A_n = I - gamma_n (H + lambda I), P_0 = 0.
func sgdCovariance(c Config, k, n int) *mat.Dense {
	l := c.Lanes[k]
	h := hessian(c.Problem)
	var kk mat.Dense
	kk.Add(h, mat.NewDiagDense(2, []float64{l.WeightDecay, l.WeightDecay}))
	var hsh mat.Dense
	hsh.Product(h, mat.NewDiagDense(2, []float64{c.Data.Sigma[0] * c.Data.Sigma[0], c.Data.Sigma[1] * c.Data.Sigma[1]}), h)
	p := mat.NewDense(2, 2, nil)
	for i := 1; i <= n; i++ {
		gamma, j := l.Schedule.LearningRate(i), float64(l.Batch.BatchSize(i))
		var a, next, q mat.Dense
		a.Scale(-gamma, &kk)
		a.Add(eye(2), &a)
		next.Product(&a, p, a.T())
		q.Scale(gamma*gamma/j, &hsh)
		next.Add(&next, &q)
		p = &next
	}
	return p
}

// For SGD, Prediction is oracle 1 exactly: it agrees with the gonum
// recursion to rounding, for any schedule, batch schedule and L2 decay.
func TestPredictionIsOracleOne(t *testing.T) {
	tests := []struct {
		name string
		set  func(*Config)
	}{
		{"const", func(c *Config) {}},
		{"poly/rotated", func(c *Config) {
			c.Problem.Angle = 30
			c.Lanes[0].Schedule = Schedule{Kind: Poly, Gamma: 0.4, P: 0.6, N0: 20}
		}},
		{"warmup/cosine/lin/l2", func(c *Config) {
			c.Problem = Problem{Kind: Quadratic, H1: 0.5, H2: 8, Angle: -70}
			c.Lanes[0].Schedule = Schedule{Kind: Cosine, Gamma: 0.2, N0: 500, Min: 0.01, Warmup: 50}
			c.Lanes[0].Batch = Batch{Size: 2, Growth: BatchLinear, Rate: 0.3}
			c.Lanes[0].WeightDecay = 0.2
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			c.Data.Sigma = Vec{1, 0.3}
			c.Lanes[0].Opt = SGD
			c.Lanes[0].Schedule = Schedule{Kind: Const, Gamma: 0.1}
			tt.set(&c)
			p := NewPrediction(c, 0)
			for _, n := range []int{1, 2, 10, 100, 1000} {
				got, ok := p.Spread(n)
				want := math.Sqrt(mat.Trace(sgdCovariance(c, 0, n)))
				if !ok || math.Abs(got-want) > 1e-12*want {
					t.Errorf("n=%d: predicted spread %.17g (ok %v), oracle 1 %.17g", n, got, ok, want)
				}
			}
			if !p.Exact() {
				t.Error("SGD's prediction is not marked exact")
			}
			// Going back restarts the recursion.
			if got, _ := p.Spread(10); math.Abs(got-math.Sqrt(mat.Trace(sgdCovariance(c, 0, 10)))) > 1e-12 {
				t.Errorf("Spread(10) after Spread(1000) = %g", got)
			}
		})
	}
}

// spreadMoments returns the ensemble spread of lane l and its standard
// error: the spread is sqrt(T), T = sum_r ||theta_r - mean||^2 / (R-1), whose
// standard error is about sd(||theta_r - mean||^2)/sqrt(R), so that of the
// spread about that over 2 sqrt(T).
func spreadMoments(l *Lane) (spread, se float64) {
	pos := l.Positions()
	r := float64(len(pos))
	var mean Vec
	for _, p := range pos {
		mean = mean.Add(p)
	}
	mean = mean.Scale(1 / r)
	sq := make([]float64, len(pos))
	for i, p := range pos {
		d := p.Sub(mean)
		sq[i] = d[0]*d[0] + d[1]*d[1]
	}
	m := sampleMoments(sq)
	t := m.mean * r / (r - 1)
	return math.Sqrt(t), m.meanSE / (2 * math.Sqrt(t))
}

// The exact predictions (SGD, both momentum forms, Nesterov) agree with the
// simulated spread within Monte Carlo error, along the way from X0 and for
// several schedules and data laws.
func TestPredictionMatchesSimulation(t *testing.T) {
	const runs = 4000
	lane := func(opt Optimizer, f func(*LaneConfig)) LaneConfig {
		l := DefaultLane()
		l.Opt = opt
		l.Schedule = Schedule{Kind: Const, Gamma: 0.05}
		if f != nil {
			f(&l)
		}
		return l
	}
	tests := []struct {
		name  string
		dist  Distribution
		lanes []LaneConfig
	}{
		{"gauss", Gauss, []LaneConfig{
			lane(SGD, func(l *LaneConfig) { l.Schedule = Schedule{Kind: Poly, Gamma: 0.3, P: 0.7, N0: 10} }),
			lane(Momentum, nil),
			lane(HeavyBall, func(l *LaneConfig) { l.Schedule.Gamma = 0.01 }),
			lane(Nesterov, func(l *LaneConfig) { l.Schedule.Gamma = 0.01; l.Mom = 0.8 }),
		}},
		{"uniform", Uniform, []LaneConfig{
			lane(SGD, func(l *LaneConfig) { l.Batch = Batch{Size: 1, Growth: BatchGeom, Rate: 1.01}; l.WeightDecay = 0.3 }),
			lane(Momentum, func(l *LaneConfig) { l.Mom = 0.5; l.Schedule = Schedule{Kind: Step, Gamma: 0.1, P: 0.5, N0: 50} }),
		}},
		{"exp", Exp, []LaneConfig{lane(SGD, func(l *LaneConfig) { l.Schedule.Warmup = 30 })}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			c.Problem.Angle = 30
			c.Data = Data{Dist: tt.dist, Sigma: Vec{1, 0.5}}
			c.Runs = runs
			c.Lanes = tt.lanes
			e, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			preds := make([]*Prediction, len(c.Lanes))
			for k := range preds {
				preds[k] = NewPrediction(c, k)
			}
			for _, n := range []int{3, 30, 300} {
				e.Steps(n - e.N())
				for k, l := range e.Lanes() {
					want, ok := preds[k].Spread(n)
					if !ok || !preds[k].Exact() {
						t.Fatalf("lane %d (%s): no exact prediction", k, c.Lanes[k].Opt)
					}
					got, se := spreadMoments(l)
					if math.Abs(got-want) > z*se {
						t.Errorf("lane %d (%s) n=%d: spread %.5f, predicted %.5f +- %.5f", k, c.Lanes[k].Opt, n, got, want, z*se)
					}
				}
			}
		})
	}
}

// Adam's and RMSprop's predictions approximate the noise ball (oracle 6),
// also for a rotated H, where the preconditioner does not commute with H, and
// for a batch so large that gamma is not small against s (batch 1000:
// gamma/s = 1.6), where the iterates' own variance dominates E g^2: within
// Monte Carlo error and 10% for the approximation.
func TestPredictionAdaptive(t *testing.T) {
	const runs = 2000
	c := Default()
	c.Runs = runs
	c.X0 = Vec{}
	c.Lanes = nil
	for _, o := range []Optimizer{Adam, RMSprop, AdamW, RMSprop} {
		l := DefaultLane()
		l.Opt = o
		l.Batch.Size = 2
		if o == AdamW {
			l.WeightDecay = 0.5
		}
		if len(c.Lanes) == 3 {
			l.Batch.Size = 1000
		}
		c.Lanes = append(c.Lanes, l)
	}
	e, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	e.Steps(3000)
	for k, l := range e.Lanes() {
		want, ok := Theory(c, k, e.N())
		got, se := spreadMoments(l)
		if !ok || math.Abs(got-want) > z*se+0.1*want {
			t.Errorf("%s: spread %.4f, predicted %.4f (ok %v)", c.Lanes[k].Opt, got, want, ok)
		}
	}
}

func TestPredictionAbsent(t *testing.T) {
	tests := []struct {
		name   string
		set    func(*Config)
		ok     bool
		spread float64
	}{
		{"adagrad", func(c *Config) { c.Lanes[0].Opt = Adagrad }, false, 0},
		{"amsgrad", func(c *Config) { c.Lanes[0].Opt = AMSGrad }, false, 0},
		{"clip", func(c *Config) { c.Lanes[0].Opt = SGD; c.Lanes[0].Clip = 1 }, false, 0},
		{"doublewell", func(c *Config) { c.Problem.Kind = DoubleWell }, false, 0},
		{"reddi", func(c *Config) { c.Problem.Kind = Reddi }, false, 0},
		{"reddi/noiseless", func(c *Config) { c.Problem.Kind = Reddi; c.Data.Sigma = Vec{} }, false, 0},
		{"adam/beta2=0.5", func(c *Config) { c.Lanes[0].Beta2 = 0.5 }, false, 0},
		{"adam/one noiseless coordinate", func(c *Config) { c.Problem.Angle = 0; c.Data.Sigma = Vec{1, 0} }, false, 0},
		{"noiseless doublewell amsgrad", func(c *Config) { c.Problem.Kind = DoubleWell; c.Lanes[0].Opt = AMSGrad; c.Data.Sigma = Vec{} }, true, 0},
		{"sgd/noiseless", func(c *Config) { c.Data.Sigma = Vec{}; c.Lanes[0].Opt = SGD }, true, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := Default()
			tt.set(&c)
			if s, ok := Theory(c, 0, 100); ok != tt.ok || s != tt.spread {
				t.Errorf("Theory = %g, %v; want %g, %v", s, ok, tt.spread, tt.ok)
			}
		})
	}
}

// SGD with gamma = 0.1 on H = diag(1, 4) and unit normal noise: the spread
// rises from 0 to its stationary value sqrt(0.1/1.9 + 0.4/1.6) = 0.5501.
func ExampleTheory() {
	lane := DefaultLane()
	lane.Opt = SGD
	lane.Schedule = Schedule{Kind: Const, Gamma: 0.1}
	c := Config{
		Problem: Problem{Kind: Quadratic, H1: 1, H2: 4},
		Data:    Data{Dist: Gauss, Sigma: Vec{1, 1}},
		X0:      Vec{1, 1},
		Runs:    1,
		Lanes:   []LaneConfig{lane},
	}
	for _, n := range []int{1, 10, 100, 1000} {
		s, _ := Theory(c, 0, n)
		fmt.Printf("n = %4d: spread %.4f\n", n, s)
	}
	// Output:
	// n =    1: spread 0.4123
	// n =   10: spread 0.5443
	// n =  100: spread 0.5501
	// n = 1000: spread 0.5501
}
