package sim

import (
	"fmt"
	"math"
)

// sched=plateau is PyTorch's torch.optim.lr_scheduler.ReduceLROnPlateau in
// mode "min" with threshold_mode "rel", called once per epoch as a training
// loop calls scheduler.step(loss):
//
//	better(a) = a < best (1 - threshold)
//	step(metric): if better(metric) { best = metric; bad = 0 } else { bad++ }
//	              if cooldown_counter > 0 { cooldown_counter--; bad = 0 }
//	              if bad > patience {
//	                  new = max(lr factor, min_lr); if lr - new > eps { lr = new }
//	                  cooldown_counter = cooldown; bad = 0
//	              }
//
// with best = +Inf at the start and eps = 1e-8 (PyTorch's default), and
// PyTorch's defaults factor 0.1, patience 10, threshold 1e-4, cooldown 0,
// min_lr 0 (Schedule.Factor, Patience, Threshold, Cooldown, Min).
//
// What the scheduler sees. An epoch is N0 steps, and the metric is the
// mean over the epoch of run 1's mini-batch loss l(theta_{n-1}, xbar_n), the
// loss of the batch that made each step, before clipping and weight decay:
// the "train_loss_epoch" a Lightning or Keras run logs and hands to the
// scheduler, one run's own loss smoothed over its epoch. The lane's runs
// all follow the learning rate run 1's losses decide (a lane shares its
// gamma_n, as sched=auto's runs do): the cloud shows what that schedule
// does to runs on the same noise. It works on the 2-D problems, whose
// mini-batch loss the gradient gives exactly (miniLoss).
type plateau struct {
	factor, threshold float64
	patience, cool    int

	sum   float64 // the current epoch's losses
	count int

	best     float64
	bad      int // num_bad_epochs
	cooldown int // cooldown_counter
}

// plateauEps is PyTorch's eps: a reduction smaller than it is ignored.
const plateauEps = 1e-8

func newPlateau(s Schedule) *plateau {
	return &plateau{factor: s.Factor, threshold: s.Threshold, patience: s.Patience, cool: s.Cooldown, best: math.Inf(1)}
}

// step is scheduler.step(metric) for the learning rate lr and the floor
// min: it returns the new learning rate and whether it changed.
func (p *plateau) step(metric, lr, min float64) (float64, bool) {
	if metric < float64(p.best*(1-p.threshold)) {
		p.best, p.bad = metric, 0
	} else {
		p.bad++
	}
	if p.cooldown > 0 {
		p.cooldown--
		p.bad = 0
	}
	if p.bad <= p.patience {
		return lr, false
	}
	p.cooldown, p.bad = p.cool, 0
	next := math.Max(float64(lr*p.factor), min)
	if lr-next > plateauEps {
		return next, true
	}
	return lr, false
}

// observe adds run 1's mini-batch loss of step n; at the end of an epoch
// of n0 steps it steps the scheduler on the epoch's mean and reports
// whether the rate was reduced, to the rate it returns.
func (p *plateau) observe(loss float64, n int, n0 float64, lr, min float64) (float64, bool) {
	p.sum += loss
	p.count++
	if float64(p.count) < n0 {
		return lr, false
	}
	metric := p.sum / float64(p.count)
	p.sum, p.count = 0, 0
	return p.step(metric, lr, min)
}

// miniLoss returns the mini-batch loss l(theta, xbar) at theta = theta_{n-1}
// from its stochastic gradient g (before clipping and decay), as sim/MATH.md
// defines the problems: on the quadratic g = H (theta - xbar), so
// l = <g, H^-1 g>/2; on Reddi's problem l = x theta_1 + h2/2 theta_2^2 with
// g = (x, h2 theta_2); on the double well l = f(theta) - <H xbar, theta>
// with g = grad f(theta) - H xbar.
func (p *gradient) miniLoss(theta, g Vec) float64 {
	switch p.kind {
	case Reddi:
		return float64(g[0]*theta[0]) + float64(0.5*float64(g[1]*theta[1]))
	case DoubleWell:
		exact := p.exact(theta)
		hx := exact.Sub(g)
		return p.lossGap(theta) - (float64(hx[0]*theta[0]) + float64(hx[1]*theta[1]))
	}
	h := p.h
	det := float64(h[0][0]*h[1][1]) - float64(h[0][1]*h[1][0])
	d0 := (float64(h[1][1]*g[0]) - float64(h[0][1]*g[1])) / det
	d1 := (float64(h[0][0]*g[1]) - float64(h[1][0]*g[0])) / det
	return 0.5 * (float64(d0*g[0]) + float64(d1*g[1]))
}

// validatePlateau checks lane k's sched=plateau settings.
func (s Schedule) validatePlateau(k int, p Problem) error {
	switch {
	case p.Kind.Real():
		return fmt.Errorf("lane %d: sched=plateau works on the 2-D problems (quadratic, doublewell, reddi), not on %s", k, p.Kind)
	case !(s.Factor > 0 && s.Factor < 1):
		return fmt.Errorf("lane %d: plateau factor %g outside (0, 1)", k, s.Factor)
	case s.Patience < 0 || s.Cooldown < 0 || !(s.Threshold >= 0):
		return fmt.Errorf("lane %d: plateau patience %d, cooldown %d, threshold %g: none may be negative", k, s.Patience, s.Cooldown, s.Threshold)
	}
	return nil
}

// exact returns the double well's grad f(theta) (stochastic without the
// data's term).
func (p *gradient) exact(th Vec) Vec {
	u1 := float64(p.c*th[0]) + float64(p.s*th[1])
	u2 := float64(-p.s*th[0]) + float64(p.c*th[1])
	f1 := p.h1 / 2 * u1 * (float64(u1*u1) - 1)
	f2 := p.h2 * u2
	return Vec{float64(p.c*f1) - float64(p.s*f2), float64(p.s*f1) + float64(p.c*f2)}
}
