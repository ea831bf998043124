package trainlog

import (
	"fmt"
	"unicode/utf8"
)

// ParseError reports what is wrong with a training log and where. Read
// returns every error as a *ParseError.
//
// Its message names the place and the offending text, for example
//
//	line 17, column 2 ("loss"): "abc" is not a number
//
// Line is 0 when the error concerns the whole file (an empty file) or a
// whole column (no row has a loss); Column is 0 when it concerns a whole
// line or the whole file.
type ParseError struct {
	Line   int    // 1-based line number in the file, 0 for the whole file
	Column int    // 1-based field number in the line, 0 for the whole line
	Name   string // the column's name: its header, or its role ("step", "loss", "norm") without a header; "" if unknown
	Value  string // the offending text, cut to 32 bytes and "…"; "" if the error is not about a value
	Reason string // what is wrong, e.g. "is not a number"
	Err    error  // the underlying error (a read error from the io.Reader), or nil
}

// Error returns the message: the line, the column and its name when known,
// the value quoted, then the reason.
func (e *ParseError) Error() string {
	var where string
	switch {
	case e.Line > 0 && e.Column > 0:
		where = fmt.Sprintf("line %d, column %d", e.Line, e.Column)
	case e.Line > 0:
		where = fmt.Sprintf("line %d", e.Line)
	case e.Column > 0:
		where = fmt.Sprintf("column %d", e.Column)
	}
	if e.Column > 0 && e.Name != "" {
		where += fmt.Sprintf(" (%q)", e.Name)
	}
	what := e.Reason
	if e.Value != "" {
		what = fmt.Sprintf("%q %s", e.Value, e.Reason)
	}
	if where == "" {
		return what
	}
	return where + ": " + what
}

// Unwrap returns the underlying error, if any.
func (e *ParseError) Unwrap() error { return e.Err }

// maxShown bounds how much of a bad value an error repeats.
const maxShown = 32

// shown returns b as text for an error message: at most maxShown bytes, cut
// on a rune boundary and marked with an ellipsis.
func shown(b []byte) string {
	if len(b) <= maxShown {
		return string(b)
	}
	n := maxShown
	for n > 0 && !utf8.RuneStart(b[n]) {
		n--
	}
	return string(b[:n]) + "…"
}
