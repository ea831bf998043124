package trainlog

import (
	"bufio"
	"bytes"
	"io"
	"strconv"
)

// maxJSON is the largest JSON document (not JSON lines, which Read streams)
// Read accepts: 256 MiB.
const maxJSON = 1 << 28

// readTrainerState parses a JSON document: Hugging Face Trainer's
// trainer_state.json, whose log_history is an array of logged records, or
// a JSON array of records. A record is an object of a step and the values
// logged at it ({"epoch": 0.04, "grad_norm": 3.1, "learning_rate": 4.9e-05,
// "loss": 2.31, "step": 10}); nested objects count as keys joined by a
// slash ({"train": {"loss": 1}} is train/loss); arrays, booleans and nulls
// are not values. See records for the steps.
func readTrainerState(br *bufio.Reader) (*Log, error) {
	data, err := io.ReadAll(io.LimitReader(br, maxJSON+1))
	if err != nil {
		e := newError(0, 0, "", "", "read.failed", "reason", err.Error())
		e.Err = err
		return nil, e
	}
	if len(data) > maxJSON {
		return nil, newError(0, 0, "", "", "file.large", "max", strconv.Itoa(maxJSON))
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	b := newRecords(TrainerState)
	s := newJSONScanner(data, 1)
	s.space()
	if s.pos < len(s.data) && s.data[s.pos] == '[' {
		err = s.array(func() error { return b.record(s) })
	} else {
		found := false
		err = s.object(func(key []byte) error {
			if s.depth == 1 && string(key) == "log_history" {
				s.space()
				if s.pos < len(s.data) && s.data[s.pos] == '[' {
					found = true
					return s.array(func() error { return b.record(s) })
				}
			}
			return s.skip()
		})
		if err == nil && !found {
			return nil, newError(0, 0, "", "", "json.history")
		}
	}
	if err == nil {
		err = s.end()
	}
	if err != nil {
		return nil, err
	}
	return b.finish()
}

// readJSONLines parses one JSON object a line, each a record as in
// readTrainerState (W&B's wandb-history.jsonl, a script's own log); blank
// lines are skipped.
func readJSONLines(br *bufio.Reader) (*Log, error) {
	b := newRecords(JSONLines)
	lr := newLineReader(br)
	for {
		line, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, err
		}
		if isBlankLine(line) {
			continue
		}
		s := newJSONScanner(line, lr.line)
		if err := b.record(s); err != nil {
			return nil, err
		}
		if err := s.end(); err != nil {
			return nil, err
		}
	}
	if b.log.Rows == 0 {
		return nil, newError(0, 0, "", "", "file.empty")
	}
	return b.finish()
}

// records builds a Log from JSON records. The step key is the best of
// stepNames that the first record holds (HF's "step", W&B's "_step"); if it
// holds none, every record counts as the next step, 1, 2, 3, ... (and a note
// says so). A record without the step key, or with a NaN step, is left out
// and counted in a note. Every other key with a number is a Series; a key
// whose value is a string that is not a number is an error if the key holds
// numbers elsewhere (reported by Curve when that series is judged), and
// ignored otherwise.
type records struct {
	log    *Log
	t      *table
	byName map[string]int // the series' columns in t

	decided bool   // the step key is chosen
	stepKey string // "" for record numbers

	leaves                         []leaf // the current record's values
	names                          []byte // their names, one after the other
	path                           []byte // the current key path
	line                           int    // the current record's line
	nanSteps, missingSteps         int
	firstNaNStep, firstMissingStep int
}

type leaf struct {
	name      [2]int // the name's bounds in names
	v         float64
	k         kind
	text      bool
	line, col int
	raw       string // a text value, for an error
}

func newRecords(f Format) *records {
	t := &table{}
	return &records{log: &Log{Format: f, tables: []*table{t}}, t: t, byName: map[string]int{}}
}

// record reads one record at s's position.
func (b *records) record(s *jsonScanner) error {
	b.leaves, b.names, b.path = b.leaves[:0], b.names[:0], b.path[:0]
	s.space()
	b.line = s.line
	if err := b.object(s); err != nil {
		return err
	}
	return b.add()
}

// object reads an object's members into b.leaves, under b.path.
func (b *records) object(s *jsonScanner) error {
	return s.object(func(key []byte) error {
		n := len(b.path)
		if n > 0 {
			b.path = append(b.path, '/')
		}
		b.path = append(b.path, key...)
		defer func() { b.path = b.path[:n] }()
		s.space()
		if s.pos < len(s.data) {
			switch s.data[s.pos] {
			case '{':
				return b.object(s)
			case '[':
				return s.skip()
			}
		}
		line, col := s.line, s.pos-s.lineStart+1
		at := s.pos
		v, k, text, err := s.scalar()
		if err != nil {
			return err
		}
		l := leaf{v: v, k: k, text: text, line: line, col: col}
		if text {
			l.raw = shown(bytes.Trim(s.data[at:s.pos], `"`))
		}
		l.name[0] = len(b.names)
		b.names = append(b.names, b.path...)
		l.name[1] = len(b.names)
		b.leaves = append(b.leaves, l)
		return nil
	})
}

// add stores the current record.
func (b *records) add() error {
	log := b.log
	log.Rows++
	name := func(l leaf) []byte { return b.names[l.name[0]:l.name[1]] }
	if !b.decided {
		b.decided = true
		best := -1
		for _, l := range b.leaves {
			if r := stepRank(string(name(l))); r >= 0 && (best < 0 || r < best) {
				best, b.stepKey = r, string(name(l))
			}
		}
		log.StepName = b.stepKey
		if b.stepKey == "" {
			log.Notes = append(log.Notes, msg("note.records"))
		}
	}
	step, stepAt := float64(log.Rows), -1
	if b.stepKey != "" {
		for i, l := range b.leaves {
			if string(name(l)) == b.stepKey {
				stepAt = i
			}
		}
		k := missing
		if stepAt >= 0 {
			l := b.leaves[stepAt]
			step, k = l.v, l.k
			if l.text {
				return newError(l.line, l.col, b.stepKey, l.raw, "number.invalid")
			}
		}
		switch k {
		case missing:
			if b.missingSteps == 0 {
				b.firstMissingStep = b.line
			}
			b.missingSteps++
			return nil
		case notANumber:
			if b.nanSteps == 0 {
				b.firstNaNStep = b.line
			}
			b.nanSteps++
			return nil
		case infinite:
			l := b.leaves[stepAt]
			return newError(l.line, l.col, b.stepKey, strconv.FormatFloat(step, 'g', -1, 64), "step.infinite")
		}
	}
	row := -1
	for i, l := range b.leaves {
		if i == stepAt || l.k == missing && !l.text {
			continue
		}
		c, ok := b.byName[string(name(l))]
		if l.text {
			if ok {
				if s := b.t.cols[c].s; s.err == nil {
					s.err = newError(l.line, l.col, s.Name, l.raw, "number.invalid")
				}
			}
			continue
		}
		if !ok {
			s := &Series{Name: string(name(l))}
			s.Role = roleOf(s.Name)
			if s.Name == log.StepName {
				s.Role = Index
			}
			log.Series = append(log.Series, s)
			c = b.t.newColumn(s)
			b.byName[s.Name] = c
		}
		if row < 0 {
			if len(b.t.step) == MaxRows {
				return newError(b.line, 0, "", "", "rows.many", "max", strconv.Itoa(MaxRows))
			}
			row = b.t.addRow(step, b.line)
		}
		s := b.t.cols[c].s
		if old, ok := b.t.get(row, c); ok { // a key repeated in one record: the last counts
			s.Points--
			if isFinite(old) {
				s.Finite--
			}
		}
		s.Points++
		if l.k == number {
			s.Finite++
		}
		b.t.set(row, c, l.v)
	}
	return nil
}

// finish adds the notes on left-out records.
func (b *records) finish() (*Log, error) {
	log := b.log
	switch {
	case log.Rows == 0:
		return nil, newError(0, 0, "", "", "file.empty")
	case b.missingSteps+b.nanSteps == log.Rows:
		return nil, newError(0, 0, b.stepKey, "", "step.none", "rows", strconv.Itoa(log.Rows))
	}
	if b.nanSteps > 0 {
		log.Notes = append(log.Notes, msg("note.step.nan", "count", strconv.Itoa(b.nanSteps), "line", strconv.Itoa(b.firstNaNStep)))
	}
	if b.missingSteps > 0 {
		log.Notes = append(log.Notes, msg("note.step.missing", "count", strconv.Itoa(b.missingSteps), "line", strconv.Itoa(b.firstMissingStep)))
	}
	return log, nil
}
