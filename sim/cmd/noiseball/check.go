package main

// noiseball -check FILE judges a training log with package trainlog and
// prints the verdict; -follow keeps watching the file as a run writes it.

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"math"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"
	"time"

	"noiseball/sim/trainlog"
)

// The exit statuses of -check, for a CI job or a training script to act on.
const (
	exitImproving   = 0
	exitUnreadable  = 2
	exitPlateaued   = 3
	exitDiverging   = 4
	exitTooShort    = 5
	exitWriteFailed = 1
)

// checkUsage is -check's flag text: what it does and its exit statuses.
const checkUsage = "judge the training log FILE (CSV, trainer_state.json, JSON lines, a TensorBoard event file; - for standard input; " +
	"a Lightning or TensorBoard log directory: its newest log) and print the verdict. " +
	"Exit status 0 improving or converging, 3 plateaued, 4 diverging, 5 too short, 2 unreadable"

// stdin is what -check - reads; a test replaces it.
var stdin io.Reader = os.Stdin

// checkOptions are -check's flags.
type checkOptions struct {
	file   *string
	column *string
	json   *bool
	follow *bool
	lang   *string
	poll   *time.Duration
}

// checkFlags adds -check and its flags to fs.
func checkFlags(fs *flag.FlagSet) *checkOptions {
	return &checkOptions{
		file:   fs.String("check", "", checkUsage),
		column: fs.String("column", "", "with -check: the column, key or tag to judge (default: the training loss, per step)"),
		json:   fs.Bool("json", false, "with -check: print the verdict as JSON (with -follow, one object a line)"),
		follow: fs.Bool("follow", false, "with -check: keep reading FILE as it grows, as tail -f does, and print a line each time the verdict changes"),
		lang:   fs.String("lang", "", "with -check: en or ja (default: from LC_ALL, LC_MESSAGES or LANG)"),
		poll:   fs.Duration("poll", time.Second, "with -check -follow: how often to look at FILE"),
	}
}

// runCheck is the command with -check.
func (o *checkOptions) runCheck(fs *flag.FlagSet, stdout, stderr io.Writer) int {
	var problems []string
	if fs.NArg() > 0 {
		problems = append(problems, fmt.Sprintf("unexpected arguments %q", fs.Args()))
	}
	lang := *o.lang
	switch lang {
	case "":
		lang = localeLang()
	case "en", "ja":
	default:
		problems = append(problems, fmt.Sprintf("-lang %q: want en or ja", lang))
	}
	if *o.follow && *o.file == "-" {
		problems = append(problems, "-follow cannot follow standard input: give a file")
	}
	if *o.poll <= 0 {
		problems = append(problems, fmt.Sprintf("-poll %v: want a positive duration", *o.poll))
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(stderr, "noiseball:", p)
		}
		return exitUnreadable
	}
	if *o.follow {
		ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
		defer stop()
		return o.followLog(ctx, lang, stdout, stderr)
	}
	path, data, err := o.load()
	if err != nil {
		fmt.Fprintln(stderr, "noiseball:", err)
		return exitUnreadable
	}
	res := judge(path, data, *o.column)
	if err := o.print(res, lang, stdout, stderr); err != nil {
		fmt.Fprintln(stderr, "noiseball:", err)
		return exitWriteFailed
	}
	return res.status()
}

// load reads FILE: standard input, a file, or a directory's newest log.
func (o *checkOptions) load() (path string, data []byte, err error) {
	path = *o.file
	if path == "-" {
		data, err = io.ReadAll(stdin)
		return "-", data, err
	}
	info, err := os.Stat(path)
	if err != nil {
		return path, nil, err
	}
	if info.IsDir() {
		if path, err = newestLog(path); err != nil {
			return path, nil, err
		}
	}
	data, err = os.ReadFile(path)
	return path, data, err
}

// logNames tells a log file by its name: Lightning's metrics.csv, an
// event file, Hugging Face's trainer_state.json, Ultralytics' results.csv.
func isLogName(name string) bool {
	return name == "metrics.csv" || name == "trainer_state.json" || name == "results.csv" || strings.HasPrefix(name, "events.out.tfevents.")
}

// newestLog returns the most recently modified log file under dir (see
// isLogName), at most four directories down: lightning_logs/version_N/,
// runs/NAME/, logs/train/.
func newestLog(dir string) (string, error) {
	var best string
	var bestTime time.Time
	var walk func(d string, depth int)
	walk = func(d string, depth int) {
		entries, err := os.ReadDir(d)
		if err != nil {
			return
		}
		for _, e := range entries {
			p := filepath.Join(d, e.Name())
			switch {
			case e.IsDir() && depth < 4:
				walk(p, depth+1)
			case !e.IsDir() && isLogName(e.Name()):
				if info, err := e.Info(); err == nil && (best == "" || info.ModTime().After(bestTime)) {
					best, bestTime = p, info.ModTime()
				}
			}
		}
	}
	walk(dir, 0)
	if best == "" {
		return dir, fmt.Errorf("%s: no log in this directory (want metrics.csv, events.out.tfevents.*, trainer_state.json or results.csv, at most four levels down)", dir)
	}
	return best, nil
}

// result is one judgement of a log: the report, or the error that kept it
// from one.
type result struct {
	path   string
	log    *trainlog.Log
	report trainlog.Report
	err    error
}

// judge reads and checks data.
func judge(path string, data []byte, column string) result {
	r := result{path: path}
	r.log, r.err = trainlog.Read(strings.NewReader(string(data)))
	if r.err == nil {
		r.report, r.err = trainlog.Check(r.log, column)
	}
	return r
}

// status returns the exit status of a result.
func (r result) status() int {
	if r.err != nil {
		return exitUnreadable
	}
	switch r.report.Verdict {
	case trainlog.Improving:
		return exitImproving
	case trainlog.Plateaued:
		return exitPlateaued
	case trainlog.Diverging:
		return exitDiverging
	}
	return exitTooShort
}

// errorText writes an error in lang: a ParseError in its own words, any
// other (the file system's) as it is.
func errorText(err error, lang string) string {
	var pe *trainlog.ParseError
	if errors.As(err, &pe) {
		return pe.Text(lang)
	}
	return err.Error()
}

// labels are the CLI's own words.
var labels = map[string]map[string]string{
	"en": {"why": "why", "slope": "slope", "fluctuation": "fluctuation", "theory": "theory", "note": "note",
		"candidates": "columns", "judged": "judged", "perDecade": "per decade of steps", "loglog": "log-log",
		"rows": "rows", "correlated": "successive values correlated", "since": "since step", "unreadable": "unreadable"},
	"ja": {"why": "理由", "slope": "傾き", "fluctuation": "揺らぎ", "theory": "理論", "note": "注",
		"candidates": "列", "judged": "判定", "perDecade": "1 桁のステップあたり", "loglog": "両対数",
		"rows": "行", "correlated": "隣り合う値の相関", "since": "ステップ", "unreadable": "読めません"},
}

// print writes a result as text or JSON.
func (o *checkOptions) print(r result, lang string, stdout, stderr io.Writer) error {
	if *o.json {
		b, err := json.Marshal(r.jsonReport(lang))
		if err != nil {
			return err
		}
		_, err = fmt.Fprintf(stdout, "%s\n", b)
		return err
	}
	if r.err != nil {
		fmt.Fprintf(stderr, "noiseball: %s: %s\n", r.path, errorText(r.err, lang))
		return nil
	}
	l := labels[lang]
	rep := r.report
	var b strings.Builder
	fmt.Fprintf(&b, "%s: %s (%s, %s %s)\n", r.path, rep.Column, r.log.Format, count(rep.N), l["rows"])
	fmt.Fprintf(&b, "%s\n", rep.Headline().Text(lang))
	fmt.Fprintf(&b, "  %s: %s\n", l["why"], rep.Reason.Text(lang))
	if !math.IsNaN(rep.PerDecade) {
		fmt.Fprintf(&b, "  %s: %.3g ± %.2g %s", l["slope"], rep.PerDecade, rep.PerDecadeErr, l["perDecade"])
		if !math.IsNaN(rep.Slope) {
			fmt.Fprintf(&b, "; %s n^%+.3f ± %.3f", l["loglog"], rep.Slope, rep.SlopeErr)
		}
		b.WriteString("\n")
	}
	if !math.IsNaN(rep.Noise) {
		fmt.Fprintf(&b, "  %s: ±%.3g", l["fluctuation"], rep.Noise)
		if rep.Phi > 0 {
			fmt.Fprintf(&b, " (%s %.2f)", l["correlated"], rep.Phi)
		}
		b.WriteString("\n")
	}
	if rep.Theory != nil {
		fmt.Fprintf(&b, "  %s: %s\n", l["theory"], rep.Theory.Text(lang))
	}
	for _, n := range rep.Notes {
		fmt.Fprintf(&b, "  %s: %s\n", l["note"], n.Text(lang))
	}
	var others []string
	for _, s := range r.log.Candidates() {
		if s.Name != rep.Column && s.Role != trainlog.Index {
			others = append(others, s.Name)
		}
	}
	if len(others) > 0 {
		fmt.Fprintf(&b, "  %s: %s (-column)\n", l["candidates"], strings.Join(others, ", "))
	}
	_, err := io.WriteString(stdout, b.String())
	return err
}

// jsonReport is -json's output. Numbers that are NaN in Go are null.
type jsonReport struct {
	File       string             `json:"file"`
	Format     string             `json:"format,omitempty"`
	Column     string             `json:"column,omitempty"`
	Candidates []jsonCandidate    `json:"candidates,omitempty"`
	Verdict    string             `json:"verdict"` // improving, plateaued, diverging, too-short, unreadable
	Converging bool               `json:"converging,omitempty"`
	Exit       int                `json:"exit"`
	Headline   string             `json:"headline,omitempty"`
	Reason     string             `json:"reason,omitempty"`
	Theory     string             `json:"theory,omitempty"`
	Notes      []string           `json:"notes,omitempty"`
	Messages   []trainlog.Message `json:"messages,omitempty"` // headline, reason, theory and notes as codes
	Rows       int                `json:"rows,omitempty"`
	From       *float64           `json:"from,omitempty"`
	To         *float64           `json:"to,omitempty"`
	Since      *float64           `json:"since,omitempty"`
	Slope      *float64           `json:"slope,omitempty"`
	SlopeErr   *float64           `json:"slopeErr,omitempty"`
	PerDecade  *float64           `json:"perDecade,omitempty"`
	PerDecErr  *float64           `json:"perDecadeErr,omitempty"`
	Bound      *float64           `json:"bound,omitempty"`
	Noise      *float64           `json:"noise,omitempty"`
	Phi        *float64           `json:"phi,omitempty"`
	DivergedAt *float64           `json:"divergedAt,omitempty"`
	Needed     int                `json:"needed,omitempty"`
	Error      *jsonError         `json:"error,omitempty"`
}

type jsonCandidate struct {
	Name   string `json:"name"`
	Role   string `json:"role"`
	Points int    `json:"points"`
}

type jsonError struct {
	Text   string            `json:"text"`
	Code   string            `json:"code,omitempty"`
	Params map[string]string `json:"params,omitempty"`
	Line   int               `json:"line,omitempty"`
	Column int               `json:"column,omitempty"`
	Record int               `json:"record,omitempty"`
}

func num(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

func (r result) jsonReport(lang string) jsonReport {
	j := jsonReport{File: r.path, Exit: r.status()}
	if r.log != nil {
		j.Format = r.log.Format.String()
		for _, s := range r.log.Candidates() {
			j.Candidates = append(j.Candidates, jsonCandidate{s.Name, s.Role.String(), s.Points})
		}
	}
	if r.err != nil {
		j.Verdict = "unreadable"
		j.Error = &jsonError{Text: errorText(r.err, lang)}
		var pe *trainlog.ParseError
		if errors.As(r.err, &pe) {
			j.Error.Code, j.Error.Params, j.Error.Line, j.Error.Column, j.Error.Record = pe.Code, pe.Params, pe.Line, pe.Column, pe.Record
		}
		return j
	}
	rep := r.report
	j.Column, j.Verdict, j.Converging = rep.Column, rep.Verdict.ID(), rep.Converging
	j.Headline, j.Reason = rep.Headline().Text(lang), rep.Reason.Text(lang)
	j.Messages = []trainlog.Message{rep.Headline(), rep.Reason}
	if rep.Theory != nil {
		j.Theory = rep.Theory.Text(lang)
		j.Messages = append(j.Messages, *rep.Theory)
	}
	for _, n := range rep.Notes {
		j.Notes = append(j.Notes, n.Text(lang))
		j.Messages = append(j.Messages, n)
	}
	j.Rows, j.Needed = rep.N, rep.Needed
	j.From, j.To, j.Since = num(rep.From), num(rep.To), num(rep.Since)
	j.Slope, j.SlopeErr, j.PerDecade, j.PerDecErr, j.Bound = num(rep.Slope), num(rep.SlopeErr), num(rep.PerDecade), num(rep.PerDecadeErr), num(rep.Bound)
	j.Noise, j.DivergedAt = num(rep.Noise), num(rep.DivergedAt)
	if rep.Phi > 0 {
		j.Phi = num(rep.Phi)
	}
	return j
}

// followLog judges FILE each time it changes until ctx ends, printing a
// line whenever the verdict (its kind, its reason's kind, the column, or
// an error's code) changes, with the log's last step. It survives
// truncation and rotation, as tail -F does, by opening the path anew each
// time and reading it whole; a state is judged once it has stayed the same
// over two looks, so that a file caught in the middle of being rewritten
// (truncated, then written) is not judged, and a last line without its
// line ending is left for the next look, as a writer may be in the middle
// of it. It returns the exit status of the last verdict printed.
func (o *checkOptions) followLog(ctx context.Context, lang string, stdout, stderr io.Writer) int {
	lastKey, status := "", exitTooShort
	var seen, judged string // the stamp of the last look and of the last state judged
	tick := time.NewTicker(*o.poll)
	defer tick.Stop()
	for {
		path, data, err := o.loadStable()
		stamp := ""
		if err != nil {
			stamp = "error " + err.Error()
		} else {
			stamp = fmt.Sprintf("%s %d %x", path, len(data), hash(data))
		}
		if stamp == seen && stamp != judged {
			judged = stamp
			var res result
			if err != nil {
				res = result{path: *o.file, err: err}
			} else {
				res = judge(path, data, *o.column)
			}
			if key := verdictKey(res); key != lastKey {
				lastKey, status = key, res.status()
				if err := o.printChange(res, lang, stdout, stderr); err != nil {
					fmt.Fprintln(stderr, "noiseball:", err)
					return exitWriteFailed
				}
			}
		}
		seen = stamp
		select {
		case <-ctx.Done():
			return status
		case <-tick.C:
		}
	}
}

// loadStable reads FILE as load does, without the last line of a text log
// that does not end yet (a writer may be in the middle of it). A JSON
// document that ends in '}' or ']' is kept whole, and an event file's
// partial last record is Read's to leave out.
func (o *checkOptions) loadStable() (string, []byte, error) {
	path, data, err := o.load()
	if err != nil || len(data) == 0 || bytes.IndexByte(data[:min(len(data), 512)], 0) >= 0 {
		return path, data, err
	}
	if end := bytes.TrimRight(data, " \t"); len(end) > 0 && (end[len(end)-1] == '}' || end[len(end)-1] == ']') && (data[0] == '{' || data[0] == '[') {
		return path, data, nil
	}
	if data[len(data)-1] != '\n' && data[len(data)-1] != '\r' {
		if i := bytes.LastIndexAny(data, "\r\n"); i >= 0 {
			data = data[:i+1]
		}
	}
	return path, data, nil
}

// hash is FNV-1a of data, to tell a rewritten file of the same size.
func hash(data []byte) uint64 {
	h := uint64(14695981039346656037)
	for _, c := range data {
		h ^= uint64(c)
		h *= 1099511628211
	}
	return h
}

// verdictKey is what must change for -follow to print: the verdict, its
// reason's kind and the column, or the error's code.
func verdictKey(r result) string {
	if r.err != nil {
		var pe *trainlog.ParseError
		if errors.As(r.err, &pe) {
			return "error " + pe.Code
		}
		return "error"
	}
	return r.report.Verdict.ID() + " " + r.report.Reason.Code + " " + r.report.Column + fmt.Sprint(r.report.Converging)
}

// printChange writes one -follow line: the step at which the verdict
// changed (the log's last step), then the verdict, or with -json the whole
// report on one line.
func (o *checkOptions) printChange(r result, lang string, stdout, stderr io.Writer) error {
	if *o.json {
		return o.print(r, lang, stdout, stderr)
	}
	if r.err != nil {
		_, err := fmt.Fprintf(stdout, "%s: %s\n", labels[lang]["unreadable"], errorText(r.err, lang))
		return err
	}
	at := r.report.To
	if math.IsNaN(at) && len(r.report.Smoothed) > 0 {
		at = r.report.Smoothed[len(r.report.Smoothed)-1].Step
	}
	step := "?"
	if !math.IsNaN(at) {
		step = formatStep(at)
	}
	line := fmt.Sprintf("step %s: %s", step, r.report.Headline().Text(lang))
	if lang == "ja" {
		line = fmt.Sprintf("ステップ %s: %s", step, r.report.Headline().Text(lang))
	}
	if r.report.Theory != nil {
		line += " — " + r.report.Theory.Text(lang)
	}
	_, err := fmt.Fprintln(stdout, line)
	return err
}

// count writes n with thousands separators.
func count(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// formatStep writes a step as an integer with separators when it is one.
func formatStep(x float64) string {
	if x == math.Trunc(x) && math.Abs(x) < 1e15 {
		if x < 0 {
			return "-" + count(int(-x))
		}
		return count(int(x))
	}
	return fmt.Sprintf("%.6g", x)
}

// localeLang returns "ja" when the locale (LC_ALL, else LC_MESSAGES, else
// LANG, as POSIX orders them) is Japanese, "en" otherwise.
func localeLang() string {
	for _, v := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		if l := os.Getenv(v); l != "" {
			if strings.HasPrefix(strings.ToLower(l), "ja") {
				return "ja"
			}
			return "en"
		}
	}
	return "en"
}
