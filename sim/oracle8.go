package sim

import (
	"math"

	"noiseball/sim/detmat"
	"noiseball/sim/model"
)

// oracle8Data holds what MATH.md oracle 8 needs of linreg's data and
// theta*, computed once per reference: with a_i = x_i x_i^T + lambda I,
// b_i = a_i theta* - x_i y_i,
//
//	H    = (1/N) sum_i a_i = H0 + lambda I,  H0 = (1/N) sum_i x_i x_i^T
//	M(P) = (1/N) sum_i a_i P a_i = T(P) + lambda (H0 P + P H0) + lambda^2 P,
//	       T(P) = (1/N) sum_i (x_i^T P x_i) x_i x_i^T
//	C(mu) = (1/N) sum_i a_i mu b_i^T = K3(mu) + lambda mu bbar^T,  K3(mu)_ab = (1/N) sum_i (x_i.mu) x_ia b_ib
//	S    = (1/N) sum_i b_i b_i^T,  bbar = (1/N) sum_i b_i (0 up to rounding)
//
// T acts on a symmetric P through the fourth moments of the features,
// T(P)_pq = sum_{r<=s} K4[pq][rs] (2 - [r = s]) P_rs, K4 over the d(d+1)/2
// index pairs: (d(d+1)/2)^2 operations a step instead of N d^2.
type oracle8Data struct {
	d      int
	lambda float64
	h, h0  []float64 // d x d
	pairs  [][2]int  // the index pairs p <= q
	k4     []float64 // len(pairs)^2, the weights (2 - [r = s]) folded in
	k3     []float64 // d^3: k3[(a d + c) d + b] = (1/N) sum_i x_ia x_ic b_ib
	s      []float64 // d x d
	bbar   []float64
	star   []float64 // theta*
}

// oracle8 returns the reference's oracle 8 data, made on first use (for
// linreg only).
func (r *modelRef) oracle8() *oracle8Data {
	r.o8Once.Do(func() { r.o8 = newOracle8Data(r) })
	return r.o8
}

func newOracle8Data(r *modelRef) *oracle8Data {
	m := r.model
	d, lambda := m.D, r.key.lambda
	tr := &m.Set.Train
	o := &oracle8Data{d: d, lambda: lambda, h: r.hess, h0: m.Hessian(nil, nil), star: r.opt.Theta}
	for p := range d {
		for q := p; q < d; q++ {
			o.pairs = append(o.pairs, [2]int{p, q})
		}
	}
	np := len(o.pairs)
	o.k4 = make([]float64, np*np)
	o.k3 = make([]float64, d*d*d)
	o.s = make([]float64, d*d)
	o.bbar = make([]float64, d)
	prod := make([]float64, np)
	b := make([]float64, d)
	for i := range tr.N {
		x := tr.Row(i, d)
		// b_i = x_i (x_i.theta* - y_i) + lambda theta*
		res := detmat.Dot(x, r.opt.Theta) - tr.Y[i]
		for a := range d {
			b[a] = float64(res*x[a]) + float64(lambda*r.opt.Theta[a])
		}
		for k, pq := range o.pairs {
			prod[k] = float64(x[pq[0]] * x[pq[1]])
		}
		for k := range np {
			detmat.Axpy(prod[k], prod, o.k4[k*np:(k+1)*np])
		}
		for a := range d {
			for c := range d {
				detmat.Axpy(float64(x[a]*x[c]), b, o.k3[(a*d+c)*d:(a*d+c+1)*d])
			}
			detmat.Axpy(b[a], b, o.s[a*d:(a+1)*d])
			o.bbar[a] += b[a]
		}
	}
	inv := 1 / float64(tr.N)
	for k, rs := range o.pairs {
		w := inv
		if rs[0] != rs[1] {
			w = 2 * inv
		}
		for j := range np {
			o.k4[j*np+k] *= w
		}
	}
	for _, v := range [][]float64{o.k3, o.s, o.bbar} {
		for i := range v {
			v[i] *= inv
		}
	}
	symmetrize(o.s, d)
	return o
}

// symmetrize copies a's upper triangle onto its lower one.
func symmetrize(a []float64, n int) {
	for i := range n {
		for j := i + 1; j < n; j++ {
			a[j*n+i] = a[i*n+j]
		}
	}
}

// work is scratch space for the oracle's matrix products.
type work struct {
	v                          []float64 // len(pairs)
	hp, ph, hph, mp, t, h0p, f []float64 // d x d
}

func newWork(d, np int) *work {
	w := &work{v: make([]float64, np)}
	for _, m := range []*[]float64{&w.hp, &w.ph, &w.hph, &w.mp, &w.t, &w.h0p, &w.f} {
		*m = make([]float64, d*d)
	}
	return w
}

// fourth sets t = T(P) for the symmetric d x d P (full storage).
func (o *oracle8Data) fourth(p, t []float64, w *work) {
	d, np := o.d, len(o.pairs)
	for k, rs := range o.pairs {
		w.v[k] = p[rs[0]*d+rs[1]]
	}
	for k, pq := range o.pairs {
		x := detmat.Dot(o.k4[k*np:(k+1)*np], w.v)
		t[pq[0]*d+pq[1]], t[pq[1]*d+pq[0]] = x, x
	}
}

// mul sets c = A B for d x d matrices, each entry summed in index order.
func (o *oracle8Data) mul(a, b, c []float64) {
	d := o.d
	clear(c)
	for i := range d {
		for k := range d {
			detmat.Axpy(a[i*d+k], b[k*d:(k+1)*d], c[i*d:(i+1)*d])
		}
	}
}

// moment sets m = M(P) = T(P) + lambda (H0 P + P H0) + lambda^2 P, with
// H0 P and P H0 each computed directly.
func (o *oracle8Data) moment(p, m []float64, w *work) {
	o.fourth(p, m, w)
	if l := o.lambda; l != 0 {
		o.mul(o.h0, p, w.h0p)
		o.mul(p, o.h0, w.t)
		for i := range m {
			m[i] += float64(l*(w.h0p[i]+w.t[i])) + float64(float64(l*l)*p[i])
		}
	}
}

// linear sets w.f to the part of P_n's recursion that is linear in P,
//
//	F(P) = gamma (H P + P H) - gamma^2 [ (1/J) M(P) + (1 - 1/J) H P H ],
//
// so that P_n = P_{n-1} - F(P_{n-1}) + forcing, and the stationary P of a
// constant gamma and J solves F(P) = (gamma^2 / J) S. H P and P H are each
// computed directly (not one as the other's transpose), and the result's
// upper triangle is mirrored, so that P stays exactly symmetric: otherwise
// rounding errors grow without bound over thousands of steps.
func (o *oracle8Data) linear(p []float64, gamma float64, j int, w *work) []float64 {
	d := o.d
	jinv := 1 / float64(j)
	o.mul(o.h, p, w.hp)
	o.mul(p, o.h, w.ph)
	o.mul(w.hp, o.h, w.hph)
	o.moment(p, w.mp, w)
	g2 := float64(gamma * gamma)
	f := w.f
	for a := range d {
		for b := a; b < d; b++ {
			i := a*d + b
			v := float64(gamma*(w.hp[i]+w.ph[i])) - float64(g2*(float64(jinv*w.mp[i])+float64((1-jinv)*w.hph[i])))
			f[a*d+b], f[b*d+a] = v, v
		}
	}
	return f
}

// oracle8 is MATH.md's oracle 8 for one SGD lane on linreg: the exact
// mean mu_n = E(theta_n - theta*) and covariance Sigma_n = Cov theta_n over
// runs, for any schedule and batch size, from mu_0 = theta_0 - theta* and
// Sigma_0 = 0. It propagates Sigma = P - mu mu^T rather than P (the same
// recursion, rearranged, free of the cancellation in P - mu mu^T while the
// mean is large):
//
//	mu_n    = (I - gamma_n H) mu_{n-1}
//	Sigma_n = Sigma_{n-1} - F(Sigma_{n-1})
//	          + (gamma_n^2 / J_n) [ M(mu mu^T) - H mu mu^T H + C(mu) + C(mu)^T + S ],  mu = mu_{n-1}
//
// with F as in oracle8Data.linear. The spread is sqrt(trace Sigma_n).
type oracle8 struct {
	o    *oracle8Data
	lane LaneConfig
	rate func(n int) float64 // sched=auto's rates, or nil for lane.Schedule's

	n      int
	mu     []float64
	sigma  []float64
	start  []float64 // mu_0
	gamma  float64   // gamma_n and J_n of the last step
	batch  int
	steady bool // Sigma_n and mu_n no longer change while gamma_n and J_n stay put

	// Scratch space, made on the first step.
	w                 *work
	mm, mmm, cm, next []float64
	hmu, newMu        []float64
}

// newOracle8 returns the prediction for lane l, every run starting at
// theta_0 (model.Init: 0 for linreg).
func newOracle8(o *oracle8Data, l LaneConfig, m *model.Model) *oracle8 {
	p := &oracle8{o: o, lane: l, start: make([]float64, o.d)}
	m.Init(p.start)
	for i, s := range o.star {
		p.start[i] -= s
	}
	p.reset()
	return p
}

func (p *oracle8) reset() {
	p.n, p.steady = 0, false
	p.mu = append(p.mu[:0], p.start...)
	p.sigma = make([]float64, p.o.d*p.o.d)
}

// Exact reports that oracle 8 is exact.
func (*oracle8) Exact() bool { return true }

// Spread returns sqrt(trace Sigma_n); calls with increasing n continue the
// recursion, a smaller n starts it again.
func (p *oracle8) Spread(n int) (float64, bool) {
	if n < p.n {
		p.reset()
	}
	for p.n < n {
		p.n++
		p.step(p.n)
	}
	var tr float64
	for i := range p.o.d {
		tr += p.sigma[i*p.o.d+i]
	}
	if math.IsNaN(tr) || math.IsInf(tr, 0) {
		return 0, false
	}
	return math.Sqrt(max(tr, 0)), true
}

// step advances mu and Sigma from step n-1 to n.
func (p *oracle8) step(n int) {
	gamma, j := p.lane.Schedule.LearningRate(n), p.lane.Batch.BatchSize(n)
	if p.rate != nil {
		gamma = p.rate(n)
	}
	if p.steady && gamma == p.gamma && j == p.batch {
		return
	}
	p.gamma, p.batch = gamma, j
	o := p.o
	d := o.d
	if p.w == nil {
		p.w = newWork(d, len(o.pairs))
		p.mm, p.mmm, p.cm, p.next = make([]float64, d*d), make([]float64, d*d), make([]float64, d*d), make([]float64, d*d)
		p.hmu, p.newMu = make([]float64, d), make([]float64, d)
	}
	mu, mm, hmu, cm := p.mu, p.mm, p.hmu, p.cm
	for a := range d {
		for b := range d {
			mm[a*d+b] = float64(mu[a] * mu[b])
		}
	}
	detmat.MulVec(o.h, d, mu, hmu)
	o.moment(mm, p.mmm, p.w)
	// C(mu)_ab = sum_c k3[a][c][b] mu_c + lambda mu_a bbar_b
	clear(cm)
	for a := range d {
		row := cm[a*d : (a+1)*d]
		for c := range d {
			detmat.Axpy(mu[c], o.k3[(a*d+c)*d:(a*d+c+1)*d], row)
		}
		detmat.Axpy(float64(o.lambda*mu[a]), o.bbar, row)
	}
	f := o.linear(p.sigma, gamma, j, p.w)
	w := float64(gamma*gamma) / float64(j)
	next := p.next
	for a := range d {
		for b := a; b < d; b++ {
			i := a*d + b
			force := p.mmm[i] - float64(hmu[a]*hmu[b]) + cm[i] + cm[b*d+a] + o.s[i]
			v := p.sigma[i] - f[i] + float64(w*force)
			next[a*d+b], next[b*d+a] = v, v
		}
	}
	newMu := p.newMu
	for a := range d {
		newMu[a] = mu[a] - float64(gamma*hmu[a])
	}
	var muSq, tr float64
	for a := range d {
		muSq += float64(newMu[a] * newMu[a])
		tr += next[a*d+a]
	}
	// Settled: no entry moves by more than 2^-50 of the trace (entries
	// near 0 circle their fixed point at the trace's rounding level), and
	// the mean is negligible.
	same := true
	for i, v := range next {
		if math.Abs(v-p.sigma[i]) > 0x1p-50*tr {
			same = false
			break
		}
	}
	p.steady = same && muSq < 1e-30*tr
	p.sigma, p.next = next, p.sigma
	p.mu, p.newMu = newMu, p.mu
}
