package link

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"

	"noiseball/sim"
)

// A real model's link: its defaults, its parameters in canonical order,
// and the problem-dependent default weight decay.
func TestModelLinks(t *testing.T) {
	tests := []struct {
		query, canonical string
		check            func(sim.Config) bool
	}{
		{"problem=linreg", "v=1&problem=linreg", func(c sim.Config) bool {
			return c.Problem == sim.ModelProblem(sim.LinReg) && c.Lanes[0].WeightDecay == 0
		}},
		{"problem=logreg", "v=1&problem=logreg", func(c sim.Config) bool {
			return c.Problem.Dataset == "cancer" && c.Lanes[0].WeightDecay == sim.DefaultWeightDecay
		}},
		{"hidden=8&problem=mlp&data=cancer&plane=noise", "v=1&problem=mlp&data=cancer&hidden=8&plane=noise", func(c sim.Config) bool {
			return c.Problem.Hidden == 8 && c.Problem.Dataset == "cancer" && c.Problem.Plane == sim.PlaneNoise
		}},
		{"problem=softmax&data=digits&plane=hessian&wd=0.001", "v=1&problem=softmax", func(c sim.Config) bool {
			return c.Problem.Dataset == "digits" && c.Problem.Hidden == 0
		}},
		{"problem=mlp&hidden=16", "v=1&problem=mlp", func(c sim.Config) bool { return c.Problem.Hidden == 16 }},
		{"problem=logreg&wd=0.01&opt2=sgd&wd2=0.001", "v=1&problem=logreg&wd=0.01&opt2=sgd&wd2=0.001", func(c sim.Config) bool {
			return c.Lanes[1].WeightDecay == 0.001
		}},
		{"problem=linreg&runs=10000", "v=1&problem=linreg&runs=10000", func(c sim.Config) bool { return c.Runs == 10000 }},
	}
	for _, tt := range tests {
		c, err := Parse(tt.query)
		if err != nil {
			t.Errorf("Parse(%q): %v", tt.query, err)
			continue
		}
		if got := Encode(c); got != tt.canonical {
			t.Errorf("Encode(Parse(%q)) = %q, want %q", tt.query, got, tt.canonical)
		}
		if !tt.check(c) {
			t.Errorf("Parse(%q) = %+v", tt.query, c)
		}
	}
}

// Bad links on the real models give the usual message naming the
// parameter and the allowed values, and the rest of the link still
// applies: an unknown data set, a hidden layer out of range, a data set
// the model does not train on, parameters of the other family of
// problems, too many runs for the model's dimension, and no weight decay
// where theta* needs one.
func TestModelLinkErrors(t *testing.T) {
	tests := []struct {
		query          string
		param, allowed string
		check          func(sim.Config) bool // the rest applied, the bad value kept its default
	}{
		{"problem=mlp&data=foo&lr=0.02", "data", "one of digits, cancer for problem=mlp", func(c sim.Config) bool {
			return c.Problem.Dataset == "digits" && c.Lanes[0].Schedule.Gamma == 0.02
		}},
		{"problem=mlp&hidden=0", "hidden", "an integer in [2, 64]", func(c sim.Config) bool { return c.Problem.Hidden == 16 }},
		{"problem=mlp&hidden=65", "hidden", "an integer in [2, 64]", func(c sim.Config) bool { return c.Problem.Hidden == 16 }},
		{"problem=mlp&data=diabetes", "data", "one of digits, cancer for problem=mlp", func(c sim.Config) bool {
			return c.Problem.Kind == sim.MLP && c.Problem.Dataset == "digits"
		}},
		{"problem=linreg&data=digits", "data", "one of diabetes for problem=linreg", func(c sim.Config) bool { return c.Problem.Dataset == "diabetes" }},
		{"problem=logreg&plane=sideways", "plane", "one of hessian, noise", func(c sim.Config) bool { return c.Problem.Plane == sim.PlaneHessian }},
		{"problem=linreg&hidden=8", "hidden", "nothing: hidden applies only to problem=mlp", func(c sim.Config) bool { return c.Problem.Hidden == 0 }},
		{"hidden=8&opt=sgd", "hidden", "nothing: hidden applies only to problem=mlp", func(c sim.Config) bool {
			return c.Problem.Hidden == 0 && c.Lanes[0].Opt == sim.SGD
		}},
		{"data=digits", "data", "nothing: data applies only to problem=linreg, logreg, softmax, mlp", func(c sim.Config) bool { return c.Problem.Dataset == "" }},
		{"problem=linreg&sigma=2", "sigma", "nothing: sigma applies only to problem=quadratic, doublewell, reddi", func(c sim.Config) bool {
			return c.Data == sim.Default().Data
		}},
		{"problem=logreg&x0=3,1", "x0", "nothing: x0 applies only to problem=quadratic", func(c sim.Config) bool { return c.X0 == sim.Default().X0 }},
		{"problem=softmax&runs=4000", "runs", "an integer in [1, 3226] for problem=softmax (d = 650) with 1 lane(s)", func(c sim.Config) bool { return c.Runs == 1 }},
		{"problem=mlp&runs=1000&opt2=sgd", "runs", "an integer in [1, 866] for problem=mlp (d = 1210) with 2 lane(s)", func(c sim.Config) bool { return c.Runs == 1 }},
		{"problem=logreg&wd=0", "wd", "a number in (0, 10] for problem=logreg", func(c sim.Config) bool {
			return c.Lanes[0].WeightDecay == sim.DefaultWeightDecay
		}},
		{"problem=softmax&opt2=sgd&wd2=0", "wd2", "a number in (0, 10] for problem=softmax", func(c sim.Config) bool {
			return c.Lanes[1].WeightDecay == sim.DefaultWeightDecay && c.Lanes[1].Opt == sim.SGD
		}},
	}
	for _, tt := range tests {
		c, err := Parse(tt.query)
		if verr := c.Validate(); verr != nil {
			t.Errorf("Parse(%q) returned an invalid config: %v", tt.query, verr)
		}
		if err == nil {
			t.Errorf("Parse(%q) gave no error", tt.query)
			continue
		}
		var pe *ParamError
		found := false
		for _, e := range err.(interface{ Unwrap() []error }).Unwrap() {
			if errors.As(e, &pe) && pe.Param == tt.param && strings.Contains(pe.Allowed, tt.allowed) {
				found = true
			}
		}
		if !found {
			t.Errorf("Parse(%q) = %v, want an error for %s allowing %q", tt.query, err, tt.param, tt.allowed)
		}
		if !tt.check(c) {
			t.Errorf("Parse(%q) = %+v", tt.query, c)
		}
	}
}

// randomModelConfig draws a valid configuration of a real model with its
// settings away from their defaults some of the time.
func randomModelConfig(r *rand.Rand) sim.Config {
	pick := func(xs ...float64) float64 { return xs[r.IntN(len(xs))] }
	c := sim.Default()
	k := sim.ModelKinds()[r.IntN(len(sim.ModelKinds()))]
	c.Problem = sim.ModelProblem(k)
	ds := k.Datasets()
	c.Problem.Dataset = ds[r.IntN(len(ds))]
	if k == sim.MLP {
		c.Problem.Hidden = 2 + r.IntN(63)
	}
	c.Problem.Plane = sim.PlaneKinds()[r.IntN(len(sim.PlaneKinds()))]
	c.Seed = r.Uint64()
	c.Steps = 1 + r.IntN(1000)
	c.Lanes = nil
	for range 1 + r.IntN(sim.MaxLanes) {
		l := sim.DefaultLaneFor(c.Problem)
		l.Opt = sim.Optimizers()[r.IntN(len(sim.Optimizers()))]
		l.Schedule.Gamma = pick(0.01, 0.1, 1e-5)
		l.WeightDecay = pick(l.WeightDecay, 0.05)
		l.Clip = pick(0, 5)
		c.Lanes = append(c.Lanes, l)
	}
	c.Runs = 1 + r.IntN(sim.MaxRunsFor(c.Problem, len(c.Lanes)))
	return c
}

// Parse(Encode(c)) == c for the real models too.
func TestModelRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(5, 6))
	for range 1000 {
		c := randomModelConfig(r)
		if err := c.Validate(); err != nil {
			t.Fatalf("randomModelConfig: %v", err)
		}
		q := Encode(c)
		back, err := Parse(q)
		if err != nil {
			t.Fatalf("Parse(Encode(c)) of %q: %v", q, err)
		}
		if !reflect.DeepEqual(back, c) {
			t.Fatalf("Parse(Encode(c)) != c for %q:\n got %+v\nwant %+v", q, back, c)
		}
	}
}
