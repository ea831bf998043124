package link

import (
	"fmt"
	"strings"
	"unicode/utf8"
)

// ParamError reports a parameter whose value is not allowed. Its fields are
// stable, for programs (the page may translate them); Error writes them in
// English as
//
//	name="value": want ALLOWED (DETAIL)
type ParamError struct {
	Param   string `json:"param"`   // the parameter's name in the link, e.g. "lr2", shortened if long
	Value   string `json:"value"`   // the value as given, shortened if long
	Allowed string `json:"allowed"` // the allowed values, e.g. "a number in (0, 10]"

	// Problem is what is wrong beyond the value not being allowed, one of
	// the Problem constants (for numbers, see number.go), or "" when the
	// value is simply outside Allowed; Detail says it in English, e.g.
	// "hexadecimal: write 0.125".
	Problem string `json:"problem,omitempty"`
	Detail  string `json:"detail,omitempty"`
}

func (e *ParamError) Error() string {
	if e.Detail != "" {
		return fmt.Sprintf("%s=%q: want %s (%s)", e.Param, e.Value, e.Allowed, e.Detail)
	}
	return fmt.Sprintf("%s=%q: want %s", e.Param, e.Value, e.Allowed)
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

// paramError reports that parameter name does not allow value; for a
// numeric parameter it says what is wrong with a malformed number.
func paramError(name, value, allowed string) *ParamError {
	e := &ParamError{Param: shorten(name), Value: shorten(value), Allowed: allowed}
	kind := numericKind(name)
	if base, _ := splitLane(name); base == "bgrow" {
		// bgrow=lin:R and geo:R: R is a number.
		if _, rate, ok := strings.Cut(value, ":"); ok {
			kind, value = 'f', rate
		}
	}
	if p := numberProblem(kind, value); p != nil {
		e.Problem, e.Detail = p.problem, p.detail
	}
	return e
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
	return &ParamError{Param: shorten(name), Value: shorten(value),
		Allowed: "a known parameter (see the README's link table)", Problem: ProblemUnknownName}
}

// ParseInt reads value, the value of parameter name, as a plain decimal
// integer in [lo, hi], as the link reads its integers (1e3 is 1000); a bad
// value is a *ParamError naming name. It is for the parameters that go
// with a link but are not part of it, such as a still's size.
func ParseInt(name, value string, lo, hi int) (int, error) {
	x, ok := parseInt(value, lo, hi)
	if !ok {
		e := &ParamError{Param: shorten(name), Value: shorten(value), Allowed: fmt.Sprintf("an integer in [%d, %d]", lo, hi)}
		if p := numberProblem('i', value); p != nil {
			e.Problem, e.Detail = p.problem, p.detail
		}
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

// Messages returns the messages of Errors(err), one per problem: at most
// MaxProblems of them, then, if there are more, a last line
// "and N more problems".
func Messages(err error) []string {
	errs := Errors(err)
	lines := make([]string, 0, min(len(errs), MaxProblems+1))
	for i, e := range errs {
		if i == MaxProblems {
			lines = append(lines, fmt.Sprintf("and %d more problems", len(errs)-MaxProblems))
			break
		}
		lines = append(lines, e.Error())
	}
	return lines
}
