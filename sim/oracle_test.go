package sim

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat"
)

// Every Monte Carlo check below allows z standard errors, computed from the
// simulated sample itself. The seeds are fixed, so a test either always passes
// or always fails; z = 4.5 makes a false alarm among the few hundred checks of
// this package improbable (a normal deviate beyond 4.5 has probability 7e-6)
// while an error in a formula of a few percent is still caught.
const z = 4.5

// moments holds the sample mean and variance of independent draws with their
// standard errors. The variance's standard error uses the sample's fourth
// central moment m4: Var(s^2) ~ (m4 - s^4 (R-3)/(R-1))/R, so it is right for
// any law with a finite fourth moment, not only the normal one.
type moments struct {
	mean, meanSE, vari, variSE float64
}

func sampleMoments(xs []float64) moments {
	mean, vari := stat.MeanVariance(xs, nil)
	r := float64(len(xs))
	m4 := stat.MomentAbout(4, xs, mean, nil)
	return moments{
		mean:   mean,
		meanSE: math.Sqrt(vari / r),
		vari:   vari,
		variSE: math.Sqrt(math.Max(0, m4-vari*vari*(r-3)/(r-1)) / r),
	}
}

// diagQuadratic is an unrotated quadratic with curvatures k1, k2 and
// Gaussian data of standard deviation sigma, run by one SGD lane.
func diagQuadratic(k1, k2, sigma, gamma float64, runs int, x0 Vec) Config {
	c := Default()
	c.Problem = Problem{Kind: Quadratic, H1: k1, H2: k2}
	c.Data = Data{Dist: Gauss, Sigma: Vec{sigma, sigma}}
	c.Runs = runs
	c.X0 = x0
	l := DefaultLane()
	l.Opt = SGD
	l.Schedule = Schedule{Kind: Const, Gamma: gamma}
	c.Lanes = []LaneConfig{l}
	return c
}

// coordinate returns coordinate i of every run's position.
func coordinate(l *Lane, i int) []float64 {
	xs := make([]float64, len(l.Positions()))
	for r, p := range l.Positions() {
		xs[r] = p[i]
	}
	return xs
}

// MATH.md oracle 2: SGD with constant gamma on the quadratic has stationary
// variance eta s^2 / (2 - eta) per coordinate, eta = gamma kappa.
func TestSGDStationaryVariance(t *testing.T) {
	const runs = 4000
	tests := []struct {
		gamma, sigma float64
		batch        int
	}{
		{0.1, 1, 1},
		{0.3, 0.5, 4},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("gamma=%g,sigma=%g,J=%d", tt.gamma, tt.sigma, tt.batch), func(t *testing.T) {
			k := Vec{1, 4}
			c := diagQuadratic(k[0], k[1], tt.sigma, tt.gamma, runs, Vec{0, 0})
			c.Lanes[0].Batch.Size = tt.batch
			e, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			// Relaxation time 1/eta is at most 1/(0.1*1) = 10 steps: 400 is stationary.
			e.Steps(400)
			s2 := tt.sigma * tt.sigma / float64(tt.batch)
			for i := 0; i < 2; i++ {
				eta := tt.gamma * k[i]
				want := eta * s2 / (2 - eta)
				got := stat.Variance(coordinate(e.Lanes()[0], i), nil)
				// The sample variance of R normal values has standard error var sqrt(2/(R-1)).
				se := want * math.Sqrt(2.0/(runs-1))
				if math.Abs(got-want) > 4*se {
					t.Errorf("coordinate %d: variance %.5f, want %.5f +- %.5f", i, got, want, 4*se)
				}
			}
		})
	}
}

// Adam's first steps on the noiseless quadratic, computed by hand from
// MATH.md's recursion with gamma = 0.1, alpha = 0.9, beta = 0.999, eps = 1e-8,
// H = diag(1, 4), theta_0 = (1, 1).
func TestAdamFirstStepsByHand(t *testing.T) {
	c := diagQuadratic(1, 4, 0, 0.1, 1, Vec{1, 1})
	c.Lanes[0].Opt = Adam
	e, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	// Step 1: g = (1, 4), m = 0.1 g, M = 0.001 g^2; the bias corrections give
	// back g and g^2, so theta_1 = theta_0 - 0.1 g/(1e-8 + |g|).
	want1 := Vec{1 - 0.1*1/(1e-8+1), 1 - 0.1*4/(1e-8+4)}
	// Step 2: g = H theta_1 = (0.9, 3.6) up to eps terms.
	g2 := Vec{want1[0], 4 * want1[1]}
	var want2 Vec
	for i, g1 := range []float64{1, 4} {
		m := 0.9*(0.1*g1) + 0.1*g2[i]
		v := 0.999*(0.001*g1*g1) + 0.001*g2[i]*g2[i]
		mhat := m / (1 - 0.81)
		vhat := v / (1 - 0.999*0.999)
		want2[i] = want1[i] - 0.1*mhat/(1e-8+math.Sqrt(vhat))
	}
	e.Step()
	if got := e.Lanes()[0].Positions()[0]; !close(got, want1, 1e-15) {
		t.Errorf("theta_1 = %v, want %v", got, want1)
	}
	e.Step()
	if got := e.Lanes()[0].Positions()[0]; !close(got, want2, 1e-14) {
		t.Errorf("theta_2 = %v, want %v", got, want2)
	}
}

func close(a, b Vec, tol float64) bool {
	return math.Abs(a[0]-b[0]) <= tol && math.Abs(a[1]-b[1]) <= tol
}

func TestSameSeedSameTrajectory(t *testing.T) {
	run := func(seed uint64) []Vec {
		c := Default()
		c.Seed = seed
		c.Runs = 3
		e, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		var path []Vec
		for i := 0; i < 500; i++ {
			e.Step()
			path = append(path, e.Lanes()[0].Positions()...)
		}
		return path
	}
	a, b, other := run(7), run(7), run(8)
	for i := range a {
		if a[i] != b[i] {
			t.Fatalf("position %d differs between two runs of seed 7: %v vs %v", i, a[i], b[i])
		}
	}
	if a[len(a)-1] == other[len(other)-1] {
		t.Errorf("seeds 7 and 8 end at the same point %v", a[len(a)-1])
	}
}

// checkMoments compares the sample of coordinate i with the mean and variance
// a formula predicts, within z standard errors.
func checkMoments(t *testing.T, what string, xs []float64, wantMean, wantVar float64) {
	t.Helper()
	m := sampleMoments(xs)
	if math.Abs(m.mean-wantMean) > z*m.meanSE {
		t.Errorf("%s: mean %.6g, want %.6g +- %.2g", what, m.mean, wantMean, z*m.meanSE)
	}
	if math.Abs(m.vari-wantVar) > z*m.variSE {
		t.Errorf("%s: variance %.6g, want %.6g +- %.2g", what, m.vari, wantVar, z*m.variSE)
	}
}

// MATH.md oracle 1: for SGD with any schedule and batch schedule on a
// diagonal quadratic, each coordinate's error e_n = theta_n - mu obeys
//
//	E e_n = (1 - gamma_n kappa) E e_{n-1}
//	Var e_n = (1 - gamma_n kappa)^2 Var e_{n-1} + gamma_n^2 kappa^2 sigma^2 / J_n
//
// exactly, whatever the law of the data.
func TestSGDMomentRecursion(t *testing.T) {
	const runs = 5000
	tests := []struct {
		name  string
		dist  Distribution
		sched Schedule
		batch Batch
	}{
		{"gauss/poly", Gauss, Schedule{Kind: Poly, Gamma: 0.3, P: 0.5, N0: 10}, Batch{Size: 1, Growth: BatchConst}},
		{"uniform/step/lin", Uniform, Schedule{Kind: Step, Gamma: 0.4, P: 0.5, N0: 40}, Batch{Size: 1, Growth: BatchLinear, Rate: 0.05}},
		{"exp/cosine/warmup", Exp, Schedule{Kind: Cosine, Gamma: 0.3, N0: 200, Min: 0.01, Warmup: 20}, Batch{Size: 2, Growth: BatchConst}},
		{"rademacher/exp/floor", Rademacher, Schedule{Kind: ExpDec, Gamma: 0.45, N0: 50, Min: 0.05}, Batch{Size: 1, Growth: BatchGeom, Rate: 1.01}},
		{"twopoint/const", TwoPoint, Schedule{Kind: Const, Gamma: 0.2}, Batch{Size: 3, Growth: BatchConst}},
	}
	checkAt := map[int]bool{1: true, 5: true, 30: true, 100: true, 250: true}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			kappa, sigma, x0 := Vec{1, 4}, Vec{1, 0.5}, Vec{2, -1}
			c := diagQuadratic(kappa[0], kappa[1], 1, 1, runs, x0)
			c.Data = Data{Dist: tt.dist, Sigma: sigma}
			c.Lanes[0].Schedule = tt.sched
			c.Lanes[0].Batch = tt.batch
			e, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			mean, vari := x0, Vec{}
			for n := 1; n <= 250; n++ {
				gamma, j := tt.sched.LearningRate(n), float64(tt.batch.BatchSize(n))
				for i := range 2 {
					a := 1 - gamma*kappa[i]
					mean[i] *= a
					vari[i] = a*a*vari[i] + gamma*gamma*kappa[i]*kappa[i]*sigma[i]*sigma[i]/j
				}
				e.Step()
				if checkAt[n] {
					for i := range 2 {
						checkMoments(t, fmt.Sprintf("n=%d coordinate %d", n, i), coordinate(e.Lanes()[0], i), mean[i], vari[i])
					}
				}
			}
		})
	}
}

// MATH.md oracle 3: with gamma_n = c/n and a = c kappa > 1/2,
// n Var e_n -> a^2 s^2 / (2a - 1). Two lanes (c = 1 and c = 1.5) on
// curvatures 1 and 2 check a = 1, 2, 1.5 and 3. The oracle is a limit: the
// finite-n distance to it, computed by oracle 1's exact recursion, is added to
// the Monte Carlo tolerance (it is below 0.3% of the limit at n = 1000).
func TestSGDHarmonicSchedule(t *testing.T) {
	const runs, steps = 6000, 1000
	kappa, sigma := Vec{1, 2}, 0.8
	c := diagQuadratic(kappa[0], kappa[1], sigma, 1, runs, Vec{1, 1})
	cs := []float64{1, 1.5}
	c.Lanes = nil
	for _, g := range cs {
		l := DefaultLane()
		l.Opt = SGD
		// poly with p = 1 and n0 = 1 is gamma / (1 + (n-1)) = gamma / n.
		l.Schedule = Schedule{Kind: Poly, Gamma: g, P: 1, N0: 1}
		c.Lanes = append(c.Lanes, l)
	}
	e, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	e.Steps(steps)
	s2 := sigma * sigma
	for k, g := range cs {
		for i := range 2 {
			a := g * kappa[i]
			limit := a * a * s2 / (2*a - 1)
			// Oracle 1's exact n Var e_n, from theta_0 = (1, 1).
			v := 0.0
			for n := 1; n <= steps; n++ {
				gn := g / float64(n)
				v = (1-gn*kappa[i])*(1-gn*kappa[i])*v + gn*gn*kappa[i]*kappa[i]*s2
			}
			exact := steps * v
			m := sampleMoments(coordinate(e.Lanes()[k], i))
			got, se := steps*m.vari, steps*m.variSE
			if math.Abs(got-limit) > z*se+math.Abs(exact-limit) {
				t.Errorf("a=%g: n Var = %.5f, want %.5f +- %.5f (+ %.2g to the limit)", a, got, limit, z*se, math.Abs(exact-limit))
			}
		}
	}
}

// MATH.md oracle 4: moving-average momentum with constant gamma and alpha has
// stationary variance eta s^2 (1+alpha) / (2(1+alpha) - eta(1-alpha)).
// In the stable range its AR(2) recursion forgets its start like
// |root|^n = alpha^(n/2); 600 steps leave 0.9^300 < 1e-13.
func TestMomentumStationaryVariance(t *testing.T) {
	const runs = 5000
	kappa, sigma, gamma := Vec{1, 4}, 1.0, 0.1
	moms := []float64{0, 0.5, 0.9}
	c := diagQuadratic(kappa[0], kappa[1], sigma, gamma, runs, Vec{0, 0})
	c.Lanes = nil
	for _, a := range moms {
		l := DefaultLane()
		l.Opt = Momentum
		l.Mom = a
		l.Schedule = Schedule{Kind: Const, Gamma: gamma}
		c.Lanes = append(c.Lanes, l)
	}
	e, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	e.Steps(600)
	for k, a := range moms {
		for i := range 2 {
			eta := gamma * kappa[i]
			want := eta * sigma * sigma * (1 + a) / (2*(1+a) - eta*(1-a))
			checkMoments(t, fmt.Sprintf("alpha=%g coordinate %d", a, i), coordinate(e.Lanes()[k], i), 0, want)
		}
	}
}
