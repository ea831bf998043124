package static

import (
	"encoding/json"
	"os"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"
	"unicode"

	"noiseball/sim"
	"noiseball/sim/link"
	"noiseball/sim/trainlog"
)

// The page's Japanese and English follow GLOSSARY.md: one term per concept,
// one register, one punctuation style. These tests read the glossary's
// tables and check every string the page, the command line and the canvas
// show.

// glossaryTable returns the rows of the table under the heading of
// GLOSSARY.md that starts with heading, each row's cells trimmed.
func glossaryTable(t *testing.T, heading string) [][]string {
	t.Helper()
	b, err := os.ReadFile("GLOSSARY.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(b), "\n## "+heading)
	if !ok {
		t.Fatalf("GLOSSARY.md has no section %q", heading)
	}
	section, _, _ = strings.Cut(section, "\n## ")
	var rows [][]string
	for _, line := range strings.Split(section, "\n") {
		if !strings.HasPrefix(line, "|") || strings.HasPrefix(line, "| ---") {
			continue
		}
		var cells []string
		for _, c := range strings.Split(strings.Trim(line, "|"), "|") {
			cells = append(cells, strings.TrimSpace(c))
		}
		rows = append(rows, cells)
	}
	if len(rows) < 2 {
		t.Fatalf("GLOSSARY.md's %s has no table", heading)
	}
	return rows[1:] // the header row names the columns
}

var parenthesis = regexp.MustCompile(`\s*\([^)]*\)`)

// terms splits a cell of terms, "A、B (remark)、C" or "a, b", into its
// terms, remarks dropped.
func terms(cell string) []string {
	var out []string
	for _, part := range regexp.MustCompile(`、|, |; `).Split(parenthesis.ReplaceAllString(cell, ""), -1) {
		if p := strings.Trim(strings.TrimSpace(part), "\"`"); p != "" {
			out = append(out, p)
		}
	}
	return out
}

// japaneseRuns are the runs of Japanese letters in a cell, remarks
// included: the chosen terms to take out of a string before looking for
// rejected ones.
var japaneseRuns = regexp.MustCompile(`[\p{Han}\p{Hiragana}\p{Katakana}ー]+`)

// rule is a term the glossary rejects, and the chosen terms that may
// contain it.
type rule struct {
	concept  string
	rejected string
	chosen   []string
}

// rules reads the rejected terms of a table whose columns are concept,
// write, not.
func rules(t *testing.T, heading string, japanese bool) []rule {
	var rs []rule
	for _, row := range glossaryTable(t, heading) {
		if len(row) != 3 {
			t.Fatalf("GLOSSARY.md, %s: row %q does not have 3 columns", heading, row)
		}
		chosen := terms(row[1])
		if japanese {
			chosen = append(chosen, japaneseRuns.FindAllString(row[1], -1)...)
		}
		// The longest chosen terms come out first.
		sort.Slice(chosen, func(i, j int) bool { return len(chosen[i]) > len(chosen[j]) })
		chosen = slices.Compact(chosen)
		for _, r := range terms(row[2]) {
			rs = append(rs, rule{row[0], r, chosen})
		}
	}
	if len(rs) < 10 && japanese {
		t.Fatalf("GLOSSARY.md's %s rejects only %d terms", heading, len(rs))
	}
	return rs
}

// uses reports whether s uses the rejected term of r: once every chosen
// term is taken out, so that パラメータ in パラメーター is no error.
func (r rule) uses(s string) bool {
	for _, c := range r.chosen {
		if !strings.Contains(c, r.rejected) {
			continue
		}
		s = strings.ReplaceAll(s, c, "")
	}
	return strings.Contains(s, r.rejected)
}

// pageStrings reads static/i18n-LANG.json.
func pageStrings(t *testing.T, lang string) map[string]string {
	t.Helper()
	b, err := os.ReadFile("i18n-" + lang + ".json")
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("i18n-%s.json: %v", lang, err)
	}
	return m
}

// shownStrings returns every string shown to people in lang, by where it
// comes from: the page's translations, the Go catalogs, and in English the
// presets' texts.
func shownStrings(t *testing.T, lang string) map[string]string {
	all := map[string]string{}
	for k, v := range pageStrings(t, lang) {
		all["i18n-"+lang+".json "+k] = v
	}
	for name, cat := range map[string]map[string]string{
		"sim/link": link.Catalog(lang), "sim (theorem)": sim.TheoremTexts().Templates(lang), "sim/trainlog": trainlog.Catalog(lang),
		"sim (heavy)": sim.HeavyTexts().Templates(lang),
	} {
		for k, v := range cat {
			all[name+" "+k] = v
		}
	}
	if lang == "en" {
		for _, p := range link.Presets() {
			all["preset "+p.Name+" title"] = p.Title
			all["preset "+p.Name+" description"] = p.Description
		}
	}
	return all
}

func sortedKeys(m map[string]string) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

func TestJapaneseUsesTheGlossarysTerms(t *testing.T) {
	rs := rules(t, "Terms", true)
	// The long vowels of loanwords are a punctuation rule with terms.
	for _, row := range glossaryTable(t, "Punctuation and spacing") {
		if strings.HasPrefix(row[0], "Long vowels") {
			chosen := terms(row[1])
			for _, r := range terms(row[2]) {
				rs = append(rs, rule{row[0], r, chosen})
			}
		}
	}
	strs := shownStrings(t, "ja")
	for _, where := range sortedKeys(strs) {
		for _, r := range rs {
			if r.uses(strs[where]) {
				t.Errorf("%s uses %q; GLOSSARY.md writes %s for %s: %q", where, r.rejected, strings.Join(r.chosen, " or "), r.concept, strs[where])
			}
		}
	}
}

func TestEnglishUsesTheGlossarysTerms(t *testing.T) {
	rs := rules(t, "English", false)
	strs := shownStrings(t, "en")
	for _, where := range sortedKeys(strs) {
		for _, r := range rs {
			if r.uses(strs[where]) {
				t.Errorf("%s uses %q; GLOSSARY.md writes %q for %s: %q", where, r.rejected, r.chosen, r.concept, strs[where])
			}
		}
	}
}

func isJapanese(r rune) bool {
	return unicode.In(r, unicode.Han, unicode.Hiragana, unicode.Katakana) || r == 'ー'
}

var (
	tags = regexp.MustCompile(`</?[a-z]+>`)
	// Latin letters, digits, Greek letters and the sub- and superscripts
	// of formulas, which a half-width space separates from Japanese.
	latin = `[A-Za-z0-9\p{Greek}ₙ₀-₉⁰-⁹]`
	kana  = `[\p{Han}\p{Hiragana}\p{Katakana}ー]`

	punctuation = []struct {
		re   *regexp.Regexp
		rule string
	}{
		{regexp.MustCompile(`[，．：（）]`), "full-width ，．：（） (write 、。 and half-width : ( ))"},
		{regexp.MustCompile(kana + latin), "no space between Japanese and Latin letters or digits"},
		{regexp.MustCompile(latin + kana), "no space between Latin letters or digits and Japanese"},
		{regexp.MustCompile(kana + `\(`), "no space before a parenthesis"},
		{regexp.MustCompile(`:` + kana), "a colon without a space after it"},
		{regexp.MustCompile(`(です|ます|ません|ました|でした):`), "a colon joining two clauses"},
		{regexp.MustCompile(`[A-Z][a-z]+, (and )?[A-Z][a-z]+`), "co-authors or names joined with \", \" (write ・ or 、)"},
	}
)

// japanesePlaceholders are the placeholders whose value is Japanese text
// in Japanese strings; the others hold numbers, names or values.
var japanesePlaceholders = regexp.MustCompile(`\{(want|why|where|title|preset|settings|onData|stepTime)\}`)

func TestJapanesePunctuation(t *testing.T) {
	strs := shownStrings(t, "ja")
	for _, where := range sortedKeys(strs) {
		s := tags.ReplaceAllString(strs[where], "")
		s = japanesePlaceholders.ReplaceAllString(s, "あ")
		s = regexp.MustCompile(`\{\w+\}`).ReplaceAllString(s, "0")
		if !strings.ContainsFunc(s, isJapanese) {
			continue
		}
		for _, p := range punctuation {
			if m := p.re.FindString(s); m != "" {
				t.Errorf("%s: %s at %q: %q", where, p.rule, m, s)
			}
		}
	}
}

// prose reports whether the page's key k is prose (GLOSSARY.md's
// register): sentences in です・ます, each ending with 「。」.
func prose(k string) bool {
	for _, re := range []string{
		`^story\.\d+\.(lead|text)$`, `^preset\.\w+\.description$`, `^diag\.reason\.`, `^errors\.(link|panic|schema)$`,
		`^(help|log|embed|sweep|data|problem)\.hint$`, `^loading\.(nowasm|nowebgl|noexec)$`, `^story\.practice\.hint$`, `^log\.next\.`,
	} {
		if regexp.MustCompile(re).MatchString(k) {
			return true
		}
	}
	return false
}

// politeEnds are the endings of a sentence in です・ます, before its 「。」
// and any parenthesis or quotation that closes it.
var politeEnds = []string{"です", "ます", "ません", "ました", "でした", "ください", "でしょう"}

// sentences splits s at the 「。」 outside parentheses.
func sentences(s string) []string {
	var out []string
	depth, start := 0, 0
	for i, r := range s {
		switch r {
		case '(':
			depth++
		case ')':
			depth--
		case '。':
			if depth == 0 {
				out = append(out, strings.TrimSpace(s[start:i]))
				start = i + len("。")
			}
		}
	}
	if rest := strings.TrimSpace(s[start:]); rest != "" {
		out = append(out, rest)
	}
	return out
}

// polite reports whether sentence ends in です・ます, once the
// parentheses and quotation marks that close it are taken off.
func polite(sentence string) bool {
	for {
		sentence = strings.TrimSpace(strings.TrimSuffix(sentence, "」"))
		if !strings.HasSuffix(sentence, ")") {
			break
		}
		depth := 0
		cut := -1
		for i := len(sentence) - 1; i >= 0; i-- {
			if sentence[i] == ')' {
				depth++
			} else if sentence[i] == '(' {
				if depth--; depth == 0 {
					cut = i
					break
				}
			}
		}
		if cut < 0 {
			return false
		}
		sentence = sentence[:cut]
	}
	for _, end := range politeEnds {
		if strings.HasSuffix(sentence, end) {
			return true
		}
	}
	return false
}

func TestJapaneseProseIsPolite(t *testing.T) {
	check := func(where, s string) {
		s = strings.TrimSpace(tags.ReplaceAllString(s, ""))
		if !strings.HasSuffix(s, "。") {
			t.Errorf("%s does not end with 「。」: %q", where, s)
		}
		for _, sentence := range sentences(s) {
			// A sentence may end in a parenthesis that holds a formula or
			// a reference: 「…縮みます (ステップ 7)」.
			if !polite(sentence) {
				t.Errorf("%s: a sentence not in です・ます: %q", where, sentence)
			}
		}
	}
	for k, v := range pageStrings(t, "ja") {
		if prose(k) {
			check("i18n-ja.json "+k, v)
		}
	}
	for k, v := range sim.TheoremTexts().Templates("ja") {
		check("sim (theorem) "+k, v)
	}
	for _, k := range []string{"heavy", "offers"} { // the sentences; the rest are their parts
		check("sim (heavy) "+k, sim.HeavyTexts().Templates("ja")[k])
	}
	for k, v := range link.Catalog("ja") {
		if strings.HasPrefix(k, "line") || k == "more" || strings.HasPrefix(k, "query.") {
			check("sim/link "+k, v)
		}
	}
}
