package sim

import (
	"errors"
	"fmt"
	"slices"
	"sync"

	"noiseball/sim/dataset"
	"noiseball/sim/detmat"
	"noiseball/sim/model"
)

// The real models (MATH.md, "Real data: finite-sum problems"): a model
// trained on the training split of a real data set (package dataset), by
// mini-batches of J_n examples drawn uniformly with replacement by each
// run's own random stream. theta lives in d dimensions (package model);
// the runs are drawn on a plane through the reference point (Plane).
const (
	// LinReg is least squares on diabetes, l_i = 1/2 (x_i.theta - y_i)^2:
	// an exact quadratic whose gradient noise is multiplicative.
	LinReg ProblemKind = "linreg"
	// LogReg is logistic regression on cancer, cross-entropy.
	LogReg ProblemKind = "logreg"
	// Softmax is softmax regression on digits (or cancer), cross-entropy.
	Softmax ProblemKind = "softmax"
	// MLP is a network with one tanh hidden layer of Hidden units and a
	// softmax output on digits (or cancer): non-convex, no unique
	// minimizer.
	MLP ProblemKind = "mlp"
)

// ModelKinds returns the real models.
func ModelKinds() []ProblemKind { return []ProblemKind{LinReg, LogReg, Softmax, MLP} }

// Real reports whether k is a real model rather than a 2-D problem.
func (k ProblemKind) Real() bool {
	switch k {
	case LinReg, LogReg, Softmax, MLP:
		return true
	}
	return false
}

// Datasets returns the data sets model k trains on, its default first
// (nil for a 2-D problem).
func (k ProblemKind) Datasets() []dataset.Name { return model.Datasets(model.Kind(k)) }

// PlaneKind names the plane a real model's runs are drawn on (MATH.md,
// "The 2-D picture of a d-dimensional run").
type PlaneKind string

// The planes, both through the reference point theta*.
const (
	// PlaneHessian is spanned by the top two eigenvectors of the Hessian
	// of the training objective at theta*: its most curved directions.
	PlaneHessian PlaneKind = "hessian"
	// PlaneNoise is spanned by the noise ball's two largest axes: the top
	// two eigenvectors of the stationary covariance of lane 1 (oracle 9's
	// small-gamma covariance, preconditioned for the adaptive methods) for
	// linreg and logreg, and the top two principal components of a
	// reference cloud of lane 1's runs for softmax and the MLP (see Plane).
	PlaneNoise PlaneKind = "noise"
)

// PlaneKinds returns every PlaneKind.
func PlaneKinds() []PlaneKind { return []PlaneKind{PlaneHessian, PlaneNoise} }

// DefaultWeightDecay is the weight decay lambda of logreg, softmax and the
// MLP when the link sets none: small, so that a minimizer exists even where
// the classes are separable. Linreg's is 0.
const DefaultWeightDecay = 1e-3

// ModelProblem returns the real model k with its defaults: its first data
// set, DefaultHidden hidden units for the MLP, the Hessian's plane; the
// 2-D problems' parameters, which it ignores, keep theirs (Default), as in
// a parsed link.
func ModelProblem(k ProblemKind) Problem {
	p := Default().Problem
	p.Kind, p.Plane = k, PlaneHessian
	if ds := k.Datasets(); len(ds) > 0 {
		p.Dataset = ds[0]
	}
	if k == MLP {
		p.Hidden = model.DefaultHidden
	}
	return p
}

// DefaultLaneFor returns the lane a link on problem p gets when it names
// nothing: DefaultLane, with DefaultWeightDecay for logreg, softmax and
// the MLP.
func DefaultLaneFor(p Problem) LaneConfig {
	l := DefaultLane()
	if p.Kind.Real() && p.Kind != LinReg {
		l.WeightDecay = DefaultWeightDecay
	}
	return l
}

// Dim returns the dimension d of theta: 2 for the 2-D problems, the
// model's for a real one (0 if its settings are not valid).
func (p Problem) Dim() int {
	if !p.Kind.Real() {
		return 2
	}
	return model.Dim(model.Kind(p.Kind), p.Dataset, p.Hidden)
}

// MaxCoordinates bounds lanes x runs x d for a real model, so that the
// state (theta and up to three moments, 8 bytes a coordinate each) stays
// within 64 MB in the browser (16 MB for SGD): 10,000 runs of linreg or
// logreg, and for one lane of the MLP with 16 hidden units (d = 1,210)
// 1,733 runs.
const MaxCoordinates = 1 << 21

// MaxRunsFor returns the most runs per lane an experiment on p with the
// given number of lanes may have.
func MaxRunsFor(p Problem, lanes int) int {
	d := p.Dim()
	if !p.Kind.Real() || d == 0 {
		return MaxRuns
	}
	return max(1, min(MaxRuns, MaxCoordinates/(max(lanes, 1)*d)))
}

func (p Problem) validateModel() error {
	if !slices.Contains(p.Kind.Datasets(), p.Dataset) {
		return fmt.Errorf("%s: data set %q is not one of %v", p.Kind, p.Dataset, p.Kind.Datasets())
	}
	if p.Kind == MLP && (p.Hidden < model.MinHidden || p.Hidden > model.MaxHidden) {
		return fmt.Errorf("mlp: %d hidden units outside [%d, %d]", p.Hidden, model.MinHidden, model.MaxHidden)
	}
	if !slices.Contains(PlaneKinds(), p.Plane) {
		return fmt.Errorf("%s: unknown plane %q", p.Kind, p.Plane)
	}
	return nil
}

// validateModel reports what a real model's experiment needs beyond the
// 2-D rules: at most MaxRunsFor runs, and for logreg and softmax a
// positive weight decay in every lane (the data may be separable, and then
// the cross-entropy has no minimizer without it).
func (c Config) validateModel() error {
	var errs []error
	if top := MaxRunsFor(c.Problem, len(c.Lanes)); c.Runs > top {
		errs = append(errs, fmt.Errorf("runs %d above %d, the most for %s with %d lanes (lanes x runs x d <= %d, d = %d)",
			c.Runs, top, c.Problem.Kind, len(c.Lanes), MaxCoordinates, c.Problem.Dim()))
	}
	if c.Problem.Kind == LogReg || c.Problem.Kind == Softmax {
		for i, l := range c.Lanes {
			if !(l.WeightDecay > 0) {
				errs = append(errs, fmt.Errorf("lane %d: %s needs a positive weight decay (wd), so that theta* exists", i+1, c.Problem.Kind))
			}
		}
	}
	return errors.Join(errs...)
}

// refKey names a reference point: it depends on the model and the weight
// decay of the objective.
type refKey struct {
	kind   ProblemKind
	data   dataset.Name
	hidden int
	lambda float64
}

// modelRef is a model with its reference point (model.Solve) and what is
// derived from it once: the Hessian of the objective there (for the
// convex models) and the per-example gradient covariance S (lazily).
type modelRef struct {
	key   refKey
	model *model.Model
	opt   model.Optimum
	// hess is the d x d Hessian of L + lambda/2 ||theta||^2 at theta*, for
	// linreg, logreg and softmax (nil for the MLP).
	hess []float64

	covOnce sync.Once
	cov     []float64
	// trace is trace(H^-1 S) (traceHinvS), made on first use.
	traceOnce sync.Once
	trace     float64
	traceErr  error
	o8Once    sync.Once
	o8        *oracle8Data
}

// gradCov returns S, the per-example gradient covariance at theta*
// (model.GradientCovariance), computed on first use.
func (r *modelRef) gradCov() []float64 {
	r.covOnce.Do(func() { r.cov = r.model.GradientCovariance(r.opt.Theta, r.key.lambda) })
	return r.cov
}

// memo computes values by key once and keeps the last few. It is a cache
// of pure functions, not state: what it returns depends on the key alone.
// Concurrent callers of one key wait for the one computation.
type memo[K comparable, V any] struct {
	mu    sync.Mutex
	keep  int
	order []K
	items map[K]*memoItem[V]
}

type memoItem[V any] struct {
	once sync.Once
	v    V
	err  error
}

func (m *memo[K, V]) get(k K, compute func() (V, error)) (V, error) {
	m.mu.Lock()
	if m.items == nil {
		m.items = map[K]*memoItem[V]{}
	}
	it, ok := m.items[k]
	if !ok {
		it = &memoItem[V]{}
		m.items[k] = it
		m.order = append(m.order, k)
		if len(m.order) > m.keep {
			delete(m.items, m.order[0])
			m.order = m.order[1:]
		}
	}
	m.mu.Unlock()
	it.once.Do(func() { it.v, it.err = compute() })
	return it.v, it.err
}

// The caches of the real models' expensive, pure results: the prepared
// data sets, the reference points and the planes. A few entries each: a
// sweep over wd or hidden computes one reference per cell value.
var (
	datasets   = memo[dataset.Name, *dataset.Set]{keep: len(dataset.Names())}
	references = memo[refKey, *modelRef]{keep: 16}
	planes     = memo[planeKey, *Plane]{keep: 16}
)

// referenceFor returns the reference point of problem p with the weight
// decay lambda, computing it on first use.
func referenceFor(p Problem, lambda float64, pause detmat.Pause) (*modelRef, error) {
	k := refKey{kind: p.Kind, data: p.Dataset, hidden: p.Hidden, lambda: lambda}
	if p.Kind != MLP {
		k.hidden = 0
	}
	return references.get(k, func() (*modelRef, error) {
		set, err := datasets.get(p.Dataset, func() (*dataset.Set, error) { return dataset.Load(p.Dataset, pause) })
		if err != nil {
			return nil, err
		}
		pause.Now()
		m, err := model.New(model.Kind(p.Kind), set, k.hidden)
		if err != nil {
			return nil, err
		}
		pause.Now()
		o, err := model.Solve(m, lambda, pause)
		if err != nil {
			return nil, err
		}
		r := &modelRef{key: k, model: m, opt: o}
		if h := m.Hessian(o.Theta, pause); h != nil {
			for i := range m.D {
				h[i*m.D+i] += lambda
			}
			r.hess = h
		}
		return r, nil
	})
}

// objectiveDecay returns the lambda of lane l's objective L + lambda/2
// ||theta||^2: its weight decay, coupled or (for AdamW) decoupled.
func objectiveDecay(l LaneConfig) float64 { return l.WeightDecay }
