package message

import (
	"fmt"
	"slices"
	"testing"
)

func TestText(t *testing.T) {
	c := Catalog{
		"rows": {"{n} rows of {max}", "{max} 行中 {n} 行"},
		"none": {"nothing", "なし"},
	}
	tests := []struct {
		m    Message
		lang string
		want string
	}{
		{New("rows", "n", "3", "max", "10"), "en", "3 rows of 10"},
		{New("rows", "n", "3", "max", "10"), "ja", "10 行中 3 行"},
		{New("rows", "n", "3", "max", "10"), "fr", "3 rows of 10"}, // anything else is English
		{New("rows", "n", "3"), "en", "3 rows of "},                // a missing parameter is empty
		{New("none"), "ja", "なし"},
		{New("no.such", "b", "2", "a", "1"), "ja", "no.such a=1 b=2"},
	}
	for _, tt := range tests {
		if got := c.Text(tt.m, tt.lang); got != tt.want {
			t.Errorf("Text(%v, %s) = %q, want %q", tt.m, tt.lang, got, tt.want)
		}
	}
	if got := c.Templates("ja"); got["rows"] != "{max} 行中 {n} 行" || len(got) != 2 {
		t.Errorf("Templates(ja) = %v", got)
	}
}

func TestFill(t *testing.T) {
	tests := []struct{ template, want string }{
		{"{a} and {b}", "x and y"},
		{"no braces", "no braces"},
		{"open { only", "open { only"},
		{"{a}{a}", "xx"},
		{"{missing}!", "!"},
	}
	for _, tt := range tests {
		if got := Fill(tt.template, map[string]string{"a": "x", "b": "y"}); got != tt.want {
			t.Errorf("Fill(%q) = %q, want %q", tt.template, got, tt.want)
		}
	}
}

func TestCheck(t *testing.T) {
	tests := []struct {
		c    Catalog
		good bool
	}{
		{Catalog{"a": {"{n} rows", "{n} 行"}}, true},
		{Catalog{"a": {"{n} rows", "行"}}, false},          // a placeholder lost
		{Catalog{"a": {"Adam", "Adam"}}, false},           // untranslated
		{Catalog{"a": {"rows", ""}}, false},               // no Japanese
		{Catalog{"a": {"{n} of {m}", "{m} 中 {n}"}}, true}, // order may change
	}
	for _, tt := range tests {
		if err := tt.c.Check(); (err == nil) != tt.good {
			t.Errorf("Check(%v) = %v", tt.c, err)
		}
	}
	if got := Placeholders("{b} {a} {b}"); !slices.Equal(got, []string{"{a}", "{b}"}) {
		t.Errorf("Placeholders = %v", got)
	}
}

func ExampleCatalog_Text() {
	c := Catalog{"want.number": {"a number in {range}", "{range} の数値"}}
	m := New("want.number", "range", "(0, 10]")
	fmt.Println(c.Text(m, "en"))
	fmt.Println(c.Text(m, "ja"))
	// Output:
	// a number in (0, 10]
	// (0, 10] の数値
}
