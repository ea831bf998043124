package sim

import (
	"fmt"
	"math"
	"testing"
)

// MATH.md oracle 6, a small-gamma approximation: Adam and RMSprop with a small
// constant gamma and eps << s keep a noise ball of standard deviation about
// sqrt(gamma s / 2) per coordinate, s = sigma/sqrt(J) the standard deviation
// of a batch mean. The reason: the second moment settles at M ~ E g^2 ~
// kappa^2 s^2, so the update is SGD with learning rate gamma/(kappa s) on the
// curvature kappa, eta = gamma/s, whose stationary variance is about
// eta s^2 / 2 = gamma s / 2, whatever kappa.
//
// MATH.md writes sqrt(gamma s / (2 kappa)); that is the same size only when s
// stands for the gradient's noise, kappa sigma/sqrt(J). With s the data's
// noise, as MATH.md defines it, the 1/kappa is spurious: the kappa = 4
// coordinate below would be off by a factor 2.
//
// Tolerance: z standard errors of the sample standard deviation (for nearly
// normal iterates, sd/sqrt(2R)) plus 5% for the approximation, whose neglected
// terms are of relative order gamma/s (the iterates' own variance in E g^2),
// 1 - beta (the fluctuation of M_n) and eps/s, all below 1% here.
func TestAdaptiveNoiseBall(t *testing.T) {
	const runs, steps = 1000, 2500
	kappa := Vec{1, 4}
	type lane struct {
		opt   Optimizer
		gamma float64
	}
	lanes := []lane{{Adam, 0.01}, {Adam, 0.003}, {RMSprop, 0.01}, {RMSprop, 0.003}}
	for _, j := range []int{1, 4} {
		c := diagQuadratic(kappa[0], kappa[1], 1, 1, runs, Vec{0, 0})
		c.Lanes = nil
		for _, l := range lanes {
			lc := DefaultLane()
			lc.Opt = l.opt
			lc.Schedule = Schedule{Kind: Const, Gamma: l.gamma}
			lc.Batch.Size = j
			c.Lanes = append(c.Lanes, lc)
		}
		e, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		e.Steps(steps)
		s := 1 / math.Sqrt(float64(j))
		for k, l := range lanes {
			want := math.Sqrt(l.gamma * s / 2)
			for i := range 2 {
				sd := math.Sqrt(sampleMoments(coordinate(e.Lanes()[k], i)).vari)
				tol := z*sd/math.Sqrt(2*runs) + 0.05*want
				if math.Abs(sd-want) > tol {
					t.Errorf("%s gamma=%g J=%d coordinate %d (kappa %g): sd %.5f, want %.5f +- %.5f",
						l.opt, l.gamma, j, i, kappa[i], sd, want, tol)
				}
			}
		}
	}
}

// The adaptive methods' noise ball shrinks only like J^(-1/4) with the batch
// size, SGD's like J^(-1/2) (MATH.md oracles 2 and 6): a 16-fold batch halves
// Adam's standard deviation but quarters SGD's.
func TestBatchScaling(t *testing.T) {
	const runs, steps = 1000, 2500
	sd := func(opt Optimizer, j int) float64 {
		c := diagQuadratic(1, 1, 1, 0.01, runs, Vec{0, 0})
		c.Lanes[0].Opt = opt
		c.Lanes[0].Batch.Size = j
		e, err := New(c)
		if err != nil {
			t.Fatal(err)
		}
		e.Steps(steps)
		return math.Sqrt(sampleMoments(coordinate(e.Lanes()[0], 0)).vari)
	}
	tests := []struct {
		opt   Optimizer
		ratio float64
	}{{Adam, 2}, {SGD, 4}}
	for _, tt := range tests {
		t.Run(fmt.Sprint(tt.opt), func(t *testing.T) {
			got := sd(tt.opt, 1) / sd(tt.opt, 16)
			// Each sd has relative error 1/sqrt(2R) = 2.2%; the ratio about 3.2%.
			if math.Abs(got-tt.ratio)/tt.ratio > z*math.Sqrt(1.0/runs)+0.05 {
				t.Errorf("sd(J=1)/sd(J=16) = %.3f, want about %g", got, tt.ratio)
			}
		})
	}
}
