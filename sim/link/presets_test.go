package link

import (
	"fmt"
	"testing"

	"noiseball/sim"
)

// Every preset is a valid link, stored in canonical form, under a unique
// name that Lookup finds.
func TestPresets(t *testing.T) {
	seen := map[string]bool{}
	for _, p := range Presets() {
		t.Run(p.Name, func(t *testing.T) {
			if p.Name == "" || p.Title == "" || p.Description == "" {
				t.Errorf("preset %+v lacks a name, title or description", p)
			}
			if seen[p.Name] {
				t.Errorf("two presets are called %q", p.Name)
			}
			seen[p.Name] = true
			c, err := Parse(p.Query)
			if err != nil {
				t.Fatalf("Parse(%q): %v", p.Query, err)
			}
			if q := Encode(c); q != p.Query {
				t.Errorf("Encode(Parse(q)) = %q, want the stored %q", q, p.Query)
			}
			if _, err := sim.New(c); err != nil {
				t.Errorf("sim.New: %v", err)
			}
			if got, ok := Lookup(p.Name); !ok || got != p {
				t.Errorf("Lookup(%q) = %+v, %v", p.Name, got, ok)
			}
		})
	}
	if _, ok := Lookup("no such preset"); ok {
		t.Error("Lookup found a preset that does not exist")
	}
}

// The presets tell their stories: Adam, RMSprop and SGD
// with a constant rate, the same decaying, a floor, a growing batch, skewed
// data for Adam, and Reddi's example with Adam against AMSGrad.
func TestPresetStories(t *testing.T) {
	get := func(name string) sim.Config {
		p, ok := Lookup(name)
		if !ok {
			t.Fatalf("no preset %q", name)
		}
		c, err := Parse(p.Query)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	opts := func(c sim.Config) string {
		s := ""
		for _, l := range c.Lanes {
			s += string(l.Opt) + " "
		}
		return s
	}
	checks := []struct {
		name string
		ok   func(sim.Config) bool
	}{
		{"adam", func(c sim.Config) bool { return c.Lanes[0].Opt == sim.Adam && !c.Lanes[0].Schedule.Decays() }},
		{"rmsprop", func(c sim.Config) bool { return c.Lanes[0].Opt == sim.RMSprop && !c.Lanes[0].Schedule.Decays() }},
		{"sgd", func(c sim.Config) bool { return c.Lanes[0].Opt == sim.SGD && !c.Lanes[0].Schedule.Decays() }},
		{"theorem", func(c sim.Config) bool { return opts(c) == "adam rmsprop sgd " }},
		{"decay", func(c sim.Config) bool { return opts(c) == "adam rmsprop sgd " && c.Lanes[2].Schedule.Decays() }},
		{"floor", func(c sim.Config) bool { return c.Lanes[0].Schedule.Min > 0 && c.Lanes[0].Schedule.Kind != sim.Const }},
		{"batch", func(c sim.Config) bool { return c.Lanes[0].Batch.Grows() && c.Lanes[1].Batch.Grows() }},
		{"skewed", func(c sim.Config) bool {
			return c.Data.Dist.Skewness() > 0 && c.Lanes[0].Opt == sim.Adam && c.Lanes[0].Beta2 <= 0.9
		}},
		{"nonoise", func(c sim.Config) bool { return c.Data.Sigma == sim.Vec{} && c.Lanes[0].Opt == sim.SGD }},
		{"adagrad", func(c sim.Config) bool { return opts(c) == "adagrad adam " && !c.Lanes[0].Schedule.Decays() }},
		{"auto", func(c sim.Config) bool {
			return opts(c) == "sgd sgd " && c.Lanes[0].Schedule.Kind == sim.Auto && c.Lanes[1].Schedule.Kind == sim.Const
		}},
		{"linreg", func(c sim.Config) bool {
			l := c.Lanes
			return c.Problem.Kind == sim.LinReg && c.Problem.Dataset == "diabetes" && opts(c) == "sgd sgd adam adam " &&
				!l[0].Schedule.Decays() && l[1].Schedule.Kind == sim.Poly && l[1].Schedule.P == 1 &&
				!l[2].Schedule.Decays() && l[3].Schedule.Kind == sim.Poly && l[3].Schedule.P == 1
		}},
		{"logreg", func(c sim.Config) bool {
			l := c.Lanes
			return c.Problem.Kind == sim.LogReg && c.Problem.Dataset == "cancer" && opts(c) == "adam adam adam " &&
				l[0].Schedule.Kind == sim.Const && l[1].Schedule.Kind == sim.Cosine && l[1].Schedule.Decays() &&
				l[2].Schedule.Kind == sim.Cosine && l[2].Schedule.Min > 0 && l[1].Schedule.N0 == float64(c.Steps)
		}},
		{"mlp", func(c sim.Config) bool {
			return c.Problem.Kind == sim.MLP && c.Problem.Dataset == "digits" && opts(c) == "adam adam " &&
				!c.Lanes[0].Schedule.Decays() && c.Lanes[1].Schedule.Decays()
		}},
		{"reddi", func(c sim.Config) bool {
			a, b := c.Lanes[0], c.Lanes[1]
			return c.Problem.Kind == sim.Reddi && a.Opt == sim.Adam && b.Opt == sim.AMSGrad && a.Beta1 == 0 &&
				a.Beta2 == 1/(1+c.Problem.C*c.Problem.C) && a.Schedule.Kind == sim.Poly && a.Schedule.P == 0.5
		}},
	}
	for _, ch := range checks {
		if c := get(ch.name); !ch.ok(c) {
			t.Errorf("preset %s does not show its setting: %+v", ch.name, c)
		}
	}
}

// The theorem's verdict (sim.Hypotheses) on every lane of every preset is
// what the preset was built to show: the constant-rate presets (and the
// floor) fall under the theorem; the decaying, growing-batch, noiseless,
// Adagrad, clipped and projected lanes do not, for the reason they were
// built around.
func TestPresetHypotheses(t *testing.T) {
	const (
		cannot  = sim.CannotConverge
		decays  = sim.LRDecays
		grows   = sim.BatchGrows
		noNoise = sim.NoNoise
		notCov  = sim.NotCovered
	)
	want := map[string][]string{
		"adam":    {cannot},
		"rmsprop": {cannot},
		"sgd":     {cannot},
		"theorem": {cannot, cannot, cannot},
		"decay":   {decays, decays, decays},
		"floor":   {cannot, cannot, cannot},
		"batch":   {grows, grows},
		"skewed":  {decays, decays, decays},
		"reddi":   {decays, decays}, // also projected onto the box, and lane 2 is AMSGrad
		"clip":    {cannot, notCov}, // clipping is outside the theorem's recursion: not proven, yet the ball stays
		"nonoise": {noNoise},
		"adagrad": {notCov, cannot},
		"auto":    {decays, cannot},
		"linreg":  {cannot, decays, cannot, decays},
		"logreg":  {cannot, decays, cannot}, // the floor keeps liminf gamma_n > 0
		"mlp":     {cannot, decays},
		"plateau": {decays, decays, decays}, // auto and plateau cut the rate with no floor, the cosine ends at 0
	}
	for _, p := range Presets() {
		w, ok := want[p.Name]
		if !ok {
			t.Errorf("preset %s: no expected verdict", p.Name)
			continue
		}
		c, _ := Parse(p.Query)
		if len(c.Lanes) != len(w) {
			t.Errorf("preset %s: %d lanes, want %d", p.Name, len(c.Lanes), len(w))
			continue
		}
		for k := range c.Lanes {
			if got := sim.Hypotheses(c, k); got.Conclusion != w[k] {
				t.Errorf("preset %s lane %d: %s (%s), want %s", p.Name, k+1, got.Conclusion, got.Text, w[k])
			}
		}
	}
	// Each hypothesis names a preset whose lane 1 breaks it, and nothing else.
	for _, h := range sim.Hypotheses(sim.Default(), 0).Hypotheses {
		if h.BrokenBy == "" {
			if h.ID != sim.HypLRBounded {
				t.Errorf("%s names no preset that breaks it", h.ID)
			}
			continue
		}
		p, ok := Lookup(h.BrokenBy)
		if !ok {
			t.Errorf("%s: no preset %q", h.ID, h.BrokenBy)
			continue
		}
		c, _ := Parse(p.Query)
		for _, got := range sim.Hypotheses(c, 0).Hypotheses {
			if (got.ID == h.ID) == got.Held {
				t.Errorf("preset %s lane 1: %s held = %v: %s", p.Name, got.ID, got.Held, got.Detail)
			}
		}
	}
}

func ExampleLookup() {
	p, _ := Lookup("reddi")
	fmt.Println(p.Title)
	fmt.Println(p.Query)
	// Output:
	// Reddi's example: Adam walks to the wrong end
	// v=1&problem=reddi&x0=0&runs=1000&lr=0.5&sched=poly&p=0.5&n0=1&b1=0&b2=0.1&opt2=amsgrad
}
