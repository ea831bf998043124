package link

import (
	"noiseball/sim"
)

// Schema is the link format as data, for programs that write links, such as
// the page (which reads it as static/link-schema.json, written at build
// time): every parameter with its default and what it allows, in canonical
// order. It is read from the tables Parse and ParseSweep use, so it says
// what they accept.
type Schema struct {
	Version  int           `json:"version"`  // the v= every link starts with
	MaxLanes int           `json:"maxLanes"` // lanes 2..MaxLanes add their number to a lane parameter's name
	Globals  []ParamSchema `json:"globals"`  // the experiment's settings
	Lane     []ParamSchema `json:"lane"`     // one lane's settings, by lane 1's names
	View     []ParamSchema `json:"view"`     // the page's settings (ParseView reads them, Parse ignores them)
	Sweep    SweepSchema   `json:"sweep"`
}

// ParamSchema describes one parameter.
//
// Type is one of
//
//	number   a number in Range
//	integer  an integer in Range
//	pair     a number, or a pair x,y, each in Range
//	word     one of Words
//	growth   one of Words; each word W of Rates is written W:R with R in Rates[W]
//	text     any text of 1 to MaxColumn bytes (column=, a log's column name)
type ParamSchema struct {
	Name    string           `json:"name"`
	Type    string           `json:"type"`
	Default string           `json:"default"` // the value a link that omits it gets, as a link writes it; "" for none (lang, story)
	Allowed string           `json:"allowed"` // what it allows, in words, as errors say it
	Range   *Range           `json:"range,omitempty"`
	Words   []string         `json:"words,omitempty"`
	Rates   map[string]Range `json:"rates,omitempty"`

	// Problems lists the problem kinds the parameter belongs to when it
	// does not belong to all (the 2-D problems' curvatures and data, the
	// real models' data set, hidden layer and plane): a link on another
	// problem that names it is told so, and the value keeps its default.
	Problems []string `json:"problems,omitempty"`
	// For holds what differs on some problems (by kind): a real model's
	// defaults (its data set, its hidden layer, logreg's weight decay) and
	// the data sets each model trains on.
	For map[string]ProblemParam `json:"for,omitempty"`
}

// ProblemParam is what a parameter allows and defaults to on one problem,
// where that differs from its ParamSchema: each field is empty where it
// does not.
type ProblemParam struct {
	Default string   `json:"default,omitempty"`
	Allowed string   `json:"allowed,omitempty"`
	Range   *Range   `json:"range,omitempty"`
	Words   []string `json:"words,omitempty"`
}

// SweepSchema describes a sweep's parameters (see ParseSweep).
type SweepSchema struct {
	Params    []string      `json:"params"`    // SweepParams()
	Sweepable []string      `json:"sweepable"` // SweepableParams(): what an axis may sweep
	MaxAxis   int           `json:"maxAxis"`   // values per axis, at most
	Scales    []string      `json:"scales"`    // an axis's scales
	Settings  []ParamSchema `json:"settings"`  // sweepruns and sweepsteps
	Metrics   []string      `json:"metrics"`   // what the heat maps may show (metric=), the first by default
}

// Describe returns the link format's schema.
func Describe() Schema {
	def := sim.Default()
	lane := sim.DefaultLane()
	view := DefaultView()
	sweep := Sweep{Runs: DefaultSweepRuns, Steps: DefaultSweepSteps}
	return Schema{
		Version:  Version,
		MaxLanes: sim.MaxLanes,
		Globals:  problemSchemas(paramSchemas(globalOrder, &def)),
		Lane:     problemSchemas(paramSchemas(laneOrder, &lane)),
		View:     paramSchemas(viewOrder, &view),
		Sweep: SweepSchema{
			Params:    SweepParams(),
			Sweepable: SweepableParams(),
			MaxAxis:   MaxAxis,
			Scales:    []string{logScale, linScale},
			Settings:  paramSchemas(sweepOrder, &sweep),
			Metrics:   sim.SweepMetrics(),
		},
	}
}

// paramSchemas describes the parameters ps, with the defaults they read
// from def.
func paramSchemas[T any](ps []param[T], def *T) []ParamSchema {
	out := make([]ParamSchema, len(ps))
	for i, p := range ps {
		d := p.allowed
		s := ParamSchema{Name: p.name, Type: d.typ, Default: p.get(def), Allowed: d.text}
		if d.rng != nil {
			r := *d.rng
			s.Range = &r
		}
		s.Words = append([]string(nil), d.words...)
		if d.rates != nil {
			s.Rates = make(map[string]Range, len(d.rates))
			for w, r := range d.rates {
				s.Rates[w] = r
			}
		}
		out[i] = s
	}
	return out
}
