package trainlog

import (
	"bytes"
	"errors"
	"io"
	"math"
	"strconv"
	"strings"
	"testing"
	"testing/iotest"
)

// nan stands for a missing value in the expected slices.
var nan = math.NaN()

// sameFloats reports whether a and b hold the same values, NaN equal to NaN.
func sameFloats(a, b []float64) bool {
	if len(a) != len(b) || (a == nil) != (b == nil) {
		return false
	}
	for i := range a {
		if a[i] != b[i] && !(math.IsNaN(a[i]) && math.IsNaN(b[i])) {
			return false
		}
	}
	return true
}

func TestRead(t *testing.T) {
	tests := []struct {
		name             string
		in               string
		step, loss, norm []float64
		names            [3]string // step, loss and norm column names
		missing          [3]int    // missing step, loss and norm values
		header           bool
		diverged         float64 // DivergedAt, or NaN
	}{
		{
			name: "header", in: "step,loss\n0,1.5\n10,1.25\n20,1\n",
			step: []float64{0, 10, 20}, loss: []float64{1.5, 1.25, 1},
			names: [3]string{"step", "loss", ""}, header: true, diverged: nan,
		},
		{
			name: "no header, no final newline", in: "5,0.5\n6,0.25",
			step: []float64{5, 6}, loss: []float64{0.5, 0.25},
			names: [3]string{"step", "loss", ""}, diverged: nan,
		},
		{
			name: "no header with a norm", in: "1,0.5,3\n2,0.25,3.5\n",
			step: []float64{1, 2}, loss: []float64{0.5, 0.25}, norm: []float64{3, 3.5},
			names: [3]string{"step", "loss", "norm"}, diverged: nan,
		},
		{
			name: "semicolons and decimal commas", in: "iteration;train_loss;weight_norm\n1;0,5;2,25\n2;1e-3;2\n",
			step: []float64{1, 2}, loss: []float64{0.5, 0.001}, norm: []float64{2.25, 2},
			names: [3]string{"iteration", "train_loss", "weight_norm"}, header: true, diverged: nan,
		},
		{
			name: "tabs", in: "iter\tloss\n100\t2\n200\t1\n",
			step: []float64{100, 200}, loss: []float64{2, 1},
			names: [3]string{"iter", "loss", ""}, header: true, diverged: nan,
		},
		{
			name: "spaces, as numpy.savetxt writes", in: "  1   2.5e-01 \n2 0.125\n",
			step: []float64{1, 2}, loss: []float64{0.25, 0.125},
			names: [3]string{"step", "loss", ""}, diverged: nan,
		},
		{
			name: "BOM, CRLF, blank lines, comments", in: "\ufeffEpoch,Loss\r\n\r\n# resumed\r\n1,3\r\n   \r\n2,2\r\n",
			step: []float64{1, 2}, loss: []float64{3, 2},
			names: [3]string{"Epoch", "Loss", ""}, header: true, diverged: nan,
		},
		{
			name: "quoted fields and blanks", in: "\"global step\", \"loss, mean\" ,\"param \"\"norm\"\"\"\n\"1\", 0.5 , \"7\"\n",
			step: []float64{1}, loss: []float64{0.5}, norm: nil,
			names: [3]string{"global step", "loss, mean", ""}, header: true, diverged: nan,
		},
		{
			name: "missing values", in: "step,loss,param_norm\n1,0.5,1\n2,,2\n3,NaN,\n4,null,-\n5,nan,None\n-,0.1,1\n6,N/A,3\n7,0.25,NA\n",
			step: []float64{1, 2, 6, 7}, loss: []float64{0.5, nan, nan, 0.25}, norm: []float64{1, 2, 3, nan},
			names: [3]string{"step", "loss", "param_norm"}, missing: [3]int{1, 5, 4}, header: true, diverged: nan,
		},
		{
			name: "TensorBoard export", in: "Wall time,Step,Value\n1700000000.5,1,0.75\n1700000001.5,2,0.5\n",
			step: []float64{1, 2}, loss: []float64{0.75, 0.5},
			names: [3]string{"Step", "Value", ""}, header: true, diverged: nan,
		},
		{
			name: "Lightning metrics.csv", in: "epoch,step,train_loss,val_loss\n0,49,0.5,\n0,49,,0.625\n1,99,0.25,\n1,99,,0.5\n",
			step: []float64{49, 99}, loss: []float64{0.5, 0.25},
			names: [3]string{"step", "train_loss", ""}, missing: [3]int{0, 2, 0}, header: true, diverged: nan,
		},
		{
			name: "wandb paths and a loss found by its name", in: "trainer/global_step,val/loss_epoch\n10,1\n20,0.5\n",
			step: []float64{10, 20}, loss: []float64{1, 0.5},
			names: [3]string{"trainer/global_step", "val/loss_epoch", ""}, header: true, diverged: nan,
		},
		{
			name: "pandas index column", in: ",step,loss\n0,10,0.5\n1,20,0.25\n",
			step: []float64{10, 20}, loss: []float64{0.5, 0.25},
			names: [3]string{"step", "loss", ""}, header: true, diverged: nan,
		},
		{
			name: "first row with a missing step and a decimal comma", in: "-;0,5\n1;0,25\n",
			step: []float64{1}, loss: []float64{0.25},
			names: [3]string{"step", "loss", ""}, missing: [3]int{1, 0, 0}, diverged: nan,
		},
		{
			name: "negative and fractional steps", in: "-2.5,4\n-1,3\n0.5,2\n",
			step: []float64{-2.5, -1, 0.5}, loss: []float64{4, 3, 2},
			names: [3]string{"step", "loss", ""}, diverged: nan,
		},
		{
			name: "NaN for good is divergence", in: "step,loss\n1,0.5\n2,0.75\n3,nan\n4,\n5,-nan\n6,+Inf\n7,1e400\n",
			step: []float64{1, 2}, loss: []float64{0.5, 0.75},
			names: [3]string{"step", "loss", ""}, missing: [3]int{0, 5, 0}, header: true, diverged: 3,
		},
		{
			name: "NaN then finite is a gap", in: "step,loss\n1,0.5\n2,NaN\n3,0.25\n",
			step: []float64{1, 3}, loss: []float64{0.5, 0.25},
			names: [3]string{"step", "loss", ""}, missing: [3]int{0, 1, 0}, header: true, diverged: nan,
		},
		{
			name: "NaN from the start is not divergence", in: "step,loss\n1,NaN\n2,0.5\n",
			step: []float64{2}, loss: []float64{0.5},
			names: [3]string{"step", "loss", ""}, missing: [3]int{0, 1, 0}, header: true, diverged: nan,
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
			if err != nil || !sameFloats(slow.Step, l.Step) || !sameFloats(slow.Loss, l.Loss) || !sameFloats(slow.Norm, l.Norm) {
				t.Errorf("read a byte at a time: %+v, %v", slow, err)
			}
			if !sameFloats(l.Step, tt.step) || !sameFloats(l.Loss, tt.loss) || !sameFloats(l.Norm, tt.norm) {
				t.Errorf("step, loss, norm = %v, %v, %v; want %v, %v, %v", l.Step, l.Loss, l.Norm, tt.step, tt.loss, tt.norm)
			}
			if got := [3]string{l.StepName, l.LossName, l.NormName}; got != tt.names {
				t.Errorf("columns %q, want %q", got, tt.names)
			}
			if got := [3]int{l.MissingStep, l.MissingLoss, l.MissingNorm}; got != tt.missing {
				t.Errorf("missing step, loss, norm = %v, want %v", got, tt.missing)
			}
			if l.Header != tt.header {
				t.Errorf("Header = %v, want %v", l.Header, tt.header)
			}
			if l.Diverged != !math.IsNaN(tt.diverged) || (l.Diverged && l.DivergedAt != tt.diverged) {
				t.Errorf("Diverged, DivergedAt = %v, %v; want divergence at %v", l.Diverged, l.DivergedAt, tt.diverged)
			}
		})
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
		msg          string // a part of the message
	}{
		{"bad number", "step,loss\n1,0.5\n2,0.4\n3,abc\n", 4, 2, "loss", "abc", `line 4, column 2 ("loss"): "abc" is not a number`},
		{"bad step without header", "1,0.5\n2x,0.4\n", 2, 1, "step", "2x", `line 2, column 1 ("step"): "2x" is not a number`},
		{"bad norm", "step,loss,norm\n1,0.5,1..2\n", 2, 3, "norm", "1..2", "is not a number"},
		{"too few fields", "step,loss\n1,0.5\n2\n", 3, 2, "loss", "", "is missing: the line has 1 field, the header (line 1) has 2"},
		{"too many fields", "step,loss\n1,0,5\n", 2, 3, "", "5", "is one field too many"},
		{"too many fields without header", "1,0.5\n2,0.4,7\n", 2, 3, "", "7", "the first line has 2"},
		{"one column", "0.5\n0.4\n", 1, 0, "", "0.5", "is a single column"},
		{"empty file", "", 0, 0, "", "", "the file is empty"},
		{"only blank lines and comments", "\n  \r\n# nothing\n", 0, 0, "", "", "the file is empty"},
		{"header only", "step,loss\n", 1, 0, "", "", "line 1: the header is not followed by any row"},
		{"header and blank lines", "\n\nstep,loss\n\n", 3, 0, "", "", "not followed by any row"},
		{"duplicate header", "step,loss,loss\n1,2,3\n", 1, 3, "loss", "", `line 1, column 3 ("loss"): is a second loss column: column 2 ("loss") is one already`},
		{"duplicate step", "iter,loss,iter\n1,2,3\n", 1, 3, "iter", "", "is a second step column"},
		{"unknown header", "foo,bar\n1,2\n", 1, 0, "", "", `the header ("foo", "bar") has no loss column`},
		{"two losses by name", "step,val_loss,test_loss\n1,2,3\n", 1, 0, "", "", `could be ("val_loss", "test_loss")`},
		{"no step column", "time,loss\n1,2\n", 1, 0, "", "", "has no step column"},
		{"10 kB field", "step,loss\n1,0.5\n2," + long + "\n", 3, 2, "loss", strings.Repeat("x", 32) + "…", "is not a number"},
		{"line too long", "step,loss\n1,0.5\n2," + strings.Repeat("1", MaxLine) + "\n", 3, 0, "", "", "longer than 262144 bytes"},
		{"step going back", "step,loss\n1,0.5\n3,0.4\n2,0.3\n", 4, 1, "step", "2", `"2" does not follow step 3 on line 3`},
		{"step repeated", "step,loss\n1,0.5\n\n1,0.4\n", 4, 1, "step", "1", "does not follow step 1 on line 2"},
		{"infinite step", "inf,0.5\n", 1, 1, "step", "inf", "is not a finite step"},
		{"unclosed quote", "step,loss\n1,\"0.5\n", 2, 2, "loss", "", "no closing quote"},
		{"text after a quote", "step,loss\n1,\"0.5\"x,\n", 2, 2, "loss", "x", `"x" follows the closing quote`},
		{"unclosed quote in header", "step,\"loss\n", 1, 2, "", "", "no closing quote"},
		{"NUL bytes", "s\x00t\x00e\x00p\x00,\x00l\x00\n", 1, 0, "", "", "not UTF-8 text"},
		{"no loss anywhere", "step,loss\n1,\n2,nan\n", 0, 2, "loss", "", `column 2 ("loss"): no row has a finite loss: 2 of 2`},
		{"no step anywhere", "step,loss\n,1\n-,2\n", 0, 1, "step", "", "no row has a step"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			l, err := Read(strings.NewReader(tt.in))
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Read = %v, %v; want a *ParseError", l, err)
			}
			if pe.Line != tt.line || pe.Column != tt.column || pe.Name != tt.colName || pe.Value != tt.value {
				t.Errorf("line %d, column %d, name %q, value %q; want %d, %d, %q, %q",
					pe.Line, pe.Column, pe.Name, pe.Value, tt.line, tt.column, tt.colName, tt.value)
			}
			if !strings.Contains(pe.Error(), tt.msg) {
				t.Errorf("message %q does not contain %q", pe, tt.msg)
			}
			if l != nil {
				t.Errorf("Read returned a Log with its error")
			}
		})
	}
}

// TestReadFailure checks that a failing reader's error is passed on.
func TestReadFailure(t *testing.T) {
	boom := errors.New("disk on fire")
	_, err := Read(iotest.ErrReader(boom))
	var pe *ParseError
	if !errors.Is(err, boom) || !errors.As(err, &pe) || pe.Line != 1 {
		t.Errorf("Read = %v, want a *ParseError on line 1 wrapping %v", err, boom)
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
	if l.Len() != 1_000_000 || l.Step[0] != 0 || l.Step[l.Len()-1] != 999_999 || l.Norm == nil {
		t.Errorf("read %d rows from step %v to %v", l.Len(), l.Step[0], l.Step[l.Len()-1])
	}
	grown, err := Read(struct{ io.Reader }{bytes.NewReader(data)})
	if err != nil || !sameFloats(grown.Step, l.Step) || !sameFloats(grown.Loss, l.Loss) || !sameFloats(grown.Norm, l.Norm) {
		t.Errorf("reading without a Len method gave another Log (%v)", err)
	}

	_, err = Read(&rows{n: MaxRows + 1})
	var pe *ParseError
	if !errors.As(err, &pe) || pe.Line != MaxRows+1 || !strings.Contains(pe.Reason, "more than 2097152 rows") {
		t.Errorf("reading %d rows: %v, want an error on line %d", MaxRows+1, err, MaxRows+1)
	}
}

// rows is a reader of n lines "k,1" for k = 0, 1, ..., n-1.
type rows struct{ k, n int }

func (r *rows) Read(p []byte) (int, error) {
	m := 0
	for r.k < r.n && len(p)-m >= 32 {
		m += copy(p[m:], strconv.Itoa(r.k)+",1\n")
		r.k++
	}
	if m == 0 && r.k == r.n {
		return 0, io.EOF
	}
	return m, nil
}
