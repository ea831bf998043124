package detmat

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// randomSPD returns A = B B^T / n + shift I for a random n x n B.
func randomSPD(n int, shift float64, seed uint64) []float64 {
	r := rand.New(rand.NewPCG(seed, 1))
	b := make([]float64, n*n)
	for i := range b {
		b[i] = r.NormFloat64()
	}
	a := make([]float64, n*n)
	for i := range n {
		for j := range n {
			a[i*n+j] = Dot(b[i*n:(i+1)*n], b[j*n:(j+1)*n])/float64(n) + map[bool]float64{true: shift}[i == j]
		}
	}
	return a
}

// Cholesky and CholSolve agree with gonum's Cholesky to 1e-12.
func TestCholeskyAgainstGonum(t *testing.T) {
	for _, n := range []int{1, 2, 11, 40, 131} {
		a := randomSPD(n, 0.01, uint64(n))
		b := make([]float64, n)
		for i := range b {
			b[i] = math.Sin(float64(i))
		}
		l, err := Cholesky(a, n, nil)
		if err != nil {
			t.Fatal(err)
		}
		x := append([]float64(nil), b...)
		CholSolve(l, n, x)
		var ch mat.Cholesky
		if !ch.Factorize(mat.NewSymDense(n, append([]float64(nil), a...))) {
			t.Fatal("gonum: not positive definite")
		}
		var want mat.VecDense
		if err := ch.SolveVecTo(&want, mat.NewVecDense(n, b)); err != nil {
			t.Fatal(err)
		}
		for i := range n {
			if math.Abs(x[i]-want.AtVec(i)) > 1e-12*(1+math.Abs(want.AtVec(i))) {
				t.Fatalf("n=%d: x[%d] = %g, gonum %g", n, i, x[i], want.AtVec(i))
			}
		}
	}
	if _, err := Cholesky([]float64{1, 2, 2, 1}, 2, nil); err == nil {
		t.Error("Cholesky of an indefinite matrix did not fail")
	}
}

// Eigen agrees with gonum's EigenSym: the same eigenvalues to 1e-12 of the
// largest, and eigenvectors equal up to sign to 1e-9, orthonormal.
func TestEigenAgainstGonum(t *testing.T) {
	for _, n := range []int{1, 2, 3, 11, 31, 64} {
		a := randomSPD(n, -0.5, uint64(7*n)) // indefinite
		vals, vecs := Eigen(a, n)
		var es mat.EigenSym
		if !es.Factorize(mat.NewSymDense(n, append([]float64(nil), a...)), true) {
			t.Fatal("gonum EigenSym failed")
		}
		want := es.Values(nil) // increasing
		var wv mat.Dense
		es.VectorsTo(&wv)
		top := math.Max(math.Abs(want[0]), math.Abs(want[n-1]))
		for j := range n {
			w := want[n-1-j]
			if math.Abs(vals[j]-w) > 1e-12*top {
				t.Fatalf("n=%d: eigenvalue %d = %.17g, gonum %.17g", n, j, vals[j], w)
			}
			v := vecs[j*n : (j+1)*n]
			col := mat.Col(nil, n-1-j, &wv)
			if Dot(v, col) < 0 {
				for i := range col {
					col[i] = -col[i]
				}
			}
			gap := math.Inf(1)
			for i, x := range want {
				if i != n-1-j {
					gap = math.Min(gap, math.Abs(x-w))
				}
			}
			if gap > 1e-6*top { // a well separated eigenvalue has a well defined vector
				for i := range n {
					if math.Abs(v[i]-col[i]) > 1e-9 {
						t.Fatalf("n=%d: eigenvector %d differs from gonum's at %d: %g vs %g", n, j, i, v[i], col[i])
					}
				}
			}
			for k := range n {
				d := Dot(v, vecs[k*n:(k+1)*n])
				if want := map[bool]float64{true: 1}[j == k]; math.Abs(d-want) > 1e-12 {
					t.Fatalf("n=%d: v%d . v%d = %g", n, j, k, d)
				}
			}
		}
	}
}

// Lanczos finds the top two eigenpairs of a 300 x 300 operator as gonum's
// EigenSym does, to 1e-9, and reports small residuals.
func TestLanczosAgainstGonum(t *testing.T) {
	n := 300
	a := randomSPD(n, 0, 5)
	// Spread the top of the spectrum so that 60 steps converge.
	for i := range n {
		a[i*n+i] += 3 * math.Exp(-float64(i))
	}
	start := make([]float64, n)
	for i := range start {
		start[i] = 1 + math.Sin(float64(3*i))
	}
	vals, vecs, res := Lanczos(n, 2, 60, func(v, out []float64) { MulVec(a, n, v, out) }, start)
	var es mat.EigenSym
	es.Factorize(mat.NewSymDense(n, append([]float64(nil), a...)), true)
	want := es.Values(nil)
	var wv mat.Dense
	es.VectorsTo(&wv)
	for j := range 2 {
		if math.Abs(vals[j]-want[n-1-j]) > 1e-9*want[n-1] {
			t.Errorf("eigenvalue %d: %.15g, gonum %.15g", j, vals[j], want[n-1-j])
		}
		col := mat.Col(nil, n-1-j, &wv)
		if d := math.Abs(Dot(vecs[j*n:(j+1)*n], col)); math.Abs(d-1) > 1e-9 {
			t.Errorf("eigenvector %d: |cos| with gonum's = %.15g", j, d)
		}
		if res[j] > 1e-8 {
			t.Errorf("residual %d = %g", j, res[j])
		}
	}
}
