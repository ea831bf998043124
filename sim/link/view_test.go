package link

import (
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"noiseball/sim"
)

func TestParseView(t *testing.T) {
	def := DefaultView()
	if def != (View{Cloud: true, Speed: 4, Metric: "spread"}) {
		t.Errorf("DefaultView() = %+v", def)
	}
	tests := []struct {
		query string
		want  View
	}{
		{"", def},
		{"opt=sgd&lr=0.1&sweep=x", def}, // not view settings
		{"view=run&speed=1e3&metric=bias&lang=ja&story=8&present=1&embed=1",
			View{Cloud: false, Speed: 1000, Metric: "bias", Lang: "ja", Story: 8, Present: true, Embed: true}},
		{"view=cloud&present=0&embed=0&lang=en&story=1", View{Cloud: true, Speed: 4, Metric: "spread", Lang: "en", Story: 1}},
		{"speed=1&speed=20", View{Cloud: true, Speed: 20, Metric: "spread"}}, // the last one wins, as in Parse
	}
	for _, tt := range tests {
		got, err := ParseView(tt.query)
		if err != nil || got != tt.want {
			t.Errorf("ParseView(%q) = %+v, %v; want %+v", tt.query, got, err, tt.want)
		}
	}
}

// Every bad view setting is named with what it allows, keeps its default,
// and leaves the other settings applied; the experiment's parser does not
// report them, and the view's parser reports nothing else.
func TestParseViewErrors(t *testing.T) {
	tests := []struct{ query, param, allowed string }{
		{"view=grid", "view", "one of cloud, run"},
		{"speed=0", "speed", "an integer in [1, 1000000]"},
		{"speed=1000001", "speed", "an integer in [1, 1000000]"},
		{"speed=fast", "speed", "an integer in [1, 1000000]"},
		{"metric=junk", "metric", "one of spread, loss_gap, bias, step_norm, final_lr"},
		{"lang=%3Cscript%3E", "lang", "one of en, ja"},
		{"lang=", "lang", "one of en, ja"},
		{"story=999", "story", "an integer in [1, 11]"},
		{"story=0", "story", "an integer in [1, 11]"},
		{"present=yes", "present", "one of 0, 1"},
		{"embed=2", "embed", "one of 0, 1"},
	}
	for _, tt := range tests {
		other := "&embed=1" // applied whatever else is wrong
		if tt.param == "embed" {
			other = "&present=1"
		}
		v, err := ParseView(tt.query + other)
		var pe *ParamError
		if errs := Errors(err); len(errs) != 1 || !errors.As(errs[0], &pe) || pe.Param != tt.param || pe.Allowed != tt.allowed {
			t.Errorf("ParseView(%q): %v, want one error for %s allowing %q", tt.query, err, tt.param, tt.allowed)
			continue
		}
		if want := DefaultView(); v.Embed == v.Present || v.Speed != want.Speed || v.Metric != want.Metric || v.Lang != "" || v.Story != 0 || !v.Cloud {
			t.Errorf("ParseView(%q) = %+v: want the defaults but for %s", tt.query, v, other)
		}
		if _, err := Parse(tt.query); err != nil {
			t.Errorf("Parse(%q) reports a view setting: %v", tt.query, err)
		}
	}
}

// The view's tables agree with the page's files: a language per
// static/i18n-LANG.json, and as many story steps as static/story.json has.
func TestViewMatchesThePage(t *testing.T) {
	files, err := filepath.Glob("../../static/i18n-*.json")
	if err != nil || len(files) == 0 {
		t.Fatalf("no translations: %v", err)
	}
	var langs []string
	for _, f := range files {
		langs = append(langs, strings.TrimSuffix(strings.TrimPrefix(filepath.Base(f), "i18n-"), ".json"))
	}
	slices.Sort(langs)
	if got := slices.Sorted(slices.Values(Languages())); !reflect.DeepEqual(got, langs) {
		t.Errorf("Languages() = %v, the page has %v", got, langs)
	}
	b, err := os.ReadFile("../../static/story.json")
	if err != nil {
		t.Fatal(err)
	}
	var story struct{ Steps []json.RawMessage }
	if err := json.Unmarshal(b, &story); err != nil {
		t.Fatal(err)
	}
	if len(story.Steps) != StorySteps {
		t.Errorf("StorySteps = %d, static/story.json has %d steps", StorySteps, len(story.Steps))
	}
	if got := ViewParams(); !reflect.DeepEqual(got, []string{"view", "speed", "metric", "lang", "story", "present", "embed", "log", "column"}) {
		t.Errorf("ViewParams() = %v", got)
	}
	if m := sim.SweepMetrics(); DefaultView().Metric != m[0] {
		t.Errorf("the default metric %q is not the first of %v", DefaultView().Metric, m)
	}
}

// A link with many problems: Errors has every one, Messages at most
// MaxProblems and a count of the rest; names and values are shortened at
// a character boundary.
func TestMessagesCapped(t *testing.T) {
	var q []string
	for i := range 45 {
		q = append(q, strings.Repeat("é", 100)+string(rune('a'+i%26))+strings.Repeat("z", i)+"="+strings.Repeat("ü", 100))
	}
	_, err := Parse(strings.Join(q, "&"))
	if n := len(Errors(err)); n != 45 {
		t.Fatalf("Errors: %d problems, want 45", n)
	}
	lines := Messages(err)
	if len(lines) != MaxProblems+1 || lines[MaxProblems] != "and 25 more problems" {
		t.Fatalf("Messages: %d lines, last %q", len(lines), lines[len(lines)-1])
	}
	for _, e := range Errors(err)[:3] {
		var pe *ParamError
		if !errors.As(e, &pe) || pe.Problem != ProblemUnknownName {
			t.Fatalf("%v is not an unknown parameter", e)
		}
		for _, s := range []string{pe.Param, pe.Value} {
			if len(s) > maxShown+len("…") || !utf8.ValidString(s) || !strings.HasSuffix(s, "…") {
				t.Errorf("shortened to %q (%d bytes)", s, len(s))
			}
		}
	}
	if got := Messages(nil); len(got) != 0 {
		t.Errorf("Messages(nil) = %q", got)
	}
	// ParseSweep's errors nest Parse's; Errors flattens them.
	_, err = ParseSweep("lr=x&sweep=a:b")
	if errs := Errors(err); len(errs) != 2 {
		t.Errorf("ParseSweep: %d problems (%v), want lr's and sweep's", len(errs), errs)
	}
}
