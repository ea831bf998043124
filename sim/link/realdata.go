package link

import (
	"net/url"
	"slices"
	"strconv"
	"strings"

	"noiseball/sim"
	"noiseball/sim/dataset"
	"noiseball/sim/message"
)

// problemKinds returns the values of problem: the 2-D problems, then the
// real models.
func problemKinds() []sim.ProblemKind { return append(sim.ProblemKinds(), sim.ModelKinds()...) }

// The parameters that belong to one family of problems: the 2-D problems'
// (their curvatures, data law and start) and the real models' (their data
// set, hidden layer and plane). A link names only those of its problem.
var (
	planarParams = []string{"h1", "h2", "angle", "c", "dist", "sigma", "x0"}
	modelParams  = []string{"data", "hidden", "plane"}
)

// dataDomain is what data allows: a data set's name, each for its models
// (the schema's For says which for which; Parse reports dataAllowed).
func dataDomain() domain {
	var which []string
	for _, k := range sim.ModelKinds() {
		which = append(which, string(k)+": "+joinNames(k.Datasets()))
	}
	return withWords(allow(say("want.data", "words", joinNames(dataset.Names()), "which", strings.Join(which, "; ")), "word"),
		words(dataset.Names()).words...)
}

// dataAllowed is what data allows on the real model k.
func dataAllowed(k sim.ProblemKind) message.Message {
	return say("want.data.for", "names", joinNames(k.Datasets()), "problem", string(k))
}

// elsewhere is what a parameter of the other family of problems allows on
// this one: nothing, as it belongs on the problems to.
func elsewhere(name, to string) message.Message {
	return say("want.elsewhere", "param", name, "problem", to)
}

// appliesTo reports whether the global parameter name belongs in a link
// on problem kind k: Encode leaves out those of the other family.
func appliesTo(name string, k sim.ProblemKind) bool {
	if k.Real() {
		return !slices.Contains(planarParams, name)
	}
	return !slices.Contains(modelParams, name)
}

// defaultFor returns the defaults a link on problem p is encoded against:
// sim.Default, with, for a real model, its data set, hidden layer and
// plane (sim.ModelProblem).
func defaultFor(p sim.Problem) sim.Config {
	c := sim.Default()
	if p.Kind.Real() {
		m := sim.ModelProblem(p.Kind)
		c.Problem.Dataset, c.Problem.Hidden, c.Problem.Plane = m.Dataset, m.Hidden, m.Plane
	}
	return c
}

// modelDefaults checks the problem's parameters against its family once
// the global parameters are read: a real model takes its defaults for the
// settings the link does not name (its first data set, 16 hidden units
// for the MLP, plane=hessian), and a parameter of the other family, a
// hidden layer for a model without one, or a data set the model does not
// train on is reported and keeps its default.
func modelDefaults(c *sim.Config, values url.Values) []error {
	var errs []error
	given := func(name string) (string, bool) {
		vs, ok := values[name]
		if !ok {
			return "", false
		}
		return vs[len(vs)-1], true
	}
	kind := c.Problem.Kind
	def := defaultFor(c.Problem)
	if !kind.Real() {
		for _, name := range modelParams {
			if v, ok := given(name); ok {
				to := joinKinds(sim.ModelKinds())
				if name == "hidden" {
					to = string(sim.MLP)
				}
				errs = append(errs, paramError(name, v, elsewhere(name, to)))
			}
		}
		c.Problem.Dataset, c.Problem.Hidden, c.Problem.Plane = "", 0, ""
		return errs
	}
	for _, name := range planarParams {
		if v, ok := given(name); ok {
			errs = append(errs, paramError(name, v, elsewhere(name, joinKinds(sim.ProblemKinds()))))
		}
	}
	// The 2-D settings keep their defaults, so that they do not show in the link.
	c.Problem.H1, c.Problem.H2, c.Problem.Angle, c.Problem.C = def.Problem.H1, def.Problem.H2, def.Problem.Angle, def.Problem.C
	c.Data, c.X0 = def.Data, def.X0
	if v, ok := given("data"); !ok || !slices.Contains(kind.Datasets(), c.Problem.Dataset) {
		if ok {
			errs = append(errs, paramError("data", v, dataAllowed(kind)))
		}
		c.Problem.Dataset = def.Problem.Dataset
	}
	if v, ok := given("hidden"); ok && kind != sim.MLP {
		errs = append(errs, paramError("hidden", v, elsewhere("hidden", string(sim.MLP))))
	}
	if _, ok := given("hidden"); !ok || kind != sim.MLP || c.Problem.Hidden == 0 {
		c.Problem.Hidden = def.Problem.Hidden
	}
	if _, ok := given("plane"); !ok || c.Problem.Plane == "" {
		c.Problem.Plane = def.Problem.Plane
	}
	return errs
}

// modelLimits checks, once the lanes are read, what a real model asks of
// them: at most sim.MaxRunsFor runs per lane, and for logreg and softmax a
// positive weight decay in every lane. A value out of bounds is reported
// and keeps its default (1 run, sim.DefaultWeightDecay).
func modelLimits(c *sim.Config, values url.Values) []error {
	if !c.Problem.Kind.Real() {
		return nil
	}
	var errs []error
	if top := sim.MaxRunsFor(c.Problem, len(c.Lanes)); c.Runs > top {
		errs = append(errs, paramError("runs", strconv.Itoa(c.Runs), say("want.runs.model", "max", strconv.Itoa(top),
			"problem", string(c.Problem.Kind), "d", strconv.Itoa(c.Problem.Dim()), "lanes", strconv.Itoa(len(c.Lanes)))))
		c.Runs = sim.Default().Runs
	}
	if k := c.Problem.Kind; k == sim.LogReg || k == sim.Softmax {
		for i := range c.Lanes {
			if c.Lanes[i].WeightDecay > 0 {
				continue
			}
			name := laneName("wd", i)
			v := values.Get(name)
			if v == "" {
				v = values.Get("wd")
			}
			errs = append(errs, paramError(name, v, wdAllowed(k)))
			c.Lanes[i].WeightDecay = sim.DefaultWeightDecay
		}
	}
	return errs
}

func joinKinds(ks []sim.ProblemKind) string {
	ws := make([]string, len(ks))
	for i, k := range ks {
		ws[i] = string(k)
	}
	return strings.Join(ws, ", ")
}

func joinNames[T ~string](ns []T) string {
	ws := make([]string, len(ns))
	for i, n := range ns {
		ws[i] = string(n)
	}
	return strings.Join(ws, ", ")
}

// problemSchemas adds to the parameters ps which problems they belong to
// and what differs on the real models (ParamSchema.Problems, For), from
// the same rules as Parse's (modelDefaults, modelLimits).
func problemSchemas(ps []ParamSchema) []ParamSchema {
	names := func(ks []sim.ProblemKind) []string {
		out := make([]string, len(ks))
		for i, k := range ks {
			out[i] = string(k)
		}
		return out
	}
	for i := range ps {
		p := &ps[i]
		switch {
		case slices.Contains(planarParams, p.Name):
			p.Problems = names(sim.ProblemKinds())
		case p.Name == "hidden":
			p.Problems = []string{string(sim.MLP)}
		case slices.Contains(modelParams, p.Name):
			p.Problems = names(sim.ModelKinds())
		}
		for _, k := range sim.ModelKinds() {
			def := defaultFor(sim.ModelProblem(k))
			var pp ProblemParam
			switch p.Name {
			case "data":
				pp.Default = string(def.Problem.Dataset)
				for _, d := range k.Datasets() {
					pp.Words = append(pp.Words, string(d))
				}
				pp.Allowed = english(dataAllowed(k))
			case "hidden":
				if k == sim.MLP {
					pp.Default = strconv.Itoa(def.Problem.Hidden)
				}
			case "plane":
				pp.Default = string(def.Problem.Plane)
			case "wd":
				if wd := sim.DefaultLaneFor(sim.ModelProblem(k)).WeightDecay; wd != 0 {
					pp.Default = formatFloat(wd)
				}
				if k == sim.LogReg || k == sim.Softmax {
					pp.Range = &Range{Min: 0, Max: 10, MinOpen: true}
					pp.Allowed = english(wdAllowed(k))
				}
			}
			if pp.Default != "" || pp.Allowed != "" || pp.Words != nil || pp.Range != nil {
				if p.For == nil {
					p.For = map[string]ProblemParam{}
				}
				p.For[string(k)] = pp
			}
		}
	}
	return ps
}

// wdAllowed is what wd allows on logreg and softmax.
func wdAllowed(k sim.ProblemKind) message.Message {
	return say("want.wd.model", "problem", string(k))
}
