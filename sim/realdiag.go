package sim

import "math"

// The convergence diagnostics of a real model's lane (diagnostics.go) read
// the same statistics as on the 2-D problems, measured in R^d: per sampled
// run the squared distance from the anchor ||theta_n - theta_n0||^2, the
// squared step ||theta_n - theta_{n-1}||^2 and Pflug's <g_n, g_{n-1}>,
// which stepReal computes as it steps each run (realLane.terms); and the
// noise ball's size, the ensemble spread of the sample in R^d (or one
// run's spread over the window).

// observeReal adds step n's terms of the live sampled runs to the
// window's sums, and run 0's position to its time sums, and returns how
// many sampled runs live.
func (d *diag) observeReal(l *Lane) int {
	r := d.real
	live := 0
	for i, a := range l.alive[:d.runs] {
		if !a {
			continue
		}
		live++
		t, ac := &r.terms[i], &d.acc[i]
		ac[0] += t[0]
		ac[1] += t[1]
		ac[2] += t[2]
	}
	if l.alive[0] {
		th := r.run(0)
		for i, x := range th {
			r.time0[i] += x
		}
		r.time0sq += dot0(th)
		r.time0n++
	}
	return live
}

// dot0 returns ||x||^2.
func dot0(x []float64) float64 {
	var s float64
	for _, v := range x {
		s += float64(v * v)
	}
	return s
}

// restartDiag makes the sampled runs' current points the anchors and
// clears run 0's time sums.
func (r *realLane) restartDiag(runs int) {
	copy(r.anchor, r.theta[:runs*r.d])
	clear(r.time0)
	r.time0sq, r.time0n = 0, 0
}

// ballSizeReal returns the noise ball's size for the window just ended
// (Diagnostics.Ball), in R^d, and clears run 0's time sums for the next.
func (d *diag) ballSizeReal(l *Lane) float64 {
	r := d.real
	defer func() {
		clear(r.time0)
		r.time0sq, r.time0n = 0, 0
	}()
	if s, live := r.spread(l.alive[:d.runs]); live >= 2 {
		return s
	}
	if r.time0n < 2 {
		return 0
	}
	m := float64(r.time0n)
	ss := r.time0sq - dot0(r.time0)/m
	return math.Sqrt(max(ss, 0) / (m - 1))
}
