package trainlog

import (
	"bufio"
	"bytes"
	"io"
)

// Read parses a training log in any of the Formats, which it tells from the
// first bytes: a TensorBoard event file by its first record's checksum,
// JSON by a '{' or '[' (one object on the first line is JSON lines, unless
// it holds a log_history), anything else as CSV. What each format may hold
// and how its steps are found is in the doc comments of readCSV,
// readTrainerState, readJSONLines and readTFEvents.
//
// Read keeps no text, only float64 slices of the values, and accepts at
// most MaxRows rows of at most MaxLine bytes. If r has a Len method giving
// the bytes left unread, as *bytes.Reader and *strings.Reader do, Read
// sizes the slices of a CSV log from it after the first rows instead of
// growing them step by step, which saves most of what it allocates.
//
// Every error is a *ParseError with the place and the reason.
func Read(r io.Reader) (*Log, error) {
	br := bufio.NewReaderSize(r, MaxLine)
	left, _ := r.(interface{ Len() int })
	head, err := br.Peek(MaxLine)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		e := newError(1, 0, "", "", "read.failed", "reason", err.Error())
		e.Err = err
		return nil, e
	}
	if isTFEvents(head) {
		return readTFEvents(br)
	}
	text := bytes.TrimPrefix(head, []byte("\xef\xbb\xbf"))
	text = bytes.TrimLeft(text, " \t\r\n")
	switch {
	case len(text) > 0 && text[0] == '[':
		return readTrainerState(br)
	case len(text) > 0 && text[0] == '{':
		if oneLineRecord(text) {
			return readJSONLines(br)
		}
		return readTrainerState(br)
	}
	return readCSV(br, left)
}

// oneLineRecord reports whether text starts with a JSON object that closes
// on its first line and has no log_history member: the first record of
// JSON lines.
func oneLineRecord(text []byte) bool {
	if i := indexEOL(text); i >= 0 {
		text = text[:i]
	}
	s := newJSONScanner(text, 1)
	history := false
	err := s.object(func(key []byte) error {
		if string(key) == "log_history" {
			history = true
		}
		return s.skip()
	})
	return err == nil && !history
}
