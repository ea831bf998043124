package link

import (
	"errors"
	"net/url"
	"strconv"

	"noiseball/sim"
)

// View holds the link's settings of the page rather than of the
// experiment: which view, how fast, in which language, and so on. Parse
// ignores them and ParseView reads them; the game, the stills, the CLI and
// the page read them from here.
type View struct {
	Cloud   bool   // view=cloud (the default) draws every run; view=run, false, draws run 0 alone
	Speed   int    // speed=N: steps per frame while playing, in [1, MaxSpeed]
	Metric  string // metric=: what a sweep's heat maps show, one of sim.SweepMetrics()
	Lang    string // lang=: the page's language, one of Languages; "" for the browser's
	Story   int    // story=N: open the guided story at step N in [1, StorySteps]; 0 for none
	Present bool   // present=1: presenter mode, large type and thick lines
	Embed   bool   // embed=1: only the canvas and a play/reset bar, for an iframe
	Log     bool   // log=1: open the "Check your own run" dialog (the log itself is never in a link)
	Column  string // column=: the column or tag of a log that dialog judges; "" for its default
}

// The view settings' limits and defaults.
const (
	DefaultSpeed = 4         // steps per frame
	MaxSpeed     = 1_000_000 // steps per frame
	// StorySteps is the number of steps of the guided story, static/story.json.
	StorySteps = 11
	// MaxColumn is the longest column= in bytes.
	MaxColumn = 200
)

// Languages returns the page's languages (static/i18n-LANG.json), English
// first.
func Languages() []string { return []string{"en", "ja"} }

// DefaultView returns the view of a link that has no view settings.
func DefaultView() View {
	return View{Cloud: true, Speed: DefaultSpeed, Metric: sim.SweepMetrics()[0]}
}

// viewOrder are the view settings, in the order ParseView reports them.
var viewOrder = []param[View]{
	choiceParam("view", []string{"cloud", "run"},
		func(v *View, i int) { v.Cloud = i == 0 }, func(v *View) int { return boolIndex(!v.Cloud) }),
	intParam("speed", 1, MaxSpeed, func(v *View) *int { return &v.Speed }),
	{"metric", words(sim.SweepMetrics()),
		func(v *View, s string) bool {
			m, ok := oneOf(s, sim.SweepMetrics())
			if ok {
				v.Metric = m
			}
			return ok
		},
		func(v *View) string { return v.Metric }, 0},
	{"lang", words(Languages()),
		func(v *View, s string) bool {
			l, ok := oneOf(s, Languages())
			if ok {
				v.Lang = l
			}
			return ok
		},
		func(v *View) string { return v.Lang }, 0},
	optionalInt(intParam("story", 1, StorySteps, func(v *View) *int { return &v.Story })),
	choiceParam("present", []string{"0", "1"},
		func(v *View, i int) { v.Present = i == 1 }, func(v *View) int { return boolIndex(v.Present) }),
	choiceParam("embed", []string{"0", "1"},
		func(v *View, i int) { v.Embed = i == 1 }, func(v *View) int { return boolIndex(v.Embed) }),
	choiceParam("log", []string{"0", "1"},
		func(v *View, i int) { v.Log = i == 1 }, func(v *View) int { return boolIndex(v.Log) }),
	{"column", allow(say("want.text", "max", strconv.Itoa(MaxColumn)), "text"),
		func(v *View, s string) bool {
			ok := s != "" && len(s) <= MaxColumn
			if ok {
				v.Column = s
			}
			return ok
		},
		func(v *View) string { return v.Column }, 0},
}

// optionalInt is p, an integer parameter whose zero value means "none"
// and is written as no value.
func optionalInt[T any](p param[T]) param[T] {
	get := p.get
	p.get = func(t *T) string {
		if s := get(t); s != "0" {
			return s
		}
		return ""
	}
	return p
}

// choiceParam is a parameter that takes one of choices, the i-th of which
// set records.
func choiceParam[T any](name string, choices []string, set func(*T, int), get func(*T) int) param[T] {
	return param[T]{
		name:    name,
		allowed: words(choices),
		set: func(t *T, s string) bool {
			for i, c := range choices {
				if s == c {
					set(t, i)
					return true
				}
			}
			return false
		},
		get: func(t *T) string { return choices[get(t)] },
	}
}

func boolIndex(b bool) int {
	if b {
		return 1
	}
	return 0
}

// ViewParams returns the names of the view settings, which ParseView reads
// and Parse ignores.
func ViewParams() []string {
	names := make([]string, len(viewOrder))
	for i, p := range viewOrder {
		names[i] = p.name
	}
	return names
}

func isViewParam(name string) bool {
	for _, p := range viewOrder {
		if p.name == name {
			return true
		}
	}
	return false
}

// ParseView returns the view settings of query. Settings that are missing
// take their defaults (DefaultView); settings that are bad keep their
// defaults too and are reported, each as a *ParamError, in the joined
// error. Other parameters are ignored: Parse and ParseSweep read them.
func ParseView(query string) (View, error) {
	v := DefaultView()
	values, _ := url.ParseQuery(query) // Parse reports a malformed query
	var errs []error
	for _, p := range viewOrder {
		vs, ok := values[p.name]
		if !ok {
			continue
		}
		if s := vs[len(vs)-1]; !p.set(&v, s) {
			errs = append(errs, paramError(p.name, s, p.allowed.want))
		}
	}
	return v, errors.Join(errs...)
}
