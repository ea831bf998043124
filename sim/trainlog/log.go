package trainlog

import "strconv"

// MaxRows is the most rows Read keeps: twice 10^6, so that a run logged at
// every one of a million steps fits, and at most 48 MiB of float64s for a
// step and two values a row.
const MaxRows = 1 << 21

// MaxLine is the longest line Read accepts, in bytes, line ending included.
// Read's buffer has this size.
const MaxLine = 1 << 18

// A Format is a kind of log file Read understands.
type Format int

const (
	// CSV is comma-, semicolon-, tab- or space-separated text, with or
	// without a header: what Lightning's CSVLogger, Keras' CSVLogger,
	// TensorBoard's and W&B's CSV downloads, pandas' to_csv and
	// Ultralytics' results.csv write.
	CSV Format = iota
	// TrainerState is Hugging Face Trainer's trainer_state.json: a JSON
	// object whose log_history is an array of logged records; or any JSON
	// array of such records.
	TrainerState
	// JSONLines is one JSON object a line, each a logged record.
	JSONLines
	// TFEvents is a TensorBoard event file (events.out.tfevents.*).
	TFEvents
)

// String returns "csv", "trainer-state", "json-lines" or "tfevents".
func (f Format) String() string {
	switch f {
	case CSV:
		return "csv"
	case TrainerState:
		return "trainer-state"
	case JSONLines:
		return "json-lines"
	case TFEvents:
		return "tfevents"
	}
	return "Format(" + strconv.Itoa(int(f)) + ")"
}

// A Log is a training log as Read parsed it: every logged quantity (a CSV
// column, a JSON key, an event file's tag) as a Series of the steps at
// which it has a value. Choose one with Default or Lookup and judge it with
// Curve and Analyze, or all at once with Check.
type Log struct {
	Format Format
	Series []*Series // in the order the file first names them

	// StepName is the step column or key ("step" for a file without a
	// header, "" when records have no step and count as steps 1, 2, ...).
	StepName string
	Header   bool // CSV: whether the file had a header line

	// Rows counts the data rows read: CSV lines or JSON records, not blank
	// lines, comments or the header; the events with scalars of an event
	// file.
	Rows int

	// Notes says what Read left out and why (rows without a step, a
	// truncated event file), in the order found.
	Notes []Message

	tables    []*table
	stepField int // CSV: the step column's field, from 0
}

// A Series is one logged quantity: a column, key or tag and the rows at
// which it has a value (a number, NaN or an infinity; empty cells and
// missing-value markers are not values).
type Series struct {
	Name string
	Role Role

	// Points counts the rows with a value, Finite those with a finite one.
	Points, Finite int

	// err is the first cell of the series that is not a number: a series
	// with one is not judged, and Curve returns this error.
	err *ParseError

	t   *table
	col int
}

// Len returns the number of points, s.Points.
func (s *Series) Len() int { return s.Points }

// table is the storage behind the series of one step column: a CSV file's,
// a JSON log's, or one tag's of an event file. Row i has step[i], comes from
// line (or record) line[i], and holds the value cols[c].val[i] where bit i
// of cols[c].has is set.
type table struct {
	step    []float64
	line    []int32
	cols    []column
	records bool // line holds record numbers (an event file)
}

type column struct {
	val []float64
	has []uint64
	s   *Series
}

// newColumn adds a column for s to t, empty for the rows t has so far.
func (t *table) newColumn(s *Series) int {
	s.t, s.col = t, len(t.cols)
	t.cols = append(t.cols, column{val: make([]float64, len(t.step), cap(t.step)), has: make([]uint64, (len(t.step)+63)/64, (cap(t.step)+63)/64), s: s})
	return s.col
}

// addRow appends a row with no values yet and returns its index.
func (t *table) addRow(step float64, line int) int {
	t.step = append(t.step, step)
	t.line = append(t.line, int32(line))
	n := len(t.step)
	for c := range t.cols {
		col := &t.cols[c]
		col.val = append(col.val, 0)
		if (n+63)/64 > len(col.has) {
			col.has = append(col.has, 0)
		}
	}
	return n - 1
}

// set stores v in row i of column c.
func (t *table) set(i, c int, v float64) {
	col := &t.cols[c]
	col.val[i] = v
	col.has[i/64] |= 1 << (i % 64)
}

// get returns the value of row i in column c, and whether it has one.
func (t *table) get(i, c int) (float64, bool) {
	col := &t.cols[c]
	return col.val[i], col.has[i/64]&(1<<(i%64)) != 0
}

// reserve gives t's slices room for rows rows.
func (t *table) reserve(rows int) {
	if rows <= cap(t.step) {
		return
	}
	t.step = append(make([]float64, 0, rows), t.step...)
	t.line = append(make([]int32, 0, rows), t.line...)
	for c := range t.cols {
		col := &t.cols[c]
		col.val = append(make([]float64, 0, rows), col.val...)
		col.has = append(make([]uint64, 0, (rows+63)/64), col.has...)
	}
}

// points returns the steps, values and lines of the rows where s has a
// value: t's own slices when every row has one, copies otherwise.
func (s *Series) points() (step, val []float64, line []int32) {
	t := s.t
	col := &t.cols[s.col]
	if s.Points == len(t.step) {
		return t.step, col.val, t.line
	}
	step, val, line = make([]float64, 0, s.Points), make([]float64, 0, s.Points), make([]int32, 0, s.Points)
	for i := range t.step {
		if col.has[i/64]&(1<<(i%64)) != 0 {
			step, val, line = append(step, t.step[i]), append(val, col.val[i]), append(line, t.line[i])
		}
	}
	return step, val, line
}
