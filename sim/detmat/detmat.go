// Package detmat is the small dense linear algebra of noiseball's real
// models (normal equations, Newton steps, Hessian eigenvectors, Lyapunov
// equations), written so that it gives the same bits on every platform.
//
// gonum/mat is the field's library for this, and the tests check every
// routine here against it; but its results differ in the last bits between
// amd64 and WebAssembly (its amd64 kernels are assembly that sums in another
// order than its pure-Go ones, and LAPACK's Dlapy2 calls math.Hypot, which
// is assembly on amd64 too): a Cholesky solve and an EigenSym of the same
// 40 x 40 matrix give different bits natively and in wasm. The optimum and
// the plane feed every number the simulation reports, which must be the
// same in the browser as natively, so the simulation's path uses these
// routines, built from +, -, *, / and Sqrt only, with every product that an
// addition follows rounded first (float64(a*b) + c), so that no platform
// may fuse them.
//
// Matrices are row-major []float64 of n x n; a symmetric matrix is stored
// in full and kept exactly symmetric.
package detmat

import (
	"fmt"
	"math"
)

// A Pause is called between pieces of a long computation, each of at
// most a few milliseconds natively, so that a caller on one thread (the
// page's WebAssembly, where a goroutine runs until it blocks) may let its
// event loop run there. The nil Pause does nothing. A Pause changes no
// number.
type Pause func()

// Now calls p unless it is nil.
func (p Pause) Now() {
	if p != nil {
		p()
	}
}

// Dot returns sum_i a_i b_i, summed in index order.
func Dot(a, b []float64) float64 {
	b = b[:len(a)]
	s := 0.0
	for i, x := range a {
		s += float64(x * b[i])
	}
	return s
}

// Axpy sets y += alpha x.
func Axpy(alpha float64, x, y []float64) {
	y = y[:len(x)]
	for i, v := range x {
		y[i] += float64(alpha * v)
	}
}

// Norm returns the Euclidean norm of x, sqrt(Dot(x, x)).
func Norm(x []float64) float64 { return math.Sqrt(Dot(x, x)) }

// MulVec sets out = A v for the n x n matrix A.
func MulVec(a []float64, n int, v, out []float64) {
	for i := range n {
		out[i] = Dot(a[i*n:(i+1)*n], v)
	}
}

// Cholesky returns the lower-triangular L with A = L L^T for the symmetric
// positive definite n x n matrix A (row-major, only its lower triangle
// read), or an error naming the pivot that is not positive. It pauses
// after each column.
//
//	L_jj = sqrt(A_jj - sum_{k<j} L_jk^2),  L_ij = (A_ij - sum_{k<j} L_ik L_jk) / L_jj  (i > j)
func Cholesky(a []float64, n int, pause Pause) ([]float64, error) {
	l := make([]float64, n*n)
	for j := range n {
		pause.Now()
		lj := l[j*n : j*n+j]
		d := a[j*n+j] - Dot(lj, lj)
		if !(d > 0) {
			return nil, fmt.Errorf("detmat: the matrix is not positive definite (pivot %d is %g)", j, d)
		}
		ljj := math.Sqrt(d)
		l[j*n+j] = ljj
		for i := j + 1; i < n; i++ {
			l[i*n+j] = (a[i*n+j] - Dot(l[i*n:i*n+j], lj)) / ljj
		}
	}
	return l, nil
}

// CholSolve solves L L^T x = b in place (b becomes x), for L from Cholesky.
func CholSolve(l []float64, n int, b []float64) {
	ForwardSolve(l, n, b)
	for i := n - 1; i >= 0; i-- {
		s := b[i]
		for k := i + 1; k < n; k++ {
			s -= float64(l[k*n+i] * b[k])
		}
		b[i] = s / l[i*n+i]
	}
}

// ForwardSolve solves L z = b in place (b becomes z), L lower triangular.
func ForwardSolve(l []float64, n int, b []float64) {
	for i := range n {
		b[i] = (b[i] - Dot(l[i*n:i*n+i], b[:i])) / l[i*n+i]
	}
}

// Eigen returns the eigenvalues of the symmetric n x n matrix A in
// decreasing order and the matching orthonormal eigenvectors, vector j in
// vectors[j*n:(j+1)*n], by the cyclic Jacobi method: sweeps of plane
// rotations, each zeroing one off-diagonal entry A_pq with
//
//	theta = (A_qq - A_pp) / (2 A_pq),  t = sign(theta) / (|theta| + sqrt(theta^2 + 1)),
//	c = 1 / sqrt(t^2 + 1),  s = t c,
//
// until the off-diagonal part is below 1e-15 of the matrix's norm (or 50
// sweeps). It costs about 10 n^3 operations: meant for n up to a few
// hundred. A is not changed.
func Eigen(a []float64, n int) (values, vectors []float64) {
	m := append([]float64(nil), a...)
	v := make([]float64, n*n) // columns are the eigenvectors
	for i := range n {
		v[i*n+i] = 1
	}
	var total float64
	for _, x := range m {
		total += float64(x * x)
	}
	for sweep := 0; sweep < 50; sweep++ {
		var off float64
		for p := range n {
			for q := p + 1; q < n; q++ {
				off += float64(m[p*n+q] * m[p*n+q])
			}
		}
		if !(off > 1e-30*total) {
			break
		}
		for p := range n {
			for q := p + 1; q < n; q++ {
				apq := m[p*n+q]
				if apq == 0 {
					continue
				}
				theta := (m[q*n+q] - m[p*n+p]) / (2 * apq)
				t := 1 / (math.Abs(theta) + math.Sqrt(float64(theta*theta)+1))
				if theta < 0 {
					t = -t
				}
				c := 1 / math.Sqrt(float64(t*t)+1)
				s := float64(t * c)
				rotate(m, v, n, p, q, c, s)
			}
		}
	}
	values = make([]float64, n)
	order := make([]int, n)
	for i := range n {
		values[i] = m[i*n+i]
		order[i] = i
	}
	// Decreasing eigenvalues; insertion sort keeps ties in index order.
	for i := 1; i < n; i++ {
		for j := i; j > 0 && values[order[j]] > values[order[j-1]]; j-- {
			order[j], order[j-1] = order[j-1], order[j]
		}
	}
	sorted := make([]float64, n)
	vectors = make([]float64, n*n)
	for j, o := range order {
		sorted[j] = values[o]
		for i := range n {
			vectors[j*n+i] = v[i*n+o]
		}
	}
	return sorted, vectors
}

// rotate applies the Jacobi rotation (p, q, c, s) to m (both sides, so
// that m_pq becomes 0 and m stays exactly symmetric) and to the columns p
// and q of v.
func rotate(m, v []float64, n, p, q int, c, s float64) {
	app, aqq, apq := m[p*n+p], m[q*n+q], m[p*n+q]
	for k := range n {
		if k == p || k == q {
			continue
		}
		akp, akq := m[k*n+p], m[k*n+q]
		np := float64(c*akp) - float64(s*akq)
		nq := float64(s*akp) + float64(c*akq)
		m[k*n+p], m[p*n+k] = np, np
		m[k*n+q], m[q*n+k] = nq, nq
	}
	// The diagonal in the exact form of the rotation, c^2 app - 2cs apq + s^2 aqq.
	cc, ss, cs := float64(c*c), float64(s*s), float64(c*s)
	m[p*n+p] = float64(cc*app) - float64(2*cs*apq) + float64(ss*aqq)
	m[q*n+q] = float64(ss*app) + float64(2*cs*apq) + float64(cc*aqq)
	m[p*n+q], m[q*n+p] = 0, 0
	for k := range n {
		vkp, vkq := v[k*n+p], v[k*n+q]
		v[k*n+p] = float64(c*vkp) - float64(s*vkq)
		v[k*n+q] = float64(s*vkp) + float64(c*vkq)
	}
}

// Lanczos returns the k largest eigenvalues (in decreasing order) and their
// eigenvectors (vector j in vectors[j*n:(j+1)*n]) of the symmetric linear
// operator mul (mul(v, out) sets out = A v) on R^n, from m Lanczos steps
// started at start (m is capped at n): the Krylov basis Q, fully
// reorthogonalized (twice, Gram-Schmidt), the tridiagonal T = Q^T A Q,
// its eigenpairs (Eigen), and the Ritz vectors Q y. It also returns each
// Ritz pair's residual norm ||A x - theta x||, which says how well it has
// converged.
func Lanczos(n, k, m int, mul func(v, out []float64), start []float64) (values, vectors, residuals []float64) {
	m = min(max(m, k), n)
	q := make([]float64, 0, m*n)
	w := make([]float64, n)
	alpha := make([]float64, 0, m)
	beta := make([]float64, 0, m)
	cur := append([]float64(nil), start...)
	scale(cur, 1/Norm(cur))
	for j := 0; j < m; j++ {
		q = append(q, cur...)
		mul(cur, w)
		a := Dot(cur, w)
		alpha = append(alpha, a)
		for range 2 {
			for i := 0; i <= j; i++ {
				qi := q[i*n : (i+1)*n]
				Axpy(-Dot(qi, w), qi, w)
			}
		}
		b := Norm(w)
		if j == m-1 || !(b > 1e-12*math.Abs(a)) {
			break
		}
		beta = append(beta, b)
		cur = append(cur[:0], w...)
		scale(cur, 1/b)
	}
	r := len(alpha)
	t := make([]float64, r*r)
	for i := range r {
		t[i*r+i] = alpha[i]
		if i+1 < r {
			t[i*r+i+1], t[(i+1)*r+i] = beta[i], beta[i]
		}
	}
	tv, ty := Eigen(t, r)
	k = min(k, r)
	values = tv[:k]
	vectors = make([]float64, k*n)
	residuals = make([]float64, k)
	ax := make([]float64, n)
	for j := range k {
		x := vectors[j*n : (j+1)*n]
		for i := range r {
			Axpy(ty[j*r+i], q[i*n:(i+1)*n], x)
		}
		scale(x, 1/Norm(x))
		mul(x, ax)
		Axpy(-values[j], x, ax)
		residuals[j] = Norm(ax)
	}
	return values, vectors, residuals
}

func scale(x []float64, a float64) {
	for i := range x {
		x[i] *= a
	}
}
