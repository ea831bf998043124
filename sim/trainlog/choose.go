package trainlog

import (
	"math"
	"sort"
	"strconv"
	"strings"
)

// Candidates returns every series of the log, best candidate for judging
// first: the losses (by lossRank: the training loss per step before an
// unlabelled loss before a per-epoch one, before validation and test
// losses; in file order among equals), then parameter norms, other
// quantities, learning rates, and steps or times last.
func (l *Log) Candidates() []*Series {
	out := append([]*Series(nil), l.Series...)
	order := func(s *Series) int {
		switch s.Role {
		case Loss:
			return lossRank(s.Name)
		case Norm:
			return 100
		case Other:
			return 200
		case LearningRate:
			return 300
		}
		return 400
	}
	sort.SliceStable(out, func(i, j int) bool { return order(out[i]) < order(out[j]) })
	return out
}

// Default returns the series Check judges when it is given no name: the
// first loss of Candidates with at least two finite values (Hugging Face's
// log_history has a train_loss only in its final summary record), else the
// first loss. Without one it is a *ParseError listing the series, code
// column.noloss.
func (l *Log) Default() (*Series, error) {
	c := l.Candidates()
	for _, s := range c {
		if s.Role == Loss && (s.Finite >= 2 || s.err != nil) {
			return s, nil
		}
	}
	for _, s := range c {
		if s.Role == Loss {
			return s, nil
		}
	}
	if len(l.Series) == 0 {
		return nil, newError(0, 0, "", "", "column.none")
	}
	return nil, newError(0, 0, "", "", "column.noloss", "names", listNames(l.names()))
}

// Lookup returns the series called name: the one with exactly that name;
// else the one whose name equals it without case, with spaces, hyphens and
// dots read as underscores; else the only one whose name ends in it after
// a slash or a W&B export's "run - " ("loss" finds "train/loss" if no other
// series ends so). A name that matches none, or several, is a *ParseError
// listing the candidates (codes column.unknown and column.ambiguous).
func (l *Log) Lookup(name string) (*Series, error) {
	for _, s := range l.Series {
		if s.Name == name {
			return s, nil
		}
	}
	n := normalize(name)
	var found []*Series
	for _, s := range l.Series {
		if normalize(s.Name) == n {
			found = append(found, s)
		}
	}
	if len(found) == 0 {
		for _, s := range l.Series {
			sn := normalize(s.Name)
			if strings.HasSuffix(sn, "/"+n) || strings.HasSuffix(sn, "___"+n) || tail(sn) == n {
				found = append(found, s)
			}
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return nil, newError(0, 0, "", "", "column.unknown", "name", name, "names", listNames(l.names()))
	}
	names := make([]string, len(found))
	for i, s := range found {
		names[i] = s.Name
	}
	return nil, newError(0, 0, "", "", "column.ambiguous", "name", name, "names", listNames(names))
}

// names returns the series' names, best candidate first.
func (l *Log) names() []string {
	c := l.Candidates()
	out := make([]string, len(c))
	for i, s := range c {
		out[i] = s.Name
	}
	return out
}

// Curve returns s's points as a Curve for Analyze. It is an error (a
// *ParseError naming the lines or records) if a cell of s is not a number,
// if s's steps do not increase strictly from one point to the next (rows
// out of order, or two runs in one file: Curve cannot tell them apart, and
// guessing would mix them), or if s has no finite value. NaN or infinite
// values that finite ones follow are counted in a note; Analyze leaves
// them out.
func (l *Log) Curve(s *Series) (*Curve, error) {
	if s.err != nil {
		return nil, s.err
	}
	step, val, line := s.points()
	records := s.t.records
	for i := 1; i < len(step); i++ {
		if step[i] > step[i-1] {
			continue
		}
		v, prev := formatStep(step[i]), formatStep(step[i-1])
		if records {
			e := newError(0, 0, s.Name, "", "step.order.record", "value", v, "prev", prev, "prevRecord", strconv.Itoa(int(line[i-1])))
			e.Record = int(line[i])
			return nil, e
		}
		return nil, newError(int(line[i]), l.stepColumn(), l.StepName, strconv.FormatFloat(step[i], 'g', -1, 64), "step.order",
			"prev", prev, "prevLine", strconv.Itoa(int(line[i-1])))
	}
	if s.Finite == 0 {
		return nil, newError(0, 0, s.Name, "", "series.nofinite", "missing", strconv.Itoa(s.Points), "points", strconv.Itoa(s.Points))
	}
	c := &Curve{Name: s.Name, Step: step, Value: val}
	last := len(val) - 1
	for last >= 0 && !isFinite(val[last]) {
		last--
	}
	gaps, first := 0, -1
	for i := range last {
		if !isFinite(val[i]) {
			if gaps == 0 {
				first = i
			}
			gaps++
		}
	}
	if gaps > 0 {
		code := "note.value.nan"
		if records {
			code = "note.value.nan.record"
		}
		c.Notes = append(c.Notes, msg(code, "name", s.Name, "count", strconv.Itoa(gaps), "step", formatStep(step[first]), "line", strconv.Itoa(int(line[first]))))
	}
	return c, nil
}

// stepColumn returns the 1-based field of a CSV log's step column, 0 for
// other formats.
func (l *Log) stepColumn() int {
	if l.Format != CSV {
		return 0
	}
	return l.stepField + 1
}

// Check judges one series of l: the one called name (Lookup), or the
// default (Default) when name is "". The Report's Notes hold the log's and
// the curve's; for a plateau, its Theory names the learning rate when the
// log has one (a series of Role LearningRate with values over the
// plateau).
func Check(l *Log, name string) (Report, error) {
	var s *Series
	var err error
	if name == "" {
		s, err = l.Default()
	} else {
		s, err = l.Lookup(name)
	}
	if err != nil {
		return Report{}, err
	}
	c, err := l.Curve(s)
	if err != nil {
		return Report{}, err
	}
	r := Analyze(c)
	r.Column = s.Name
	r.Notes = append(append(append([]Message(nil), l.Notes...), c.Notes...), r.Notes...)
	if r.Theory != nil {
		first, last := l.learningRate(r.Since, r.To)
		r.Theory = theory(first, last)
	}
	return r, nil
}

// learningRate returns the first and the last finite value, between steps
// from and to, of the first learning-rate series with any; NaN, NaN if
// there is none.
func (l *Log) learningRate(from, to float64) (first, last float64) {
	for _, s := range l.Candidates() {
		if s.Role != LearningRate || s.err != nil {
			continue
		}
		step, val, _ := s.points()
		first, last = math.NaN(), math.NaN()
		for i, t := range step {
			if t >= from && t <= to && isFinite(val[i]) {
				if math.IsNaN(first) {
					first = val[i]
				}
				last = val[i]
			}
		}
		if !math.IsNaN(first) {
			return first, last
		}
	}
	return math.NaN(), math.NaN()
}
