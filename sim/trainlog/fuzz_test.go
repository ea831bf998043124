package trainlog

import (
	"bytes"
	"errors"
	"math"
	"strconv"
	"testing"
)

// FuzzRead checks that Read never panics, that it returns either a
// *ParseError or a Log keeping its promises, that writing that Log back as
// CSV reads back the same numbers, and that Analyze accepts every Log Read
// returns.
func FuzzRead(f *testing.F) {
	for _, s := range []string{
		"step,loss\n0,1\n1,0.5\n",
		"1;0,5;2\n2;0,25;2\n",
		"\ufeff\"Step\"\t\"Value\"\r\n1\t2\r\n",
		"epoch,step,train_loss,val_loss\n0,49,0.5,\n0,49,,0.4\n",
		"step,loss\n1,nan\n2,0.5\n3,-\n4,inf\n",
		"step,loss,loss\n",
		"a,\"b\n",
		"1 2\n3 4 5\n",
		"# c\n\n1,2,3\n",
		"step,loss\n2,1\n1,1\n",
		"\x00\x01,\xff",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Read(bytes.NewReader(data))
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v (%T) is not a *ParseError", err, err)
			}
			if pe.Line < 0 || pe.Line > bytes.Count(data, []byte{'\n'})+1 || pe.Column < 0 || pe.Error() == "" {
				t.Fatalf("error %+v is out of place in %d bytes", pe, len(data))
			}
			return
		}
		checkLog(t, l)
		back, err := Read(bytes.NewReader(writeCSV(l)))
		if err != nil {
			t.Fatalf("reading back %q: %v", writeCSV(l), err)
		}
		if !sameFloats(back.Step, l.Step) || !sameFloats(back.Loss, l.Loss) || !sameFloats(back.Norm, l.Norm) {
			t.Fatalf("read back %v %v %v, want %v %v %v", back.Step, back.Loss, back.Norm, l.Step, l.Loss, l.Norm)
		}
		r := Analyze(l)
		if len(r.Smoothed) > MaxPoints || r.Verdict < TooShort || r.Verdict > Diverging || r.String() == "" {
			t.Fatalf("Analyze: %d points, verdict %d, %q", len(r.Smoothed), r.Verdict, r)
		}
	})
}

// checkLog checks what Read promises about a Log.
func checkLog(t *testing.T, l *Log) {
	t.Helper()
	n := len(l.Step)
	if n == 0 || len(l.Loss) != n || (l.Norm != nil && len(l.Norm) != n) || l.Rows < n {
		t.Fatalf("%d steps, %d losses, %d norms, %d rows", n, len(l.Loss), len(l.Norm), l.Rows)
	}
	finite := 0
	for i, s := range l.Step {
		if math.IsNaN(s) || math.IsInf(s, 0) || (i > 0 && s <= l.Step[i-1]) {
			t.Fatalf("step %d is %v after %v", i, s, l.Step[max(i-1, 0)])
		}
		loss := l.Loss[i]
		if math.IsInf(loss, 0) {
			t.Fatalf("loss %d is %v", i, loss)
		}
		if !math.IsNaN(loss) {
			finite++
		} else if l.Norm == nil || math.IsNaN(l.Norm[i]) {
			t.Fatalf("row %d has no value", i)
		}
	}
	if finite == 0 {
		t.Fatal("no finite loss")
	}
}

// writeCSV writes l as CSV with a header, NaN as an empty field.
func writeCSV(l *Log) []byte {
	var b []byte
	b = append(b, "step,loss"...)
	if l.Norm != nil {
		b = append(b, ",norm"...)
	}
	b = append(b, '\n')
	field := func(v float64) {
		if !math.IsNaN(v) {
			b = strconv.AppendFloat(b, v, 'g', -1, 64)
		}
	}
	for i, s := range l.Step {
		field(s)
		b = append(b, ',')
		field(l.Loss[i])
		if l.Norm != nil {
			b = append(b, ',')
			field(l.Norm[i])
		}
		b = append(b, '\n')
	}
	return b
}
