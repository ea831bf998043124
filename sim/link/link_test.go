package link

import (
	"errors"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"noiseball/sim"
)

func TestParseValues(t *testing.T) {
	c, err := Parse("v=1&opt=sgd&lr=0.05&sched=poly&p=0.5&n0=200&batch=8&bgrow=geo:1.01&dist=exp&sigma=0.5,2&x0=1,-2&runs=300&seed=9&angle=-45&problem=doublewell")
	if err != nil {
		t.Fatal(err)
	}
	l := c.Lanes[0]
	checks := []struct {
		name      string
		got, want any
	}{
		{"opt", l.Opt, sim.SGD},
		{"lr", l.Schedule.Gamma, 0.05},
		{"sched", l.Schedule.Kind, sim.Poly},
		{"p", l.Schedule.P, 0.5},
		{"n0", l.Schedule.N0, 200.0},
		{"batch", l.Batch, sim.Batch{Size: 8, Growth: sim.BatchGeom, Rate: 1.01}},
		{"dist", c.Data.Dist, sim.Exp},
		{"sigma", c.Data.Sigma, sim.Vec{0.5, 2}},
		{"x0", c.X0, sim.Vec{1, -2}},
		{"runs", c.Runs, 300},
		{"seed", c.Seed, uint64(9)},
		{"angle", c.Problem.Angle, -45.0},
		{"problem", c.Problem.Kind, sim.DoubleWell},
		{"lanes", len(c.Lanes), 1},
	}
	for _, ch := range checks {
		if !reflect.DeepEqual(ch.got, ch.want) {
			t.Errorf("%s = %v, want %v", ch.name, ch.got, ch.want)
		}
	}
}

func TestLanesInheritFromLaneOne(t *testing.T) {
	c, err := Parse("opt=adam&lr=0.02&b2=0.99&opt2=sgd&lr3=0.5")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Lanes) != 3 {
		t.Fatalf("%d lanes, want 3", len(c.Lanes))
	}
	if l := c.Lanes[1]; l.Opt != sim.SGD || l.Schedule.Gamma != 0.02 || l.Beta2 != 0.99 {
		t.Errorf("lane 2 = %+v, want sgd with lane 1's lr 0.02 and b2 0.99", l)
	}
	if l := c.Lanes[2]; l.Opt != sim.Adam || l.Schedule.Gamma != 0.5 {
		t.Errorf("lane 3 = %+v, want adam with lr 0.5", l)
	}
}

// Every bad value names its parameter and range; the rest of the link applies.
func TestParseErrors(t *testing.T) {
	tests := []struct {
		query, param, allowed string
	}{
		{"lr=abc", "lr", "(0, 10]"},
		{"lr=0", "lr", "(0, 10]"},
		{"lr=NaN", "lr", "(0, 10]"},
		{"lr=1e400", "lr", "(0, 10]"},
		{"batch=-3", "batch", "[1, 65536]"},
		{"batch=2.5", "batch", "[1, 65536]"},
		{"opt=foo", "opt", "sgd, momentum"},
		{"b1=1", "b1", "[0, 1)"},
		{"b2=-0.1", "b2", "[0, 1)"},
		{"runs=10001", "runs", "[1, 10000]"},
		{"runs=0", "runs", "[1, 10000]"},
		{"x0=1,2,3", "x0", "pair"},
		{"sigma=-1", "sigma", "[0, 100]"},
		{"dist=cauchy", "dist", "gauss"},
		{"problem=rosen", "problem", "quadratic"},
		{"sched=inv", "sched", "const, poly"},
		{"bgrow=lin", "bgrow", "lin:R"},
		{"bgrow=geo:3", "bgrow", "geo:R"},
		{"bgrow=const:2", "bgrow", "const"},
		{"bc=yes", "bc", "0 or 1"},
		{"seed=-1", "seed", "2^64"},
		{"v=2", "v", "1"},
		{"opt5=sgd", "opt5", "known parameter"},
		{"lr1=0.1", "lr1", "known parameter"},
		{"frobnicate=1", "frobnicate", "known parameter"},
		{"lr2=x", "lr2", "(0, 10]"},
		{"lr=" + strings.Repeat("9", 10000), "lr", "(0, 10]"},
	}
	for _, tt := range tests {
		t.Run(tt.query[:min(len(tt.query), 20)], func(t *testing.T) {
			c, err := Parse(tt.query + "&opt2=rmsprop&angle=10")
			var pe *ParamError
			if !errors.As(err, &pe) {
				t.Fatalf("Parse(%q) error = %v, want a *ParamError", tt.query, err)
			}
			if pe.Param != tt.param || !strings.Contains(pe.Allowed, tt.allowed) {
				t.Errorf("error %q, want parameter %s with range containing %q", pe, tt.param, tt.allowed)
			}
			if len(pe.Value) > maxShown+len("…") {
				t.Errorf("error repeats %d bytes of the value", len(pe.Value))
			}
			if c.Problem.Angle != 10 || len(c.Lanes) != 2 || c.Lanes[1].Opt != sim.RMSprop {
				t.Errorf("the rest of the link was not applied: %+v", c)
			}
			if err := c.Validate(); err != nil {
				t.Errorf("Parse returned an invalid config: %v", err)
			}
		})
	}
}

func TestEncodeIsCanonical(t *testing.T) {
	tests := []struct{ query, want string }{
		{"", "v=1"},
		{"lr=0.050", "v=1"},
		{"runs=50&opt=sgd&v=1", "v=1&runs=50&opt=sgd"},
		{"opt=sgd&opt2=sgd", "v=1&opt=sgd&opt2=sgd"},
		{"sigma=2,2&x0=1,2", "v=1&sigma=2&x0=1,2"},
		{"lr2=0.5&b2=0.9", "v=1&b2=0.9&lr2=0.5"},
		{"bgrow=lin:0.5", "v=1&bgrow=lin:0.5"},
	}
	for _, tt := range tests {
		c, err := Parse(tt.query)
		if err != nil {
			t.Fatalf("Parse(%q): %v", tt.query, err)
		}
		if got := Encode(c); got != tt.want {
			t.Errorf("Encode(Parse(%q)) = %q, want %q", tt.query, got, tt.want)
		}
	}
}

// randomConfig draws a valid configuration with every setting away from its
// default some of the time.
func randomConfig(r *rand.Rand) sim.Config {
	pick := func(xs ...float64) float64 { return xs[r.IntN(len(xs))] }
	c := sim.Default()
	c.Problem.Kind = sim.ProblemKinds()[r.IntN(len(sim.ProblemKinds()))]
	c.Problem.H1 = pick(1, 0.5, 10, 1e-3)
	c.Problem.Angle = pick(30, 0, -180, 12.5)
	c.Problem.C = pick(3, 1010)
	c.Data.Dist = sim.Distributions()[r.IntN(len(sim.Distributions()))]
	c.Data.Sigma = sim.Vec{pick(1, 0, 0.3), pick(1, 2)}
	c.X0 = sim.Vec{r.Float64()*200 - 100, r.Float64()}
	c.Runs = 1 + r.IntN(sim.MaxRuns)
	c.Seed = r.Uint64()
	c.Steps = 1 + r.IntN(1000)
	c.Lanes = nil
	for k := 0; k <= r.IntN(sim.MaxLanes); k++ {
		l := sim.DefaultLane()
		l.Opt = sim.Optimizers()[r.IntN(len(sim.Optimizers()))]
		l.Schedule.Kind = sim.ScheduleKinds()[r.IntN(len(sim.ScheduleKinds()))]
		l.Schedule.Gamma = pick(0.01, 0.1, 1e-5, 10)
		l.Schedule.P = pick(1, 0.5)
		l.Schedule.Min = pick(0, 1e-3)
		l.Schedule.Warmup = r.IntN(3) * 100
		l.Beta2 = pick(0.999, 0.9, 0)
		l.BiasCorrection = r.IntN(2) == 0
		l.Clip = pick(0, 5)
		l.Batch = []sim.Batch{{Size: 1, Growth: sim.BatchConst}, {Size: 8, Growth: sim.BatchLinear, Rate: 0.1}, {Size: 2, Growth: sim.BatchGeom, Rate: 1.001}}[r.IntN(3)]
		c.Lanes = append(c.Lanes, l)
	}
	return c
}

func TestRoundTrip(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	for i := 0; i < 2000; i++ {
		c := randomConfig(r)
		q := Encode(c)
		back, err := Parse(q)
		if err != nil {
			t.Fatalf("Parse(Encode(c)) of %q: %v", q, err)
		}
		if !reflect.DeepEqual(back, c) {
			t.Fatalf("Parse(Encode(c)) != c for %q:\n got %+v\nwant %+v", q, back, c)
		}
		if q2 := Encode(back); q2 != q {
			t.Fatalf("Encode is not stable: %q then %q", q, q2)
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, q := range []string{"", "v=1", "opt=sgd&lr=0.1", "lr=abc", "x0=1,2&sigma=0", "opt2=adam&lr4=3", "bgrow=geo:1.5", "%zz", "a=b=c&&&", "seed=18446744073709551615",
		"lr=0x1p-3&runs=1_0&seed=1e3&x0=inf,NaN", "runs=1e3&steps=2.5e4&lr=1.5E-2", "speed=0&view=grid&lang=%3Cscript%3E&story=999&metric=junk&present=2&embed=x"} {
		f.Add(q)
	}
	for _, p := range Presets() {
		f.Add(p.Query)
	}
	f.Fuzz(func(t *testing.T, q string) {
		c, err := Parse(q)
		if err := c.Validate(); err != nil {
			t.Fatalf("Parse(%q) gave an invalid config: %v", q, err)
		}
		v, viewErr := ParseView(q)
		if v.Speed < 1 || v.Speed > MaxSpeed || !slices.Contains(sim.SweepMetrics(), v.Metric) ||
			(v.Lang != "" && !slices.Contains(Languages(), v.Lang)) || v.Story < 0 || v.Story > StorySteps {
			t.Fatalf("ParseView(%q) gave an invalid view %+v", q, v)
		}
		// Every problem names a parameter, briefly, and the messages are capped.
		problems := append(Errors(err), Errors(viewErr)...)
		for _, e := range problems {
			var pe *ParamError
			if errors.As(e, &pe) && (len(pe.Param) > maxShown+len("…") || len(pe.Value) > maxShown+len("…")) {
				t.Fatalf("Parse(%q): a problem repeats %d and %d bytes of a name and a value", q, len(pe.Param), len(pe.Value))
			}
		}
		if lines := Messages(errors.Join(problems...)); len(lines) > MaxProblems+1 || len(problems) > 0 && len(lines) == 0 {
			t.Fatalf("Parse(%q): %d problems gave %d lines", q, len(problems), len(lines))
		}
		enc := Encode(c)
		back, err := Parse(enc)
		if err != nil {
			t.Fatalf("Parse(Encode(Parse(%q))) = %q fails: %v", q, enc, err)
		}
		if !reflect.DeepEqual(back, c) {
			t.Fatalf("round trip of %q through %q changed the config", q, enc)
		}
	})
}
