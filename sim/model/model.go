// Package model holds noiseball's real models: the empirical risk of a
// model on a data set's training split (package dataset),
//
//	L(theta) = (1/N) sum_i l_i(theta),
//
// its per-example and mini-batch gradients, its Hessian, its held-out loss
// and accuracy, and its optimum (Solve). The weight decay lambda/2
// ||theta||^2 is not part of a Model: the optimizers add it as they do on
// the 2-D problems, and Solve adds it to the objective it minimizes.
//
// The models (x a row of the data with the intercept 1 last, p = len(x)):
//
//	LinReg   l = 1/2 (x.theta - y)^2                      theta in R^p
//	LogReg   l = log(1 + e^z) - y z,  z = x.theta          theta in R^p, y in {0, 1}
//	Softmax  l = -log softmax(W x)_y                       W = theta as K rows of p
//	MLP      l = -log softmax(V [tanh(U x); 1])_y          U: H rows of p, V: K rows of H+1
//
// Every computation is deterministic across platforms: only +, -, *, /,
// Sqrt and package detmath's Exp and Log, sums in a fixed order, and every
// product an addition follows rounded first (float64(a*b) + c).
package model

import (
	"fmt"
	"math"

	"noiseball/sim/dataset"
	"noiseball/sim/detmat"
	"noiseball/sim/detmath"
	"noiseball/sim/rng"
)

// Kind names a model as the link does (problem=linreg).
type Kind string

// The models.
const (
	LinReg  Kind = "linreg"
	LogReg  Kind = "logreg"
	Softmax Kind = "softmax"
	MLP     Kind = "mlp"
)

// Kinds lists every model.
var Kinds = []Kind{LinReg, LogReg, Softmax, MLP}

// The MLP's hidden layer: H in [MinHidden, MaxHidden], DefaultHidden.
const (
	MinHidden     = 2
	MaxHidden     = 64
	DefaultHidden = 16
)

// Datasets returns the data sets model k trains on, its default first:
// diabetes for LinReg, cancer for LogReg, digits or cancer for Softmax and
// MLP.
func Datasets(k Kind) []dataset.Name {
	switch k {
	case LinReg:
		return []dataset.Name{dataset.Diabetes}
	case LogReg:
		return []dataset.Name{dataset.Cancer}
	case Softmax, MLP:
		return []dataset.Name{dataset.Digits, dataset.Cancer}
	}
	return nil
}

// Dim returns the dimension of theta for model k on data set n with
// hidden units for the MLP, without loading the data, or 0 if the
// combination is not allowed (New's rules).
func Dim(k Kind, n dataset.Name, hidden int) int {
	_, features, classes, ok := dataset.Shape(n)
	allowed := false
	for _, a := range Datasets(k) {
		allowed = allowed || a == n
	}
	if !ok || !allowed {
		return 0
	}
	p := features + 1
	switch k {
	case LinReg, LogReg:
		return p
	case Softmax:
		return classes * p
	case MLP:
		if hidden < MinHidden || hidden > MaxHidden {
			return 0
		}
		return hidden*p + classes*(hidden+1)
	}
	return 0
}

// Model is a model on a prepared data set.
type Model struct {
	Kind   Kind
	Set    *dataset.Set
	Hidden int // H, the MLP's hidden units (0 for the others)
	P      int // the length of a row, the features and the intercept
	K      int // outputs: 1 for LinReg and LogReg, the classes for Softmax and MLP
	D      int // the dimension of theta
}

// New returns model k on the data set s, with hidden units for the MLP,
// or an error saying which combination is not allowed.
func New(k Kind, s *dataset.Set, hidden int) (*Model, error) {
	ok := false
	for _, n := range Datasets(k) {
		ok = ok || n == s.Name
	}
	if !ok {
		return nil, fmt.Errorf("model %s does not train on data set %s", k, s.Name)
	}
	m := &Model{Kind: k, Set: s, P: s.Dim(), K: 1}
	switch k {
	case LinReg, LogReg:
		m.D = m.P
	case Softmax:
		m.K = s.Classes
		m.D = m.K * m.P
	case MLP:
		if hidden < MinHidden || hidden > MaxHidden {
			return nil, fmt.Errorf("mlp: %d hidden units outside [%d, %d]", hidden, MinHidden, MaxHidden)
		}
		m.K, m.Hidden = s.Classes, hidden
		m.D = hidden*m.P + m.K*(hidden+1)
	}
	return m, nil
}

// Scratch is the working memory of one gradient or loss evaluation at a
// time; a zero Scratch is ready to use.
type Scratch struct {
	z, a, b []float64
}

func (s *Scratch) size(m *Model) {
	if len(s.z) < m.K {
		s.z = make([]float64, m.K)
	}
	if len(s.a) < m.Hidden+1 {
		s.a = make([]float64, m.Hidden+1)
		s.b = make([]float64, m.Hidden+1)
	}
}

// InitSeed is the seed of the MLP's initial weights: every run of every
// lane starts at the same theta_0, which does not depend on the link's seed.
const InitSeed = 0x6e6f697365 // "noise"

// Init sets theta to theta_0: 0 for the linear models; for the MLP,
// Glorot-normal weights U_hj ~ N(0, 2/(p + H)) and V_kh ~ N(0, 2/(H + 1 + K))
// drawn from rng.New(InitSeed, 0), the intercepts' weights included.
func (m *Model) Init(theta []float64) {
	clear(theta)
	if m.Kind != MLP {
		return
	}
	src := rng.New(InitSeed, 0)
	h := m.Hidden
	su := math.Sqrt(2 / float64(m.P+h))
	sv := math.Sqrt(2 / float64(h+1+m.K))
	for i := range theta {
		s := su
		if i >= h*m.P {
			s = sv
		}
		theta[i] = s * src.Normal()
	}
}

// dot is sum_i a_i b_i in a fixed order: four terms a pass, the first and
// third added to one sum and the second and fourth to another, read
// through four-element subslices (one bounds check each), which halves
// the chain of dependent additions and the loop's overhead. Natively and
// in WebAssembly alike it takes about half the time of a plain loop at the
// lengths here (11 to 65).
func dot(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1 float64
	i := 0
	for ; i+3 < len(a); i += 4 {
		x, y := a[i:i+4:i+4], b[i:i+4:i+4]
		s0 += float64(x[0]*y[0]) + float64(x[2]*y[2])
		s1 += float64(x[1]*y[1]) + float64(x[3]*y[3])
	}
	for ; i < len(a); i++ {
		s0 += float64(a[i] * b[i])
	}
	return s0 + s1
}

// axpy sets y += alpha x, four coordinates a pass.
func axpy(alpha float64, x, y []float64) {
	y = y[:len(x)]
	i := 0
	for ; i+3 < len(x); i += 4 {
		xs, ys := x[i:i+4:i+4], y[i:i+4:i+4]
		ys[0] += float64(alpha * xs[0])
		ys[1] += float64(alpha * xs[1])
		ys[2] += float64(alpha * xs[2])
		ys[3] += float64(alpha * xs[3])
	}
	for ; i < len(x); i++ {
		y[i] += float64(alpha * x[i])
	}
}

// sigmoid returns 1 / (1 + e^-z).
func sigmoid(z float64) float64 { return 1 / (1 + detmath.Exp(-z)) }

// tanh returns tanh(u) = 1 - 2 / (e^(2u) + 1).
func tanh(u float64) float64 { return 1 - 2/(detmath.Exp(2*u)+1) }

// softplus returns log(1 + e^z), without overflow.
func softplus(z float64) float64 {
	if z > 0 {
		return z + detmath.Log(1+detmath.Exp(-z))
	}
	return detmath.Log(1 + detmath.Exp(z))
}

// softmax replaces z by softmax(z) and returns log sum_k e^(z_k), both
// computed from z - max z.
func softmax(z []float64) float64 {
	top := z[0]
	for _, v := range z[1:] {
		top = math.Max(top, v)
	}
	var sum float64
	for k, v := range z {
		e := detmath.Exp(v - top)
		z[k] = e
		sum += e
	}
	for k := range z {
		z[k] /= sum
	}
	return top + detmath.Log(sum)
}

// hidden sets a[h] = tanh(U_h . x) for h < H and a[H] = 1.
func (m *Model) hidden(theta, x, a []float64) {
	p, h := m.P, m.Hidden
	for j := range h {
		a[j] = tanh(dot(theta[j*p:(j+1)*p], x))
	}
	a[h] = 1
}

// outputs sets z_k to the output logits of the Softmax or the MLP at x
// (the MLP's hidden activations in s.a).
func (m *Model) outputs(theta, x []float64, s *Scratch) []float64 {
	z := s.z[:m.K]
	if m.Kind == Softmax {
		for k := range z {
			z[k] = dot(theta[k*m.P:(k+1)*m.P], x)
		}
		return z
	}
	m.hidden(theta, x, s.a)
	a := s.a[:m.Hidden+1]
	v := theta[m.Hidden*m.P:]
	for k := range z {
		z[k] = dot(v[k*len(a):(k+1)*len(a)], a)
	}
	return z
}

// addGradient adds the gradient of l_i at theta, times w, to g, for the
// example x with target y.
func (m *Model) addGradient(theta, x []float64, y, w float64, g []float64, s *Scratch) {
	switch m.Kind {
	case LinReg:
		axpy(w*(dot(x, theta)-y), x, g)
	case LogReg:
		axpy(w*(sigmoid(dot(x, theta))-y), x, g)
	case Softmax:
		z := m.outputs(theta, x, s)
		softmax(z)
		z[int(y)]--
		for k, d := range z {
			axpy(w*d, x, g[k*m.P:(k+1)*m.P])
		}
	case MLP:
		z := m.outputs(theta, x, s)
		softmax(z)
		z[int(y)]-- // dl/dz_k = p_k - [k = y]
		h, p := m.Hidden, m.P
		a, b := s.a[:h+1], s.b[:h]
		v := theta[h*p:]
		gv := g[h*p:]
		clear(b)
		for k, d := range z {
			d *= w
			axpy(d, a, gv[k*(h+1):(k+1)*(h+1)])
			axpy(d, v[k*(h+1):k*(h+1)+h], b) // b = V^T (w dl/dz) over the hidden units
		}
		for j := range h {
			aj := a[j]
			axpy(float64(b[j]*(1-float64(aj*aj))), x, g[j*p:(j+1)*p])
		}
	}
}

// BatchGradient sets g to the mean gradient of the examples idx of the
// training split, (1/J) sum_{i in idx} grad l_i(theta), J = len(idx) >= 1.
func (m *Model) BatchGradient(theta []float64, idx []int32, g []float64, s *Scratch) {
	m.BatchGradientPart(theta, idx, 0, len(idx), g, s)
}

// BatchGradientPart is BatchGradient over the examples idx[from:to] only,
// 0 <= from < to <= len(idx), so that a large batch can be taken in
// slices: from = 0 starts the sum in g, a later slice adds to it, and
// to = len(idx) divides it by J. The slices of a batch, taken in order,
// give BatchGradient's g bit for bit.
func (m *Model) BatchGradientPart(theta []float64, idx []int32, from, to int, g []float64, s *Scratch) {
	tr := &m.Set.Train
	if m.Kind == LinReg || m.Kind == LogReg {
		// The linear models' gradient is a multiple of the row, written
		// out here: the first example's sets g, so it needs no clearing,
		// and no call per example (calls are dear in WebAssembly).
		p := m.P
		g = g[:p]
		for j := from; j < to; j++ {
			i := idx[j]
			x := tr.X[int(i)*p:]
			x = x[:len(g)]
			z, y := dot(x, theta), tr.Y[i]
			r := z - y
			if m.Kind == LogReg {
				r = sigmoid(z) - y
			}
			if j == 0 {
				for k := range g {
					g[k] = float64(r * x[k])
				}
				continue
			}
			axpy(r, x, g)
		}
	} else {
		s.size(m)
		if from == 0 {
			clear(g)
		}
		for _, i := range idx[from:to] {
			m.addGradient(theta, tr.Row(int(i), m.P), tr.Y[i], 1, g, s)
		}
	}
	if j := len(idx); j > 1 && to == j {
		inv := 1 / float64(j)
		for k := range g {
			g[k] *= inv
		}
	}
}

// Gradient sets g to the gradient of L on the training split.
func (m *Model) Gradient(theta, g []float64, s *Scratch) { m.gradient(theta, g, s, nil) }

// gradient is Gradient, pausing every gradientPause examples.
func (m *Model) gradient(theta, g []float64, s *Scratch, pause detmat.Pause) {
	s.size(m)
	clear(g)
	tr := &m.Set.Train
	for i := range tr.N {
		if i%gradientPause == gradientPause-1 {
			pause.Now()
		}
		m.addGradient(theta, tr.Row(i, m.P), tr.Y[i], 1, g, s)
	}
	inv := 1 / float64(tr.N)
	for k := range g {
		g[k] *= inv
	}
}

// ExampleGradient sets g to the gradient of l_i, training example i.
func (m *Model) ExampleGradient(theta []float64, i int, g []float64, s *Scratch) {
	s.size(m)
	clear(g)
	tr := &m.Set.Train
	m.addGradient(theta, tr.Row(i, m.P), tr.Y[i], 1, g, s)
}

// loss returns l at the example x, y, and whether the model classifies it
// right (the largest output is class y; for LogReg z > 0 is class 1; false
// for LinReg).
func (m *Model) loss(theta, x []float64, y float64, s *Scratch) (float64, bool) {
	switch m.Kind {
	case LinReg:
		r := dot(x, theta) - y
		return 0.5 * float64(r*r), false
	case LogReg:
		z := dot(x, theta)
		return softplus(z) - float64(y*z), (z > 0) == (y == 1)
	}
	z := m.outputs(theta, x, s)
	c := int(y)
	best := 0
	for k, v := range z {
		if v > z[best] {
			best = k
		}
	}
	zy := z[c]
	return softmax(z) - zy, best == c
}

// Loss returns the mean loss (1/N) sum_i l_i(theta) over the split and
// the fraction of its examples classified right (0 for LinReg).
func (m *Model) Loss(theta []float64, sp *dataset.Split, s *Scratch) (loss, accuracy float64) {
	var sum LossSum
	m.AddLoss(theta, sp, 0, sp.N, &sum, s)
	return sum.Mean(sp)
}

// A LossSum is a sum of per-example losses and a count of the examples
// classified right, taken over a split in parts (AddLoss).
type LossSum struct {
	Loss  float64
	Right int
}

// AddLoss adds to sum the losses of the examples from to to-1 of sp at
// theta, in their order: AddLoss over consecutive ranges that cover sp,
// then Mean, is Loss, bit for bit.
func (m *Model) AddLoss(theta []float64, sp *dataset.Split, from, to int, sum *LossSum, s *Scratch) {
	s.size(m)
	for i := from; i < to; i++ {
		l, ok := m.loss(theta, sp.Row(i, m.P), sp.Y[i], s)
		sum.Loss += l
		if ok {
			sum.Right++
		}
	}
}

// Mean returns the mean loss and the accuracy of a sum over all of sp.
func (sum LossSum) Mean(sp *dataset.Split) (loss, accuracy float64) {
	n := float64(sp.N)
	return sum.Loss / n, float64(sum.Right) / n
}

// Regularized returns L + lambda/2 ||theta||^2 from the mean training
// loss l, as Objective does.
func Regularized(l, lambda float64, theta []float64) float64 {
	return l + float64(lambda/2*dot(theta, theta))
}

// Objective returns L(theta) + lambda/2 ||theta||^2 on the training split.
func (m *Model) Objective(theta []float64, lambda float64, s *Scratch) float64 {
	l, _ := m.Loss(theta, &m.Set.Train, s)
	return Regularized(l, lambda, theta)
}
