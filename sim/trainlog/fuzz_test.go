package trainlog

import (
	"bufio"
	"bytes"
	"errors"
	"math"
	"os"
	"testing"
)

// checkRead checks what Read promises for any input: a *ParseError with a
// place inside the input, or a Log whose series keep their promises and
// that Check judges (or refuses with a *ParseError) without a panic.
func checkRead(t *testing.T, data []byte, l *Log, err error) {
	t.Helper()
	if err != nil {
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Fatalf("error %v (%T) is not a *ParseError", err, err)
		}
		lines := bytes.Count(data, []byte{'\n'}) + bytes.Count(data, []byte{'\r'}) + 1
		if pe.Line < 0 || pe.Line > lines || pe.Column < 0 || pe.Record < 0 || pe.Offset < 0 || pe.Offset > int64(len(data)) || pe.Error() == "" || pe.Code == "" {
			t.Fatalf("error %+v is out of place in %d bytes", pe, len(data))
		}
		if _, ok := templates[pe.Code]; !ok {
			t.Fatalf("error code %q has no text", pe.Code)
		}
		return
	}
	for _, s := range l.Series {
		step, val, _ := s.points()
		if len(step) != s.Points || len(val) != s.Points {
			t.Fatalf("%s: %d points, %d steps, %d values", s.Name, s.Points, len(step), len(val))
		}
		finite := 0
		for i, v := range val {
			if math.IsNaN(step[i]) || math.IsInf(step[i], 0) {
				t.Fatalf("%s: step %v", s.Name, step[i])
			}
			if isFinite(v) {
				finite++
			}
		}
		if finite != s.Finite {
			t.Fatalf("%s: %d finite, counted %d", s.Name, finite, s.Finite)
		}
		r, err := Check(l, s.Name)
		if err != nil {
			var pe *ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("Check(%q): %v is not a *ParseError", s.Name, err)
			}
			continue
		}
		if len(r.Smoothed) > MaxPoints || r.Verdict < TooShort || r.Verdict > Diverging || r.String() == "" || r.Text("ja") == "" {
			t.Fatalf("Check(%q): %d points, verdict %d, %q", s.Name, len(r.Smoothed), r.Verdict, r)
		}
	}
}

// FuzzRead feeds Read anything: CSV in its forms, and the other formats by
// their first bytes.
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
		"step,loss\r1,0x1p-3\r2,1_0\r",
		"\x00\x01,\xff",
		"{\"step\": 1, \"loss\": 2}\n",
		"[{\"step\": 1}]",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := Read(bytes.NewReader(data))
		checkRead(t, data, l, err)
	})
}

// FuzzTrainerState feeds the JSON document reader (trainer_state.json, a JSON
// array of records) anything.
func FuzzTrainerState(f *testing.F) {
	if b, err := os.ReadFile("testdata/trainer_state.json"); err == nil {
		f.Add(b)
	}
	for _, s := range []string{
		`{"log_history": [{"step": 1, "loss": 2.5}, {"step": 2, "loss": NaN, "eval": {"loss": -Infinity}}]}`,
		`[{"iter": 1, "x": [1, 2], "ok": true, "s": "0.5"}]`,
		`{"log_history": {"step": 1}}`,
		`[{"a\u00e9\ud83d\ude00": 1e999}]`,
		`[[[[`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := readTrainerState(bufio.NewReader(bytes.NewReader(data)))
		checkRead(t, data, l, err)
	})
}

// FuzzJSONLines feeds the JSON lines reader anything.
func FuzzJSONLines(f *testing.F) {
	if b, err := os.ReadFile("testdata/wandb-history.jsonl"); err == nil {
		f.Add(b[:min(len(b), 4000)])
	}
	for _, s := range []string{
		"{\"step\": 1, \"loss\": 2}\n{\"step\": 2, \"loss\": 1}\n",
		"{\"loss\": 1}\r{\"loss\": 0.5, \"t\": {\"a\": {\"b\": 1}}}\r\n\n",
		"{\"_step\": NaN}\n{\"_step\": 1, \"x\": \"y\"}\n",
		"{}\n[]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := readJSONLines(bufio.NewReader(bytes.NewReader(data)))
		checkRead(t, data, l, err)
	})
}

// FuzzTFEvents feeds the event file reader anything, starting from real
// records, so that mutations reach past the checksums, and from records
// with valid checksums around random messages.
func FuzzTFEvents(f *testing.F) {
	if b, err := os.ReadFile(kerasSample); err == nil {
		f.Add(b[:min(len(b), 600)])
	}
	if b, err := os.ReadFile(pytorchSample); err == nil {
		f.Add(b[:min(len(b), 600)])
	}
	f.Add([]byte{})
	f.Fuzz(func(t *testing.T, data []byte) {
		l, err := readTFEvents(bufio.NewReader(bytes.NewReader(data)))
		checkRead(t, data, l, err)
		// The same bytes as one record's message, with valid checksums.
		var rec bytes.Buffer
		var head [12]byte
		putLE := func(b []byte, v uint64) {
			for i := range b {
				b[i] = byte(v >> (8 * i))
			}
		}
		putLE(head[:8], uint64(len(data)))
		putLE(head[8:], uint64(maskedCRC(head[:8])))
		rec.Write(head[:])
		rec.Write(data)
		var foot [4]byte
		putLE(foot[:], uint64(maskedCRC(data)))
		rec.Write(foot[:])
		framed := rec.Bytes()
		l, err = readTFEvents(bufio.NewReader(bytes.NewReader(framed)))
		checkRead(t, framed, l, err)
		if err != nil && err.(*ParseError).Code != "tfevents.proto" && err.(*ParseError).Code != "rows.many" {
			t.Fatalf("a framed record: %v", err)
		}
	})
}

// TestMessages checks the catalog: every code has an English and a
// Japanese text with the same parameters, and the Japanese text is not the
// English one.
func TestMessages(t *testing.T) {
	if err := templates.Check(); err != nil {
		t.Error(err)
	}
	m := msg("head.tooshort", "rows", "40", "need", "150")
	if m.Text("en") != "too short: 40 rows; at least 150 are needed" || m.Text("ja") != "40 行では短すぎます (少なくとも 150 行が必要です)" {
		t.Errorf("%q, %q", m.Text("en"), m.Text("ja"))
	}
	if got := (Message{Code: "no.such", Params: map[string]string{"b": "2", "a": "1"}}).Text("en"); got != "no.such a=1 b=2" {
		t.Errorf("an unknown code reads %q", got)
	}
}
