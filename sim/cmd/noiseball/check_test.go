package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestMain runs the command itself when asked to, so that -follow can be
// tested as a process that gets an interrupt.
func TestMain(m *testing.M) {
	if os.Getenv("NOISEBALL_RUN_MAIN") == "1" {
		os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
	}
	os.Exit(m.Run())
}

// csvLog writes a step,loss log of y(n) at steps 0 .. rows-1.
func csvLog(rows int, y func(n float64) float64) string {
	var b strings.Builder
	b.WriteString("step,loss\n")
	for i := range rows {
		fmt.Fprintf(&b, "%d,%.6g\n", i, y(float64(i+1)))
	}
	return b.String()
}

// write puts text in a file of dir and returns its path.
func write(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func TestCheck(t *testing.T) {
	t.Setenv("LC_ALL", "")
	t.Setenv("LC_MESSAGES", "")
	t.Setenv("LANG", "C.UTF-8")
	dir := t.TempDir()
	rnd := rand.New(rand.NewPCG(1, 2))
	improving := write(t, dir, "improving.csv", csvLog(1000, func(n float64) float64 { return math.Pow(n, -0.5) * (1 + 0.2*rnd.NormFloat64()) }))
	flat := write(t, dir, "flat.csv", csvLog(2000, func(float64) float64 { return 0.8 + 0.02*rnd.NormFloat64() }))
	diverging := write(t, dir, "diverging.csv", csvLog(300, func(n float64) float64 { return 0.1 * math.Pow(1.02, n) * (1 + 0.1*rnd.NormFloat64()) }))
	short := write(t, dir, "short.csv", csvLog(8, func(n float64) float64 { return 1 / n }))
	bad := write(t, dir, "bad.csv", "step,loss\n1,0.5\n2,0x1p-3\n")
	nan := write(t, dir, "nan.csv", csvLog(100, func(n float64) float64 {
		if n > 90 {
			return math.NaN()
		}
		return 1
	}))
	two := write(t, dir, "two.csv", "step,train_loss,val_loss\n"+strings.Join(func() []string {
		var rows []string
		for i := range 500 {
			rows = append(rows, fmt.Sprintf("%d,%.5f,%.5f", i, 0.5+0.01*rnd.NormFloat64(), 2/math.Sqrt(float64(i+1))*(1+0.05*rnd.NormFloat64())))
		}
		return rows
	}(), "\n")+"\n")
	// A Lightning log directory with two versions: the newer is judged.
	write(t, dir, "lightning_logs/version_0/metrics.csv", csvLog(300, func(float64) float64 { return 1 }))
	old := time.Now().Add(-time.Hour)
	os.Chtimes(filepath.Join(dir, "lightning_logs/version_0/metrics.csv"), old, old)
	write(t, dir, "lightning_logs/version_1/metrics.csv", csvLog(1000, func(n float64) float64 { return math.Pow(n, -0.5) * (1 + 0.1*rnd.NormFloat64()) }))
	events := "../../trainlog/testdata/runs"

	tests := []struct {
		name   string
		args   []string
		stdin  string
		status int
		out    []string // substrings of stdout
		errs   []string // substrings of stderr
	}{
		{"improving", []string{"-check", improving}, "", 0, []string{"improving.csv: loss (csv, 1,000 rows)", "still improving", "why: over steps 99 to 999 the loss fell like n^-0.4", "slope: ", "log-log n^-0.4"}, nil},
		{"plateaued", []string{"-check", flat}, "", 3, []string{"plateaued in a noise ball since step", "(fluctuation ±0.0", "theory: The excess loss of a noise ball", "a rate 10x lower would shrink it about 10x", "decays to zero removes it"}, nil},
		{"diverging", []string{"-check", diverging}, "", 4, []string{"diverging", "rose like n^"}, nil},
		{"NaN for good", []string{"-check", nan}, "", 4, []string{"diverging", "NaN or infinite from step 90"}, nil},
		{"too short", []string{"-check", short}, "", 5, []string{"too short: 8 rows; at least 10 are needed"}, nil},
		{"unreadable", []string{"-check", bad}, "", 2, nil, []string{`bad.csv: line 3, column 2 ("loss"): "0x1p-3" is a hexadecimal number: write it as a plain decimal number (0.125)`}},
		{"missing file", []string{"-check", filepath.Join(dir, "nope.csv")}, "", 2, nil, []string{"nope.csv: "}},
		{"standard input", []string{"-check", "-"}, csvLog(8, func(n float64) float64 { return 1 / n }), 5, []string{"-: loss (csv, 8 rows)"}, nil},
		{"a column", []string{"-check", two, "-column", "val_loss"}, "", 0, []string{"two.csv: val_loss (csv, 500 rows)", "still improving", "columns: train_loss (-column)"}, nil},
		{"the default column", []string{"-check", two}, "", 3, []string{"two.csv: train_loss", "columns: val_loss (-column)"}, nil},
		{"an unknown column", []string{"-check", two, "-column", "acc"}, "", 2, nil, []string{`no column, key or tag is named "acc": the log has "train_loss", "val_loss"`}},
		{"a Lightning directory", []string{"-check", filepath.Join(dir, "lightning_logs")}, "", 0, []string{"version_1/metrics.csv: loss", "still improving"}, nil},
		{"a TensorBoard directory", []string{"-check", events}, "", 0, []string{"events.out.tfevents.1700000000.noiseball.1.0: Loss/train (tfevents, 200 rows)", "columns: Loss/test, lr (-column)"}, nil},
		{"an empty directory", []string{"-check", t.TempDir()}, "", 2, nil, []string{"no log in this directory"}},
		{"Japanese", []string{"-check", flat, "-lang", "ja"}, "", 3, []string{"ノイズボールの中で頭打ちです", "理由: ステップ", "理論: ノイズボールによる損失の上乗せ"}, nil},
		{"Japanese error", []string{"-check", bad, "-lang", "ja"}, "", 2, nil, []string{"3 行目の 2 列目 (「loss」): 「0x1p-3」は 16 進数です"}},
		{"a bad language", []string{"-check", flat, "-lang", "fr"}, "", 2, nil, []string{`-lang "fr": want en or ja`}},
		{"follow standard input", []string{"-check", "-", "-follow"}, "", 2, nil, []string{"-follow cannot follow standard input"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			stdin = strings.NewReader(tt.stdin)
			defer func() { stdin = os.Stdin }()
			var stdout, stderr bytes.Buffer
			if got := run(tt.args, &stdout, &stderr); got != tt.status {
				t.Errorf("status %d, want %d; stdout:\n%s\nstderr:\n%s", got, tt.status, stdout.String(), stderr.String())
			}
			for _, want := range tt.out {
				if !strings.Contains(stdout.String(), want) {
					t.Errorf("stdout has no %q:\n%s", want, stdout.String())
				}
			}
			for _, want := range tt.errs {
				if !strings.Contains(stderr.String(), want) {
					t.Errorf("stderr has no %q:\n%s", want, stderr.String())
				}
			}
		})
	}

	// The locale chooses the language when -lang does not.
	t.Setenv("LANG", "ja_JP.UTF-8")
	var stdout bytes.Buffer
	if run([]string{"-check", flat}, &stdout, &stdout); !strings.Contains(stdout.String(), "頭打ち") {
		t.Errorf("LANG=ja_JP.UTF-8: %s", stdout.String())
	}
	t.Setenv("LC_ALL", "en_US.UTF-8")
	stdout.Reset()
	if run([]string{"-check", flat}, &stdout, &stdout); !strings.Contains(stdout.String(), "plateaued") {
		t.Errorf("LC_ALL=en_US.UTF-8 over LANG=ja: %s", stdout.String())
	}
}

// TestCheckJSON checks -json: one object with the verdict, the exit status,
// the numbers and the messages as codes.
func TestCheckJSON(t *testing.T) {
	dir := t.TempDir()
	rnd := rand.New(rand.NewPCG(3, 4))
	flat := write(t, dir, "flat.csv", csvLog(2000, func(float64) float64 { return 0.8 + 0.02*rnd.NormFloat64() }))
	bad := write(t, dir, "bad.csv", "step,loss\n1,0.5\n2,abc\n")
	for _, c := range []struct {
		file, verdict string
		exit          int
	}{{flat, "plateaued", 3}, {bad, "unreadable", 2}} {
		var stdout, stderr bytes.Buffer
		if got := run([]string{"-check", c.file, "-json", "-lang", "en"}, &stdout, &stderr); got != c.exit {
			t.Errorf("%s: status %d, want %d (%s)", c.file, got, c.exit, stderr.String())
		}
		var j jsonReport
		if err := json.Unmarshal(stdout.Bytes(), &j); err != nil {
			t.Fatalf("%s: %v in %s", c.file, err, stdout.String())
		}
		if j.Verdict != c.verdict || j.Exit != c.exit || j.File != c.file {
			t.Errorf("%s: %+v", c.file, j)
		}
		switch c.verdict {
		case "plateaued":
			if j.Column != "loss" || j.Rows != 2000 || j.Noise == nil || math.Abs(*j.Noise-0.02) > 0.002 || j.Since == nil || j.Theory == "" ||
				len(j.Messages) < 3 || j.Messages[0].Code != "head.plateaued" || j.Messages[1].Code != "reason.plateau.log" || len(j.Candidates) != 1 {
				t.Errorf("plateau: %s", stdout.String())
			}
		case "unreadable":
			if j.Error == nil || j.Error.Code != "number.invalid" || j.Error.Line != 3 || j.Error.Column != 2 || j.Error.Params["value"] != "abc" {
				t.Errorf("error: %s", stdout.String())
			}
		}
	}
}

// TestFollow runs noiseball -check -follow on a file that the test writes in
// steps, as a training run would, and truncates and rewrites once, as
// Lightning's CSVLogger does when a new key appears: the verdict changes
// are printed in order, each with its step, and an interrupt ends the
// command cleanly with the last verdict's status.
func TestFollow(t *testing.T) {
	if runtime.GOOS == "js" {
		t.Skip("js/wasm starts no processes; the native run tests -follow")
	}
	dir := t.TempDir()
	path := filepath.Join(dir, "metrics.csv")
	if err := os.WriteFile(path, []byte("step,loss\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(os.Args[0], "-check", path, "-follow", "-poll", "20ms", "-lang", "en")
	cmd.Env = append(os.Environ(), "NOISEBALL_RUN_MAIN=1")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	lines := make(chan string, 100)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	next := func(what string) string {
		t.Helper()
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("the command ended before %s; stderr: %s", what, stderr.String())
			}
			return l
		case <-time.After(20 * time.Second):
			t.Fatalf("no line for %s; stderr: %s", what, stderr.String())
		}
		return ""
	}
	// Each step replaces the file by renaming a new one over it, as a log
	// rotation does, so that the command sees each state whole; the rows
	// grow as a run's do, and the last step truncates the log.
	var content strings.Builder
	content.WriteString("step,loss\n")
	replace := func(text string) {
		t.Helper()
		tmp := path + ".tmp"
		if err := os.WriteFile(tmp, []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
		if err := os.Rename(tmp, path); err != nil {
			t.Fatal(err)
		}
	}
	appendRows := func(from, to int, y func(n float64) float64, prefix, partial string) {
		t.Helper()
		content.WriteString(prefix)
		for i := from; i < to; i++ {
			fmt.Fprintf(&content, "%d,%.6g\n", i, y(float64(i+1)))
		}
		replace(content.String() + partial)
		content.WriteString(partial)
	}
	rnd := rand.New(rand.NewPCG(5, 6))
	power := func(n float64) float64 { return math.Pow(n, -0.5) * (1 + 0.1*rnd.NormFloat64()) }
	flat := func(float64) float64 { return 0.0316 + 0.002*rnd.NormFloat64() }

	// An empty log: unreadable until a row comes.
	if l := next("the empty log"); !strings.HasPrefix(l, "unreadable: ") {
		t.Errorf("first line %q", l)
	}
	appendRows(0, 5, power, "", "5,0.4") // and half a row, which must wait
	if l := next("five rows"); l != "step 4: too short: 5 rows; at least 10 are needed" {
		t.Errorf("after 5 rows: %q", l)
	}
	appendRows(6, 1000, power, "1234\n", "") // the rest of row 5 first
	if l := next("a falling loss"); l != "step 999: still improving" {
		t.Errorf("after 1000 rows: %q", l)
	}
	appendRows(1000, 30_000, flat, "", "")
	l := next("a plateau")
	if !strings.HasPrefix(l, "step 29,999: plateaued in a noise ball since step ") || !strings.Contains(l, "a rate 10x lower would shrink it about 10x") {
		t.Errorf("after the plateau: %q", l)
	}
	// Truncated and rewritten with a new column, as Lightning's CSVLogger
	// does when a key appears: a run restarted, and blowing up.
	var b strings.Builder
	b.WriteString("step,loss,lr\n")
	for i := range 200 {
		fmt.Fprintf(&b, "%d,%.6g,0.01\n", i, 0.05*math.Pow(1.03, float64(i))*(1+0.05*rnd.NormFloat64()))
	}
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	if l := next("the rewritten log"); l != "step 199: diverging" {
		t.Errorf("after the rewrite: %q", l)
	}
	time.Sleep(100 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGINT); err != nil {
		t.Fatal(err)
	}
	err = cmd.Wait()
	if code := cmd.ProcessState.ExitCode(); code != exitDiverging {
		t.Errorf("after the interrupt: %v, exit status %d, want %d; stderr: %s", err, code, exitDiverging, stderr.String())
	}
	for l := range lines {
		t.Errorf("an extra line: %q", l)
	}
}
