//go:build js && wasm

package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"math"
	"syscall/js"

	"noiseball/sim/trainlog"
)

// logRequest is a training log the page asked the game to check
// (checkLog): its bytes, the column or tag to judge ("" for the default)
// and the language of the texts, with the Promise's resolve function.
type logRequest struct {
	data         []byte
	column, lang string
	resolve      js.Value
}

// logReport is trainlog's verdict on a pasted or dropped log, for the page:
// numbers that are NaN in Go are null here, since JSON has no NaN. The
// messages come as English text and, for the page's own translations, as
// trainlog.Messages (a code and its parameters).
type logReport struct {
	OK         bool      `json:"ok"`
	Error      *logError `json:"error,omitempty"`
	Rows       int       `json:"rows"`
	Format     string    `json:"format,omitempty"` // the log's format, as -check names it
	Column     string    `json:"column"`           // the series judged
	Candidates []string  `json:"candidates"`       // every series, best first
	Choices    []string  `json:"choices"`          // the candidates a column= may name: all but the step's
	// The texts in the request's language, the very words noiseball -check
	// prints: the headline, its reason, what the theory says a change
	// would do (empty when the log does not show a noise ball), the notes.
	HeadlineText string             `json:"headlineText"`
	ReasonText   string             `json:"reasonText"`
	TheoryText   string             `json:"theoryText,omitempty"`
	NotesText    []string           `json:"notesText,omitempty"`
	Phi          *float64           `json:"phi,omitempty"` // the successive values' correlation, when there is one
	Verdict      string             `json:"verdict"`       // too-short, improving, plateaued, diverging
	Converging   bool               `json:"converging"`
	Explanation  string             `json:"explanation"`
	Headline     trainlog.Message   `json:"headline"`
	Reason       trainlog.Message   `json:"reason"`
	Theory       *trainlog.Message  `json:"theory,omitempty"`
	Notes        []trainlog.Message `json:"notes,omitempty"`
	Slope        *float64           `json:"slope"`
	SlopeErr     *float64           `json:"slopeErr"`
	PerDecade    *float64           `json:"perDecade"`
	PerDecadeErr *float64           `json:"perDecadeErr"`
	Bound        *float64           `json:"bound"`
	Noise        *float64           `json:"noise"`
	Change       *float64           `json:"change"`
	From         *float64           `json:"from"`
	To           *float64           `json:"to"`
	Since        *float64           `json:"since"`
	Needed       int                `json:"needed,omitempty"`
	DivergedAt   *float64           `json:"divergedAt"`
	Smoothed     [][]float64        `json:"smoothed"` // [step, mean, min, max] per bin
}

// logError is a *trainlog.ParseError: where the file is wrong, and why.
type logError struct {
	Line    int               `json:"line"`
	Column  int               `json:"column"`
	Record  int               `json:"record,omitempty"`
	Name    string            `json:"name"`
	Value   string            `json:"value"`
	Reason  string            `json:"reason"`
	Message string            `json:"message"`
	Code    string            `json:"code"`
	Params  map[string]string `json:"params,omitempty"`
	Where   *trainlog.Message `json:"where,omitempty"` // the place as a Message, nil for the whole file
}

// finite returns &x, or nil when x is NaN or infinite.
func finite(x float64) *float64 {
	if math.IsNaN(x) || math.IsInf(x, 0) {
		return nil
	}
	return &x
}

// checkLog reads and judges a training log in any of trainlog's formats
// (CSV, trainer_state.json, JSON lines, TensorBoard event files), as
// noiseball -check FILE -column column -lang lang does, as JSON for the
// page. For a million rows this takes about a second in wasm; the page
// says it is busy.
func checkLog(data []byte, column, lang string) string {
	if lang != "ja" {
		lang = "en"
	}
	var r logReport
	l, err := trainlog.Read(bytes.NewReader(data))
	var rep trainlog.Report
	if err == nil {
		rep, err = trainlog.Check(l, column)
	}
	if l != nil {
		r.Format = l.Format.String()
	}
	if err != nil {
		r.Error = &logError{Message: err.Error()}
		if pe := (*trainlog.ParseError)(nil); errors.As(err, &pe) {
			r.Error.Message = pe.Text(lang)
		}
		var pe *trainlog.ParseError
		if errors.As(err, &pe) {
			r.Error.Line, r.Error.Column, r.Error.Record, r.Error.Name, r.Error.Value, r.Error.Reason = pe.Line, pe.Column, pe.Record, pe.Name, pe.Value, pe.Reason
			r.Error.Code, r.Error.Params = pe.Code, pe.Params
			if w := pe.Where(); w.Code != "" {
				r.Error.Where = &w
			}
		}
	} else {
		r.OK = true
		r.Rows = rep.N
		r.Column = rep.Column
		for _, s := range l.Candidates() {
			r.Candidates = append(r.Candidates, s.Name)
			if s.Role != trainlog.Index {
				r.Choices = append(r.Choices, s.Name)
			}
		}
		r.HeadlineText, r.ReasonText = rep.Headline().Text(lang), rep.Reason.Text(lang)
		if rep.Theory != nil {
			r.TheoryText = rep.Theory.Text(lang)
		}
		for _, n := range rep.Notes {
			r.NotesText = append(r.NotesText, n.Text(lang))
		}
		if rep.Phi > 0 {
			r.Phi = finite(rep.Phi)
		}
		r.Verdict, r.Converging = rep.Verdict.ID(), rep.Converging
		r.Explanation = rep.String()
		r.Headline, r.Reason, r.Theory, r.Notes = rep.Headline(), rep.Reason, rep.Theory, rep.Notes
		r.Slope, r.SlopeErr = finite(rep.Slope), finite(rep.SlopeErr)
		r.PerDecade, r.PerDecadeErr, r.Bound = finite(rep.PerDecade), finite(rep.PerDecadeErr), finite(rep.Bound)
		r.Noise, r.Change = finite(rep.Noise), finite(rep.Change)
		r.From, r.To, r.Since = finite(rep.From), finite(rep.To), finite(rep.Since)
		r.Needed = rep.Needed
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
