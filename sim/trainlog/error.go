package trainlog

import (
	"strconv"
	"unicode/utf8"
)

// ParseError reports what is wrong with a training log and where. Read and
// Log.Curve return every error as a *ParseError.
//
// Its English message names the place and the offending text, for example
//
//	line 17, column 2 ("loss"): "abc" is not a number
//
// and underneath it is machine-stable: Code and Params say what is wrong
// (Message), Line, Column and Record where (Where), so that Text can write
// it in Japanese too and a page in any language. Line is 0 when the error
// concerns the whole file (an empty file) or a whole column (no finite
// value); Column is 0 when it concerns a whole line or the whole file; an
// event file's errors name the Record and its byte Offset instead.
type ParseError struct {
	Line   int    // 1-based line number in the file, 0 if none
	Column int    // 1-based field number in the line, 0 if none
	Record int    // 1-based record number of an event file, 0 otherwise
	Offset int64  // the byte offset of that record
	Name   string // the column's, key's or tag's name; "" if unknown
	Value  string // the offending text, cut to 32 bytes and "…"; "" if the error is not about a value

	Code   string            // what is wrong: one of the codes of Catalog
	Params map[string]string // its parameters (Value among them as "value")

	Reason string // the English text of Message, for callers that show one string
	Err    error  // the underlying error (a read error from the io.Reader), or nil
}

// newError builds a ParseError at line and column with a code and pairs of
// parameters; the value, if any, goes in as "value".
func newError(line, column int, name, value, code string, kv ...string) *ParseError {
	e := &ParseError{Line: line, Column: column, Name: name, Value: value, Code: code}
	m := msg(code, kv...)
	if value != "" {
		if m.Params == nil {
			m.Params = map[string]string{}
		}
		m.Params["value"] = value
	}
	e.Params = m.Params
	e.Reason = m.Text("en")
	return e
}

// Message returns what is wrong, without the place.
func (e *ParseError) Message() Message { return Message{Code: e.Code, Params: e.Params} }

// Where returns the place, or a Message with an empty Code when the error
// concerns the whole file.
func (e *ParseError) Where() Message {
	itoa := strconv.Itoa
	switch {
	case e.Record > 0 && e.Name != "":
		return msg("at.record.name", "record", itoa(e.Record), "offset", strconv.FormatInt(e.Offset, 10), "name", e.Name)
	case e.Record > 0:
		return msg("at.record", "record", itoa(e.Record), "offset", strconv.FormatInt(e.Offset, 10))
	case e.Line > 0 && e.Column > 0 && e.Name != "":
		return msg("at.line.column.name", "line", itoa(e.Line), "column", itoa(e.Column), "name", e.Name)
	case e.Line > 0 && e.Column > 0:
		return msg("at.line.column", "line", itoa(e.Line), "column", itoa(e.Column))
	case e.Line > 0:
		return msg("at.line", "line", itoa(e.Line))
	case e.Column > 0 && e.Name != "":
		return msg("at.column.name", "column", itoa(e.Column), "name", e.Name)
	case e.Column > 0:
		return msg("at.column", "column", itoa(e.Column))
	case e.Name != "":
		return msg("at.name", "name", e.Name)
	}
	return Message{}
}

// Text writes the error in lang ("en" or "ja"): the place, then what is
// wrong.
func (e *ParseError) Text(lang string) string {
	what := e.Message().Text(lang)
	if w := e.Where(); w.Code != "" {
		return w.Text(lang) + ": " + what
	}
	return what
}

// Error returns the message in English.
func (e *ParseError) Error() string { return e.Text("en") }

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
