package trainlog

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
)

// Read parses a training log in CSV form: one row per logged step, with a
// step, a loss and optionally a parameter norm.
//
// The first line that is not blank is a header if it holds a name and no
// number. The step column is the one named global_step, step, _step,
// steps, iteration(s), iter(s), it or epoch(s), in this order of
// preference; the loss column is loss, train_loss, training_loss, value
// (TensorBoard's export) or objective, else the one column whose name
// contains "loss" (val_loss); the optional norm column is param_norm,
// parameter_norm, params_norm, weight(s)_norm or norm. Names are compared
// without case, with spaces, hyphens and dots read as underscores, whole
// or after their last slash (train/loss). Other columns are ignored.
// Without a header the first columns are step, loss and, if there is a
// third, norm.
//
// Fields are separated by commas, semicolons, tabs or runs of spaces, as
// found on the first line; with a separator other than a comma a number
// may use a decimal comma ("0,25"). Read accepts a UTF-8 byte-order mark,
// CRLF line endings, blank lines, lines starting with '#', quoted fields
// and blanks around fields. Every row must have as many fields as the
// first. Missing values (see Log) are skipped and counted. Steps need not
// start at 0 but must increase strictly from one kept row to the next
// (rows without a value are not kept, so the validation rows of
// Lightning's metrics.csv, which repeat a step with an empty train_loss,
// are fine). A step that does not increase is an error naming both lines:
// Read cannot tell rows out of order from a run restarted from a
// checkpoint, and guessing would mix two runs.
//
// Read keeps no text, only the float64 slices of the Log, and accepts at
// most MaxRows rows of at most MaxLine bytes. If r has a Len method giving
// the bytes left unread, as *bytes.Reader and *strings.Reader do, Read
// sizes the slices from it after the first rows instead of growing them
// step by step, which saves about four fifths of what it allocates.
//
// Every error is a *ParseError with the line and column of the problem.
func Read(r io.Reader) (*Log, error) {
	p := parser{
		br:  bufio.NewReaderSize(r, MaxLine),
		log: new(Log),
	}
	p.left, _ = r.(interface{ Len() int })
	p.tailFrom = math.NaN()
	if err := p.run(); err != nil {
		return nil, err
	}
	return p.log, nil
}

// parser is Read's state.
type parser struct {
	br     *bufio.Reader
	line   int      // number of the line last read
	sep    byte     // the field separator; 0 until the first line is read
	cols   int      // fields per line
	lay    layout   // which field is which column
	fields [][]byte // the current line's fields, reused
	log    *Log

	headerLine int                    // the header's line, or 0
	lastLine   int                    // the line of the last row kept
	read       int                    // bytes read
	left       interface{ Len() int } // r, if it tells how much is left
	finite     int                    // finite losses kept
	seenFinite bool                   // a finite loss has been read
	tailFrom   float64                // the step where the current run of NaN or ±Inf losses began, or NaN
	tailLine   int                    // its line
}

// errEOF ends the line loop.
var errEOF = errors.New("end of input")

// next returns the next line without its line ending, or errEOF.
func (p *parser) next() ([]byte, error) {
	line, err := p.br.ReadSlice('\n')
	switch {
	case err == bufio.ErrBufferFull:
		return nil, &ParseError{Line: p.line + 1, Reason: fmt.Sprintf("the line is longer than %d bytes", MaxLine)}
	case err == io.EOF && len(line) == 0:
		return nil, errEOF
	case err != nil && err != io.EOF:
		return nil, &ParseError{Line: p.line + 1, Reason: "reading failed: " + err.Error(), Err: err}
	}
	p.line++
	p.read += len(line)
	line = bytes.TrimSuffix(line, []byte{'\n'})
	line = bytes.TrimSuffix(line, []byte{'\r'})
	if p.line == 1 {
		line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
	}
	return line, nil
}

// run reads every line.
func (p *parser) run() error {
	for {
		line, err := p.next()
		if err == errEOF {
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
// the number of fields and the layout, from the header if it is one.
func (p *parser) first(line []byte) error {
	if bytes.IndexByte(line, 0) >= 0 {
		return &ParseError{Line: p.line, Reason: "holds NUL bytes: this is not UTF-8 text (a binary file, or text saved as UTF-16?)"}
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
		return &ParseError{Line: p.line, Value: shown(line), Reason: "is a single column: want a step and a loss, separated by a comma, semicolon, tab or spaces"}
	}
	if !isHeader(fields, p.sep != ',') {
		p.lay = plainLayout(p.cols)
		return nil
	}
	lay, err := headerLayout(fields, p.line)
	if err != nil {
		return err
	}
	p.lay = lay
	p.headerLine = p.line
	p.log.Header = true
	return nil
}

// fieldError turns a failure to split the current line into a ParseError.
func (p *parser) fieldError(e *fieldError) *ParseError {
	pe := &ParseError{Line: p.line, Column: e.column, Name: p.columnName(e.column - 1), Reason: e.reason}
	if e.value != nil {
		pe.Value = shown(e.value)
	}
	return pe
}

// columnName returns the name of field i, or "" if it is not one of the
// columns read.
func (p *parser) columnName(i int) string {
	for c, j := range p.lay.index {
		if j == i {
			return p.lay.name[c]
		}
	}
	return ""
}

// row reads the current line's fields.
func (p *parser) row() error {
	f := p.fields
	if len(f) != p.cols {
		return p.countError(len(f))
	}
	log := p.log
	log.Rows++
	step, kind, err := p.value(stepCol)
	if err != nil {
		return err
	}
	switch kind {
	case missing, notANumber:
		log.MissingStep++
		return nil
	case infinite:
		return p.valueError(stepCol, "is not a finite step")
	}
	loss, lkind, err := p.value(lossCol)
	if err != nil {
		return err
	}
	switch lkind {
	case number:
		p.seenFinite = true
		p.tailFrom = math.NaN()
	case notANumber, infinite:
		if p.seenFinite && math.IsNaN(p.tailFrom) {
			p.tailFrom, p.tailLine = step, p.line
		}
	}
	keep := lkind == number
	if lkind != number {
		log.MissingLoss++
		loss = math.NaN()
	}
	norm := math.NaN()
	if p.lay.index[normCol] >= 0 {
		v, nkind, err := p.value(normCol)
		if err != nil {
			return err
		}
		if nkind == number {
			norm, keep = v, true
		} else {
			log.MissingNorm++
		}
	}
	if !keep {
		return nil
	}
	if n := len(log.Step); n > 0 && step <= log.Step[n-1] {
		return p.valueError(stepCol, fmt.Sprintf("does not follow step %s on line %d: steps must increase (rows out of order, or a run restarted from a checkpoint? keep the rows of one run, in order)", formatStep(log.Step[n-1]), p.lastLine))
	}
	if len(log.Step) == sizeAfter && p.left != nil {
		p.reserve()
	}
	if len(log.Step) == MaxRows {
		return &ParseError{Line: p.line, Reason: fmt.Sprintf("the log has more than %d rows: keep every k-th row", MaxRows)}
	}
	log.Step = append(log.Step, step)
	log.Loss = append(log.Loss, loss)
	if p.lay.index[normCol] >= 0 {
		log.Norm = append(log.Norm, norm)
	}
	if lkind == number {
		p.finite++
	}
	p.lastLine = p.line
	return nil
}

// sizeAfter is the number of rows after which Read estimates how many the
// log has, if it can.
const sizeAfter = 1024

// reserve gives the Log's slices the capacity for the rows the rest of the
// input holds at the length of the lines read so far, plus 5%.
func (p *parser) reserve() {
	left := p.left.Len() + p.br.Buffered()
	rows := len(p.log.Step) + int(1.05*float64(left)/float64(p.read)*float64(p.line))
	rows = min(rows, MaxRows)
	grow := func(s []float64) []float64 {
		if s == nil || rows <= cap(s) {
			return s
		}
		return append(make([]float64, 0, rows), s...)
	}
	p.log.Step, p.log.Loss, p.log.Norm = grow(p.log.Step), grow(p.log.Loss), grow(p.log.Norm)
}

// countError reports a line with got fields instead of p.cols.
func (p *parser) countError(got int) error {
	from := "the first line"
	if p.headerLine > 0 {
		from = fmt.Sprintf("the header (line %d)", p.headerLine)
	}
	if got < p.cols {
		return &ParseError{Line: p.line, Column: got + 1, Name: p.columnName(got),
			Reason: fmt.Sprintf("is missing: the line has %s, %s has %d", fieldCount(got), from, p.cols)}
	}
	return &ParseError{Line: p.line, Column: p.cols + 1, Value: shown(p.fields[p.cols]),
		Reason: fmt.Sprintf("is one field too many: the line has %s, %s has %d (a decimal comma in a comma-separated file?)", fieldCount(got), from, p.cols)}
}

// fieldCount writes "1 field" or "n fields".
func fieldCount(n int) string {
	if n == 1 {
		return "1 field"
	}
	return fmt.Sprintf("%d fields", n)
}

// valueError reports the current line's value of column c.
func (p *parser) valueError(c int, reason string) *ParseError {
	i := p.lay.index[c]
	return &ParseError{Line: p.line, Column: i + 1, Name: p.lay.name[c], Value: shown(p.fields[i]), Reason: reason}
}

// value parses the current line's value of column c.
func (p *parser) value(c int) (float64, kind, error) {
	v, k := parseValue(p.fields[p.lay.index[c]], p.sep != ',')
	if k == invalid {
		return 0, k, p.valueError(c, "is not a number")
	}
	return v, k, nil
}

// finish checks the log once every line is read.
func (p *parser) finish() error {
	log := p.log
	switch {
	case p.sep == 0:
		return &ParseError{Reason: "the file is empty: want a header or rows of step, loss"}
	case log.Rows == 0:
		return &ParseError{Line: p.headerLine, Reason: "the header is not followed by any row"}
	case log.MissingStep == log.Rows:
		return &ParseError{Column: p.lay.index[stepCol] + 1, Name: p.lay.name[stepCol],
			Reason: fmt.Sprintf("no row has a step: all %d are missing", log.Rows)}
	case p.finite == 0:
		return &ParseError{Column: p.lay.index[lossCol] + 1, Name: p.lay.name[lossCol],
			Reason: fmt.Sprintf("no row has a finite loss: %d of %d are missing, NaN or infinite", log.MissingLoss, log.Rows)}
	}
	if !math.IsNaN(p.tailFrom) {
		log.Diverged, log.DivergedAt, log.DivergedLine = true, p.tailFrom, p.tailLine
	}
	log.StepName, log.LossName, log.NormName = p.lay.name[stepCol], p.lay.name[lossCol], p.lay.name[normCol]
	return nil
}
