package trainlog

import (
	"math"
	"strconv"
	"unicode/utf16"
	"unicode/utf8"
)

// maxDepth bounds how deeply JSON values may nest.
const maxDepth = 64

// jsonScanner reads JSON values from data: RFC 8259, plus NaN, Infinity and
// -Infinity as Python's json module writes them (encoding/json refuses
// those, which is why this package reads JSON itself), with every error a
// *ParseError naming the line and column (in bytes) and what was expected.
type jsonScanner struct {
	data      []byte
	pos       int
	line      int // the line of pos, from 1 (plus lineBase)
	lineStart int // the offset where that line starts
	depth     int
	buf       []byte // decoded strings
}

func newJSONScanner(data []byte, firstLine int) *jsonScanner {
	return &jsonScanner{data: data, line: firstLine}
}

// space skips blanks and line breaks ("\n", "\r\n", a lone "\r").
func (s *jsonScanner) space() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t':
			s.pos++
		case '\r':
			s.pos++
			if s.pos < len(s.data) && s.data[s.pos] == '\n' {
				s.pos++
			}
			s.line++
			s.lineStart = s.pos
		case '\n':
			s.pos++
			s.line++
			s.lineStart = s.pos
		default:
			return
		}
	}
}

// fail returns an error at pos: code with the token found there as
// "found", or json.eof at the end of the data.
func (s *jsonScanner) fail(code string) *ParseError {
	if s.pos >= len(s.data) {
		return newError(s.line, 0, "", "", "json.eof")
	}
	return newError(s.line, s.pos-s.lineStart+1, "", "", code, "found", s.found())
}

// found quotes the token at pos: one delimiter, or a word of at most 16
// bytes.
func (s *jsonScanner) found() string {
	t := s.token()
	if len(t) == 0 {
		_, n := utf8.DecodeRune(s.data[s.pos:])
		t = s.data[s.pos : s.pos+n]
	}
	if len(t) > 16 {
		return strconv.Quote(string(t[:16])) + "…"
	}
	return strconv.Quote(string(t))
}

// token returns the word at pos: bytes up to a blank, a delimiter or a
// quote.
func (s *jsonScanner) token() []byte {
	i := s.pos
	for i < len(s.data) {
		switch s.data[i] {
		case ' ', '\t', '\r', '\n', ',', ':', '[', ']', '{', '}', '"':
			return s.data[s.pos:i]
		}
		i++
	}
	return s.data[s.pos:i]
}

// object reads an object at pos (after blanks), calling member for each
// member with its decoded name; member must read the member's value.
func (s *jsonScanner) object(member func(key []byte) error) error {
	s.space()
	if s.pos >= len(s.data) || s.data[s.pos] != '{' {
		return s.fail("json.record")
	}
	if s.depth++; s.depth > maxDepth {
		return newError(s.line, s.pos-s.lineStart+1, "", "", "json.depth", "max", strconv.Itoa(maxDepth))
	}
	s.pos++
	s.space()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		s.depth--
		return nil
	}
	for {
		s.space()
		if s.pos >= len(s.data) || s.data[s.pos] != '"' {
			return s.fail("json.key")
		}
		key, err := s.str()
		if err != nil {
			return err
		}
		// The member's name is only valid until the next string: copy it.
		key = append([]byte(nil), key...)
		s.space()
		if s.pos >= len(s.data) || s.data[s.pos] != ':' {
			return s.fail("json.colon")
		}
		s.pos++
		if err := member(key); err != nil {
			return err
		}
		s.space()
		if s.pos >= len(s.data) {
			return s.fail("json.object")
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
		case '}':
			s.pos++
			s.depth--
			return nil
		default:
			return s.fail("json.object")
		}
	}
}

// array reads an array at pos (after blanks), calling elem for each
// element; elem must read it.
func (s *jsonScanner) array(elem func() error) error {
	s.space()
	if s.depth++; s.depth > maxDepth {
		return newError(s.line, s.pos-s.lineStart+1, "", "", "json.depth", "max", strconv.Itoa(maxDepth))
	}
	s.pos++ // '['
	s.space()
	if s.pos < len(s.data) && s.data[s.pos] == ']' {
		s.pos++
		s.depth--
		return nil
	}
	for {
		if err := elem(); err != nil {
			return err
		}
		s.space()
		if s.pos >= len(s.data) {
			return s.fail("json.array")
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
		case ']':
			s.pos++
			s.depth--
			return nil
		default:
			return s.fail("json.array")
		}
	}
}

// str reads a string at pos and returns it decoded, valid until the next
// call.
func (s *jsonScanner) str() ([]byte, error) {
	s.pos++ // '"'
	s.buf = s.buf[:0]
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case c == '"':
			s.pos++
			return s.buf, nil
		case c == '\n' || c == '\r':
			return nil, newError(s.line, s.pos-s.lineStart+1, "", "", "json.string")
		case c < 0x20:
			return nil, newError(s.line, s.pos-s.lineStart+1, "", "", "json.control")
		case c == '\\':
			if err := s.escape(); err != nil {
				return nil, err
			}
		default:
			s.buf = append(s.buf, c)
			s.pos++
		}
	}
	return nil, newError(s.line, 0, "", "", "json.eof")
}

// escape decodes the escape at pos into s.buf.
func (s *jsonScanner) escape() error {
	at := s.pos
	bad := func() error {
		end := min(len(s.data), at+6)
		return newError(s.line, at-s.lineStart+1, "", shown(s.data[at:end]), "json.escape")
	}
	if at+1 >= len(s.data) {
		return bad()
	}
	switch c := s.data[at+1]; c {
	case '"', '\\', '/':
		s.buf = append(s.buf, c)
	case 'b':
		s.buf = append(s.buf, '\b')
	case 'f':
		s.buf = append(s.buf, '\f')
	case 'n':
		s.buf = append(s.buf, '\n')
	case 'r':
		s.buf = append(s.buf, '\r')
	case 't':
		s.buf = append(s.buf, '\t')
	case 'u':
		r, ok := hex4(s.data[at+2:])
		if !ok {
			return bad()
		}
		s.pos = at + 6
		if utf16.IsSurrogate(r) {
			if r2, ok := hex4(s.data[min(len(s.data), s.pos+2):]); ok && s.pos+1 < len(s.data) && s.data[s.pos] == '\\' && s.data[s.pos+1] == 'u' {
				if d := utf16.DecodeRune(r, r2); d != utf8.RuneError {
					s.buf = utf8.AppendRune(s.buf, d)
					s.pos += 6
					return nil
				}
			}
			r = utf8.RuneError
		}
		s.buf = utf8.AppendRune(s.buf, r)
		return nil
	default:
		return bad()
	}
	s.pos = at + 2
	return nil
}

// hex4 decodes four hexadecimal digits at the start of b.
func hex4(b []byte) (rune, bool) {
	if len(b) < 4 {
		return 0, false
	}
	var r rune
	for _, c := range b[:4] {
		switch {
		case c >= '0' && c <= '9':
			r = r<<4 | rune(c-'0')
		case c >= 'a' && c <= 'f':
			r = r<<4 | rune(c-'a'+10)
		case c >= 'A' && c <= 'F':
			r = r<<4 | rune(c-'A'+10)
		default:
			return 0, false
		}
	}
	return r, true
}

// scalar reads a value that is not an object or array: a number (the
// value's kind as parseValue gives it), a string (a number if it holds one
// as parseValue reads them, else text), true, false or null (missing).
// text reports a string that is not a number, or a boolean.
func (s *jsonScanner) scalar() (v float64, k kind, text bool, err error) {
	s.space()
	if s.pos >= len(s.data) {
		return 0, 0, false, s.fail("json.value")
	}
	if s.data[s.pos] == '"' {
		b, err := s.str()
		if err != nil {
			return 0, 0, false, err
		}
		v, k = parseValue(b, false)
		return v, k, k == invalid, nil
	}
	t := s.token()
	switch string(t) {
	case "true", "false":
		s.pos += len(t)
		return 0, missing, true, nil
	case "null":
		s.pos += len(t)
		return 0, missing, false, nil
	case "NaN":
		s.pos += len(t)
		return math.NaN(), notANumber, false, nil
	case "Infinity":
		s.pos += len(t)
		return math.Inf(1), infinite, false, nil
	case "-Infinity":
		s.pos += len(t)
		return math.Inf(-1), infinite, false, nil
	}
	if len(t) == 0 {
		return 0, 0, false, s.fail("json.value")
	}
	if !isJSONNumber(t) {
		c := t[0]
		if c == '-' || c == '+' || c == '.' || c >= '0' && c <= '9' {
			return 0, 0, false, newError(s.line, s.pos-s.lineStart+1, "", shown(t), "json.number")
		}
		return 0, 0, false, s.fail("json.value")
	}
	v, k = parseValue(t, false)
	s.pos += len(t)
	return v, k, false, nil
}

// isJSONNumber reports whether b is -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?.
func isJSONNumber(b []byte) bool {
	i := 0
	digits := func() int {
		n := 0
		for i < len(b) && b[i] >= '0' && b[i] <= '9' {
			i++
			n++
		}
		return n
	}
	if i < len(b) && b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case digits() == 0:
		return false
	}
	if i < len(b) && b[i] == '.' {
		i++
		if digits() == 0 {
			return false
		}
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		if digits() == 0 {
			return false
		}
	}
	return i == len(b)
}

// skip reads and discards any value at pos.
func (s *jsonScanner) skip() error {
	s.space()
	if s.pos >= len(s.data) {
		return s.fail("json.value")
	}
	switch s.data[s.pos] {
	case '{':
		return s.object(func([]byte) error { return s.skip() })
	case '[':
		return s.array(s.skip)
	}
	_, _, _, err := s.scalar()
	return err
}

// end checks that only blanks follow the value just read.
func (s *jsonScanner) end() error {
	s.space()
	if s.pos < len(s.data) {
		return newError(s.line, s.pos-s.lineStart+1, "", "", "json.extra", "found", s.found())
	}
	return nil
}
