//go:build js && wasm

package main

import (
	"errors"
	"sync/atomic"
	"syscall/js"

	"noiseball/sim/link"
	"noiseball/sim/message"
)

// inbox carries the page's requests to the game. The page's callbacks only
// store into it (they must never block: a js.FuncOf callback holds up the
// browser's event loop), and Update takes what is there once per frame.
type inbox struct {
	link atomic.Pointer[string] // a new link, the latest wins
	// labels is the picture's words in the page's language, as the JSON of
	// a scene.Labels; the latest wins.
	labels atomic.Pointer[string]
	play   atomic.Int32 // 0 nothing, 1 play, 2 pause, 3 toggle
	steps  atomic.Int32 // single steps requested
	reset  atomic.Bool  // restart the experiment from step 0
	runTo  atomic.Int64 // fast-forward to this step; 0 nothing
	// csv holds the resolve functions of csv() promises waiting for the
	// next Update to build the table.
	csv chan js.Value
	// logs holds the training logs checkLog() was given, for the next Update.
	logs chan logRequest
}

const (
	playNone int32 = iota
	playOn
	playOff
	playToggle
)

// status is what the game tells the page, replaced whole after every Update
// so that the page reads a consistent snapshot without locking.
type status struct {
	Step    int      `json:"step"`
	Playing bool     `json:"playing"`
	Link    string   `json:"link"`             // the canonical form of the link in use
	Errors  []string `json:"errors"`           // what was wrong with the last link, in English
	Notice  string   `json:"notice,omitempty"` // why the link cannot run at a useful rate, and what can, in English
	// Notices is Notice in each language the page speaks, by its code.
	Notices map[string]string `json:"notices,omitempty"`
	// Problems are Errors as data, for the page to write in its language
	// (link.Catalog), and MoreProblems how many more there were.
	Problems     []problem `json:"problems"`
	MoreProblems int       `json:"moreProblems,omitempty"`
	Diverged     int       `json:"diverged"`
	X            float64   `json:"x"` // run 0's position in lane 1
	Y            float64   `json:"y"`
	LossGap      float64   `json:"lossGap"`
	Frames       int       `json:"frames"` // frames drawn so far
	// FirstFrame is performance.now() at the end of the first drawn frame,
	// in ms since the game page started loading.
	FirstFrame float64 `json:"firstFrame"`
	// UpdateMs and DrawMs are the time Update and Draw take, in ms,
	// averaged over the last few dozen frames.
	UpdateMs float64 `json:"updateMs"`
	DrawMs   float64 `json:"drawMs"`
	// LongestMs is the longest Update or Draw of the last 30 to 60
	// frames, in ms: what the game keeps the page's thread busy at most.
	LongestMs float64      `json:"longestMs"`
	Panic     string       `json:"panic,omitempty"`
	Target    int          `json:"target"`  // the step the view runs to (the link's steps, or runTo's)
	Speed     int          `json:"speed"`   // steps per frame while playing
	View      string       `json:"view"`    // "cloud" or "run"
	Present   bool         `json:"present"` // presenter mode: larger type and thicker lines
	Lanes     []laneStatus `json:"lanes"`
	Edit      *edit        `json:"edit,omitempty"`  // the game's last change to the link
	Sweep     *sweepStatus `json:"sweep,omitempty"` // the sweep's progress, in sweep mode
	// Plane is what a real model's picture is, for the page's one line
	// saying so; nil for the 2-D problems.
	Plane *planeStatus `json:"plane,omitempty"`
	// Contours tells whether the landscape shows its contours: always on
	// the 2-D problems, once a real model's loss on its plane is sampled.
	Contours bool `json:"contours"`
}

// planeStatus is the plane a real model's runs are drawn on.
type planeStatus struct {
	Kind    string `json:"kind"`    // hessian or noise (sim.PlaneKind)
	Dim     int    `json:"dim"`     // d, the runs' dimension
	Model   string `json:"model"`   // linreg, logreg, softmax or mlp
	Data    string `json:"data"`    // the data set
	Caption string `json:"caption"` // sim.Plane.Caption, in English
}

// laneStatus is one lane's part of the status.
type laneStatus struct {
	Opt      string  `json:"opt"`
	LR       float64 `json:"lr"` // gamma_n of the last step
	Diverged int     `json:"diverged"`

	// Diagnosis is what the live diagnostics see (sim.Diagnostics):
	// status is transient, stationary, converging, geometric, precision,
	// wrong-limit or diverged (sim.Status.String); reason a
	// stable id for the page's translations; explanation one line of
	// English with the numbers.
	Diagnosis diagnosis `json:"diagnosis"`
	// Theorem is what Dereich, Graeber and Jentzen's theorem says of the
	// lane's settings (sim.Hypotheses).
	Theorem theorem `json:"theorem"`
}

type diagnosis struct {
	Status      string  `json:"status"`
	Since       int     `json:"since"`
	Reason      string  `json:"reason"`
	Explanation string  `json:"explanation"`
	Ball        float64 `json:"ball"`      // the noise ball's size s
	BallSlope   float64 `json:"ballSlope"` // s ~ n^ballSlope while converging
	Halvings    int     `json:"halvings"`  // sched=auto's halvings so far
	Rate        float64 `json:"rate"`      // a > 0 of the rate n^-a a converging lane quotes, 0 for none
	Factor      float64 `json:"factor"`    // a geometric lane's factor per step
	Offset      float64 `json:"offset"`    // a wrong limit's distance of the mean from theta*
	From        int     `json:"from"`      // the steps the last test looked at
	To          int     `json:"to"`
}

// problem is one problem of the link: a *link.ParamError's line, want and
// why, or a *link.QueryError's message alone (in line).
type problem struct {
	Param string           `json:"param,omitempty"`
	Line  message.Message  `json:"line"`
	Want  *message.Message `json:"want,omitempty"`
	Why   *message.Message `json:"why,omitempty"`
}

// theorem is sim.TheoremCheck; its sentences are codes of sim.TheoremTexts
// (verdict, and each hypothesis's why), with their English in text and
// detail.
type theorem struct {
	Applies    bool            `json:"applies"`
	Conclusion string          `json:"conclusion"` // a stable id: cannot-converge, no-noise, lr-decays, batch-grows, not-covered
	Verdict    message.Message `json:"verdict"`
	Text       string          `json:"text"`
	Hypotheses []hypothesis    `json:"hypotheses"`
}

type hypothesis struct {
	ID       string          `json:"id"`
	Held     bool            `json:"held"`
	Why      message.Message `json:"why"`
	Detail   string          `json:"detail"`
	BrokenBy string          `json:"brokenBy"` // a preset that breaks it, or ""
}

// linkProblems returns the first link.MaxProblems problems of err as data,
// and how many more there are.
func linkProblems(err error) ([]problem, int) {
	shown, more := link.Capped(err)
	ps := make([]problem, 0, len(shown))
	for _, e := range shown {
		var pe *link.ParamError
		var qe *link.QueryError
		switch {
		case errors.As(e, &pe):
			want := pe.Want
			ps = append(ps, problem{Param: pe.Param, Line: pe.Line(), Want: &want, Why: pe.Why})
		case errors.As(e, &qe):
			ps = append(ps, problem{Line: qe.Message})
		default:
			// Not an error of the link's: its English, as it is.
			ps = append(ps, problem{Line: message.New("", "text", e.Error())})
		}
	}
	return ps, more
}
