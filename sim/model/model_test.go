package model

import (
	"fmt"
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"noiseball/sim/dataset"
	"noiseball/sim/rng"
)

func load(t testing.TB, n dataset.Name) *dataset.Set {
	t.Helper()
	s, err := dataset.Load(n, nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// testModels are the four models, the MLP with few hidden units to keep
// the finite differences quick.
func testModels(t testing.TB) []*Model {
	var ms []*Model
	for _, c := range []struct {
		k      Kind
		data   dataset.Name
		hidden int
	}{{LinReg, dataset.Diabetes, 0}, {LogReg, dataset.Cancer, 0}, {Softmax, dataset.Digits, 0}, {Softmax, dataset.Cancer, 0}, {MLP, dataset.Digits, 3}, {MLP, dataset.Cancer, 2}} {
		m, err := New(c.k, load(t, c.data), c.hidden)
		if err != nil {
			t.Fatal(err)
		}
		if d := Dim(c.k, c.data, c.hidden); d != m.D {
			t.Errorf("Dim(%s, %s, %d) = %d, New's model has %d", c.k, c.data, c.hidden, d, m.D)
		}
		ms = append(ms, m)
	}
	return ms
}

// randomTheta returns a point with entries N(0, scale^2), seeded.
func randomTheta(m *Model, scale float64, seed uint64) []float64 {
	src := rng.New(seed, 7)
	th := make([]float64, m.D)
	for i := range th {
		th[i] = scale * src.Normal()
	}
	return th
}

// The gradient is the derivative of the loss: each coordinate against the
// central difference (L(theta + h e_i) - L(theta - h e_i)) / 2h, on a
// sample of coordinates, to 1e-6 relative.
func TestGradientIsTheDerivative(t *testing.T) {
	for _, m := range testModels(t) {
		t.Run(fmt.Sprintf("%s-%s", m.Kind, m.Set.Name), func(t *testing.T) {
			var s Scratch
			th := randomTheta(m, 0.3, 1)
			g := make([]float64, m.D)
			m.Gradient(th, g, &s)
			const h = 1e-5
			for i := 0; i < m.D; i += 1 + m.D/25 {
				old := th[i]
				th[i] = old + h
				up, _ := m.Loss(th, &m.Set.Train, &s)
				th[i] = old - h
				down, _ := m.Loss(th, &m.Set.Train, &s)
				th[i] = old
				fd := (up - down) / (2 * h)
				if math.Abs(fd-g[i]) > 1e-6*(1+math.Abs(fd)) {
					t.Errorf("coordinate %d: gradient %.10g, central difference %.10g", i, g[i], fd)
				}
			}
			// A batch of all training examples in order is the full gradient.
			idx := make([]int32, m.Set.Train.N)
			for i := range idx {
				idx[i] = int32(i)
			}
			b := make([]float64, m.D)
			m.BatchGradient(th, idx, b, &s)
			for i := range b {
				if math.Abs(b[i]-g[i]) > 1e-14*(1+math.Abs(g[i])) {
					t.Fatalf("batch of every example: coordinate %d is %g, full gradient %g", i, b[i], g[i])
				}
			}
		})
	}
}

// The Hessian is the derivative of the gradient (central differences, to
// 1e-6), exactly symmetric, and HessianVector is H v.
func TestHessian(t *testing.T) {
	for _, m := range testModels(t) {
		t.Run(fmt.Sprintf("%s-%s", m.Kind, m.Set.Name), func(t *testing.T) {
			var s Scratch
			th := randomTheta(m, 0.3, 2)
			v := randomTheta(m, 1, 3)
			hv := make([]float64, m.D)
			m.HessianVector(th, v, hv, &s, nil)
			// Central difference of the gradient along v.
			const h = 1e-5
			up, down := make([]float64, m.D), make([]float64, m.D)
			tp, tm := make([]float64, m.D), make([]float64, m.D)
			for i := range th {
				tp[i], tm[i] = th[i]+h*v[i], th[i]-h*v[i]
			}
			m.Gradient(tp, up, &s)
			m.Gradient(tm, down, &s)
			scale := 0.0
			for i := range hv {
				scale = math.Max(scale, math.Abs(hv[i]))
			}
			for i := range hv {
				fd := (up[i] - down[i]) / (2 * h)
				if math.Abs(fd-hv[i]) > 1e-6*scale {
					t.Fatalf("(H v)_%d = %.10g, central difference %.10g", i, hv[i], fd)
				}
			}
			hm := m.Hessian(th, nil)
			if m.Kind == MLP {
				if hm != nil {
					t.Error("the MLP returned a dense Hessian")
				}
				return
			}
			d := m.D
			for i := range d {
				var hvi float64
				for j := range d {
					if hm[i*d+j] != hm[j*d+i] {
						t.Fatalf("H[%d][%d] != H[%d][%d]", i, j, j, i)
					}
					hvi += hm[i*d+j] * v[j]
				}
				if math.Abs(hvi-hv[i]) > 1e-12*scale {
					t.Fatalf("(H v)_%d from the matrix %.15g, HessianVector %.15g", i, hvi, hv[i])
				}
			}
		})
	}
}

// theta* has a gradient norm below 1e-8 on the full training set (Solve
// aims at 1e-10) for linreg, logreg and softmax, with and without weight
// decay where the optimum exists.
func TestOptimumGradientNorm(t *testing.T) {
	for _, c := range []struct {
		k      Kind
		data   dataset.Name
		lambda float64
	}{{LinReg, dataset.Diabetes, 0}, {LinReg, dataset.Diabetes, 0.1}, {LogReg, dataset.Cancer, 1e-3}, {LogReg, dataset.Cancer, 0.05}, {Softmax, dataset.Digits, 1e-3}, {Softmax, dataset.Cancer, 1e-3}} {
		t.Run(fmt.Sprintf("%s-%s-%g", c.k, c.data, c.lambda), func(t *testing.T) {
			m, err := New(c.k, load(t, c.data), 0)
			if err != nil {
				t.Fatal(err)
			}
			o, err := Solve(m, c.lambda, nil)
			if err != nil {
				t.Fatal(err)
			}
			var s Scratch
			g := make([]float64, m.D)
			if norm := m.regularizedGradient(o.Theta, c.lambda, g, &s); norm > 1e-8 || o.GradNorm != norm {
				t.Errorf("gradient norm %g (reported %g) after %d steps", norm, o.GradNorm, o.Iterations)
			}
			if o.Objective != m.Objective(o.Theta, c.lambda, &s) {
				t.Errorf("objective %g, recomputed %g", o.Objective, m.Objective(o.Theta, c.lambda, &s))
			}
		})
	}
}

// linreg's theta* equals an independent least-squares solve, gonum's QR of
// the stacked system [X; sqrt(N lambda) I] theta = [y; 0], to 1e-10.
func TestLinRegAgainstQR(t *testing.T) {
	set := load(t, dataset.Diabetes)
	m, _ := New(LinReg, set, 0)
	for _, lambda := range []float64{0, 0.01, 1} {
		o, err := Solve(m, lambda, nil)
		if err != nil {
			t.Fatal(err)
		}
		n, d := set.Train.N, m.D
		a := mat.NewDense(n+d, d, nil)
		b := mat.NewDense(n+d, 1, nil)
		for i := range n {
			for j := range d {
				a.Set(i, j, set.Train.X[i*d+j])
			}
			b.Set(i, 0, set.Train.Y[i])
		}
		for j := range d {
			a.Set(n+j, j, math.Sqrt(float64(n)*lambda))
		}
		var qr mat.QR
		qr.Factorize(a)
		var x mat.Dense
		if err := qr.SolveTo(&x, false, b); err != nil {
			t.Fatal(err)
		}
		for j := range d {
			if math.Abs(o.Theta[j]-x.At(j, 0)) > 1e-10 {
				t.Errorf("lambda %g: theta*_%d = %.15g, QR %.15g", lambda, j, o.Theta[j], x.At(j, 0))
			}
		}
	}
}

// The MLP's reference is a deterministic function of the model and lambda,
// and a long run with a decaying rate gets its gradient far below the
// start's.
func TestMLPReference(t *testing.T) {
	m, err := New(MLP, load(t, dataset.Cancer), 4)
	if err != nil {
		t.Fatal(err)
	}
	a, b := m.Reference(1e-3, nil), m.Reference(1e-3, nil)
	for i := range a.Theta {
		if a.Theta[i] != b.Theta[i] {
			t.Fatal("two reference runs differ")
		}
	}
	var s Scratch
	th := make([]float64, m.D)
	m.Init(th)
	g := make([]float64, m.D)
	start := m.regularizedGradient(th, 1e-3, g, &s)
	if !(a.GradNorm < start/20) {
		t.Errorf("reference gradient norm %g, at theta_0 %g", a.GradNorm, start)
	}
}

// New refuses a data set the model does not train on and a hidden size out
// of range.
func TestNewRefuses(t *testing.T) {
	if _, err := New(MLP, load(t, dataset.Diabetes), 16); err == nil {
		t.Error("mlp on diabetes was accepted")
	}
	if _, err := New(LinReg, load(t, dataset.Digits), 0); err == nil {
		t.Error("linreg on digits was accepted")
	}
	if _, err := New(MLP, load(t, dataset.Digits), 0); err == nil {
		t.Error("mlp with 0 hidden units was accepted")
	}
}

func BenchmarkSolve(b *testing.B) {
	for _, c := range []struct {
		k      Kind
		data   dataset.Name
		hidden int
	}{{LinReg, dataset.Diabetes, 0}, {LogReg, dataset.Cancer, 0}, {Softmax, dataset.Digits, 0}, {MLP, dataset.Digits, DefaultHidden}} {
		b.Run(string(c.k), func(b *testing.B) {
			m, _ := New(c.k, load(b, c.data), c.hidden)
			for b.Loop() {
				o, err := Solve(m, 1e-3, nil)
				if err != nil {
					b.Fatal(err)
				}
				b.ReportMetric(float64(o.Iterations), "iterations")
			}
		})
	}
}
