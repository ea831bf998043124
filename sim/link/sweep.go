package link

import (
	"errors"
	"fmt"
	"io"
	"math"
	"net/url"
	"strconv"
	"strings"

	"noiseball/sim"
	"noiseball/sim/detmath"
	"noiseball/sim/message"
)

// A sweep is a link too: a base link plus
//
//	sweep=P:lo:hi:scale:n,Q:lo:hi:scale:n   the two axes
//	sweepruns=R                              runs per cell (default 100)
//	sweepsteps=N                             steps per cell (default 1000)
//
// for example
//
//	v=1&opt=sgd&sweep=lr:0.001:0.1:log:8,batch:1:64:log:7&sweepsteps=5000
//
// P and Q are two different numeric parameters of the link (SweepableParams:
// lr, b2, batch, sigma, ..., and the lane forms lr2, b23, ...), scale is log
// or lin, and n in [1, MaxAxis] is the number of values, from lo to hi
// (lo < hi, or lo = hi when n = 1; lo > 0 for log). Cell (i, j) is the base
// link with P set to the i-th value of its axis, Q to the j-th, runs=R and
// steps=N (CellLink). Parse ignores the three sweep parameters, so a sweep
// link also opens as its base view.

// SweepParams returns the link parameters of a sweep.
func SweepParams() []string { return []string{"sweep", "sweepruns", "sweepsteps"} }

func isSweepParam(name string) bool {
	for _, s := range SweepParams() {
		if name == s {
			return true
		}
	}
	return false
}

// sweepOrder are the sweep's settings besides its axes, in canonical order.
var sweepOrder = []param[Sweep]{
	intParam("sweepruns", 1, sim.MaxRuns, func(s *Sweep) *int { return &s.Runs }),
	intParam("sweepsteps", 1, MaxSweepSteps, func(s *Sweep) *int { return &s.Steps }),
}

// The scales of a sweep's axis.
const (
	logScale = "log"
	linScale = "lin"
)

// The sweep's limits and defaults.
const (
	MaxAxis           = 16         // values per axis
	DefaultSweepRuns  = 100        // runs per cell
	DefaultSweepSteps = 1000       // steps per cell
	MaxSweepSteps     = 10_000_000 // steps per cell
)

// Axis is one axis of a sweep: N values of the link parameter Param from
// Lo to Hi,
//
//	lin: v_i = Lo + (Hi - Lo) i/(N-1)
//	log: v_i = Lo exp(i/(N-1) log(Hi/Lo))
//
// for i = 0 .. N-1, rounded to 12 significant digits so that the links
// show them cleanly (0.01, not 0.010000000000000002), with v_0 = Lo and
// v_{N-1} = Hi exactly (and v_0 = Lo when N = 1). An integer parameter (batch, warmup) takes the nearest
// integer, so a log axis batch:1:64:log:7 is 1, 2, 4, ..., 64. A pair
// parameter (sigma, x0) takes the value in both coordinates.
type Axis struct {
	Param  string
	Lo, Hi float64
	Log    bool
	N      int
}

// Value returns the axis's i-th value.
func (a Axis) Value(i int) float64 {
	var v float64
	switch {
	case i <= 0 || a.N <= 1:
		v = a.Lo
	case i >= a.N-1:
		v = a.Hi
	case a.Log:
		v = round12(a.Lo * detmath.Exp(float64(i)/float64(a.N-1)*detmath.Log(a.Hi/a.Lo)))
	default:
		v = round12(a.Lo + (a.Hi-a.Lo)*float64(i)/float64(a.N-1))
	}
	if paramKind(a.Param) == 'i' {
		v = math.Round(v)
	}
	return v
}

// round12 rounds x to 12 significant digits (exactly, through strconv).
func round12(x float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 12, 64), 64)
	return r
}

// Values returns the axis's N values.
func (a Axis) Values() []float64 {
	vs := make([]float64, a.N)
	for i := range vs {
		vs[i] = a.Value(i)
	}
	return vs
}

// String writes the axis as the link does: P:lo:hi:scale:n.
func (a Axis) String() string {
	scale := linScale
	if a.Log {
		scale = logScale
	}
	return a.Param + ":" + formatFloat(a.Lo) + ":" + formatFloat(a.Hi) + ":" + scale + ":" + strconv.Itoa(a.N)
}

// formatValue writes the axis's i-th value as the link parameter's value.
func (a Axis) formatValue(i int) string {
	v := a.Value(i)
	if paramKind(a.Param) == 'i' {
		return strconv.FormatInt(int64(v), 10)
	}
	return formatFloat(v)
}

// Sweep is a parsed sweep link: the base experiment, the two axes, and
// the runs and steps of every cell. Its cells are numbered c = j X.N + i
// for the i-th value of X and the j-th of Y: rows of the heat map are Y.
type Sweep struct {
	Base  sim.Config
	X, Y  Axis
	Runs  int // runs per cell, [1, sim.MaxRuns]
	Steps int // steps per cell, [1, MaxSweepSteps]
}

// SweepableParams returns the names of the parameters a sweep axis may
// take, lane 1's form only (lanes 2 to 4 add their number): every numeric
// parameter but runs and steps, which the sweep sets.
func SweepableParams() []string {
	var names []string
	for _, p := range globalOrder {
		if p.kind != 0 && p.name != "runs" && p.name != "steps" {
			names = append(names, p.name)
		}
	}
	for _, p := range laneOrder {
		if p.kind != 0 {
			names = append(names, p.name)
		}
	}
	return names
}

// paramKind returns the kind of the named parameter ('f', 'i', 'p'), 0 if
// it is not numeric or not sweepable, with lanes 2..4 as in links.
func paramKind(name string) byte {
	if name == "runs" || name == "steps" {
		return 0
	}
	for _, p := range globalOrder {
		if p.name == name {
			return p.kind
		}
	}
	base, k := splitLane(name)
	if k == 0 {
		return 0
	}
	for _, p := range laneOrder {
		if p.name == base {
			return p.kind
		}
	}
	return 0
}

// checkValue reports whether the named parameter allows v, and its range
// (numeric parameters have one).
func checkValue(name string, v float64) (allowed string, ok bool) {
	s := formatFloat(v)
	integer := paramKind(name) == 'i'
	if integer && v == math.Trunc(v) && math.Abs(v) < 1e15 {
		s = strconv.FormatInt(int64(v), 10)
	}
	for _, p := range globalOrder {
		if p.name == name {
			c := sim.Default()
			return rangeText(p.allowed), p.set(&c, s)
		}
	}
	base, _ := splitLane(name)
	for _, p := range laneOrder {
		if p.name == base {
			l := sim.DefaultLane()
			return rangeText(p.allowed), p.set(&l, s)
		}
	}
	return "", false
}

// rangeText is the interval of numbers d allows, as its errors write it
// ("[1, 100000000]", not "[1, 1e+08]"), or its words if it has none.
func rangeText(d domain) string {
	switch {
	case d.want.Params["range"] != "":
		return d.want.Params["range"]
	case d.typ == "pair":
		return "[" + d.want.Params["lo"] + ", " + d.want.Params["hi"] + "]"
	}
	return d.text
}

// axisSyntax is the allowed form of the sweep parameter, for errors.
func axisSyntax(code string) message.Message { return say(code, "max", strconv.Itoa(MaxAxis)) }

// parseAxis reads one axis; it returns a *ParamError for the sweep
// parameter naming what is wrong.
func parseAxis(text string) (Axis, error) {
	bad := func(code string, kv ...string) *ParamError { return newParamError("sweep", text, say(code, kv...)) }
	parts := strings.Split(text, ":")
	if len(parts) != 5 {
		return Axis{}, bad("want.axis.parts")
	}
	a := Axis{Param: parts[0]}
	kind := paramKind(a.Param)
	if kind == 0 {
		return Axis{}, bad("want.axis.param", "params", strings.Join(SweepableParams(), ", "))
	}
	for k, f := range []*float64{&a.Lo, &a.Hi} {
		end := []string{"low", "high"}[k]
		var p *numberError
		if *f, p = readFloat(parts[1+k]); p != nil {
			e := bad("want.axis."+end+".number", "param", a.Param, "value", quote(shorten(parts[1+k])))
			e.setProblem(p)
			return Axis{}, e
		}
		if allowed, ok := checkValue(a.Param, *f); !ok {
			return Axis{}, bad("want.axis."+end+".range", "param", a.Param, "range", allowed, "value", parts[1+k])
		}
	}
	switch parts[3] {
	case logScale:
		a.Log = true
	case linScale:
	default:
		return Axis{}, bad("want.axis.scale", "value", quote(shorten(parts[3])))
	}
	var ok bool
	if a.N, ok = parseInt(parts[4], 1, MaxAxis); !ok {
		return Axis{}, bad("want.axis.n", "max", strconv.Itoa(MaxAxis), "value", quote(shorten(parts[4])))
	}
	switch {
	case a.N == 1 && a.Lo != a.Hi:
		return Axis{}, bad("want.axis.single")
	case a.N > 1 && !(a.Lo < a.Hi):
		return Axis{}, bad("want.axis.order")
	case a.Log && !(a.Lo > 0):
		return Axis{}, bad("want.axis.log")
	}
	return a, nil
}

// HasSweep reports whether query names a sweep (the sweep parameter).
func HasSweep(query string) bool {
	values, _ := url.ParseQuery(query)
	_, ok := values["sweep"]
	return ok
}

// ParseSweep reads a sweep link: the base link as Parse reads it, and the
// sweep's parameters. Every problem is reported, as a *ParamError where it
// concerns one parameter, in the joined error; the Sweep returned with an
// error is not runnable.
func ParseSweep(query string) (Sweep, error) {
	base, err := Parse(query)
	var errs []error
	if err != nil {
		errs = append(errs, err)
	}
	s := Sweep{Base: base, Runs: DefaultSweepRuns, Steps: DefaultSweepSteps}
	values, _ := url.ParseQuery(query)
	last := func(name string) (string, bool) {
		vs, ok := values[name]
		if !ok {
			return "", false
		}
		return vs[len(vs)-1], true
	}
	for _, p := range sweepOrder {
		if v, ok := last(p.name); ok && !p.set(&s, v) {
			errs = append(errs, paramError(p.name, v, p.allowed.want))
		}
	}
	v, ok := last("sweep")
	switch axes := strings.Split(v, ","); {
	case !ok:
		errs = append(errs, newParamError("sweep", "", axisSyntax("want.sweep.none")))
	case len(axes) != 2:
		errs = append(errs, newParamError("sweep", v, axisSyntax("want.sweep")))
	default:
		x, errX := parseAxis(axes[0])
		y, errY := parseAxis(axes[1])
		errs = append(errs, errX, errY)
		if errX == nil && errY == nil && x.Param == y.Param {
			errs = append(errs, newParamError("sweep", v, say("want.sweep.distinct")))
		}
		s.X, s.Y = x, y
	}
	return s, errors.Join(errs...)
}

// EncodeSweep returns the canonical link of s: Encode(s.Base), then the
// axes, then sweepruns and sweepsteps where they differ from the defaults.
// ParseSweep(EncodeSweep(s)) == s for a valid s.
func EncodeSweep(s Sweep) string {
	q := Encode(s.Base) + "&sweep=" + escape(s.X.String()+","+s.Y.String())
	if s.Runs != DefaultSweepRuns {
		q += "&sweepruns=" + strconv.Itoa(s.Runs)
	}
	if s.Steps != DefaultSweepSteps {
		q += "&sweepsteps=" + strconv.Itoa(s.Steps)
	}
	return q
}

// Len returns the number of cells, X.N Y.N.
func (s Sweep) Len() int { return s.X.N * s.Y.N }

// CellLink returns the canonical link of cell (i, j): the base link with
// X.Param set to X.Value(i), Y.Param to Y.Value(j), runs to Runs and steps
// to Steps. As in any link, lanes 2 to 4 follow lane 1's value of a lane
// parameter unless the base link gives them their own.
func (s Sweep) CellLink(i, j int) string {
	q := Encode(s.Base) + "&" + s.X.Param + "=" + s.X.formatValue(i) + "&" + s.Y.Param + "=" + s.Y.formatValue(j) +
		"&runs=" + strconv.Itoa(s.Runs) + "&steps=" + strconv.Itoa(s.Steps)
	c, _ := Parse(q)
	return Encode(c)
}

// Cell returns the configuration of cell (i, j), Parse(CellLink(i, j)).
func (s Sweep) Cell(i, j int) (sim.Config, error) {
	return Parse(s.CellLink(i, j))
}

// Cells returns every cell's configuration, cell c = j X.N + i at index c,
// ready for sim.NewSweep or sim.RunSweep.
func (s Sweep) Cells() ([]sim.Config, error) {
	cells := make([]sim.Config, 0, s.Len())
	for j := range s.Y.N {
		for i := range s.X.N {
			c, err := s.Cell(i, j)
			if err != nil {
				return nil, fmt.Errorf("cell (%d, %d) %s: %w", i, j, s.CellLink(i, j), err)
			}
			cells = append(cells, c)
		}
	}
	return cells, nil
}

// WriteSweepCSV writes the sweep's results as CSV: the header
// sim.SweepCSVColumnsFor(Base, X.Param, Y.Param) and, for every cell in index order
// and every lane, a row sim.AppendSweepCSV with the cell's two values.
func WriteSweepCSV(w io.Writer, s Sweep, cells []sim.SweepCell) error {
	buf := []byte(strings.Join(sim.SweepCSVColumnsFor(s.Base, s.X.Param, s.Y.Param), ",") + "\n")
	for _, c := range cells {
		i, j := c.Index%s.X.N, c.Index/s.X.N
		for k, l := range c.Lanes {
			buf = sim.AppendSweepCSV(buf, s.X.Value(i), s.Y.Value(j), k, l)
		}
		if len(buf) > 1<<16 {
			if _, err := w.Write(buf); err != nil {
				return err
			}
			buf = buf[:0]
		}
	}
	_, err := w.Write(buf)
	return err
}
