package trainlog

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
	"strings"
)

// readCSV parses a log in CSV form: one row per logged step, a step column
// and any number of value columns.
//
// The first line that is not blank is a header if it holds a name and no
// number. The step column is the one named global_step, step, _step,
// steps, iteration(s), iter(s), it or epoch(s), in this order of preference
// (compared without case, with spaces, hyphens and dots read as
// underscores, whole or after their last slash: trainer/global_step); every
// other column is a Series, named by its header ("column N" when the header
// is empty, as pandas leaves it over its index). Without a header the
// columns are step, loss, norm, then "column 4" and on.
//
// Fields are separated by commas, semicolons, tabs or runs of spaces, as
// found on the first line; with a separator other than a comma a number
// may use a decimal comma ("0,25"). A line ends at "\n", "\r\n" or a lone
// "\r". readCSV accepts a UTF-8 byte-order mark, blank lines, lines
// starting with '#', quoted fields and blanks around fields. Every row must
// have as many fields as the first. A row without a step is left out and
// counted in a note; so is a row whose step is NaN. A cell that is not a
// number (see parseValue) makes its column unusable: Curve reports it if
// that column is judged, and other columns are unaffected (a column of
// text, such as a phase or a run's name, is no error unless it is judged).
// A bad step is an error at once.
func readCSV(br *bufio.Reader, left interface{ Len() int }) (*Log, error) {
	p := csvParser{lr: newLineReader(br), log: &Log{Format: CSV}, t: &table{}, left: left}
	p.log.tables = []*table{p.t}
	if err := p.run(); err != nil {
		return nil, err
	}
	return p.log, nil
}

// csvParser is readCSV's state.
type csvParser struct {
	lr     *lineReader
	sep    byte     // the field separator; 0 until the first line is read
	cols   int      // fields per line
	step   int      // the step's field
	series []int    // the series of each field, -1 for the step
	fields [][]byte // the current line's fields, reused
	log    *Log
	t      *table
	left   interface{ Len() int } // the reader, if it tells how much is left

	headerLine int // the header's line, or 0

	vals  []float64 // the current row's values, per field
	kinds []kind

	nanSteps, missingSteps         int // rows left out
	firstNaNStep, firstMissingStep int // their first lines
}

// run reads every line.
func (p *csvParser) run() error {
	for {
		line, err := p.lr.next()
		if err == io.EOF {
			return p.finish()
		}
		if err != nil {
			return err
		}
		if isBlankLine(line) || bytes.TrimLeft(line, " \t")[0] == '#' {
			continue
		}
		if p.sep == 0 {
			if err := p.first(line); err != nil {
				return err
			}
			if p.headerLine > 0 {
				continue
			}
		}
		var ferr *fieldError
		p.fields, ferr = split(p.fields, line, p.sep)
		if ferr != nil {
			return p.fieldError(ferr)
		}
		if err := p.row(); err != nil {
			return err
		}
	}
}

// first reads the first line that is not blank: it fixes the separator,
// the number of fields and the columns, from the header if it is one.
func (p *csvParser) first(line []byte) error {
	ln := p.lr.line
	if bytes.IndexByte(line, 0) >= 0 {
		return newError(ln, 0, "", "", "text.binary")
	}
	p.sep = sniff(line)
	if p.sep == 0 {
		p.sep = ','
	}
	// split works in place; the header's names are copied out below, and a
	// data line is split again by run.
	scratch := append([]byte(nil), line...)
	fields, ferr := split(nil, scratch, p.sep)
	if ferr != nil {
		return p.fieldError(ferr)
	}
	p.cols = len(fields)
	if p.cols < 2 {
		return newError(ln, 0, "", shown(line), "csv.single")
	}
	p.vals, p.kinds = make([]float64, p.cols), make([]kind, p.cols)
	names := make([]string, p.cols)
	if !isHeader(fields, p.sep != ',') {
		p.step = 0
		names[0] = "step"
		for i := 1; i < p.cols; i++ {
			names[i] = []string{"", "loss", "norm"}[min(i, 2)]
			if i > 2 {
				names[i] = "column " + strconv.Itoa(i+1)
			}
		}
		p.log.StepName = "step"
	} else {
		for i, f := range fields {
			names[i] = strings.TrimSpace(string(f))
			if names[i] == "" {
				names[i] = "column " + strconv.Itoa(i+1)
			}
		}
		if err := p.headerStep(names, ln); err != nil {
			return err
		}
		p.headerLine = ln
		p.log.Header = true
	}
	p.series = make([]int, p.cols)
	for i, name := range names {
		if i == p.step {
			p.series[i] = -1
			continue
		}
		s := &Series{Name: name, Role: roleOf(name)}
		p.log.Series = append(p.log.Series, s)
		p.series[i] = p.t.newColumn(s)
	}
	return nil
}

// headerStep finds the step column of a header on line ln, and checks that
// no two columns share a name.
func (p *csvParser) headerStep(names []string, ln int) error {
	seen := make(map[string]int, len(names))
	for i, name := range names {
		n := normalize(name)
		if j, ok := seen[n]; ok {
			return newError(ln, i+1, name, "", "csv.header.duplicate", "name", name, "other", strconv.Itoa(j+1))
		}
		seen[n] = i
	}
	p.step = -1
	best := -1
	for i, name := range names {
		if r := stepRank(name); r >= 0 && (best < 0 || r < best) {
			best, p.step = r, i
		}
	}
	if p.step < 0 {
		return newError(ln, 0, "", "", "csv.header.nostep", "names", listNames(names), "want", strings.Join(stepNames, ", "))
	}
	p.log.StepName, p.log.stepField = names[p.step], p.step
	return nil
}

// isHeader reports whether a first line's fields are a header: none of
// them is a number (NaN and Inf included) and at least one is a name, not
// empty or a missing-value marker. pandas writes an empty name over its
// index column.
func isHeader(fields [][]byte, decimalComma bool) bool {
	names := 0
	for _, f := range fields {
		switch _, k := parseValue(f, decimalComma); k {
		case invalid:
			names++
		case number, notANumber, infinite:
			return false
		}
	}
	return names > 0
}

// fieldError turns a failure to split the current line into a ParseError.
func (p *csvParser) fieldError(e *fieldError) *ParseError {
	code, kv := "csv.quote.open", []string(nil)
	value := ""
	if e.value != nil {
		code, value = "csv.quote.after", shown(e.value)
	}
	return newError(p.lr.line, e.column, p.name(e.column-1), value, code, kv...)
}

// name returns the name of field i, "" if there is none yet.
func (p *csvParser) name(i int) string {
	switch {
	case i < 0 || i >= len(p.series):
		return ""
	case p.series[i] < 0:
		return p.log.StepName
	}
	return p.t.cols[p.series[i]].s.Name
}

// row reads the current line's fields.
func (p *csvParser) row() error {
	f := p.fields
	if len(f) != p.cols {
		return p.countError(len(f))
	}
	log, ln := p.log, p.lr.line
	log.Rows++
	step, k := parseValue(f[p.step], p.sep != ',')
	switch k {
	case missing:
		if p.missingSteps == 0 {
			p.firstMissingStep = ln
		}
		p.missingSteps++
		return nil
	case notANumber:
		if p.nanSteps == 0 {
			p.firstNaNStep = ln
		}
		p.nanSteps++
		return nil
	case infinite:
		return newError(ln, p.step+1, p.log.StepName, shown(f[p.step]), "step.infinite")
	case invalid:
		return p.numberError(p.step)
	}
	any := false
	for i, field := range f {
		if i == p.step {
			continue
		}
		p.vals[i], p.kinds[i] = parseValue(field, p.sep != ',')
		switch p.kinds[i] {
		case invalid:
			if s := p.t.cols[p.series[i]].s; s.err == nil {
				s.err = p.numberError(i)
			}
		case number, notANumber, infinite:
			any = true
		}
	}
	if !any {
		return nil
	}
	if len(p.t.step) == sizeAfter && p.left != nil {
		p.reserve()
	}
	if len(p.t.step) == MaxRows {
		return newError(ln, 0, "", "", "rows.many", "max", strconv.Itoa(MaxRows))
	}
	r := p.t.addRow(step, ln)
	for i := range f {
		if i == p.step {
			continue
		}
		switch p.kinds[i] {
		case number:
			s := p.t.cols[p.series[i]].s
			s.Points++
			s.Finite++
			p.t.set(r, p.series[i], p.vals[i])
		case notANumber, infinite:
			p.t.cols[p.series[i]].s.Points++
			p.t.set(r, p.series[i], p.vals[i])
		}
	}
	return nil
}

// numberError reports field i of the current line, which is not a number.
func (p *csvParser) numberError(i int) *ParseError {
	b := p.fields[i]
	code, plain := numberProblem(b, p.sep != ',')
	return newError(p.lr.line, i+1, p.name(i), shown(b), code, "plain", plain)
}

// sizeAfter is the number of rows after which readCSV estimates how many
// the log has, if it can.
const sizeAfter = 1024

// reserve gives the table room for the rows the rest of the input holds at
// the length of the lines read so far, plus 5%.
func (p *csvParser) reserve() {
	left := p.left.Len() + p.lr.br.Buffered()
	rows := len(p.t.step) + int(1.05*float64(left)/float64(p.lr.read)*float64(p.lr.line))
	p.t.reserve(min(rows, MaxRows))
}

// countError reports a line with got fields instead of p.cols.
func (p *csvParser) countError(got int) error {
	ln := p.lr.line
	want, gots := strconv.Itoa(p.cols), strconv.Itoa(got)
	where, kv := "first", []string{"got", gots, "want", want}
	if p.headerLine > 0 {
		where, kv = "header", append(kv, "header", strconv.Itoa(p.headerLine))
	}
	if got < p.cols {
		return newError(ln, got+1, p.name(got), "", "csv.fields.missing."+where, kv...)
	}
	return newError(ln, p.cols+1, "", shown(p.fields[p.cols]), "csv.fields.extra."+where, kv...)
}

// finish checks the log once every line is read.
func (p *csvParser) finish() error {
	log := p.log
	switch {
	case p.sep == 0:
		return newError(0, 0, "", "", "file.empty")
	case log.Rows == 0:
		return newError(p.headerLine, 0, "", "", "csv.header.only")
	case p.missingSteps+p.nanSteps == log.Rows:
		return newError(0, p.step+1, log.StepName, "", "step.none", "rows", strconv.Itoa(log.Rows))
	}
	if p.nanSteps > 0 {
		log.Notes = append(log.Notes, msg("note.step.nan", "count", strconv.Itoa(p.nanSteps), "line", strconv.Itoa(p.firstNaNStep)))
	}
	if p.missingSteps > 0 {
		log.Notes = append(log.Notes, msg("note.step.missing", "count", strconv.Itoa(p.missingSteps), "line", strconv.Itoa(p.firstMissingStep)))
	}
	return nil
}
