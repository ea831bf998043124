package link

import (
	"fmt"
	"strconv"
	"strings"

	"noiseball/sim"
	"noiseball/sim/dataset"
	"noiseball/sim/message"
	"noiseball/sim/model"
)

// param is one setting of the link: its name, the allowed values (as data
// and in words), and how to read it into and write it from a T (sim.Config
// or sim.LaneConfig). set leaves its target unchanged when it returns false.
type param[T any] struct {
	name    string
	allowed domain
	set     func(*T, string) bool
	get     func(*T) string
	kind    byte // 'f' a number, 'i' an integer, 'p' a number or pair; 0 for words
}

// domain is what a parameter allows, in words for errors (text) and as data
// for Schema: a range for a number, an integer or a pair, a list of words,
// or for a batch growth a range for each growth's rate.
type domain struct {
	want  message.Message // what it allows, as a Message (messages.go)
	text  string          // want in English
	typ   string          // a ParamSchema.Type
	rng   *Range
	words []string
	rates map[string]Range
}

func (d domain) String() string { return d.text }

// allow is the domain that wants want, of type typ; the caller adds the
// data.
func allow(want message.Message, typ string) domain {
	return domain{want: want, text: english(want), typ: typ}
}

// The global parameters, in canonical order.
var globalOrder = []param[sim.Config]{
	{"v", withWords(allow(say("want.only", "value", strconv.Itoa(Version)), "word"), strconv.Itoa(Version)),
		func(c *sim.Config, s string) bool { return s == strconv.Itoa(Version) },
		func(*sim.Config) string { return strconv.Itoa(Version) }, 0},
	{"problem", words(problemKinds()),
		func(c *sim.Config, s string) bool {
			k, ok := oneOf(s, problemKinds())
			if ok {
				c.Problem.Kind = k
			}
			return ok
		},
		func(c *sim.Config) string { return string(c.Problem.Kind) }, 0},
	floatParam("h1", 1e-3, 1e3, false, false, func(c *sim.Config) *float64 { return &c.Problem.H1 }),
	floatParam("h2", 1e-3, 1e3, false, false, func(c *sim.Config) *float64 { return &c.Problem.H2 }),
	floatParam("angle", -180, 180, false, false, func(c *sim.Config) *float64 { return &c.Problem.Angle }),
	floatParam("c", 2, 1e4, true, false, func(c *sim.Config) *float64 { return &c.Problem.C }),
	{"data", dataDomain(),
		func(c *sim.Config, s string) bool {
			c.Problem.Dataset = dataset.Name(s) // checked against the problem by modelDefaults
			return true
		},
		func(c *sim.Config) string { return string(c.Problem.Dataset) }, 0},
	intParam("hidden", model.MinHidden, model.MaxHidden, func(c *sim.Config) *int { return &c.Problem.Hidden }),
	{"plane", words(sim.PlaneKinds()),
		func(c *sim.Config, s string) bool {
			k, ok := oneOf(s, sim.PlaneKinds())
			if ok {
				c.Problem.Plane = k
			}
			return ok
		},
		func(c *sim.Config) string { return string(c.Problem.Plane) }, 0},
	{"dist", words(sim.Distributions()),
		func(c *sim.Config, s string) bool {
			d, ok := oneOf(s, sim.Distributions())
			if ok {
				c.Data.Dist = d
			}
			return ok
		},
		func(c *sim.Config) string { return string(c.Data.Dist) }, 0},
	pairParam("sigma", 0, 100, func(c *sim.Config) *sim.Vec { return &c.Data.Sigma }),
	pairParam("x0", -100, 100, func(c *sim.Config) *sim.Vec { return &c.X0 }),
	intParam("runs", 1, sim.MaxRuns, func(c *sim.Config) *int { return &c.Runs }),
	{"seed", withRange(allow(say("want.integer", "range", "[0, 2^64)"), "integer"), Range{Min: 0, Max: 1 << 64, MaxOpen: true}),
		func(c *sim.Config, s string) bool {
			neg, x, p := readInteger(s)
			ok := p == nil && (!neg || x == 0)
			if ok {
				c.Seed = x
			}
			return ok
		},
		func(c *sim.Config) string { return strconv.FormatUint(c.Seed, 10) }, 0},
	intParam("steps", 1, 100_000_000, func(c *sim.Config) *int { return &c.Steps }),
}

// The per-lane parameters, in canonical order.
var laneOrder = []param[sim.LaneConfig]{
	{"opt", words(sim.Optimizers()),
		func(l *sim.LaneConfig, s string) bool {
			o, ok := oneOf(s, sim.Optimizers())
			if ok {
				l.Opt = o
			}
			return ok
		},
		func(l *sim.LaneConfig) string { return string(l.Opt) }, 0},
	floatParam("lr", 0, 10, true, false, func(l *sim.LaneConfig) *float64 { return &l.Schedule.Gamma }),
	{"sched", words(sim.ScheduleKinds()),
		func(l *sim.LaneConfig, s string) bool {
			k, ok := oneOf(s, sim.ScheduleKinds())
			if ok {
				l.Schedule.Kind = k
			}
			return ok
		},
		func(l *sim.LaneConfig) string { return string(l.Schedule.Kind) }, 0},
	floatParam("p", 0, 1, true, false, func(l *sim.LaneConfig) *float64 { return &l.Schedule.P }),
	floatParam("n0", 1, 1e9, false, false, func(l *sim.LaneConfig) *float64 { return &l.Schedule.N0 }),
	floatParam("lrmin", 0, 10, false, false, func(l *sim.LaneConfig) *float64 { return &l.Schedule.Min }),
	intParam("warmup", 0, 100_000_000, func(l *sim.LaneConfig) *int { return &l.Schedule.Warmup }),
	// sched=plateau's, named after PyTorch's ReduceLROnPlateau (min_lr is lrmin, an epoch n0 steps).
	floatParam("factor", 0, 1, true, true, func(l *sim.LaneConfig) *float64 { return &l.Schedule.Factor }),
	intParam("patience", 0, 1_000_000, func(l *sim.LaneConfig) *int { return &l.Schedule.Patience }),
	floatParam("thresh", 0, 1, false, true, func(l *sim.LaneConfig) *float64 { return &l.Schedule.Threshold }),
	intParam("cooldown", 0, 1_000_000, func(l *sim.LaneConfig) *int { return &l.Schedule.Cooldown }),
	floatParam("b1", 0, 1, false, true, func(l *sim.LaneConfig) *float64 { return &l.Beta1 }),
	floatParam("b2", 0, 1, false, true, func(l *sim.LaneConfig) *float64 { return &l.Beta2 }),
	floatParam("eps", 0, 1, false, false, func(l *sim.LaneConfig) *float64 { return &l.Eps }),
	floatParam("mom", 0, 1, false, true, func(l *sim.LaneConfig) *float64 { return &l.Mom }),
	{"bc", withWords(allow(say("want.either", "a", "0", "b", "1"), "word"), "0", "1"),
		func(l *sim.LaneConfig, s string) bool {
			switch s {
			case "0":
				l.BiasCorrection = false
			case "1":
				l.BiasCorrection = true
			default:
				return false
			}
			return true
		},
		func(l *sim.LaneConfig) string {
			if l.BiasCorrection {
				return "1"
			}
			return "0"
		}, 0},
	floatParam("wd", 0, 10, false, false, func(l *sim.LaneConfig) *float64 { return &l.WeightDecay }),
	floatParam("clip", 0, 1e6, false, false, func(l *sim.LaneConfig) *float64 { return &l.Clip }),
	intParam("batch", 1, sim.MaxBatch, func(l *sim.LaneConfig) *int { return &l.Batch.Size }),
	{"bgrow", growthDomain(),
		func(l *sim.LaneConfig, s string) bool {
			kind, rate, _ := strings.Cut(s, ":")
			g := sim.BatchGrowth(kind)
			if g == sim.BatchConst {
				if rate != "" {
					return false
				}
				l.Batch.Growth, l.Batch.Rate = sim.BatchConst, 0
				return true
			}
			rng, ok := growthRates[g]
			if !ok {
				return false
			}
			r, ok := rng.parse(rate)
			if ok {
				l.Batch.Growth, l.Batch.Rate = g, r
			}
			return ok
		},
		func(l *sim.LaneConfig) string {
			if l.Batch.Growth == sim.BatchConst {
				return string(sim.BatchConst)
			}
			return string(l.Batch.Growth) + ":" + formatFloat(l.Batch.Rate)
		}, 0},
}

// globals and laneParams index the tables by name.
var (
	globals    = index(globalOrder)
	laneParams = index(laneOrder)
)

func index[T any](ps []param[T]) map[string]bool {
	m := make(map[string]bool, len(ps))
	for _, p := range ps {
		m[p.name] = true
	}
	return m
}

// withRange is d allowing the numbers of r.
func withRange(d domain, r Range) domain {
	d.rng = &r
	return d
}

// withWords is d allowing the words ws.
func withWords(d domain, ws ...string) domain {
	d.words = ws
	return d
}

// growthRates are the rates each growing batch allows (bgrow=lin:R, geo:R).
var growthRates = map[sim.BatchGrowth]Range{
	sim.BatchLinear: {Min: 0, Max: 1e4, MinOpen: true},
	sim.BatchGeom:   {Min: 1, Max: 2, MinOpen: true},
}

func growthDomain() domain {
	lin, geo := growthRates[sim.BatchLinear], growthRates[sim.BatchGeom]
	d := withWords(allow(say("want.growth", "const", string(sim.BatchConst), "lin", string(sim.BatchLinear),
		"linRange", lin.String(), "geo", string(sim.BatchGeom), "geoRange", geo.String()), "growth"),
		string(sim.BatchConst), string(sim.BatchLinear), string(sim.BatchGeom))
	d.rates = map[string]Range{string(sim.BatchLinear): lin, string(sim.BatchGeom): geo}
	return d
}

// Range is an interval of numbers [Min, Max]; an open end excludes its
// bound.
type Range struct {
	Min     float64 `json:"min"`
	Max     float64 `json:"max"`
	MinOpen bool    `json:"minOpen,omitempty"`
	MaxOpen bool    `json:"maxOpen,omitempty"`
}

// String writes r in the usual notation: (0, 10] excludes 0.
func (r Range) String() string {
	l, h := "[", "]"
	if r.MinOpen {
		l = "("
	}
	if r.MaxOpen {
		h = ")"
	}
	return fmt.Sprintf("%s%s, %s%s", l, formatFloat(r.Min), formatFloat(r.Max), h)
}

// intRange writes the integers from lo to hi as an interval, [1, 10000].
func intRange(lo, hi int) string { return fmt.Sprintf("[%d, %d]", lo, hi) }

// parse reads a finite number in r.
func (r Range) parse(s string) (float64, bool) {
	return parseFloat(s, r.Min, r.Max, r.MinOpen, r.MaxOpen)
}

func floatParam[T any](name string, lo, hi float64, loOpen, hiOpen bool, field func(*T) *float64) param[T] {
	r := Range{Min: lo, Max: hi, MinOpen: loOpen, MaxOpen: hiOpen}
	return param[T]{
		name:    name,
		allowed: withRange(allow(say("want.number", "range", r.String()), "number"), r),
		set: func(t *T, s string) bool {
			x, ok := r.parse(s)
			if ok {
				*field(t) = x
			}
			return ok
		},
		get:  func(t *T) string { return formatFloat(*field(t)) },
		kind: 'f',
	}
}

func intParam[T any](name string, lo, hi int, field func(*T) *int) param[T] {
	return param[T]{
		name:    name,
		allowed: withRange(allow(say("want.integer", "range", intRange(lo, hi)), "integer"), Range{Min: float64(lo), Max: float64(hi)}),
		set: func(t *T, s string) bool {
			x, ok := parseInt(s, lo, hi)
			if ok {
				*field(t) = x
			}
			return ok
		},
		get:  func(t *T) string { return strconv.Itoa(*field(t)) },
		kind: 'i',
	}
}

func pairParam[T any](name string, lo, hi float64, field func(*T) *sim.Vec) param[T] {
	return param[T]{
		name:    name,
		allowed: withRange(allow(say("want.pair", "lo", formatFloat(lo), "hi", formatFloat(hi)), "pair"), Range{Min: lo, Max: hi}),
		set: func(t *T, s string) bool {
			v, ok := parsePair(s, lo, hi)
			if ok {
				*field(t) = v
			}
			return ok
		},
		get:  func(t *T) string { return formatPair(*field(t)) },
		kind: 'p',
	}
}
