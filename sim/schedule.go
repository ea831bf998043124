package sim

import (
	"math"

	"noiseball/sim/detmath"
)

// ScheduleKind names the shape of a learning-rate schedule.
type ScheduleKind string

// The learning-rate schedules of MATH.md, for n >= 1.
const (
	Const  ScheduleKind = "const"  // gamma
	Poly   ScheduleKind = "poly"   // gamma / (1 + (n-1)/N0)^P
	Step   ScheduleKind = "step"   // gamma P^floor((n-1)/N0): multiply by P every N0 steps
	ExpDec ScheduleKind = "exp"    // gamma exp(-(n-1)/N0)
	Cosine ScheduleKind = "cosine" // Min + (gamma-Min)(1 + cos(pi min(n-1, N0)/N0))/2
	// Auto starts at gamma and halves it each time the lane's diagnostics
	// find it stationary (Chee and Toulis, 2018, with the distance test of
	// Pesme, Dieuleveut and Flammarion, 2020): gamma_n = max(Min, gamma
	// 2^-h_n), h_n the halvings before step n. See Lane.LearningRate and
	// Diagnostics; it never halves below Min, nor more than MaxHalvings times.
	Auto ScheduleKind = "auto"
	// Plateau is PyTorch's ReduceLROnPlateau (mode min, threshold mode
	// rel): it starts at gamma and multiplies it by Factor, never below
	// Min, when the lane's epoch loss has not improved for more than
	// Patience epochs of N0 steps; see plateau.go.
	Plateau ScheduleKind = "plateau"
)

// ScheduleKinds returns every ScheduleKind.
func ScheduleKinds() []ScheduleKind {
	return []ScheduleKind{Const, Poly, Step, ExpDec, Cosine, Auto, Plateau}
}

// MaxHalvings bounds how often sched=auto halves a lane's learning rate:
// after 64 halvings gamma is 5e-20 of its start, and the bound keeps the
// record of the halvings (for the spread's prediction) small.
const MaxHalvings = 64

// Schedule is a learning-rate schedule gamma_n, n = 1, 2, ....
//
// With a warm-up of W steps, gamma_n = gamma n/W for n <= W and the schedule,
// started afresh, for n > W. The floor is applied last:
// gamma_n = max(Min, schedule_n). A floor Min > 0 keeps liminf gamma_n > 0,
// the theorem's hypothesis, even though the schedule "decays".
type Schedule struct {
	Kind   ScheduleKind
	Gamma  float64 // the initial learning rate, > 0
	P      float64 // Poly's exponent in (0, 1], or Step's factor in (0, 1)
	N0     float64 // the time scale, in steps, >= 1
	Min    float64 // the floor, >= 0
	Warmup int     // steps of linear warm-up, >= 0

	// Plateau's settings, PyTorch's ReduceLROnPlateau's with its defaults
	// (DefaultLane): factor 0.1, patience 10, threshold 1e-4 (relative),
	// cooldown 0; min_lr is Min, and an epoch is N0 steps.
	Factor    float64 // in (0, 1)
	Patience  int     // epochs, >= 0
	Threshold float64 // >= 0
	Cooldown  int     // epochs, >= 0
}

// LearningRate returns gamma_n for n >= 1. For Auto and Plateau it is
// gamma_n before any halving or reduction (a constant gamma after the
// warm-up); the lane's own Lane.LearningRate has them.
func (s Schedule) LearningRate(n int) float64 {
	var g float64
	if n <= s.Warmup {
		g = s.Gamma * float64(n) / float64(s.Warmup)
	} else {
		g = s.decay(float64(n - s.Warmup - 1))
	}
	return math.Max(s.Min, g)
}

// decay returns the schedule's value k = n-1 steps after its start.
func (s Schedule) decay(k float64) float64 {
	switch s.Kind {
	case Poly:
		return s.Gamma / detmath.Pow(1+k/s.N0, s.P)
	case Step:
		return s.Gamma * detmath.Powi(s.P, int(k/s.N0))
	case ExpDec:
		return s.Gamma * detmath.Exp(-k/s.N0)
	case Cosine:
		t := math.Min(k, s.N0) / s.N0
		return s.Min + float64((s.Gamma-s.Min)*(1+detmath.Cos(math.Pi*t))/2)
	}
	return s.Gamma
}

// Decays reports whether gamma_n tends to 0 as n grows (no floor, and a
// schedule shape that vanishes). Auto counts as decaying without a floor:
// a lane whose rate stayed away from 0 would keep a noise ball (the
// theorem), so its diagnostics would keep finding it stationary and halving
// the rate; Plateau likewise, its noisy loss plateauing again and again.
func (s Schedule) Decays() bool {
	return s.Min == 0 && s.Kind != Const && !(s.Kind == Step && s.P == 1)
}

// BatchGrowth names how the mini-batch size grows with n.
type BatchGrowth string

// The batch-size schedules.
const (
	BatchConst  BatchGrowth = "const" // J_n = J
	BatchLinear BatchGrowth = "lin"   // J_n = J + floor(Rate (n-1))
	BatchGeom   BatchGrowth = "geo"   // J_n = floor(J Rate^(n-1))
)

// MaxBatch caps J_n so that a growing batch keeps each step's work bounded.
const MaxBatch = 1 << 16

// Batch is a mini-batch size schedule J_n, n = 1, 2, ....
type Batch struct {
	Size   int         // J_1 >= 1
	Growth BatchGrowth // how J_n grows
	Rate   float64     // the growth rate: per step for lin, a factor > 1 for geo
}

// BatchSize returns J_n for n >= 1, capped at MaxBatch.
func (b Batch) BatchSize(n int) int {
	j := float64(b.Size)
	switch b.Growth {
	case BatchLinear:
		j += math.Floor(b.Rate * float64(n-1))
	case BatchGeom:
		j = math.Floor(j * detmath.Powi(b.Rate, n-1))
	}
	if j > MaxBatch {
		return MaxBatch
	}
	return int(j)
}

// Grows reports whether J_n grows without bound (up to the cap).
func (b Batch) Grows() bool { return b.Growth != BatchConst && b.Growth != "" && b.Rate > 0 }
