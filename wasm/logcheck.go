//go:build js && wasm

package main

import (
	"encoding/json"
	"errors"
	"math"
	"strings"
	"syscall/js"

	"noiseball/sim/trainlog"
)

// logRequest is a training log the page asked the game to check
// (checkLog), with the Promise's resolve function.
type logRequest struct {
	text    string
	resolve js.Value
}

// logReport is trainlog's verdict on a pasted or dropped log, for the page:
// numbers that are NaN in Go are null here, since JSON has no NaN.
type logReport struct {
	OK          bool        `json:"ok"`
	Error       *logError   `json:"error,omitempty"`
	Rows        int         `json:"rows"`
	Verdict     string      `json:"verdict"` // too-short, improving, plateaued, diverging
	Explanation string      `json:"explanation"`
	Slope       *float64    `json:"slope"`
	SlopeErr    *float64    `json:"slopeErr"`
	Noise       *float64    `json:"noise"`
	Change      *float64    `json:"change"`
	From        *float64    `json:"from"`
	To          *float64    `json:"to"`
	DivergedAt  *float64    `json:"divergedAt"`
	Smoothed    [][]float64 `json:"smoothed"` // [step, mean, min, max] per bin
}

// logError is a *trainlog.ParseError: where the file is wrong, and why.
type logError struct {
	Line    int    `json:"line"`
	Column  int    `json:"column"`
	Name    string `json:"name"`
	Value   string `json:"value"`
	Reason  string `json:"reason"`
	Message string `json:"message"`
}

// finite returns &x, or nil when x is NaN or infinite.
func finite(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// checkLog reads and judges a training log, as JSON for the page. For a
// million rows this takes about a second in wasm; the page says it is busy.
func checkLog(text string) string {
	var r logReport
	l, err := trainlog.Read(strings.NewReader(text))
	if err != nil {
		r.Error = &logError{Message: err.Error()}
		var pe *trainlog.ParseError
		if errors.As(err, &pe) {
			r.Error.Line, r.Error.Column, r.Error.Name, r.Error.Value, r.Error.Reason = pe.Line, pe.Column, pe.Name, pe.Value, pe.Reason
		}
	} else {
		rep := trainlog.Analyze(l)
		r.OK = true
		r.Rows = len(l.Step)
		r.Verdict = verdictID(rep.Verdict)
		r.Explanation = rep.String()
		r.Slope, r.SlopeErr = finite(rep.Slope), finite(rep.SlopeErr)
		r.Noise, r.Change = finite(rep.Noise), finite(rep.Change)
		r.From, r.To = finite(rep.From), finite(rep.To)
		r.DivergedAt = finite(rep.DivergedAt)
		for _, p := range rep.Smoothed {
			if !math.IsNaN(p.Value) && !math.IsInf(p.Value, 0) {
				r.Smoothed = append(r.Smoothed, []float64{p.Step, p.Value, p.Min, p.Max})
			}
		}
	}
	b, err := json.Marshal(r)
	if err != nil {
		return `{"ok":false,"error":{"message":"internal error: ` + err.Error() + `"}}`
	}
	return string(b)
}

// verdictID names a verdict for the page's translations.
func verdictID(v trainlog.Verdict) string {
	switch v {
	case trainlog.Improving:
		return "improving"
	case trainlog.Plateaued:
		return "plateaued"
	case trainlog.Diverging:
		return "diverging"
	}
	return "too-short"
}
