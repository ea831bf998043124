package link

import (
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"noiseball/sim"
)

// withLanes is sim.Default with k identical default lanes.
func withLanes(k int) sim.Config {
	c := sim.Default()
	c.Lanes = slices.Repeat([]sim.LaneConfig{sim.DefaultLane()}, k)
	return c
}

// Every parameter the schema lists parses with its default, in each lane,
// to sim.Default, and the link naming every default is canonically "v=1".
func TestSchemaDefaultsAreSimDefault(t *testing.T) {
	s := Describe()
	var all []string
	for _, p := range s.Globals {
		if !belongs(p, sim.Quadratic) {
			continue // a real model's (TestSchemaModelDefaults)
		}
		q := p.Name + "=" + p.Default
		if c, err := Parse(q); err != nil || !reflect.DeepEqual(c, sim.Default()) {
			t.Errorf("Parse(%q) = %+v, %v; want sim.Default()", q, c, err)
		}
		all = append(all, q)
	}
	for k := 1; k <= s.MaxLanes; k++ {
		for _, p := range s.Lane {
			q := laneName(p.Name, k-1) + "=" + p.Default
			if c, err := Parse(q); err != nil || !reflect.DeepEqual(c, withLanes(k)) {
				t.Errorf("Parse(%q) = %+v, %v; want sim.Default() with %d default lanes", q, c, err, k)
			}
			if k == 1 {
				all = append(all, q)
			}
		}
	}
	for _, p := range s.View {
		if p.Default == "" {
			continue // none: a link without it has the default view
		}
		q := p.Name + "=" + p.Default
		if v, err := ParseView(q); err != nil || v != DefaultView() {
			t.Errorf("ParseView(%q) = %+v, %v; want DefaultView()", q, v, err)
		}
		all = append(all, q)
	}
	q := strings.Join(all, "&")
	if v, err := ParseView(q); err != nil || v != DefaultView() {
		t.Errorf("ParseView(%q) = %+v, %v; want DefaultView()", q, v, err)
	}
	c, err := Parse(q)
	if err != nil || !reflect.DeepEqual(c, sim.Default()) {
		t.Fatalf("Parse(%q) = %+v, %v; want sim.Default()", q, c, err)
	}
	if got := Encode(c); got != "v=1" {
		t.Errorf("Encode(Parse(every default)) = %q, want v=1", got)
	}
	if s.Version != Version || s.MaxLanes != sim.MaxLanes {
		t.Errorf("version %d, %d lanes; want %d, %d", s.Version, s.MaxLanes, Version, sim.MaxLanes)
	}
}

// belongs reports whether p belongs to links on problem k
// (ParamSchema.Problems).
func belongs(p ParamSchema, k sim.ProblemKind) bool {
	return len(p.Problems) == 0 || slices.Contains(p.Problems, string(k))
}

// On each real model, every parameter that belongs to it parses with its
// default there (ParamSchema.For, else Default) to the model's default
// configuration, and the link naming them all is canonically
// v=1&problem=K; every other parameter does not belong to it.
func TestSchemaModelDefaults(t *testing.T) {
	s := Describe()
	for _, k := range sim.ModelKinds() {
		want, err := Parse("problem=" + string(k))
		if err != nil {
			t.Fatal(err)
		}
		def := func(p ParamSchema) string {
			if f, ok := p.For[string(k)]; ok && f.Default != "" {
				return f.Default
			}
			return p.Default
		}
		all := []string{"problem=" + string(k)}
		for _, p := range s.Globals {
			if p.Name == "problem" || !belongs(p, k) {
				continue
			}
			q := "problem=" + string(k) + "&" + p.Name + "=" + def(p)
			if c, err := Parse(q); err != nil || !reflect.DeepEqual(c, want) {
				t.Errorf("Parse(%q) = %+v, %v; want %+v", q, c, err, want)
			}
			all = append(all, p.Name+"="+def(p))
		}
		for _, p := range s.Lane {
			all = append(all, p.Name+"="+def(p))
		}
		q := strings.Join(all, "&")
		c, err := Parse(q)
		if err != nil || !reflect.DeepEqual(c, want) {
			t.Errorf("Parse(%q) = %+v, %v; want %+v", q, c, err, want)
		}
		if got := Encode(c); got != "v=1&problem="+string(k) {
			t.Errorf("Encode(Parse(every default of %s)) = %q", k, got)
		}
		for _, p := range s.Globals {
			if belongs(p, k) {
				continue
			}
			v := p.Default // a value it allows where it belongs
			if f, ok := p.For[p.Problems[0]]; ok && f.Default != "" {
				v = f.Default
			}
			q := "problem=" + string(k) + "&" + p.Name + "=" + v
			var pe *ParamError
			if _, err := Parse(q); !errors.As(err, &pe) || pe.Param != p.Name || !strings.HasPrefix(pe.Allowed, "nothing: ") {
				t.Errorf("Parse(%q): %v, want that %s does not belong to problem=%s", q, err, p.Name, k)
			}
		}
	}
}

// probe is a value a parameter is given and whether the schema says the
// parameter allows it.
type probe struct {
	value string
	ok    bool
}

// rangeProbes are values at, inside and just outside r: integers for an
// integer range, the next float64 beyond each end for a number.
func rangeProbes(r Range, integer bool) []probe {
	format := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
	below, above := math.Nextafter(r.Min, math.Inf(-1)), math.Nextafter(r.Max, math.Inf(1))
	mid := r.Min + (r.Max-r.Min)/2
	if integer {
		format = func(x float64) string { return strconv.FormatFloat(x, 'f', 0, 64) }
		below, above, mid = r.Min-1, r.Max+1, math.Floor(mid)
	}
	return []probe{
		{format(r.Min), !r.MinOpen},
		{format(r.Max), !r.MaxOpen},
		{format(mid), true},
		{format(below), false},
		{format(above), false},
	}
}

// probes are values p's schema says it allows and values it says it does
// not: every word and a word not listed, every rate range, the ends of the
// range.
func probes(t *testing.T, p ParamSchema) []probe {
	var ps []probe
	switch p.Type {
	case "number", "integer":
		ps = rangeProbes(*p.Range, p.Type == "integer")
	case "pair":
		for _, x := range rangeProbes(*p.Range, false) {
			ps = append(ps, x, probe{x.value + "," + x.value, x.ok})
			if x.ok {
				mid := strconv.FormatFloat(p.Range.Min+(p.Range.Max-p.Range.Min)/2, 'g', -1, 64)
				ps = append(ps, probe{x.value + "," + mid, true}, probe{mid + "," + x.value, true})
			}
		}
		ps = append(ps, probe{p.Default + "," + p.Default + "," + p.Default, false})
	case "word", "growth":
		for _, w := range p.Words {
			if r, ok := p.Rates[w]; ok {
				for _, x := range rangeProbes(r, false) {
					ps = append(ps, probe{w + ":" + x.value, x.ok})
				}
				ps = append(ps, probe{w, false})
			} else {
				ps = append(ps, probe{w, true}, probe{w + ":1", false})
			}
		}
		ps = append(ps, probe{"not-" + p.Default, false}, probe{strings.ToUpper(p.Words[0]) + "x", false})
	case "text":
		ps = append(ps, probe{"train_loss", true}, probe{strings.Repeat("é", MaxColumn/2), true}, probe{strings.Repeat("x", MaxColumn+1), false})
	default:
		t.Fatalf("%s: type %q, want number, integer, pair, word, growth or text", p.Name, p.Type)
	}
	return append(ps, probe{"", false})
}

// The schema's ranges and words are what Parse accepts: a value it says is
// allowed parses and is written back as given, one it says is not is
// reported with the schema's Allowed text, in every lane.
func TestSchemaAllowsWhatParseAccepts(t *testing.T) {
	s := Describe()
	check := func(name string, p ParamSchema, parse func(string) (string, error)) {
		for _, pr := range probes(t, p) {
			q := name + "=" + url.QueryEscape(pr.value)
			got, err := parse(q)
			var pe *ParamError
			switch {
			case pr.ok && err != nil:
				t.Errorf("%s: the schema allows it, Parse says %v", q, err)
			case pr.ok && got != pr.value && p.Type != "pair":
				t.Errorf("%s is written back as %q", q, got)
			case !pr.ok && !errors.As(err, &pe):
				t.Errorf("%s: the schema (%s) does not allow it, Parse accepts it (%v)", q, p.Allowed, err)
			case !pr.ok && (pe.Param != name || pe.Allowed != p.Allowed):
				t.Errorf("%s: error %q, want %s with the schema's %q", q, pe, name, p.Allowed)
			}
		}
	}
	// read returns the value name has in the canonical link of q (the
	// default when the link omits it).
	read := func(name, def string) func(string) (string, error) {
		return func(q string) (string, error) {
			c, err := Parse(q)
			for _, kv := range strings.Split(Encode(c), "&") {
				if n, v, _ := strings.Cut(kv, "="); n == name {
					v, _ = url.QueryUnescape(v)
					return v, err
				}
			}
			return def, err
		}
	}
	for _, p := range s.Globals {
		switch k := ""; {
		case belongs(p, sim.Quadratic):
			check(p.Name, p, read(p.Name, p.Default))
		case p.For[p.Problems[0]].Words == nil:
			// Probed on the first problem it belongs to (and else by For).
			k = p.Problems[0]
			r := read(p.Name, p.For[k].Default)
			check(p.Name, p, func(q string) (string, error) { return r("problem=" + k + "&" + q) })
		}
		// On each real model, with what differs there.
		for k, f := range p.For {
			if f.Words == nil && f.Range == nil {
				continue
			}
			pk := p
			pk.Words, pk.Allowed, pk.Default = f.Words, f.Allowed, f.Default
			if f.Range != nil {
				pk.Range = f.Range
			}
			r := read(p.Name, f.Default)
			check(p.Name, pk, func(q string) (string, error) { return r("problem=" + k + "&" + q) })
		}
	}
	for _, p := range s.Lane {
		for k := 0; k < s.MaxLanes; k++ {
			name := laneName(p.Name, k)
			def := p.Default
			check(name, p, func(q string) (string, error) {
				if k > 0 {
					// A lane other than lane 1 is written only where it
					// differs from lane 1, so make lane 1 differ from it.
					q += "&" + laneName("opt", 0) + "=sgd&" + laneName(p.Name, 0) + "=" + differentFrom(p, q)
				}
				return read(name, def)(q)
			})
		}
	}
	for i, p := range s.View {
		check(p.Name, p, func(q string) (string, error) {
			v, err := ParseView(q)
			return viewOrder[i].get(&v), err
		})
	}
	for _, p := range s.Sweep.Settings {
		check(p.Name, p, func(q string) (string, error) {
			sw, err := ParseSweep("sweep=lr:0.01:0.1:log:2,b2:0.9:0.99:lin:2&" + q)
			v := map[string]int{"sweepruns": sw.Runs, "sweepsteps": sw.Steps}[p.Name]
			return strconv.Itoa(v), err
		})
	}
}

// differentFrom returns an allowed value of p other than the one q gives it.
func differentFrom(p ParamSchema, q string) string {
	_, given, _ := strings.Cut(q, "=")
	for _, v := range append(p.Words, p.Default) {
		if v != given && p.Rates[v] == (Range{}) {
			return v
		}
	}
	if r := p.Range; r != nil {
		for _, x := range []float64{r.Min, r.Max, r.Min + (r.Max-r.Min)/2} {
			if v := strconv.FormatFloat(x, 'f', -1, 64); v != given && !(x == r.Min && r.MinOpen) && !(x == r.Max && r.MaxOpen) {
				return v
			}
		}
	}
	return p.Default
}

// Parse knows no parameter the schema does not list.
func TestSchemaListsEveryParameter(t *testing.T) {
	s := Describe()
	known := map[string]bool{}
	for _, p := range s.Globals {
		known[p.Name] = true
	}
	for _, p := range s.Lane {
		for k := 0; k < s.MaxLanes; k++ {
			known[laneName(p.Name, k)] = true
		}
	}
	names := s.Sweep.Params
	for _, p := range s.View {
		names = append(names, p.Name)
	}
	for _, name := range names {
		if _, err := Parse(name + "=1"); err != nil && strings.Contains(err.Error(), "known parameter") {
			t.Errorf("%s, a view or sweep parameter, is not ignored by Parse: %v", name, err)
		}
		known[name] = true
	}
	// Every name Parse does not reject as unknown is one of the schema's:
	// try the schema's names with each suffix and prefix a lane could have.
	names = nil
	for name := range known {
		for _, suffix := range []string{"", "0", "1", "5", "x"} {
			names = append(names, name+suffix, "x"+name+suffix)
		}
	}
	for _, name := range names {
		_, err := Parse(name + "=1")
		unknown := err != nil && strings.Contains(err.Error(), name+`="1": want a known parameter`)
		if unknown == known[name] {
			t.Errorf("%s: Parse calls it unknown %v, the schema lists it %v", name, unknown, known[name])
		}
	}
}

// The sweep's part of the schema is what ParseSweep reads.
func TestSchemaSweep(t *testing.T) {
	sw := Describe().Sweep
	empty, _ := ParseSweep("sweep=lr:0.01:0.1:log:2,b2:0.9:0.99:lin:2")
	for _, p := range sw.Settings {
		if !slices.Contains(sw.Params, p.Name) {
			t.Errorf("the sweep setting %s is not among the sweep's parameters %v", p.Name, sw.Params)
		}
		if want := map[string]int{"sweepruns": empty.Runs, "sweepsteps": empty.Steps}[p.Name]; p.Default != strconv.Itoa(want) {
			t.Errorf("%s defaults to %s, ParseSweep to %d", p.Name, p.Default, want)
		}
	}
	for _, name := range sw.Sweepable {
		for _, scale := range sw.Scales {
			for _, n := range []int{1, sw.MaxAxis} {
				q := sweepableAxis(t, name, scale, n) + "," + sweepableAxis(t, otherThan(sw.Sweepable, name), scale, 2)
				if _, err := ParseSweep("sweep=" + url.QueryEscape(q)); err != nil {
					t.Errorf("sweep=%s: %v", q, err)
				}
			}
		}
	}
	q := "sweep=" + url.QueryEscape(sweepableAxis(t, sw.Sweepable[0], sw.Scales[0], sw.MaxAxis+1)+","+sweepableAxis(t, sw.Sweepable[1], sw.Scales[0], 2))
	if _, err := ParseSweep(q); err == nil {
		t.Errorf("%s: more than maxAxis %d values, and no error", q, sw.MaxAxis)
	}
	if _, err := ParseSweep("sweep=lr:0.01:0.1:sideways:2,b2:0.9:0.99:lin:2"); err == nil {
		t.Errorf("a scale not among %v is accepted", sw.Scales)
	}
	for _, m := range sw.Metrics {
		if _, ok := (sim.SweepLane{}).Metric(m); !ok {
			t.Errorf("the metric %s is not a sweep lane's", m)
		}
	}
}

// sweepableAxis returns an axis over name with n values, within its range
// and above zero (as a log scale needs).
func sweepableAxis(t *testing.T, name, scale string, n int) string {
	s := Describe()
	for _, p := range append(s.Globals, s.Lane...) {
		if p.Name != name {
			continue
		}
		lo := max(p.Range.Min, 0)
		if p.Range.MinOpen || lo == 0 {
			lo = math.Nextafter(lo, math.Inf(1))
		}
		if p.Type == "integer" {
			lo = math.Ceil(lo)
		}
		hi := lo
		if n > 1 {
			hi = p.Range.Max
			if p.Range.MaxOpen {
				hi = math.Nextafter(hi, 0)
			}
		}
		f := func(x float64) string { return strconv.FormatFloat(x, 'g', -1, 64) }
		return name + ":" + f(lo) + ":" + f(hi) + ":" + scale + ":" + strconv.Itoa(n)
	}
	t.Fatalf("the sweepable %s is not a parameter", name)
	return ""
}

func otherThan(names []string, name string) string {
	if names[0] != name {
		return names[0]
	}
	return names[1]
}

// The schema survives JSON as the page reads it.
func TestSchemaJSON(t *testing.T) {
	s := Describe()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var back Schema
	if err := json.Unmarshal(b, &back); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(back, s) {
		t.Errorf("the schema changed through JSON:\n%s", b)
	}
}

func ExampleDescribe() {
	for _, p := range Describe().Lane[:3] {
		fmt.Printf("%s (%s, default %s): %s\n", p.Name, p.Type, p.Default, p.Allowed)
	}
	// Output:
	// opt (word, default adam): one of sgd, momentum, heavyball, nesterov, adagrad, rmsprop, adam, amsgrad, adamw
	// lr (number, default 0.05): a number in (0, 10]
	// sched (word, default const): one of const, poly, step, exp, cosine, auto, plateau
}
