// Package link reads and writes noiseball's link format: the query string
// that describes a view, and so an experiment, completely.
//
// A link is human-readable and versioned (v=1). Lane 1's settings use plain
// names (opt=adam&lr=0.01); lanes 2 to 4 add their number to the name
// (opt2=sgd&lr2=0.05) and take every setting they do not name from lane 1.
// Parse never panics: a bad value yields a *ParamError naming the parameter,
// the value and the allowed range, and the rest of the link still applies.
// Encode writes the canonical form, listing only values that differ from the
// defaults: Encode(Parse(q)) is canonical and Parse(Encode(c)) == c.
//
// A sweep is a link too: a base link plus the sweep's axes, runs and steps
// (sweep=lr:0.001:0.1:log:8,batch:1:64:log:7&sweepsteps=5000), which
// ParseSweep and EncodeSweep read and write; each cell of the grid is the
// base link with two values set (Sweep.CellLink).
package link

import (
	"errors"
	"net/url"
	"sort"
	"strconv"
	"strings"

	"noiseball/sim"
)

// Version is the link format's version, written as v=1.
const Version = 1

// Parse returns the configuration that query describes. Values that are
// missing take their defaults (sim.Default); values that are bad keep their
// defaults too and are reported, each as a *ParamError, in the joined error.
// The returned Config is always valid (sim.Config.Validate returns nil).
// Parse accepts and ignores the view settings (ViewParams), which ParseView
// reads, and the sweep's parameters (SweepParams), which ParseSweep reads.
func Parse(query string) (sim.Config, error) {
	c := sim.Default()
	values, err := url.ParseQuery(query)
	var errs []error
	if err != nil {
		errs = append(errs, queryError(err))
	}
	// Lanes 2..4 exist when any of their parameters is named.
	lanes := 1
	perLane := [sim.MaxLanes]map[string]string{}
	for i := range perLane {
		perLane[i] = map[string]string{}
	}
	var unknown []string
	for name, vs := range values {
		v := vs[len(vs)-1]
		if globals[name] || isViewParam(name) || isSweepParam(name) {
			continue
		}
		base, k := splitLane(name)
		if k == 0 {
			unknown = append(unknown, name)
			continue
		}
		perLane[k-1][base] = v
		lanes = max(lanes, k)
	}
	sort.Strings(unknown)
	for _, name := range unknown {
		errs = append(errs, unknownParam(name, values.Get(name)))
	}
	for _, p := range globalOrder {
		if vs, ok := values[p.name]; ok {
			if !p.set(&c, vs[len(vs)-1]) {
				errs = append(errs, paramError(p.name, vs[len(vs)-1], p.allowed.want))
			}
		}
	}
	errs = append(errs, modelDefaults(&c, values)...)
	c.Lanes = make([]sim.LaneConfig, lanes)
	c.Lanes[0] = sim.DefaultLaneFor(c.Problem)
	for k := 0; k < lanes; k++ {
		if k > 0 {
			c.Lanes[k] = c.Lanes[0]
		}
		for _, p := range laneOrder {
			v, ok := perLane[k][p.name]
			if !ok {
				continue
			}
			if !p.set(&c.Lanes[k], v) {
				errs = append(errs, paramError(laneName(p.name, k), v, p.allowed.want))
			}
		}
	}
	errs = append(errs, modelLimits(&c, values)...)
	return c, errors.Join(errs...)
}

// Encode returns the canonical link of c: v=1 first, then, in a fixed order,
// every global setting that differs from sim.Default, lane 1's settings that
// differ from sim.DefaultLane, and each further lane's settings that differ
// from lane 1's.
func Encode(c sim.Config) string {
	var b strings.Builder
	b.WriteString("v=" + strconv.Itoa(Version))
	put := func(name, value string) {
		b.WriteString("&" + name + "=" + escape(value))
	}
	def := defaultFor(c.Problem)
	for _, p := range globalOrder {
		if v := p.get(&c); v != p.get(&def) && appliesTo(p.name, c.Problem.Kind) {
			put(p.name, v)
		}
	}
	base := sim.DefaultLaneFor(c.Problem)
	for k, l := range c.Lanes {
		if k > 0 {
			base = c.Lanes[0]
		}
		// A lane identical to lane 1 still shows that it exists by its opt.
		same := k > 0 && !laneNamed(c, k)
		for _, p := range laneOrder {
			if v := p.get(&l); v != p.get(&base) || (same && p.name == "opt") {
				put(laneName(p.name, k), v)
			}
		}
	}
	return b.String()
}

// laneNamed reports whether lane k differs from lane 1 in some setting, so
// that its existence shows in the link without naming opt again.
func laneNamed(c sim.Config, k int) bool {
	for _, p := range laneOrder {
		if p.get(&c.Lanes[k]) != p.get(&c.Lanes[0]) {
			return true
		}
	}
	return false
}

// splitLane splits "lr2" into ("lr", 2) and "lr" or "b2" into ("lr", 1) or
// ("b2", 1): a name that is a lane parameter as written belongs to lane 1,
// and otherwise a last digit 2..4 numbers the lane. Anything else gets k = 0.
func splitLane(name string) (string, int) {
	if laneParams[name] {
		return name, 1
	}
	if n := len(name); n > 1 && name[n-1] >= '2' && name[n-1] <= '0'+sim.MaxLanes && laneParams[name[:n-1]] {
		return name[:n-1], int(name[n-1] - '0')
	}
	return name, 0
}

func laneName(base string, k int) string {
	if k == 0 {
		return base
	}
	return base + strconv.Itoa(k+1)
}

// escape is url.QueryEscape that leaves the ',' and ':' of pairs and batch
// growths readable; both are legal in a query value.
func escape(s string) string {
	return strings.NewReplacer("%2C", ",", "%3A", ":").Replace(url.QueryEscape(s))
}

// formatFloat writes x in the shortest form that reads back to the same
// float64.
func formatFloat(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }

// parseFloat reads a plain decimal number (number.go) in [lo, hi]; open
// ends exclude the bound.
func parseFloat(s string, lo, hi float64, loOpen, hiOpen bool) (float64, bool) {
	x, p := readFloat(s)
	if p != nil || x < lo || x > hi || (loOpen && x == lo) || (hiOpen && x == hi) {
		return 0, false
	}
	return x, true
}

// parseInt reads a plain decimal number (number.go) whose value is an
// integer in [lo, hi].
func parseInt(s string, lo, hi int) (int, bool) {
	x, p := readInt(s)
	if p != nil || x < lo || x > hi {
		return 0, false
	}
	return x, true
}

// parsePair reads "x,y", or a single number meaning both, each in [lo, hi].
func parsePair(s string, lo, hi float64) (sim.Vec, bool) {
	parts := strings.Split(s, ",")
	if len(parts) > 2 {
		return sim.Vec{}, false
	}
	var v sim.Vec
	for i, p := range parts {
		x, ok := parseFloat(p, lo, hi, false, false)
		if !ok {
			return sim.Vec{}, false
		}
		v[i] = x
	}
	if len(parts) == 1 {
		v[1] = v[0]
	}
	return v, true
}

func formatPair(v sim.Vec) string {
	if v[0] == v[1] {
		return formatFloat(v[0])
	}
	return formatFloat(v[0]) + "," + formatFloat(v[1])
}

// oneOf reads one of the allowed words.
func oneOf[T ~string](s string, allowed []T) (T, bool) {
	for _, a := range allowed {
		if string(a) == s {
			return a, true
		}
	}
	return "", false
}

// words is the domain of a parameter that takes one of the allowed words.
func words[T ~string](allowed []T) domain {
	ws := make([]string, len(allowed))
	for i, a := range allowed {
		ws[i] = string(a)
	}
	return withWords(allow(say("want.words", "words", strings.Join(ws, ", ")), "word"), ws...)
}
