package sim

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat"
)

// hessian computes H = R diag(h1, h2) R^T with gonum, independently of
// Problem.Hessian.
func hessian(p Problem) *mat.Dense {
	rad := p.Angle * math.Pi / 180
	c, s := math.Cos(rad), math.Sin(rad)
	r := mat.NewDense(2, 2, []float64{c, -s, s, c})
	var h mat.Dense
	h.Product(r, mat.NewDiagDense(2, []float64{p.H1, p.H2}), r.T())
	return &h
}

// lyapunov solves P = A P A^T + Q for P by vectorising it:
// vec(A P A^T) = (A kron A) vec(P), so vec(P) = (I - A kron A)^-1 vec(Q).
func lyapunov(t *testing.T, a, q mat.Matrix) *mat.Dense {
	t.Helper()
	n, _ := a.Dims()
	var k mat.Dense
	k.Kronecker(a, a)
	var lhs mat.Dense
	lhs.Sub(eye(n*n), &k)
	vq := mat.NewVecDense(n*n, mat.DenseCopyOf(q).RawMatrix().Data)
	var vp mat.VecDense
	if err := vp.SolveVec(&lhs, vq); err != nil {
		t.Fatalf("Lyapunov equation: %v", err)
	}
	return mat.NewDense(n, n, vp.RawVector().Data)
}

func eye(n int) *mat.Dense {
	d := mat.NewDense(n, n, nil)
	for i := range n {
		d.Set(i, i, 1)
	}
	return d
}

// sgdStationaryCovariance returns the solution P of MATH.md oracle 5,
// P = (I - gamma H) P (I - gamma H)^T + gamma^2 H Sigma H / J.
func sgdStationaryCovariance(t *testing.T, p Problem, sigma Vec, gamma float64, j int) *mat.Dense {
	h := hessian(p)
	var a mat.Dense
	a.Scale(-gamma, h)
	a.Add(eye(2), &a)
	var q mat.Dense
	q.Product(h, mat.NewDiagDense(2, []float64{sigma[0] * sigma[0], sigma[1] * sigma[1]}), h)
	q.Scale(gamma*gamma/float64(j), &q)
	return lyapunov(t, &a, &q)
}

// MATH.md oracle 5: the stationary covariance of 2-D SGD. For a diagonal H
// the solver must agree with the closed form
// P_ij = gamma^2 k_i k_j Sigma_ij / (J (1 - (1 - gamma k_i)(1 - gamma k_j))),
// and for any H the simulated covariance must agree with the solver's. For
// normal data theta_n is normal, and the sample covariance S_ij of R runs has
// standard error sqrt((P_ii P_jj + P_ij^2)/(R-1)).
func TestSGDStationaryCovariance(t *testing.T) {
	const runs = 5000
	tests := []struct {
		problem Problem
		sigma   Vec
		gamma   float64
		batch   int
	}{
		{Problem{Kind: Quadratic, H1: 1, H2: 4}, Vec{1, 0.5}, 0.1, 1},
		{Problem{Kind: Quadratic, H1: 1, H2: 4, Angle: 30}, Vec{1, 0.5}, 0.1, 2},
		{Problem{Kind: Quadratic, H1: 0.5, H2: 5, Angle: -60}, Vec{0.3, 1}, 0.2, 1},
		{Problem{Kind: Quadratic, H1: 2, H2: 2, Angle: 45}, Vec{1, 1}, 0.3, 4},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("h=%g,%g/angle=%g", tt.problem.H1, tt.problem.H2, tt.problem.Angle), func(t *testing.T) {
			want := sgdStationaryCovariance(t, tt.problem, tt.sigma, tt.gamma, tt.batch)
			if tt.problem.Angle == 0 {
				k := []float64{tt.problem.H1, tt.problem.H2}
				for i := range 2 {
					for j := range 2 {
						closed := 0.0
						if i == j {
							closed = tt.gamma * tt.gamma * k[i] * k[j] * tt.sigma[i] * tt.sigma[i] /
								(float64(tt.batch) * (1 - (1-tt.gamma*k[i])*(1-tt.gamma*k[j])))
						}
						if d := math.Abs(want.At(i, j) - closed); d > 1e-12 {
							t.Errorf("P_%d%d = %g from the Lyapunov solver, %g in closed form", i, j, want.At(i, j), closed)
						}
					}
				}
			}
			c := diagQuadratic(1, 1, 1, tt.gamma, runs, Vec{0, 0})
			c.Problem = tt.problem
			c.Data.Sigma = tt.sigma
			c.Lanes[0].Batch.Size = tt.batch
			e, err := New(c)
			if err != nil {
				t.Fatal(err)
			}
			// The slowest mode forgets its start like (1 - gamma h_min)^(2n):
			// 0.9^800 < 1e-36 for the smallest gamma h_min = 0.1 here.
			e.Steps(400)
			xs := [2][]float64{coordinate(e.Lanes()[0], 0), coordinate(e.Lanes()[0], 1)}
			for i := range 2 {
				for j := i; j < 2; j++ {
					got := stat.Covariance(xs[i], xs[j], nil)
					p := want.At(i, j)
					se := math.Sqrt((want.At(i, i)*want.At(j, j) + p*p) / (runs - 1))
					if math.Abs(got-p) > z*se {
						t.Errorf("Cov_%d%d = %.6g, want %.6g +- %.2g", i, j, got, p, z*se)
					}
				}
			}
		})
	}
}
