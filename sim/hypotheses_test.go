package sim

import (
	"fmt"
	"testing"
)

func TestHypotheses(t *testing.T) {
	lane := func(f func(*LaneConfig)) Config {
		c := Default()
		f(&c.Lanes[0])
		return c
	}
	tests := []struct {
		name       string
		c          Config
		conclusion string
		failed     []string // the hypotheses that fail
	}{
		{"adam const", Default(), CannotConverge, nil},
		{"sgd step P=1", lane(func(l *LaneConfig) { l.Opt, l.Schedule.Kind, l.Schedule.P = SGD, Step, 1 }), CannotConverge, nil},
		{"poly", lane(func(l *LaneConfig) { l.Schedule.Kind = Poly }), LRDecays, []string{HypLRFloor}},
		{"poly with floor", lane(func(l *LaneConfig) { l.Schedule.Kind, l.Schedule.Min = Poly, 0.001 }), CannotConverge, nil},
		{"cosine", lane(func(l *LaneConfig) { l.Schedule.Kind = Cosine }), LRDecays, []string{HypLRFloor}},
		{"exp", lane(func(l *LaneConfig) { l.Schedule.Kind = ExpDec }), LRDecays, []string{HypLRFloor}},
		{"auto", lane(func(l *LaneConfig) { l.Schedule.Kind = Auto }), LRDecays, []string{HypLRFloor}},
		{"auto with floor", lane(func(l *LaneConfig) { l.Schedule.Kind, l.Schedule.Min = Auto, 0.01 }), CannotConverge, nil},
		{"plateau", lane(func(l *LaneConfig) { l.Schedule.Kind = Plateau }), LRDecays, []string{HypLRFloor}},
		{"plateau with floor", lane(func(l *LaneConfig) { l.Schedule.Kind, l.Schedule.Min = Plateau, 0.01 }), CannotConverge, nil},
		{"warm-up", lane(func(l *LaneConfig) { l.Schedule.Warmup = 100 }), CannotConverge, nil},
		{"growing batch", lane(func(l *LaneConfig) { l.Batch = Batch{Size: 1, Growth: BatchGeom, Rate: 1.01} }), BatchGrows, []string{HypBatchBounded}},
		{"big constant batch", lane(func(l *LaneConfig) { l.Batch.Size = 4096 }), CannotConverge, nil},
		{"no noise", func() Config { c := Default(); c.Data.Sigma = Vec{}; return c }(), NoNoise, []string{HypNoise}},
		{"noise in one coordinate", func() Config { c := Default(); c.Data.Sigma = Vec{0, 0.1}; return c }(), CannotConverge, nil},
		{"reddi without sigma", func() Config {
			c := Default()
			c.Problem, c.Data.Sigma = Problem{Kind: Reddi, H1: 1, H2: 1, C: 3}, Vec{}
			return c
		}(), NotCovered, []string{HypOptimizer}},
		{"adagrad", lane(func(l *LaneConfig) { l.Opt = Adagrad }), NotCovered, []string{HypOptimizer}},
		{"amsgrad", lane(func(l *LaneConfig) { l.Opt = AMSGrad }), NotCovered, []string{HypOptimizer}},
		{"adamw", lane(func(l *LaneConfig) { l.Opt, l.WeightDecay = AdamW, 0.01 }), NotCovered, []string{HypOptimizer}},
		{"adamw without decay", lane(func(l *LaneConfig) { l.Opt = AdamW }), CannotConverge, nil},
		{"l2 decay", lane(func(l *LaneConfig) { l.Opt, l.WeightDecay = SGD, 0.1 }), CannotConverge, nil},
		{"clipping", lane(func(l *LaneConfig) { l.Clip = 1 }), NotCovered, []string{HypOptimizer}},
		{"nesterov", lane(func(l *LaneConfig) { l.Opt = Nesterov }), CannotConverge, nil},
		{"everything fails", func() Config {
			c := Default()
			c.Data.Sigma = Vec{}
			l := &c.Lanes[0]
			l.Opt, l.Schedule.Kind, l.Batch = Adagrad, Poly, Batch{Size: 1, Growth: BatchLinear, Rate: 1}
			return c
		}(), NoNoise, []string{HypLRFloor, HypBatchBounded, HypNoise, HypOptimizer}},
	}
	used := map[string]bool{}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Hypotheses(tt.c, 0)
			used[got.Verdict.Code] = true
			if got.Verdict.Code != got.Conclusion || got.Text != theoremTexts.Text(got.Verdict, "en") {
				t.Errorf("verdict %v, text %q for the conclusion %s", got.Verdict, got.Text, got.Conclusion)
			}
			if got.Conclusion != tt.conclusion || got.Applies != (tt.conclusion == CannotConverge) {
				t.Errorf("conclusion %s (applies %v), want %s: %+v", got.Conclusion, got.Applies, tt.conclusion, got)
			}
			var failed []string
			ids := ""
			for _, h := range got.Hypotheses {
				ids += h.ID + " "
				if !h.Held {
					failed = append(failed, h.ID)
				}
				used[h.Why.Code] = true
				if _, ok := theoremTexts[h.Why.Code]; !ok || h.Detail != theoremTexts.Text(h.Why, "en") {
					t.Errorf("%s: why %v has no text, or detail %q is not its English", h.ID, h.Why, h.Detail)
				}
			}
			if fmt.Sprint(failed) != fmt.Sprint(tt.failed) {
				t.Errorf("failed %v, want %v", failed, tt.failed)
			}
			if ids != "lr-floor lr-bounded batch-bounded noise optimizer " {
				t.Errorf("hypotheses %q", ids)
			}
			if got.Text == "" {
				t.Error("no text")
			}
		})
	}
	// Every sentence of the catalog is one some lane says: none is dead.
	for _, d := range Distributions() {
		c := Default()
		c.Data.Dist = d
		used[Hypotheses(c, 0).Hypotheses[3].Why.Code] = true
	}
	real := Default()
	real.Problem = ModelProblem(LinReg)
	if h := Hypotheses(real, 0).Hypotheses[3]; !h.Held || h.Why.Code != "noise.real" {
		t.Errorf("a real model's noise: %+v", h)
	} else {
		used[h.Why.Code] = true
	}
	for code := range theoremTexts {
		if !used[code] {
			t.Errorf("no case says %s", code)
		}
	}
	if err := theoremTexts.Check(); err != nil {
		t.Error(err)
	}
}

func ExampleHypotheses() {
	c := Default() // Adam with a constant learning rate on the noisy quadratic
	c.Lanes = append(c.Lanes, c.Lanes[0])
	c.Lanes[1].Schedule.Kind = Poly // gamma_n = gamma / (1 + (n-1)/100)
	for k := range c.Lanes {
		h := Hypotheses(c, k)
		fmt.Printf("lane %d: %s: %s\n", k+1, h.Conclusion, h.Text)
		for _, hyp := range h.Hypotheses {
			if !hyp.Held {
				fmt.Printf("  %s fails: %s Preset %q breaks it too.\n", hyp.ID, hyp.Detail, hyp.BrokenBy)
			}
		}
	}
	// Output:
	// lane 1: cannot-converge: All five hold, so the theorem applies: this lane cannot converge.
	// lane 2: lr-decays: The theorem does not apply, because the learning rate decays to 0.
	//   lr-floor fails: The schedule decays to 0, and there is no floor (γ_min = 0). Preset "decay" breaks it too.
}
