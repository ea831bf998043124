package trainlog

import "bytes"

// spaces is the separator of a file whose fields are separated by runs of
// blanks, as numpy.savetxt and gnuplot write them.
const spaces = ' '

// sniff returns the field separator of a file from its first line: a tab if
// the line holds one outside quotes, else a semicolon, else a comma, else
// runs of spaces; 0 if the line is a single field. Tab and semicolon come
// first because a file separated by them may write numbers with a decimal
// comma ("0,25"), while a comma-separated file never holds a stray tab.
func sniff(line []byte) byte {
	var tabs, semis, commas, blanks int
	quoted := false
	for _, c := range bytes.TrimSpace(line) {
		switch {
		case c == '"':
			quoted = !quoted
		case quoted:
		case c == '\t':
			tabs++
		case c == ';':
			semis++
		case c == ',':
			commas++
		case c == ' ':
			blanks++
		}
	}
	switch {
	case tabs > 0:
		return '\t'
	case semis > 0:
		return ';'
	case commas > 0:
		return ','
	case blanks > 0:
		return spaces
	}
	return 0
}

// isBlank reports whether c is padding around a field separated by sep.
func isBlank(c, sep byte) bool {
	return c == ' ' || (c == '\t' && sep != '\t')
}

// isBlankLine reports whether line holds nothing but spaces and tabs.
func isBlankLine(line []byte) bool {
	for _, c := range line {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// fieldError says why a line could not be cut into fields.
type fieldError struct {
	column int    // 1-based field number
	value  []byte // the offending text, if any
	reason string
}

// split cuts line into fields separated by sep, appending them to dst[:0].
// Blanks around a field are dropped. A field may be quoted ("a, b"), with a
// doubled quote standing for one; the quotes are removed in place, so the
// fields alias line. A quoted field must close on its line: a training log
// has no use for a line break inside a field. With sep == spaces, any run of
// blanks separates fields and blanks at either end of the line are ignored.
func split(dst [][]byte, line []byte, sep byte) ([][]byte, *fieldError) {
	dst = dst[:0]
	n := len(line)
	if sep == spaces {
		line = bytes.Trim(line, " \t")
		n = len(line)
	}
	i := 0
	for {
		for i < n && isBlank(line[i], sep) {
			i++
		}
		var field []byte
		if i < n && line[i] == '"' {
			field, i = unquote(line, i)
			if i < 0 {
				return dst, &fieldError{column: len(dst) + 1, reason: "has an opening quote but no closing quote on its line"}
			}
			if sep != spaces {
				for i < n && isBlank(line[i], sep) {
					i++
				}
			}
			if i < n && line[i] != sep && !(sep == spaces && isBlank(line[i], sep)) {
				end := i
				for end < n && line[end] != sep && !(sep == spaces && isBlank(line[end], sep)) {
					end++
				}
				return dst, &fieldError{column: len(dst) + 1, value: line[i:end], reason: "follows the closing quote of the field"}
			}
		} else {
			end := n
			if sep == spaces {
				end = i
				for end < n && !isBlank(line[end], sep) {
					end++
				}
			} else if k := bytes.IndexByte(line[i:], sep); k >= 0 {
				end = i + k
			}
			field = line[i:end]
			for len(field) > 0 && isBlank(field[len(field)-1], sep) {
				field = field[:len(field)-1]
			}
			i = end
		}
		dst = append(dst, field)
		if i >= n {
			return dst, nil
		}
		i++ // the separator, or the first blank of a run of them
	}
}

// unquote reads the quoted field that starts at line[i] == '"'. It returns
// the field's text, with each doubled quote written in place as one, and the
// index just past the closing quote; or -1 if the field does not close.
func unquote(line []byte, i int) ([]byte, int) {
	start := i + 1
	w := start
	for j := start; j < len(line); {
		c := line[j]
		j++
		if c == '"' {
			if j == len(line) || line[j] != '"' {
				return line[start:w], j
			}
			j++
		}
		line[w] = c
		w++
	}
	return nil, -1
}
