package sim

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/stat"
)

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
