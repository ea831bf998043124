// Package message holds what the programs say to people as data: a stable
// code with named parameters (Message), and each code's text in every
// language the page speaks (Catalog). The command line writes a Message in
// English; the page writes the same Message in English or Japanese, from
// the same catalog, so that the two never disagree and a program can test
// what was said by its code.
package message

import (
	"fmt"
	"regexp"
	"slices"
	"sort"
	"strings"
)

// A Message is something said: a stable code and named parameters, already
// formatted (numbers as the English text shows them). A template refers to
// a parameter as {name}.
type Message struct {
	Code   string            `json:"code"`
	Params map[string]string `json:"params,omitempty"`
}

// New returns the Message of code with pairs of parameter names and values.
func New(code string, kv ...string) Message {
	m := Message{Code: code}
	if len(kv) > 0 {
		m.Params = make(map[string]string, len(kv)/2)
		for i := 0; i+1 < len(kv); i += 2 {
			m.Params[kv[i]] = kv[i+1]
		}
	}
	return m
}

// Languages returns the languages of a Catalog's Texts, in their order:
// English, then Japanese.
func Languages() []string { return []string{"en", "ja"} }

// Texts is one code's template in each of Languages: English, Japanese.
type Texts [2]string

// Catalog holds the templates of every code.
type Catalog map[string]Texts

// index returns lang's position in Texts; anything but "ja" is English.
func index(lang string) int {
	if lang == "ja" {
		return 1
	}
	return 0
}

// Text writes m in lang ("en" or "ja"; anything else is English), its
// parameters put in place. An unknown code is written as the code and its
// parameters, sorted by name.
func (c Catalog) Text(m Message, lang string) string {
	t, ok := c[m.Code]
	if !ok {
		keys := make([]string, 0, len(m.Params))
		for k := range m.Params {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		var b strings.Builder
		b.WriteString(m.Code)
		for _, k := range keys {
			b.WriteString(" " + k + "=" + m.Params[k])
		}
		return b.String()
	}
	return Fill(t[index(lang)], m.Params)
}

// Templates returns every code's template in lang, for a caller that
// writes Messages itself (the page: static/link-schema.json holds them).
func (c Catalog) Templates(lang string) map[string]string {
	out := make(map[string]string, len(c))
	for code, t := range c {
		out[code] = t[index(lang)]
	}
	return out
}

// Fill replaces each {name} in template by params[name] (by "" when params
// has no name).
func Fill(template string, params map[string]string) string {
	var b strings.Builder
	s := template
	for {
		i := strings.IndexByte(s, '{')
		if i < 0 {
			b.WriteString(s)
			return b.String()
		}
		j := strings.IndexByte(s[i:], '}')
		if j < 0 {
			b.WriteString(s)
			return b.String()
		}
		b.WriteString(s[:i])
		b.WriteString(params[s[i+1:i+j]])
		s = s[i+j+1:]
	}
}

var placeholder = regexp.MustCompile(`\{\w+\}`)

// Placeholders returns the distinct {names} of template, sorted.
func Placeholders(template string) []string {
	p := placeholder.FindAllString(template, -1)
	slices.Sort(p)
	return slices.Compact(p)
}

// Check reports the codes of c whose texts are incomplete: a language
// without a text, a Japanese text that is the English one, or texts whose
// placeholders differ between the languages. A package's tests call it on
// its catalog.
func (c Catalog) Check() error {
	codes := make([]string, 0, len(c))
	for code := range c {
		codes = append(codes, code)
	}
	sort.Strings(codes)
	var problems []string
	for _, code := range codes {
		t := c[code]
		switch en, ja := t[0], t[1]; {
		case en == "" || ja == "":
			problems = append(problems, fmt.Sprintf("%s: a language has no text (%q, %q)", code, en, ja))
		case en == ja:
			problems = append(problems, fmt.Sprintf("%s: the Japanese is the English (%q)", code, en))
		case !slices.Equal(Placeholders(en), Placeholders(ja)):
			problems = append(problems, fmt.Sprintf("%s: placeholders %v in English, %v in Japanese", code, Placeholders(en), Placeholders(ja)))
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("message catalog: %s", strings.Join(problems, "; "))
	}
	return nil
}
