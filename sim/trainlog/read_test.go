package trainlog

import (
	"bytes"
	"errors"
	"io"
	"math"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

// nan stands for a NaN value in the expected slices.
var nan = math.NaN()

// sameFloats reports whether a and b hold the same values, NaN equal to NaN.
func sameFloats(a, b []float64) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}

// series returns the points of the series called name, failing the test if
// there is none.
func seriesOf(t *testing.T, l *Log, name string) (step, val []float64) {
	t.Helper()
	s, err := l.Lookup(name)
	if err != nil {
		t.Fatalf("Lookup(%q): %v", name, err)
	}
	step, val, _ = s.points()
	return step, val
}

// codes returns the codes of ms.
func codes(ms []Message) []string {
	var out []string
	for _, m := range ms {
		out = append(out, m.Code)
	}
	return out
}

func TestRead(t *testing.T) {
	tests := []struct {
		name       string
		in         string
		stepName   string
		loss       string // the default series
		step, val  []float64
		norm       string // a second series to check, if any
		nstep, nv  []float64
		header     bool
		notes      []string // codes of the Log's notes
		divergedAt float64  // Analyze's DivergedAt, or NaN
	}{
		{
			name: "header", in: "step,loss\n0,1.5\n10,1.25\n20,1\n", stepName: "step", loss: "loss",
			step: []float64{0, 10, 20}, val: []float64{1.5, 1.25, 1}, header: true, divergedAt: nan,
		},
		{
			name: "no header, no final newline", in: "5,0.5\n6,0.25", stepName: "step", loss: "loss",
			step: []float64{5, 6}, val: []float64{0.5, 0.25}, divergedAt: nan,
		},
		{
			name: "no header with a norm", in: "1,0.5,3\n2,0.25,3.5\n", stepName: "step", loss: "loss",
			step: []float64{1, 2}, val: []float64{0.5, 0.25}, norm: "norm", nstep: []float64{1, 2}, nv: []float64{3, 3.5}, divergedAt: nan,
		},
		{
			name: "semicolons and decimal commas", in: "iteration;train_loss;weight_norm\n1;0,5;2,25\n2;1e-3;2\n", stepName: "iteration", loss: "train_loss",
			step: []float64{1, 2}, val: []float64{0.5, 0.001}, norm: "weight_norm", nstep: []float64{1, 2}, nv: []float64{2.25, 2}, header: true, divergedAt: nan,
		},
		{
			name: "tabs", in: "iter\tloss\n100\t2\n200\t1\n", stepName: "iter", loss: "loss",
			step: []float64{100, 200}, val: []float64{2, 1}, header: true, divergedAt: nan,
		},
		{
			name: "spaces, as numpy.savetxt writes", in: "  1   2.5e-01 \n2 0.125\n", stepName: "step", loss: "loss",
			step: []float64{1, 2}, val: []float64{0.25, 0.125}, divergedAt: nan,
		},
		{
			name: "BOM, CRLF, blank lines, comments", in: "\ufeffEpoch,Loss\r\n\r\n# resumed\r\n1,3\r\n   \r\n2,2\r\n", stepName: "Epoch", loss: "Loss",
			step: []float64{1, 2}, val: []float64{3, 2}, header: true, divergedAt: nan,
		},
		{
			name: "lone CRs are line breaks", in: "step,loss\r1,0.5\r2,0.25\r\r3,0.125", stepName: "step", loss: "loss",
			step: []float64{1, 2, 3}, val: []float64{0.5, 0.25, 0.125}, header: true, divergedAt: nan,
		},
		{
			name: "quoted fields and blanks", in: "\"global step\", \"loss, mean\" ,\"param \"\"norm\"\"\"\n\"1\", 0.5 , \"7\"\n", stepName: "global step", loss: "loss, mean",
			step: []float64{1}, val: []float64{0.5}, norm: `param "norm"`, nstep: []float64{1}, nv: []float64{7}, header: true, divergedAt: nan,
		},
		{
			name: "missing values", in: "step,loss,param_norm\n1,0.5,1\n2,,2\n3,NaN,\n4,null,-\n5,nan,None\n-,0.1,1\n6,N/A,3\n7,0.25,NA\n", stepName: "step", loss: "loss",
			step: []float64{1, 3, 5, 7}, val: []float64{0.5, nan, nan, 0.25}, norm: "param_norm", nstep: []float64{1, 2, 6}, nv: []float64{1, 2, 3},
			header: true, notes: []string{"note.step.missing"}, divergedAt: nan,
		},
		{
			name: "a NaN step is left out and said", in: "step,loss\n1,0.5\nnan,0.4\n3,0.3\nNaN,0.2\n", stepName: "step", loss: "loss",
			step: []float64{1, 3}, val: []float64{0.5, 0.3}, header: true, notes: []string{"note.step.nan"}, divergedAt: nan,
		},
		{
			name: "TensorBoard export", in: "Wall time,Step,Value\n1700000000.5,1,0.75\n1700000001.5,2,0.5\n", stepName: "Step", loss: "Value",
			step: []float64{1, 2}, val: []float64{0.75, 0.5}, header: true, divergedAt: nan,
		},
		{
			name: "Lightning metrics.csv", in: "epoch,step,train_loss,val_loss\n0,49,0.5,\n0,49,,0.625\n1,99,0.25,\n1,99,,0.5\n", stepName: "step", loss: "train_loss",
			step: []float64{49, 99}, val: []float64{0.5, 0.25}, norm: "val_loss", nstep: []float64{49, 99}, nv: []float64{0.625, 0.5}, header: true, divergedAt: nan,
		},
		{
			name: "wandb paths and a loss found by its name", in: "trainer/global_step,val/loss_epoch\n10,1\n20,0.5\n", stepName: "trainer/global_step", loss: "val/loss_epoch",
			step: []float64{10, 20}, val: []float64{1, 0.5}, header: true, divergedAt: nan,
		},
		{
			name: "pandas index column", in: ",step,loss\n0,10,0.5\n1,20,0.25\n", stepName: "step", loss: "loss",
			step: []float64{10, 20}, val: []float64{0.5, 0.25}, norm: "column 1", nstep: []float64{10, 20}, nv: []float64{0, 1}, header: true, divergedAt: nan,
		},
		{
			name: "first row with a missing step and a decimal comma", in: "-;0,5\n1;0,25\n", stepName: "step", loss: "loss",
			step: []float64{1}, val: []float64{0.25}, notes: []string{"note.step.missing"}, divergedAt: nan,
		},
		{
			name: "negative and fractional steps", in: "-2.5,4\n-1,3\n0.5,2\n", stepName: "step", loss: "loss",
			step: []float64{-2.5, -1, 0.5}, val: []float64{4, 3, 2}, divergedAt: nan,
		},
		{
			name: "a column of text is no error unless judged", in: "step,phase,loss\n1,train,0.5\n2,val,0.25\n", stepName: "step", loss: "loss",
			step: []float64{1, 2}, val: []float64{0.5, 0.25}, header: true, divergedAt: nan,
		},
		{
			name: "NaN for good is divergence", in: "step,loss\n1,0.5\n2,0.75\n3,nan\n4,\n5,-nan\n6,+Inf\n7,1e400\n", stepName: "step", loss: "loss",
			step: []float64{1, 2, 3, 5, 6, 7}, val: []float64{0.5, 0.75, nan, nan, math.Inf(1), math.Inf(1)}, header: true, divergedAt: 3,
		},
		{
			name: "JSON lines", in: "{\"step\": 1, \"loss\": 0.5}\n\n{\"step\": 2, \"loss\": NaN}\r\n{\"step\": 3, \"loss\": \"0.25\", \"note\": \"ok\"}\n", stepName: "step", loss: "loss",
			step: []float64{1, 2, 3}, val: []float64{0.5, nan, 0.25}, divergedAt: nan,
		},
		{
			name: "JSON lines without a step", in: "{\"loss\": 3}\n{\"loss\": 2, \"acc\": {\"top1\": 0.5}}\n", stepName: "", loss: "loss",
			step: []float64{1, 2}, val: []float64{3, 2}, norm: "acc/top1", nstep: []float64{2}, nv: []float64{0.5}, notes: []string{"note.records"}, divergedAt: nan,
		},
		{
			name: "a JSON array of records", in: "[{\"iter\": 5, \"train_loss\": 1e-1}, {\"iter\": 6, \"train_loss\": Infinity}]", stepName: "iter", loss: "train_loss",
			step: []float64{5, 6}, val: []float64{0.1, math.Inf(1)}, divergedAt: 6,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := Read(strings.NewReader(tt.in))
			if err != nil {
				t.Fatalf("Read: %v", err)
			}
			// A byte at a time, and without a Len method to size the slices.
			slow, err := Read(iotest.OneByteReader(strings.NewReader(tt.in)))
			if err != nil {
				t.Fatalf("read a byte at a time: %v", err)
			}
			if l.StepName != tt.stepName || l.Header != tt.header {
				t.Errorf("step %q, header %v; want %q, %v", l.StepName, l.Header, tt.stepName, tt.header)
			}
			s, err := l.Default()
			if err != nil || s.Name != tt.loss {
				t.Fatalf("Default() = %v, %v; want %q", s, err, tt.loss)
			}
			for _, log := range []*Log{l, slow} {
				step, val := seriesOf(t, log, tt.loss)
				if !sameFloats(step, tt.step) || !sameFloats(val, tt.val) {
					t.Errorf("%s: steps %v, values %v; want %v, %v", tt.loss, step, val, tt.step, tt.val)
				}
				if tt.norm != "" {
					step, val := seriesOf(t, log, tt.norm)
					if !sameFloats(step, tt.nstep) || !sameFloats(val, tt.nv) {
						t.Errorf("%s: steps %v, values %v; want %v, %v", tt.norm, step, val, tt.nstep, tt.nv)
					}
				}
			}
			if got := strings.Join(codes(l.Notes), " "); got != strings.Join(tt.notes, " ") {
				t.Errorf("notes %q, want %q", got, tt.notes)
			}
			r, err := Check(l, "")
			if err != nil {
				t.Fatalf("Check: %v", err)
			}
			if d := r.DivergedAt; d != tt.divergedAt && !(math.IsNaN(d) && math.IsNaN(tt.divergedAt)) {
				t.Errorf("DivergedAt = %v, want %v", d, tt.divergedAt)
			}
		})
	}
}

// TestNaNGapNote checks that NaN values that finite ones follow are said,
// with their count and the first one's step and line.
func TestNaNGapNote(t *testing.T) {
	l, err := Read(strings.NewReader("step,loss\n1,0.5\n2,nan\n3,0.25\n4,inf\n5,0.125\n"))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Check(l, "")
	if err != nil {
		t.Fatal(err)
	}
	want := `"loss" has NaN or infinite values that finite ones follow, which were left out (count: 2; the first at step 2, line 3)`
	if len(r.Notes) != 1 || r.Notes[0].Text("en") != want {
		t.Errorf("notes %v, want %q", r.Notes, want)
	}
}

func TestReadErrors(t *testing.T) {
	long := strings.Repeat("x", 10_000)
	tests := []struct {
		name         string
		in           string
		line, column int
		colName      string
		value        string // the ParseError's Value
		code         string
		msg          string // a part of the English message
	}{
		{"bad number", "step,loss\n1,0.5\n2,0.4\n3,abc\n", 4, 2, "loss", "abc", "number.invalid", `line 4, column 2 ("loss"): "abc" is not a number`},
		{"bad step without header", "1,0.5\n2x,0.4\n", 2, 1, "step", "2x", "number.invalid", `line 2, column 1 ("step"): "2x" is not a number`},
		{"hexadecimal loss", "step,loss\n1,0x1p-3\n", 2, 2, "loss", "0x1p-3", "number.hex", `"0x1p-3" is a hexadecimal number: write it as a plain decimal number (0.125)`},
		{"hexadecimal step", "0x10,1\n", 1, 1, "step", "0x10", "number.hex", `(16)`},
		{"underscores", "step,loss\n1_000,0.5\n", 2, 1, "step", "1_000", "number.underscore", `"1_000" has underscores: write the number without them (1000)`},
		{"a lone CR is no decimal comma", "step,loss\r1,0.5\r2,x\r", 3, 2, "loss", "x", "number.invalid", `line 3, column 2 ("loss")`},
		{"too few fields", "step,loss\n1,0.5\n2\n", 3, 2, "loss", "", "csv.fields.missing.header", "is missing: the line has 1 of the 2 fields of the header (line 1)"},
		{"too many fields", "step,loss\n1,0,5\n", 2, 3, "", "5", "csv.fields.extra.header", "is one field too many"},
		{"too many fields without header", "1,0.5\n2,0.4,7\n", 2, 3, "", "7", "csv.fields.extra.first", "the first line has 2"},
		{"one column", "0.5\n0.4\n", 1, 0, "", "0.5", "csv.single", "is a single column"},
		{"empty file", "", 0, 0, "", "", "file.empty", "the file is empty"},
		{"only blank lines and comments", "\n  \r\n# nothing\n", 0, 0, "", "", "file.empty", "the file is empty"},
		{"header only", "step,loss\n", 1, 0, "", "", "csv.header.only", "line 1: the header is not followed by any row"},
		{"header and blank lines", "\n\nstep,loss\n\n", 3, 0, "", "", "csv.header.only", "not followed by any row"},
		{"duplicate header", "step,loss,loss\n1,2,3\n", 1, 3, "loss", "", "csv.header.duplicate", `line 1, column 3 ("loss"): is a second column named "loss": column 2 has that name already`},
		{"duplicate step", "iter,loss,Iter\n1,2,3\n", 1, 3, "Iter", "", "csv.header.duplicate", "is a second column named"},
		{"unknown header", "foo,bar\n1,2\n", 1, 0, "", "", "csv.header.nostep", `the header ("foo", "bar") has no step column`},
		{"no loss by name", "step,acc,f1\n1,2,3\n", 0, 0, "", "", "column.noloss", `no column, key or tag looks like a loss: the log has "acc", "f1"`},
		{"10 kB field", "step,loss\n1,0.5\n2," + long + "\n", 3, 2, "loss", strings.Repeat("x", 32) + "…", "number.invalid", "is not a number"},
		{"line too long", "step,loss\n1,0.5\n2," + strings.Repeat("1", MaxLine) + "\n", 3, 0, "", "", "line.long", "longer than 262144 bytes"},
		{"step going back", "step,loss\n1,0.5\n3,0.4\n2,0.3\n", 4, 1, "step", "2", "step.order", `"2" does not follow step 3 on line 3`},
		{"step repeated", "step,loss\n1,0.5\n\n1,0.4\n", 4, 1, "step", "1", "step.order", "does not follow step 1 on line 2"},
		{"infinite step", "inf,0.5\n", 1, 1, "step", "inf", "step.infinite", "is not a finite step"},
		{"unclosed quote", "step,loss\n1,\"0.5\n", 2, 2, "loss", "", "csv.quote.open", "no closing quote"},
		{"text after a quote", "step,loss\n1,\"0.5\"x,\n", 2, 2, "loss", "x", "csv.quote.after", `"x" follows the closing quote`},
		{"unclosed quote in header", "step,\"loss\n", 1, 2, "", "", "csv.quote.open", "no closing quote"},
		{"NUL bytes", "s\x00t\x00e\x00p\x00,\x00l\x00\n", 1, 0, "", "", "text.binary", "not UTF-8 text"},
		{"no loss anywhere", "step,loss\n1,nan\n2,inf\n", 0, 0, "loss", "", "series.nofinite", `"loss": has no finite value: 2 of 2 are NaN or infinite`},
		{"no step anywhere", "step,loss\n,1\n-,2\n", 0, 1, "step", "", "step.none", "no row has a step"},
		// JSON: the line and column of what is wrong, and what was expected.
		{"JSON: a missing comma", "{\n  \"log_history\": [\n    {\"step\": 1, \"loss\": 2}\n    {\"step\": 2}\n  ]\n}\n", 4, 5, "", "", "json.array", `line 4, column 5: expected ',' or ']' after an array's element, found "{"`},
		{"JSON: a bad value", "{\"log_history\": [{\"step\": 1, \"loss\": tru}]}", 1, 38, "", "", "json.value", `found "tru"`},
		{"JSON: a leading plus", "[{\"step\": 1, \"loss\": +1}]", 1, 22, "", "+1", "json.number", `"+1" is not a JSON number`},
		{"JSON: cut short", "{\"log_history\": [{\"step\": 1", 1, 0, "", "", "json.eof", "the file ends inside a JSON value"},
		{"JSON: no log_history", "{\n\"global_step\": 3\n}", 0, 0, "", "", "json.history", "no log_history array"},
		{"JSON: a record is not an object", "[1, 2]", 1, 2, "", "", "json.record", `expected an object (one logged record), found "1"`},
		{"JSON: a step that is text", "[{\"step\": \"two\", \"loss\": 1}]", 1, 11, "step", "two", "number.invalid", `"two" is not a number`},
		{"JSON: bad escape", "[{\"lo\\qss\": 1}]", 1, 6, "", `\qss":`, "json.escape", "is not an escape JSON knows"},
		{"JSON lines: a bad line", "{\"step\": 1, \"loss\": 2}\n{\"step\": 2, \"loss\": 1,}\n", 2, 23, "", "", "json.key", `line 2, column 23: expected a member's name in double quotes, found "}"`},
		{"JSON lines: two values on a line", "{\"step\": 1, \"loss\": 2} {\"step\": 2}\n", 1, 24, "", "", "json.extra", "expected the end of the JSON value"},
		{"JSON: nested too deep", "[" + strings.Repeat(`{"a":`, 100) + "1" + strings.Repeat("}", 100) + "]", 1, 317, "", "", "json.depth", "nested more than 64 deep"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := readCheck(tt.in)
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("got %v, want a *ParseError", err)
			}
			if pe.Line != tt.line || pe.Column != tt.column || pe.Name != tt.colName || pe.Value != tt.value || pe.Code != tt.code {
				t.Errorf("line %d, column %d, name %q, value %q, code %s; want %d, %d, %q, %q, %s",
					pe.Line, pe.Column, pe.Name, pe.Value, pe.Code, tt.line, tt.column, tt.colName, tt.value, tt.code)
			}
			if !strings.Contains(pe.Error(), tt.msg) {
				t.Errorf("message %q does not contain %q", pe, tt.msg)
			}
			if ja := pe.Text("ja"); ja == pe.Error() || placeholder.MatchString(ja) {
				t.Errorf("Japanese %q", ja)
			}
		})
	}
}

// placeholder matches a template's parameter left unfilled.
var placeholder = regexp.MustCompile(`\{[a-zA-Z]+\}`)

// readCheck reads in and checks its default series.
func readCheck(in string) (Report, error) {
	l, err := Read(strings.NewReader(in))
	if err != nil {
		return Report{}, err
	}
	return Check(l, "")
}

// TestReadFailure checks that a failing reader's error is passed on.
func TestReadFailure(t *testing.T) {
	boom := errors.New("disk on fire")
	_, err := Read(iotest.ErrReader(boom))
	var pe *ParseError
	if !errors.Is(err, boom) || !errors.As(err, &pe) || pe.Line != 1 || pe.Code != "read.failed" {
		t.Errorf("Read = %v, want a *ParseError on line 1 wrapping %v", err, boom)
	}
	_, err = Read(io.MultiReader(strings.NewReader("step,loss\n1,2\n"), iotest.ErrReader(boom)))
	if !errors.Is(err, boom) {
		t.Errorf("a failure after the first lines: %v, want %v", err, boom)
	}
}

// TestReadLarge reads a million rows, with and without sizing the slices
// from the reader's length, and then one row more than MaxRows.
func TestReadLarge(t *testing.T) {
	if testing.Short() {
		t.Skip("a million rows")
	}
	data := million()
	l, err := Read(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	step, _ := seriesOf(t, l, "loss")
	if len(step) != 1_000_000 || step[0] != 0 || step[len(step)-1] != 999_999 || len(l.Series) != 2 {
		t.Errorf("read %d rows from step %v to %v, %d series", len(step), step[0], step[len(step)-1], len(l.Series))
	}
	grown, err := Read(struct{ io.Reader }{bytes.NewReader(data)})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"loss", "param_norm"} {
		a, av := seriesOf(t, l, name)
		b, bv := seriesOf(t, grown, name)
		if !sameFloats(a, b) || !sameFloats(av, bv) {
			t.Errorf("%s: reading without a Len method gave other values", name)
		}
	}

	_, err = Read(&rows{n: MaxRows + 1})
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != MaxRows+1 || pe.Code != "rows.many" {
		t.Errorf("reading %d rows: %v, want an error on line %d", MaxRows+1, err, MaxRows+1)
	}
}

// rows is a reader of n lines "k,1" for k = 0, 1, ..., n-1.
type rows struct {
	k, n int
	left []byte // what did not fit in the last call
}

func (r *rows) Read(p []byte) (int, error) {
	m := copy(p, r.left)
	r.left = r.left[m:]
	for r.k < r.n && m < len(p) {
		line := strconv.Itoa(r.k) + ",1\n"
		c := copy(p[m:], line)
		r.left = append(r.left[:0], line[c:]...)
		m += c
		r.k++
	}
	if m == 0 && r.k == r.n {
		return 0, io.EOF
	}
	return m, nil
}
