package link

import (
	"errors"
	"net/url"
	"strconv"
	"strings"
	"unicode/utf8"

	"noiseball/sim/message"
)

// ParamError reports a parameter whose value is not allowed. Its fields are
// stable, for programs; Error writes them in English as
//
//	name="value": want ALLOWED (DETAIL)
//
// and Text in English or Japanese. Underneath, Want and Why are Messages
// (codes of Catalog) and Line the Message of the whole line, so that the
// page writes the error in its own language.
type ParamError struct {
	Param   string `json:"param"`   // the parameter's name in the link, e.g. "lr2", shortened if long
	Value   string `json:"value"`   // the value as given, shortened if long
	Allowed string `json:"allowed"` // the allowed values, e.g. "a number in (0, 10]": Want in English

	// Problem is what is wrong beyond the value not being allowed, one of
	// the Problem constants (for numbers, see number.go), or "" when the
	// value is simply outside Allowed; Detail says it in English, e.g.
	// "hexadecimal: write 0.125": Why in English.
	Problem string `json:"problem,omitempty"`
	Detail  string `json:"detail,omitempty"`

	Want message.Message  `json:"want"`          // what the parameter allows
	Why  *message.Message `json:"why,omitempty"` // what is wrong with the value beyond that, or nil
}

// Line returns the error's line as a Message with the parameters param and
// value (quoted); its template also names want and why, which a caller
// writes from Want and Why in the same language first (Text does).
func (e *ParamError) Line() message.Message {
	code := "line"
	switch {
	case e.Problem == ProblemUnknownName:
		code = "line.unknown"
	case e.Why != nil:
		code = "line.why"
	}
	return say(code, "param", e.Param, "value", quote(e.Value))
}

// Text writes the error in lang ("en" or "ja"; anything else is English).
func (e *ParamError) Text(lang string) string {
	line := e.Line()
	line.Params["want"] = messages.Text(e.Want, lang)
	if e.Why != nil {
		line.Params["why"] = messages.Text(*e.Why, lang)
	}
	return messages.Text(line, lang)
}

func (e *ParamError) Error() string { return e.Text("en") }

// QueryError reports a link that is not a query string: a malformed
// escape, or parameters separated by ';'. Parse reads what it can of the
// rest.
type QueryError struct {
	Message message.Message // what is wrong, a code of Messages
}

func (e *QueryError) Error() string { return english(e.Message) }

// queryError is the QueryError of url.ParseQuery's err.
func queryError(err error) *QueryError {
	var esc url.EscapeError
	if errors.As(err, &esc) {
		return &QueryError{say("query.escape", "value", quote(shorten(string(esc))))}
	}
	return &QueryError{say("query.semicolon")}
}

// maxShown bounds how much of a bad parameter's name and value an error
// repeats, in bytes.
const maxShown = 32

// shorten returns s cut to at most maxShown bytes, at a character boundary,
// with an ellipsis if it was cut.
func shorten(s string) string {
	if len(s) <= maxShown {
		return s
	}
	cut := maxShown
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut] + "…"
}

// paramError reports that parameter name does not allow value, wanting
// want; for a numeric parameter it says what is wrong with a malformed
// number.
func paramError(name, value string, want message.Message) *ParamError {
	e := newParamError(name, value, want)
	kind := numericKind(name)
	if base, _ := splitLane(name); base == "bgrow" {
		// bgrow=lin:R and geo:R: R is a number.
		if _, rate, ok := strings.Cut(value, ":"); ok {
			kind, value = 'f', rate
		}
	}
	e.setProblem(numberProblem(kind, value))
	return e
}

// newParamError is the ParamError of parameter name and value, wanting
// want, with no problem beyond that.
func newParamError(name, value string, want message.Message) *ParamError {
	return &ParamError{Param: shorten(name), Value: shorten(value), Allowed: english(want), Want: want}
}

// setProblem records p, if any, as the error's Problem and Why.
func (e *ParamError) setProblem(p *numberError) {
	if p != nil {
		why := p.why
		e.Problem, e.Detail, e.Why = p.problem, english(why), &why
	}
}

// numericKind returns the kind of number parameter name takes ('f', 'i',
// 'u', 'p', as numberProblem reads them), or 0 if it takes words or is
// unknown.
func numericKind(name string) byte {
	switch name {
	case "seed":
		return 'u'
	case "sweepruns", "sweepsteps":
		return 'i'
	}
	for _, p := range globalOrder {
		if p.name == name {
			return p.kind
		}
	}
	for _, p := range viewOrder {
		if p.name == name {
			return p.kind
		}
	}
	if base, k := splitLane(name); k > 0 {
		for _, p := range laneOrder {
			if p.name == base {
				return p.kind
			}
		}
	}
	return 0
}

// unknownParam reports a parameter the link format does not have.
func unknownParam(name, value string) *ParamError {
	e := newParamError(name, value, say("want.known"))
	e.Problem = ProblemUnknownName
	return e
}

// ParseInt reads value, the value of parameter name, as a plain decimal
// integer in [lo, hi], as the link reads its integers (1e3 is 1000); a bad
// value is a *ParamError naming name. It is for the parameters that go
// with a link but are not part of it, such as a still's size.
func ParseInt(name, value string, lo, hi int) (int, error) {
	x, ok := parseInt(value, lo, hi)
	if !ok {
		e := newParamError(name, value, say("want.integer", "range", intRange(lo, hi)))
		e.setProblem(numberProblem('i', value))
		return 0, e
	}
	return x, nil
}

// Errors returns the problems an error of this package joins (errors.Join,
// at any depth), in order, and nil for a nil err.
func Errors(err error) []error {
	if err == nil {
		return nil
	}
	j, ok := err.(interface{ Unwrap() []error })
	if !ok {
		return []error{err}
	}
	var all []error
	for _, e := range j.Unwrap() {
		all = append(all, Errors(e)...)
	}
	return all
}

// MaxProblems is how many problems Messages lists before it sums up the
// rest, so that a link with thousands of bad parameters gets a short
// answer.
const MaxProblems = 20

// Messages returns the messages of Errors(err) in English, one per
// problem: at most MaxProblems of them, then, if there are more, a last
// line "and N more problems".
func Messages(err error) []string {
	shown, more := Capped(err)
	lines := make([]string, 0, len(shown)+1)
	for _, e := range shown {
		lines = append(lines, e.Error())
	}
	if more > 0 {
		lines = append(lines, english(More(more)))
	}
	return lines
}

// Capped returns the first MaxProblems of Errors(err) and how many more
// there are.
func Capped(err error) (shown []error, more int) {
	errs := Errors(err)
	if len(errs) > MaxProblems {
		return errs[:MaxProblems], len(errs) - MaxProblems
	}
	return errs, 0
}

// More is the Message that ends a capped list of n more problems.
func More(n int) message.Message { return say("more", "n", strconv.Itoa(n)) }
