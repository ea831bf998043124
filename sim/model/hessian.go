package model

import (
	"math"

	"noiseball/sim/detmat"
)

// hessianCutoff is the smallest example weight Hessian adds.
const hessianCutoff = 1e-13

// hessianPause is how many examples of a pass Hessian takes between
// pauses: for softmax on digits (p = 65), 64 examples' outer products of
// one block, about 0.1 ms natively.
const hessianPause = 64

// gradientPause is how many examples a pass over the training set for a
// gradient or a Hessian-vector product takes between pauses: for the MLP
// with 64 hidden units (d = 4810), about 1 ms natively.
const gradientPause = 64

// Hessian returns the Hessian of L at theta, d x d row-major, for LinReg,
// LogReg and Softmax (nil for the MLP, whose Hessian is reached through
// HessianVector):
//
//	LinReg   (1/N) sum_i x_i x_i^T
//	LogReg   (1/N) sum_i s_i (1 - s_i) x_i x_i^T,                    s_i = sigmoid(x_i . theta)
//	Softmax  block (k, l) = (1/N) sum_i (p_ik [k = l] - p_ik p_il) x_i x_i^T,  p_i = softmax(W x_i)
//
// Each block is summed over the examples in their order, upper triangle
// first and mirrored, so the result is exactly symmetric. Examples whose
// weight in a block is below hessianCutoff (1e-13, against weights of up
// to 1/4) are left out of it: at a softmax optimum most examples are
// classified with near certainty and weigh next to nothing in most
// blocks, and leaving them out makes the Hessian several times cheaper.
// It pauses every hessianPause examples of a pass.
func (m *Model) Hessian(theta []float64, pause detmat.Pause) []float64 {
	if m.Kind == MLP {
		return nil
	}
	tr := &m.Set.Train
	n, p, k := tr.N, m.P, m.K
	var s Scratch
	s.size(m)
	// w[i*k*k + a*k + b]: the weight of example i in block (a, b).
	w := make([]float64, n*k*k)
	for i := range n {
		if i%hessianPause == 0 {
			pause.Now()
		}
		x := tr.Row(i, p)
		wi := w[i*k*k : (i+1)*k*k]
		switch m.Kind {
		case LinReg:
			wi[0] = 1
		case LogReg:
			si := sigmoid(dot(x, theta))
			wi[0] = float64(si * (1 - si))
		case Softmax:
			z := m.outputs(theta, x, &s)
			softmax(z)
			for a := range k {
				for b := range k {
					wi[a*k+b] = -float64(z[a] * z[b])
				}
				wi[a*k+a] += z[a]
			}
		}
	}
	d := m.D
	h := make([]float64, d*d)
	blk := make([]float64, p*p)
	inv := 1 / float64(n)
	for a := range k {
		for b := a; b < k; b++ {
			clear(blk)
			for i := range n {
				if i%hessianPause == 0 {
					pause.Now()
				}
				wi := w[i*k*k+a*k+b]
				if math.Abs(wi) < hessianCutoff {
					continue
				}
				x := tr.Row(i, p)
				for r := range p {
					axpy(float64(wi*x[r]), x[r:], blk[r*p+r:(r+1)*p])
				}
			}
			for r := range p {
				for c := r; c < p; c++ {
					v := blk[r*p+c] * inv
					h[(a*p+r)*d+b*p+c] = v
					h[(b*p+c)*d+a*p+r] = v
					h[(a*p+c)*d+b*p+r] = v
					h[(b*p+r)*d+a*p+c] = v
				}
			}
		}
	}
	return h
}

// HessianVector sets out to the Hessian of L at theta times v: exactly for
// LinReg, LogReg and Softmax (from the per-example second derivatives), and
// for the MLP by the central difference of the gradient,
//
//	(grad L(theta + e v) - grad L(theta - e v)) / (2 e),  e = 1e-4 / ||v||,
//
// accurate to about 1e-8 of the Hessian's scale. It pauses every
// gradientPause examples of a pass.
func (m *Model) HessianVector(theta, v, out []float64, s *Scratch, pause detmat.Pause) {
	s.size(m)
	clear(out)
	tr := &m.Set.Train
	p := m.P
	switch m.Kind {
	case MLP:
		e := 1e-4 / math.Sqrt(dot(v, v))
		t := make([]float64, m.D)
		g := make([]float64, m.D)
		for i := range t {
			t[i] = theta[i] + float64(e*v[i])
		}
		m.gradient(t, out, s, pause)
		for i := range t {
			t[i] = theta[i] - float64(e*v[i])
		}
		m.gradient(t, g, s, pause)
		for i := range out {
			out[i] = (out[i] - g[i]) / (2 * e)
		}
		return
	case LinReg, LogReg:
		for i := range tr.N {
			if i%gradientPause == gradientPause-1 {
				pause.Now()
			}
			x := tr.Row(i, p)
			c := dot(x, v)
			if m.Kind == LogReg {
				si := sigmoid(dot(x, theta))
				c = float64(float64(si*(1-si)) * c)
			}
			axpy(c, x, out)
		}
	case Softmax:
		u := make([]float64, m.K)
		for i := range tr.N {
			if i%gradientPause == gradientPause-1 {
				pause.Now()
			}
			x := tr.Row(i, p)
			z := m.outputs(theta, x, s)
			softmax(z)
			var pu float64
			for k := range u {
				u[k] = dot(v[k*p:(k+1)*p], x)
				pu += float64(z[k] * u[k])
			}
			for k := range u {
				axpy(float64(z[k]*(u[k]-pu)), x, out[k*p:(k+1)*p])
			}
		}
	}
	inv := 1 / float64(tr.N)
	for i := range out {
		out[i] *= inv
	}
}

// GradientCovariance returns S = (1/N) sum_i q_i q_i^T, d x d, with
// q_i = grad l_i(theta) + lambda theta: the covariance of one example's
// gradient of the regularized loss at a point where its mean is 0 (sim/MATH.md
// oracles 8 and 9). Summed in the examples' order, upper triangle mirrored.
func (m *Model) GradientCovariance(theta []float64, lambda float64) []float64 {
	d := m.D
	sc := make([]float64, d*d)
	q := make([]float64, d)
	var s Scratch
	for i := range m.Set.Train.N {
		m.ExampleGradient(theta, i, q, &s)
		axpy(lambda, theta, q)
		for r := range d {
			if q[r] != 0 {
				axpy(q[r], q[r:], sc[r*d+r:(r+1)*d])
			}
		}
	}
	inv := 1 / float64(m.Set.Train.N)
	for r := range d {
		for c := r; c < d; c++ {
			v := sc[r*d+c] * inv
			sc[r*d+c], sc[c*d+r] = v, v
		}
	}
	return sc
}
