// Package sim is noiseball's simulation core: stochastic optimization
// problems in two dimensions and real models on real data, the data that
// make their gradients noisy, the
// optimizers and learning-rate schedules of Dereich, Graeber and Jentzen
// (2024), ensembles of independent runs, and the link format that describes
// an experiment.
//
// Every formula follows MATH.md (in this directory), whose notation the doc
// comments use: gamma_n is the learning rate at step n = 1, 2, ..., J_n the
// batch size, g_n the stochastic gradient, alpha = beta1 and beta = beta2.
//
// An Experiment (New) runs the lanes of a Config, each over Config.Runs
// independent runs on a common data stream; Experiment.Snapshot measures a
// lane at the current step (learning rate, loss gap, distance and step
// length with their quantiles, ensemble spread and mean, Polyak average,
// divergences), History keeps snapshots at a bounded, log-spaced set of
// steps, and Prediction gives the spread MATH.md's closed forms predict.
// WriteCSV writes the numbers of a run as the headless CLI
// (cmd/noiseball) prints them; package link reads and writes the link
// format and its presets.
//
// Monitoring: Experiment.Diagnostics gives each lane's live convergence
// status (transient, stationary, converging, diverged) from Pflug's
// statistic and the distance-based slope test, computed online over the
// first DiagRuns runs with bounded memory; the Auto schedule (sched=auto)
// halves the learning rate each time a lane turns stationary; Hypotheses
// checks the non-convergence theorem's hypotheses for a lane;
// StepBoundFactor is the a-priori bound on Adam's and RMSprop's step
// length (Snapshot.StepBound). Sweeps: RunSweep runs a grid of
// configurations on every core and Sweep runs it a slice at a time, for
// the browser; package link reads and writes a sweep link.
//
// Real models (realdata.go): problem kinds LinReg, LogReg, Softmax and MLP
// train a model of package model on a data set of package dataset, its
// mini-batches drawn with replacement from the training split: the
// theorem's setting with the training set as the data. Their runs live in
// R^d, d from 11 to a few thousand, on a d-dimensional engine beside the
// 2-D one, and are drawn on a Plane through theta* (Experiment.Plane,
// Experiment.Surface): a lane's Positions are its runs' points in that
// plane, so the drawing, the charts, the diagnostics, the sweeps and the
// CSV read them as they read the 2-D problems'. Snapshots add the held-out
// loss and accuracy, and MATH.md's oracles 8 (exact, SGD on linreg) and 9
// (approximate) predict the spread.
//
// The package is pure Go: no syscall/js, no drawing, no I/O but the
// io.Writer of WriteCSV. A seed and a Config give the same numbers, bit for
// bit, on amd64 (any GOAMD64), arm64 and in WebAssembly: the simulation uses
// only +, -, *, /, Sqrt and the functions of package detmath, and it is
// fusion-proof. The Go specification lets a compiler fuse a*b + c into one
// multiply-add, rounded once (arm64 always does, amd64 with GOAMD64=v3), so
// every product that feeds a sum is rounded explicitly: float64(a*b) + c.
// The determinism test checks the bits natively, in wasm and on arm64
// under qemu, and make test also checks that the arm64 code of the
// simulation's packages has no fused instruction.
package sim

import "math"

// Vec is a point or direction in the plane.
type Vec [2]float64

// Add returns v + w.
func (v Vec) Add(w Vec) Vec { return Vec{v[0] + w[0], v[1] + w[1]} }

// Sub returns v - w.
func (v Vec) Sub(w Vec) Vec { return Vec{v[0] - w[0], v[1] - w[1]} }

// Scale returns a v, rounded (float64(a*v[i])) so that a sum it feeds is
// never fused with the product.
func (v Vec) Scale(a float64) Vec { return Vec{float64(a * v[0]), float64(a * v[1])} }

// Norm returns the Euclidean length of v. It is written out rather than
// calling math.Hypot, whose amd64 assembly can differ from its wasm result.
func (v Vec) Norm() float64 { return math.Sqrt(float64(v[0]*v[0]) + float64(v[1]*v[1])) }

// Finite reports whether both coordinates are finite.
func (v Vec) Finite() bool {
	return !math.IsNaN(v[0]) && !math.IsInf(v[0], 0) && !math.IsNaN(v[1]) && !math.IsInf(v[1], 0)
}
