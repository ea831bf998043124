package link

import (
	"errors"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode"
)

// badLinks reach every code of the catalog: each is a link with problems.
var badLinks = []string{
	"lr=abc&runs=2.5&bogus=1&seed=1_000&h1=0x10&sigma=1,2,3&x0=inf&angle=NaN&c=1,5&lrmin=&b1=1e400",
	"lr=0b101&lr2=0o17&mom=0x1.8p1&n0=1_0.5x&wd=a,b&v=2&bc=2&bgrow=lin:0&opt=fast&lang=xx&story=99",
	"batch=12345678&h2=0xzz&p=0b2&n0=0o9",
	"sweep=lr:1:2,b2:0.5:0.9:lin:3",
	"sweep=lr:1:2:log:3,b1:0:0.5:log:3",
	"lr=%zz",
	"lr=1;opt=sgd",
	"sweep=lr:0.1",
	"sweep=lr:1:2:log:3",
	"sweep=lr:1:2:log:3,lr:1:2:log:3",
	"sweep=x:1:2:log:3,lr:1:2:log:3",
	"sweep=lr:0x1:2:log:3,b2:0.5:abc:lin:3",
	"sweep=lr:20:2:log:3,b2:0.5:2:lin:3",
	"sweep=lr:1:2:cubic:3,b2:0.5:0.9:lin:x",
	"sweep=lr:1:2:log:1,b2:0.9:0.5:lin:3",
	"sweep=h1:-1:2:lin:3,b2:0.5:0.9:lin:3",
	"sweep=lr:1:2:log:3,b1:0.1:0.9:lin:3&sweepruns=0",
	"opt=sgd",
	"problem=mlp&data=foo",
	"problem=mlp&data=diabetes&hidden2=3",
	"problem=linreg&hidden=8&sigma=2",
	"problem=softmax&runs=4000",
	"problem=logreg&wd=0",
}

// allProblems returns every problem of the bad links, with the sweep's
// where the link has one and a missing sweep for the last.
func allProblems() []error {
	var errs []error
	for _, q := range badLinks {
		var err error
		if HasSweep(q) || q == "opt=sgd" {
			_, err = ParseSweep(q)
		} else {
			_, e1 := Parse(q)
			_, e2 := ParseView(q)
			err = errors.Join(e1, e2)
		}
		errs = append(errs, Errors(err)...)
	}
	return errs
}

var unfilled = regexp.MustCompile(`\{\w+\}`)

func TestMessagesCatalog(t *testing.T) {
	if err := messages.Check(); err != nil {
		t.Error(err)
	}
	// A code is used by an error, or by what a parameter allows, which the
	// schema says (data's, for one, which Parse checks against the problem
	// instead).
	used := map[string]bool{More(21).Code: true}
	for _, ps := range [][]string{wantCodes(globalOrder), wantCodes(laneOrder), wantCodes(viewOrder), wantCodes(sweepOrder)} {
		for _, c := range ps {
			used[c] = true
		}
	}
	for _, e := range allProblems() {
		var pe *ParamError
		var qe *QueryError
		switch {
		case errors.As(e, &pe):
			used[pe.Want.Code] = true
			used[pe.Line().Code] = true
			if pe.Why != nil {
				used[pe.Why.Code] = true
			}
			if pe.Allowed != english(pe.Want) || (pe.Why == nil) != (pe.Detail == "") {
				t.Errorf("%v: Allowed %q and Detail %q are not Want and Why in English", pe, pe.Allowed, pe.Detail)
			}
			for _, lang := range []string{"en", "ja"} {
				text := pe.Text(lang)
				if !strings.Contains(text, pe.Param) || unfilled.MatchString(strings.ReplaceAll(text, pe.Value, "")) {
					t.Errorf("%s in %s: %q does not name the parameter, or leaves a placeholder", pe, lang, text)
				}
			}
			if ja := pe.Text("ja"); !strings.ContainsFunc(ja, isJapanese) {
				t.Errorf("%s in Japanese has no Japanese: %q", pe, ja)
			}
		case errors.As(e, &qe):
			used[qe.Message.Code] = true
		default:
			t.Errorf("%v (%T) is neither a ParamError nor a QueryError", e, e)
		}
	}
	var dead []string
	for code := range messages {
		if !used[code] {
			dead = append(dead, code)
		}
	}
	sort.Strings(dead)
	if len(dead) > 0 {
		t.Errorf("no bad link says %v: a code no error uses, or a case missing from badLinks", dead)
	}
}

// wantCodes returns the codes of what the parameters ps allow.
func wantCodes[T any](ps []param[T]) []string {
	var codes []string
	for _, p := range ps {
		codes = append(codes, p.allowed.want.Code)
	}
	return codes
}

func isJapanese(r rune) bool {
	return unicode.In(r, unicode.Hiragana, unicode.Katakana, unicode.Han)
}

// The English of a line is what it was before the lines became Messages:
// programs and people read it.
func TestParamErrorText(t *testing.T) {
	tests := []struct{ query, en, ja string }{
		{"lr=0x1p-3", `lr="0x1p-3": want a number in (0, 10] (hexadecimal: write 0.125)`,
			`lr="0x1p-3": 使える値は「(0, 10] の範囲の数値」です (16 進数です。0.125 と書いてください)。`},
		{"runs=0", `runs="0": want an integer in [1, 10000]`, `runs="0": 使える値は「[1, 10000] の範囲の整数」です。`},
		{"view=grid", `view="grid": want one of cloud, run`, `view="grid": 使える値は「cloud, run のいずれか」です。`},
		{"bogus=1", `bogus="1": want a known parameter (see the README's link table)`,
			`bogus="1": この名前のパラメーターはありません。使えるのは「README のリンクの表にあるパラメーター名」です。`},
		{"lr=%zz", `the link has a malformed escape "%zz": write % as %25`, `リンクに不正なエスケープ "%zz" があります。% は %25 と書いてください。`},
	}
	for _, tt := range tests {
		_, err := Parse(tt.query)
		_, verr := ParseView(tt.query)
		errs := Errors(errors.Join(err, verr))
		if len(errs) != 1 {
			t.Fatalf("%s: %d errors %v, want one", tt.query, len(errs), errs)
		}
		if got := errs[0].Error(); got != tt.en {
			t.Errorf("%s: %q, want %q", tt.query, got, tt.en)
		}
		var ja string
		var pe *ParamError
		var qe *QueryError
		switch {
		case errors.As(errs[0], &pe):
			ja = pe.Text("ja")
		case errors.As(errs[0], &qe):
			ja = messages.Text(qe.Message, "ja")
		}
		if ja != tt.ja {
			t.Errorf("%s in Japanese: %q, want %q", tt.query, ja, tt.ja)
		}
	}
}
