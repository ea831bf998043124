package sim

import (
	"fmt"
	"math"

	"noiseball/sim/detmat"
	"noiseball/sim/detmath"
	"noiseball/sim/model"
)

// Surface is what the drawing reads of an experiment's landscape: the loss
// gap at a point of the picture's plane, the minimizer's place in it, and
// the half-width of the box the runs are projected onto (0 for none).
// A Problem is the Surface of the 2-D problems; a Plane is a real model's
// (Experiment.Surface).
type Surface interface {
	LossGap(p Vec) float64
	Minimizer() Vec
	Bounds() float64
}

// Plane is the picture of a real model's d-dimensional runs (MATH.md, "The
// 2-D picture of a d-dimensional run"): the plane through the reference
// point theta_ref (theta* of lane 1's objective, or the MLP's reference)
// spanned by two orthonormal directions v1, v2. A run's point theta is
// drawn at
//
//	(u, w) = ((theta - theta_ref).v1, (theta - theta_ref).v2),
//
// so theta_ref is the origin, and the contours are those of the training
// objective on the plane, LossGap(u, w) = L(theta_ref + u v1 + w v2) -
// L(theta_ref), L with lane 1's weight decay: a slice through theta_ref,
// not the loss that the runs' off-plane coordinates see.
//
// A Plane is read-only and safe for concurrent use.
type Plane struct {
	kind   PlaneKind
	ref    *modelRef
	v      [2][]float64
	curv   [2]float64 // v_i^T H v_i, the objective's curvature along each direction (the MLP's too)
	start  Vec        // theta_0 projected
	origin float64    // the objective at the origin, as lossAt computes it

	// The training loss on the plane from precomputed terms (lossAt):
	// linreg's quadratic form g (2 x 2), the linear models' logits z* and
	// their derivatives along v1, v2 per example, or the MLP's hidden
	// pre-activations; and lambda/2 ||theta_ref + u v1 + w v2||^2's terms.
	g            [2][2]float64
	z0, z1, z2   []float64
	norm0, dot12 float64
	dots         [2]float64 // theta_ref . v_i
}

// planeKey names a plane: its reference, its kind and, for the noise
// plane, what of lane 1 it depends on.
type planeKey struct {
	ref      refKey
	kind     PlaneKind
	adaptive bool       // linreg, logreg: lane 1 preconditions (oracle 9)
	lane     LaneConfig // softmax, MLP: the reference cloud runs lane 1
}

// Kind returns the plane's kind.
func (p *Plane) Kind() PlaneKind { return p.kind }

// Dim returns d, the dimension of the runs.
func (p *Plane) Dim() int { return p.ref.model.D }

// Reference returns a copy of theta_ref, the plane's origin.
func (p *Plane) Reference() []float64 { return append([]float64(nil), p.ref.opt.Theta...) }

// Directions returns copies of v1 and v2.
func (p *Plane) Directions() (v1, v2 []float64) {
	return append([]float64(nil), p.v[0]...), append([]float64(nil), p.v[1]...)
}

// Curvatures returns v_i^T H v_i for the two directions, H the Hessian of
// the objective at theta_ref: for the Hessian's plane, its top two
// eigenvalues.
func (p *Plane) Curvatures() (float64, float64) { return p.curv[0], p.curv[1] }

// Start returns theta_0, where every run starts, in the plane's coordinates.
func (p *Plane) Start() Vec { return p.start }

// Minimizer returns the origin, theta_ref's place in the plane.
func (p *Plane) Minimizer() Vec { return Vec{} }

// Bounds returns 0: the runs are not projected onto a box.
func (p *Plane) Bounds() float64 { return 0 }

// Project returns the plane's coordinates of the point theta in R^d.
func (p *Plane) Project(theta []float64) Vec {
	ref := p.ref.opt.Theta
	var u, w float64
	v1, v2 := p.v[0][:len(ref)], p.v[1][:len(ref)]
	theta = theta[:len(ref)]
	for i, r := range ref {
		d := theta[i] - r
		u += float64(d * v1[i])
		w += float64(d * v2[i])
	}
	return Vec{u, w}
}

// projectFrom returns Project(theta) and ||theta - anchor||^2, in one pass
// (the diagnostics' sampled runs need both).
func (p *Plane) projectFrom(theta, anchor []float64) (Vec, float64) {
	ref := p.ref.opt.Theta
	var u, w, sq float64
	v1, v2 := p.v[0][:len(ref)], p.v[1][:len(ref)]
	theta, anchor = theta[:len(ref)], anchor[:len(ref)]
	for i, r := range ref {
		t := theta[i]
		d := t - r
		u += float64(d * v1[i])
		w += float64(d * v2[i])
		a := t - anchor[i]
		sq += float64(a * a)
	}
	return Vec{u, w}, sq
}

// Point returns theta_ref + u v1 + w v2 in R^d.
func (p *Plane) Point(uv Vec) []float64 {
	th := p.Reference()
	detmat.Axpy(uv[0], p.v[0], th)
	detmat.Axpy(uv[1], p.v[1], th)
	return th
}

// Caption says in one line what the picture is.
func (p *Plane) Caption() string {
	what := "the Hessian's top two eigenvectors"
	if p.kind == PlaneNoise {
		what = "the noise ball's two largest axes"
	}
	ref := "theta*"
	if p.ref.key.kind == MLP {
		ref = "the reference point (the end of a long run with a decaying rate)"
	}
	return fmt.Sprintf("a slice through %s of the %d-dimensional %s on %s, spanned by %s; the contours are the training loss on this plane only",
		ref, p.Dim(), p.ref.key.kind, p.ref.key.data, what)
}

// LossGap returns L(theta_ref + u v1 + w v2) - L(theta_ref) for the
// training objective of lane 1 (with its weight decay): 0 at the origin.
// It costs a pass over the training set but for linreg (a quadratic
// form): natively about 10 us for logreg, 0.3 ms for softmax on digits
// and 1 ms for the MLP with 16 hidden units per call.
func (p *Plane) LossGap(uv Vec) float64 {
	return p.lossAt(uv[0], uv[1]) - p.origin
}

// lossAt returns the objective at theta_ref + u v1 + w v2 (up to a
// constant for linreg) from the precomputed terms.
func (p *Plane) lossAt(u, w float64) float64 {
	m := p.ref.model
	lambda := p.ref.key.lambda
	if m.Kind == model.LinReg {
		g := &p.g
		return 0.5 * (float64(u*float64(g[0][0]*u)) + 2*float64(u*float64(g[0][1]*w)) + float64(w*float64(g[1][1]*w)))
	}
	tr := &m.Set.Train
	k := m.K
	var sum float64
	if m.Kind == model.MLP {
		h, pp := m.Hidden, m.P
		// The output weights on the plane, V = V_ref + u V_1 + w V_2.
		off := h * pp
		nv := k * (h + 1)
		vv := make([]float64, nv+h+1+k)
		out, a, z := vv[:nv], vv[nv:nv+h+1], vv[nv+h+1:]
		ref := p.ref.opt.Theta
		for j := range out {
			out[j] = ref[off+j] + float64(u*p.v[0][off+j]) + float64(w*p.v[1][off+j])
		}
		for i := range tr.N {
			for j := range h {
				q := i*h + j
				a[j] = tanhPlane(p.z0[q] + float64(u*p.z1[q]) + float64(w*p.z2[q]))
			}
			a[h] = 1
			for c := range z {
				z[c] = detmat.Dot(out[c*(h+1):(c+1)*(h+1)], a)
			}
			sum += crossEntropy(z, int(tr.Y[i]))
		}
	} else {
		z := make([]float64, k)
		for i := range tr.N {
			for c := range z {
				q := i*k + c
				z[c] = p.z0[q] + float64(u*p.z1[q]) + float64(w*p.z2[q])
			}
			if m.Kind == model.LogReg {
				y := tr.Y[i]
				sum += softplusPlane(z[0]) - float64(y*z[0])
			} else {
				sum += crossEntropy(z, int(tr.Y[i]))
			}
		}
	}
	// ||theta_ref + u v1 + w v2||^2 with v1, v2 orthonormal.
	sq := p.norm0 + 2*float64(u*p.dots[0]) + 2*float64(w*p.dots[1]) + float64(u*u) + float64(w*w) + 2*float64(float64(u*w)*p.dot12)
	return sum/float64(tr.N) + float64(lambda/2*sq)
}

func tanhPlane(x float64) float64 { return 1 - 2/(detmath.Exp(2*x)+1) }

func softplusPlane(z float64) float64 {
	if z > 0 {
		return z + detmath.Log(1+detmath.Exp(-z))
	}
	return detmath.Log(1 + detmath.Exp(z))
}

// crossEntropy returns -log softmax(z)_y.
func crossEntropy(z []float64, y int) float64 {
	top := z[0]
	for _, v := range z[1:] {
		top = math.Max(top, v)
	}
	var s float64
	for _, v := range z {
		s += detmath.Exp(v - top)
	}
	return top + detmath.Log(s) - z[y]
}

// newPlane returns the plane through r spanned by v1, v2 (orthonormal),
// with its precomputed terms.
func newPlane(kind PlaneKind, r *modelRef, v1, v2 []float64, pause detmat.Pause) *Plane {
	m := r.model
	p := &Plane{kind: kind, ref: r, v: [2][]float64{v1, v2}}
	ref := r.opt.Theta
	d := m.D
	th := make([]float64, d)
	m.Init(th)
	p.start = p.Project(th)
	// Curvatures along v1, v2 of the objective at theta_ref.
	hv := make([]float64, d)
	var s model.Scratch
	var hvs [2][]float64
	for i := range 2 {
		r.hessianVector(p.v[i], hv, &s, pause)
		hvs[i] = append([]float64(nil), hv...)
		p.curv[i] = detmat.Dot(p.v[i], hv)
	}
	p.norm0 = detmat.Dot(ref, ref)
	p.dots = [2]float64{detmat.Dot(ref, v1), detmat.Dot(ref, v2)}
	p.dot12 = detmat.Dot(v1, v2)
	tr := &m.Set.Train
	switch m.Kind {
	case model.LinReg:
		p.g = [2][2]float64{{p.curv[0], detmat.Dot(p.v[0], hvs[1])}, {detmat.Dot(p.v[0], hvs[1]), p.curv[1]}}
	default:
		// The first rows (of p values each) of theta are the linear
		// models' class weights and the MLP's hidden units: their
		// pre-activations are linear in (u, w).
		rows, pp := m.K, m.P
		if m.Kind == model.MLP {
			rows = m.Hidden
		}
		p.z0, p.z1, p.z2 = make([]float64, tr.N*rows), make([]float64, tr.N*rows), make([]float64, tr.N*rows)
		for i := range tr.N {
			if i%64 == 63 {
				pause.Now()
			}
			x := tr.Row(i, pp)
			for c := range rows {
				q := i*rows + c
				p.z0[q] = detmat.Dot(ref[c*pp:(c+1)*pp], x)
				p.z1[q] = detmat.Dot(v1[c*pp:(c+1)*pp], x)
				p.z2[q] = detmat.Dot(v2[c*pp:(c+1)*pp], x)
			}
		}
	}
	p.origin = p.lossAt(0, 0)
	return p
}

// hessianVector sets out to H v, H the Hessian of the objective (with
// lambda) at theta_ref: from the dense matrix where there is one.
func (r *modelRef) hessianVector(v, out []float64, s *model.Scratch, pause detmat.Pause) {
	d := r.model.D
	if r.hess != nil {
		detmat.MulVec(r.hess, d, v, out)
		return
	}
	r.model.HessianVector(r.opt.Theta, v, out, s, pause)
	detmat.Axpy(r.key.lambda, v, out)
}

// Lanczos steps for the top eigenvectors of an operator too large for
// detmat.Eigen (softmax on digits, the MLP).
const (
	denseEigenMax = 100
	lanczosSteps  = 24
)

// topTwo returns the top two eigenvectors of the symmetric operator of
// dimension d, from its dense matrix (detmat.Eigen) when d <=
// denseEigenMax, else by lanczosSteps steps of detmat.Lanczos from a fixed
// start.
func topTwo(d int, dense []float64, mul func(v, out []float64)) (v1, v2 []float64) {
	if dense != nil && d <= denseEigenMax {
		_, vecs := detmat.Eigen(dense, d)
		return vecs[:d], vecs[d : 2*d]
	}
	start := make([]float64, d)
	for i := range start {
		start[i] = 1 + float64(0.5*detmath.Sin(float64(i)+1))
	}
	_, vecs, _ := detmat.Lanczos(d, 2, lanczosSteps, mul, start)
	return vecs[:d], vecs[d : 2*d]
}

// orient makes v point so that its largest coordinate is positive, a
// fixed choice of sign (eigenvectors have none).
func orient(v []float64) {
	big := 0
	for i, x := range v {
		if math.Abs(x) > math.Abs(v[big]) {
			big = i
		}
	}
	if v[big] < 0 {
		for i := range v {
			v[i] = -v[i]
		}
	}
}

// planeFor returns the plane of an experiment on p whose lane 1 is l (its
// objective's reference r), computing it on first use.
func planeFor(p Problem, l LaneConfig, r *modelRef, pause detmat.Pause) (*Plane, error) {
	k := planeKey{ref: r.key, kind: p.Plane}
	if p.Plane == PlaneNoise {
		switch p.Kind {
		case LinReg, LogReg:
			k.adaptive = preconditioned(l.Opt)
		default:
			k.lane = l
		}
	}
	return planes.get(k, func() (*Plane, error) {
		d := r.model.D
		var s model.Scratch
		mulH := func(v, out []float64) {
			r.hessianVector(v, out, &s, pause)
		}
		var v1, v2 []float64
		switch {
		case p.Plane == PlaneHessian:
			v1, v2 = topTwo(d, r.hess, mulH)
		case p.Kind == LinReg || p.Kind == LogReg:
			cov := noiseCovariance(r, k.adaptive)
			v1, v2 = topTwo(d, cov, nil)
		default:
			var err error
			if v1, v2, err = cloudAxes(p, l, r, pause); err != nil {
				return nil, err
			}
		}
		orient(v1)
		orient(v2)
		return newPlane(p.Plane, r, v1, v2, pause), nil
	})
}

// preconditioned reports whether o divides by a running second moment
// with a decay beta2 (the methods oracle 9 preconditions).
func preconditioned(o Optimizer) bool {
	switch o {
	case RMSprop, Adam, AMSGrad, AdamW:
		return true
	}
	return false
}
