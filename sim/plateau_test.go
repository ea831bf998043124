package sim

import (
	"math"
	"testing"
)

// torchPlateau is a line-by-line transcription of PyTorch's
// ReduceLROnPlateau (torch/optim/lr_scheduler.py, as documented: mode
// "min", threshold_mode "rel", one parameter group), the reference the
// tests hold sched=plateau's scheduler to.
type torchPlateau struct {
	factor, threshold, minLR, eps float64
	patience, cooldown            int

	best                        float64
	numBadEpochs, cooldownCount int
	lastEpoch                   int
	lr                          float64
	reducedAt                   []int // the epochs (from 1) after which lr fell
}

func newTorchPlateau(lr, factor float64, patience int, threshold float64, cooldown int, minLR float64) *torchPlateau {
	t := &torchPlateau{factor: factor, patience: patience, threshold: threshold, cooldown: cooldown, minLR: minLR, eps: 1e-8, lr: lr}
	t.best = math.Inf(1) // _reset: self.best = self.mode_worse
	return t
}

// isBetter: rel_epsilon = 1. - self.threshold; return a < best * rel_epsilon
func (t *torchPlateau) isBetter(a, best float64) bool { return a < best*(1-t.threshold) }

func (t *torchPlateau) inCooldown() bool { return t.cooldownCount > 0 }

func (t *torchPlateau) step(metrics float64) {
	current := metrics
	epoch := t.lastEpoch + 1
	t.lastEpoch = epoch
	if t.isBetter(current, t.best) {
		t.best = current
		t.numBadEpochs = 0
	} else {
		t.numBadEpochs++
	}
	if t.inCooldown() {
		t.cooldownCount--
		t.numBadEpochs = 0 // ignore any bad epochs in cooldown
	}
	if t.numBadEpochs > t.patience {
		t.reduceLR(epoch)
		t.cooldownCount = t.cooldown
		t.numBadEpochs = 0
	}
}

func (t *torchPlateau) reduceLR(epoch int) {
	oldLR := t.lr
	newLR := math.Max(oldLR*t.factor, t.minLR)
	if oldLR-newLR > t.eps {
		t.lr = newLR
		t.reducedAt = append(t.reducedAt, epoch)
	}
}

// scripted returns a loss sequence of n epochs: a fall, a noisy plateau,
// a second fall and a flat end, the shapes a scheduler meets.
func scripted(n int) []float64 {
	out := make([]float64, n)
	for i := range out {
		x := float64(i)
		wiggle := 0.02 * math.Sin(1.7*x) * math.Cos(0.3*x)
		switch {
		case i < 15:
			out[i] = 2 - 0.1*x + wiggle
		case i < 40:
			out[i] = 0.6 + wiggle
		case i < 50:
			out[i] = 0.6 - 0.03*(x-40) + wiggle
		default:
			out[i] = 0.3
		}
	}
	return out
}

// sched=plateau's scheduler equals the transcription of PyTorch's on the
// scripted losses, for PyTorch's defaults and for settings that exercise
// the cooldown, the threshold, the floor and eps.
func TestPlateauIsPyTorchs(t *testing.T) {
	losses := scripted(120)
	for _, tt := range []struct {
		name    string
		s       Schedule
		reduced int // how many reductions the transcription makes, at least
	}{
		{"defaults", Schedule{Gamma: 0.05, Factor: 0.1, Patience: 10, Threshold: 1e-4}, 2},
		{"patience 2, cooldown 3", Schedule{Gamma: 0.05, Factor: 0.5, Patience: 2, Threshold: 1e-4, Cooldown: 3}, 5},
		{"threshold 0.05", Schedule{Gamma: 1, Factor: 0.5, Patience: 1, Threshold: 0.05}, 5},
		{"floor", Schedule{Gamma: 0.05, Factor: 0.1, Patience: 0, Threshold: 1e-4, Min: 0.001}, 2},
		{"below eps", Schedule{Gamma: 1e-8, Factor: 0.5, Patience: 0, Threshold: 1e-4}, 0},
	} {
		t.Run(tt.name, func(t *testing.T) {
			ref := newTorchPlateau(tt.s.Gamma, tt.s.Factor, tt.s.Patience, tt.s.Threshold, tt.s.Cooldown, tt.s.Min)
			p := newPlateau(tt.s)
			lr := tt.s.Gamma
			for i, loss := range losses {
				ref.step(loss)
				lr, _ = p.step(loss, lr, tt.s.Min)
				if lr != ref.lr {
					t.Fatalf("epoch %d (loss %g): lr %g, PyTorch's %g", i+1, loss, lr, ref.lr)
				}
			}
			if len(ref.reducedAt) < tt.reduced {
				t.Errorf("the script reduced the rate %d times (epochs %v), want at least %d: it tests too little", len(ref.reducedAt), ref.reducedAt, tt.reduced)
			}
		})
	}
}

// PyTorch's documentation: "if patience = 2, then we will ignore the first
// 2 epochs with no improvement, and will only decrease the LR after the
// 3rd epoch if the loss still hasn't improved then." A constant loss
// improves on +Inf at epoch 1, so with patience 2 the rate falls after
// epoch 4, then (the counter reset) after epoch 7.
func TestPlateauPatienceAsDocumented(t *testing.T) {
	p := newPlateau(Schedule{Factor: 0.1, Patience: 2, Threshold: 1e-4})
	lr := 1.0
	var at []int
	for epoch := 1; epoch <= 8; epoch++ {
		var ok bool
		if lr, ok = p.step(1, lr, 0); ok {
			at = append(at, epoch)
		}
	}
	if len(at) != 2 || at[0] != 4 || at[1] != 7 || math.Abs(lr-0.01) > 1e-15 {
		t.Errorf("reductions after epochs %v to %g, want after 4 and 7 to 0.01", at, lr)
	}
}

// A lane with sched=plateau follows the transcription fed with the means
// over each epoch of n0 steps of run 1's mini-batch loss. Without noise
// the mini-batch loss is the loss itself, L(theta_{n-1}) (the data's mean
// is 0), which the test computes from run 1's positions, independently of
// the lane's own miniLoss. SGD with gamma = 0.5 on H = diag(1, 4) flips
// the stiff coordinate's sign each step (1 - 0.5 * 4 = -1): the loss
// plateaus at once, and again once the reduced rate has taken it to 0.
func TestPlateauLane(t *testing.T) {
	c := Default()
	c.Problem.Angle = 0
	c.Data.Sigma = Vec{}
	c.X0 = Vec{1, 1}
	c.Runs = 2
	l := DefaultLane()
	l.Opt = SGD
	l.Schedule = Schedule{Kind: Plateau, Gamma: 0.5, P: 1, N0: 20, Factor: 0.5, Patience: 3, Threshold: 1e-4}
	c.Lanes = []LaneConfig{l}
	e, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	ref := newTorchPlateau(0.5, 0.5, 3, 1e-4, 0, 0)
	var sum float64
	for n := 1; n <= 4000; n++ {
		before := e.Lanes()[0].Positions()[0]
		sum += c.Problem.LossGap(before)
		e.Step()
		if got := e.Lanes()[0].LearningRate(); math.Abs(got-ref.lr) > 1e-15*ref.lr {
			t.Fatalf("step %d: gamma_n %g, the transcription's %g", n, got, ref.lr)
		}
		if n%20 == 0 {
			ref.step(sum / 20)
			sum = 0
		}
	}
	t.Logf("reductions after epochs %v", ref.reducedAt)
	if len(ref.reducedAt) < 3 {
		t.Errorf("the rate fell %d times (epochs %v), want 3 or more: the test tests too little", len(ref.reducedAt), ref.reducedAt)
	}
}
