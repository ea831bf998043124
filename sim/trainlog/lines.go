package trainlog

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
)

// lineReader cuts its input into lines at "\n", "\r\n" or a lone "\r" (the
// line ending of classic Mac OS, and of some spreadsheets' CSV export),
// without the line ending and without a UTF-8 byte-order mark on the first
// line. A line may be at most MaxLine bytes long with its ending.
type lineReader struct {
	br   *bufio.Reader
	line int  // the number of the line last returned
	read int  // bytes consumed
	cr   bool // the last line ended with a lone '\r' at the end of the buffered data: skip a '\n' that follows
}

func newLineReader(br *bufio.Reader) *lineReader { return &lineReader{br: br} }

// next returns the next line, or io.EOF after the last one. The line
// aliases the reader's buffer until the next call.
func (l *lineReader) next() ([]byte, error) {
	if l.cr {
		l.cr = false
		if b, err := l.br.Peek(1); err == nil && b[0] == '\n' {
			l.br.Discard(1)
			l.read++
		}
	}
	// Look for the first '\n' or '\r' in what the buffer holds, and ask for
	// one byte more than that (which reads more, moving the partial line to
	// the front of the buffer) until one comes or the input ends.
	n := 0 // bytes of the partial line already searched
	for {
		buf, _ := l.br.Peek(l.br.Buffered())
		if i := indexEOL(buf[n:]); i >= 0 {
			end := n + i
			skip := end + 1
			if buf[end] == '\r' {
				switch {
				case skip < len(buf) && buf[skip] == '\n':
					skip++
				case skip == len(buf):
					l.cr = true
				}
			}
			return l.take(buf[:end], skip), nil
		}
		n = len(buf)
		if n >= MaxLine {
			return nil, newError(l.line+1, 0, "", "", "line.long", "max", strconv.Itoa(MaxLine))
		}
		if more, err := l.br.Peek(n + 1); err != nil {
			if err != io.EOF {
				e := newError(l.line+1, 0, "", "", "read.failed", "reason", err.Error())
				e.Err = err
				return nil, e
			}
			if len(more) == 0 {
				return nil, io.EOF
			}
			return l.take(more, len(more)), nil
		}
	}
}

// take returns line, counts it, and consumes skip bytes of the buffer. The
// slice stays valid because Discard does not move the buffer's contents.
func (l *lineReader) take(line []byte, skip int) []byte {
	l.line++
	l.read += skip
	if l.line == 1 {
		line = bytes.TrimPrefix(line, []byte("\xef\xbb\xbf"))
	}
	l.br.Discard(skip)
	return line
}

// indexEOL returns the index of the first '\n' or '\r' in b, or -1.
func indexEOL(b []byte) int {
	i := bytes.IndexByte(b, '\n')
	end := b
	if i >= 0 {
		end = b[:i]
	}
	if j := bytes.IndexByte(end, '\r'); j >= 0 {
		return j
	}
	return i
}
