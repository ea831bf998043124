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

// The presets the issue asks for tell their stories: Adam, RMSprop and SGD
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

func ExampleLookup() {
	p, _ := Lookup("reddi")
	fmt.Println(p.Title)
	fmt.Println(p.Query)
	// Output:
	// Reddi's example: Adam walks to the wrong end
	// v=1&problem=reddi&x0=0&runs=1000&lr=0.5&sched=poly&p=0.5&n0=1&b1=0&b2=0.1&opt2=amsgrad
}
