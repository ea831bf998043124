//go:build e2e

package e2e

// Tests of the page's two languages: the translation files agree with each
// other and with the page, and the page shows Japanese or English as the
// link (lang=ja|en) or the browser asks.

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"

	"noiseball/sim"
	"noiseball/sim/link"
	"noiseball/sim/scene"
)

// staticDir is the page's source folder.
const staticDir = "../../static"

// languages are the page's languages; English is the reference.
var languages = []string{"en", "ja"}

// readStrings reads static/i18n-LANG.json.
func readStrings(t *testing.T, lang string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(staticDir, "i18n-"+lang+".json"))
	if err != nil {
		t.Fatal(err)
	}
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		t.Fatalf("i18n-%s.json: %v", lang, err)
	}
	return m
}

// presetKey reports whether key translates a preset's title or description
// (preset.NAME.title): the game gives those in English, so only the other
// languages have them.
func presetKey(key string) bool { return strings.HasPrefix(key, "preset.") }

var (
	placeholderRE = regexp.MustCompile(`\{\w+\}`)
	tagRE         = regexp.MustCompile(`</?[a-z]+>`)
	japaneseRE    = regexp.MustCompile(`[\p{Hiragana}\p{Katakana}\p{Han}]`)
)

func sortedSet(xs []string) []string {
	xs = slices.Clone(xs)
	sort.Strings(xs)
	return slices.Compact(xs)
}

func TestTranslationsHaveTheSameKeys(t *testing.T) {
	en := readStrings(t, "en")
	for _, lang := range languages[1:] {
		other := readStrings(t, lang)
		for key, text := range en {
			if presetKey(key) {
				t.Errorf("i18n-en.json has %s: English preset texts come from the game (sim/link), not the file", key)
				continue
			}
			tr, ok := other[key]
			if !ok {
				t.Errorf("i18n-%s.json lacks %q (English: %q)", lang, key, text)
				continue
			}
			if strings.TrimSpace(tr) == "" {
				t.Errorf("i18n-%s.json: %s is empty", lang, key)
			}
			// The same {placeholders} and inline tags in both.
			if a, b := sortedSet(placeholderRE.FindAllString(text, -1)), sortedSet(placeholderRE.FindAllString(tr, -1)); !slices.Equal(a, b) {
				t.Errorf("%s: placeholders %v in English, %v in %s", key, a, b, lang)
			}
			if a, b := sortedSet(tagRE.FindAllString(text, -1)), sortedSet(tagRE.FindAllString(tr, -1)); !slices.Equal(a, b) {
				t.Errorf("%s: tags %v in English, %v in %s", key, a, b, lang)
			}
			// A text that is the same in both languages must be a name or
			// a formula, not English words left untranslated.
			if lang == "ja" && tr == text && hasEnglishWords(text) {
				t.Errorf("%s is not translated into Japanese: %q", key, text)
			}
		}
		for key := range other {
			if _, ok := en[key]; !ok && !presetKey(key) {
				t.Errorf("i18n-%s.json has %q, which English lacks", lang, key)
			}
		}
		// Every preset of the game, and only those, in the other language.
		names := map[string]bool{}
		for _, p := range link.Presets() {
			names[p.Name] = true
			for _, field := range []string{"title", "description"} {
				if other["preset."+p.Name+"."+field] == "" {
					t.Errorf("i18n-%s.json lacks preset.%s.%s (English: %q)", lang, p.Name, field, map[string]string{"title": p.Title, "description": p.Description}[field])
				}
			}
		}
		for key := range other {
			if parts := strings.Split(key, "."); presetKey(key) && (len(parts) != 3 || !names[parts[1]]) {
				t.Errorf("i18n-%s.json has %s, but the game has no such preset", lang, key)
			}
		}
	}
	for key, text := range readStrings(t, "ja") {
		if strings.HasPrefix(key, "story.") && strings.Count(key, ".") == 2 && !japaneseRE.MatchString(text) {
			t.Errorf("ja %s has no Japanese: %q", key, text)
		}
	}
}

// englishAllowed are the words a Japanese text may keep: names of methods,
// people, formats, keys and code.
var englishAllowed = map[string]bool{}

func init() {
	for _, w := range strings.Fields(`noiseball SGD Adam AdamW RMSprop AMSGrad Adagrad Momentum Nesterov Heavy ball
		PyTorch Reddi HTML CSV PNG SVG English Dereich Graeber Jentzen von Wurstemberger Pflug Chee Toulis
		Pesme Dieuleveut Flammarion MATH sim sched auto const wasm_exec wasm exec Page Esc Space Cov
		iframe frame ancestors WebAssembly WebGL2 Firefox Chrome Edge Safari min Down
		README Lightning metrics Keras CSVLogger TensorBoard pandas to_csv Hugging Face trainer_state JSON
		Lines ReduceLROnPlateau check FILE follow Polyak NaN link schema bgrow lin geo
		lr b1 b2 batch sigma mom lrmin h1 h2`) {
		englishAllowed[strings.ToLower(w)] = true
	}
}

var englishWordRE = regexp.MustCompile(`[A-Za-z][A-Za-z_0-9]{2,}`)

// hasEnglishWords reports whether s holds a word of three or more Latin
// letters that is not a name, a key or code.
func hasEnglishWords(s string) bool {
	s = tagRE.ReplaceAllString(s, " ")
	for _, w := range englishWordRE.FindAllString(s, -1) {
		if !englishAllowed[strings.ToLower(w)] {
			return true
		}
	}
	return false
}

func TestTranslationsCoverEveryStringThePageUses(t *testing.T) {
	en := readStrings(t, "en")
	used := map[string]string{} // key -> where
	attrRE := regexp.MustCompile(`data-i18n(?:-title|-aria-label)?="([^"]+)"`)
	callRE := regexp.MustCompile(`\bt\(\s*"([^"]+)"`)
	literalRE := regexp.MustCompile(`"([a-z][a-zA-Z0-9]*(?:\.[a-zA-Z0-9]+)+)"`)
	namespaces := map[string]bool{}
	for key := range en {
		namespaces[strings.Split(key, ".")[0]] = true
	}
	files, _ := filepath.Glob(filepath.Join(staticDir, "*.html"))
	js, _ := filepath.Glob(filepath.Join(staticDir, "*.js"))
	modules, _ := filepath.Glob(filepath.Join(staticDir, "js", "*.js"))
	js = append(js, modules...)
	for _, f := range append(files, js...) {
		if filepath.Base(f) == "wasm_exec.js" {
			continue
		}
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		src := string(b)
		if strings.HasSuffix(f, ".html") {
			for _, m := range attrRE.FindAllStringSubmatch(src, -1) {
				used[m[1]] = filepath.Base(f)
			}
		}
		for _, m := range callRE.FindAllStringSubmatch(src, -1) {
			used[m[1]] = filepath.Base(f)
		}
		if strings.HasSuffix(f, ".js") {
			// Keys held in variables, such as "transport.pause".
			for _, m := range literalRE.FindAllStringSubmatch(src, -1) {
				k := m[1]
				if namespaces[strings.Split(k, ".")[0]] && !regexp.MustCompile(`\.(json|js|html|wasm|png|svg|csv)$`).MatchString(k) {
					used[k] = filepath.Base(f)
				}
			}
		}
	}
	// Keys the page builds: the guide's captions, the spotlight's chart
	// names, the words of a lane's name (static/test/words.test.js checks
	// them against the link's lane parameters), what to do after each
	// verdict of a log, and a real model's chart words and caption.
	for i, step := range readStory(t) {
		used[fmt.Sprintf("story.%d.title", i+1)] = "story.json"
		used[fmt.Sprintf("story.%d.lead", i+1)] = "story.json"
		used[fmt.Sprintf("story.%d.text", i+1)] = "story.json"
		if step.Fallback != "" {
			used[fmt.Sprintf("story.%d.fallback", i+1)] = "story.json"
		}
		used["chart."+step.Chart+".short"] = "story.json"
	}
	for _, c := range []string{"loss", "dist", "step", "spread", "lr"} {
		used["chart."+c+".short"] = "app.js"
	}
	for key := range en {
		if strings.HasPrefix(key, "lane.set.") {
			used[key] = "lane-names.js"
		}
	}
	for _, v := range []string{"too-short", "improving", "plateaued", "diverging"} {
		used["log.next."+v] = "logcheck.js"
	}
	// A real model's chart words on the canvas and the line under it.
	for id := range scene.ChartWords() {
		used["canvas.chart."+id] = "canvas-labels.js"
	}
	for _, k := range sim.PlaneKinds() {
		used["plane.caption."+string(k)] = "readouts.js"
	}
	var missing, unused []string
	for key, where := range used {
		if _, ok := en[key]; !ok {
			missing = append(missing, key+" ("+where+")")
		}
	}
	for key := range en {
		if _, ok := used[key]; !ok {
			unused = append(unused, key)
		}
	}
	sort.Strings(missing)
	sort.Strings(unused)
	if len(missing) > 0 {
		t.Errorf("strings the page uses but i18n-en.json lacks: %s", strings.Join(missing, ", "))
	}
	if len(unused) > 0 {
		t.Errorf("strings in i18n-en.json that the page never uses: %s", strings.Join(unused, ", "))
	}
}

// untranslated is a script that lists the page's texts (text nodes, titles,
// labels) with English words that are not names, for a page in Japanese.
// The bad-link list quotes the link's names and values, in whatever letters
// they were written; TestPageInJapaneseAndEnglish checks it line by line.
const untranslated = `(() => {
	const allowed = new Set(%s);
	const bad = new Set();
	const check = (s, where) => {
		for (const w of s.match(/[A-Za-z][A-Za-z_0-9]{2,}/g) ?? []) {
			if (!allowed.has(w.toLowerCase())) { bad.add(where + ": " + s.trim().slice(0, 80)); return; }
		}
	};
	const skip = "script, style, noscript, template, kbd, #errors li, option[lang], .lane-tab .name, #lane-readout";
	const walk = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
	for (let n = walk.nextNode(); n; n = walk.nextNode()) {
		if (!n.parentElement.closest(skip)) check(n.data, n.parentElement.tagName.toLowerCase() + (n.parentElement.id ? "#" + n.parentElement.id : ""));
	}
	for (const el of document.querySelectorAll("[title], [aria-label]")) {
		if (el.closest(skip)) continue;
		for (const a of ["title", "aria-label"]) if (el.hasAttribute(a)) check(el.getAttribute(a), a + "@" + (el.id || el.tagName));
	}
	return [...bad];
})()`

func TestPageInJapaneseAndEnglish(t *testing.T) {
	ja, en := readStrings(t, "ja"), readStrings(t, "en")
	ctx := browser(t)
	open(t, ctx, "lang=ja&opt2=sgd")
	waitForPage(t, ctx, "the page in Japanese", `document.documentElement.lang === "ja" && !document.documentElement.classList.contains("i18n-pending")`)
	waitForPage(t, ctx, "the status", `document.querySelector("#play .label").textContent === "一時停止"`)
	checks := map[string]string{
		`document.querySelector(".tagline").textContent`:                  ja["app.tagline"],
		`document.getElementById("copy").textContent`:                     ja["copy.button"],
		`document.getElementById("story-open").textContent`:               ja["story.open"],
		`document.getElementById("lanes-title").textContent`:              ja["lanes.title"],
		`document.querySelector("label[for=lr2]").textContent`:            ja["opt.lr"],
		`document.querySelector("#sched option[value=poly]").textContent`: ja["sched.poly"],
		`document.getElementById("help-title").textContent`:               ja["help.title"],
		`document.getElementById("step").title`:                           ja["transport.step.title"],
		`document.getElementById("lane-remove").textContent`:              strings.ReplaceAll(ja["lanes.removeLane"], "{k}", "1"),
		`document.getElementById("game").contentDocument.title`:           ja["loading.title"],
	}
	for expr, want := range checks {
		if got := eval[string](t, ctx, expr); got != want {
			t.Errorf("lang=ja: %s = %q, want %q", expr, got, want)
		}
	}
	waitForPage(t, ctx, "a lane's chip in Japanese", `document.getElementById("lane-readout").textContent.includes("発散")`)
	allowed, _ := json.Marshal(keys(englishAllowed))
	if bad := eval[[]string](t, ctx, fmt.Sprintf(untranslated, allowed)); len(bad) > 0 {
		t.Errorf("lang=ja shows English: %q", bad)
	}
	// The help dialog, the embed dialog and a bad link's message too.
	press(t, ctx, "?")
	waitForPage(t, ctx, "the help", `document.getElementById("help").open`)
	if got := eval[string](t, ctx, `document.querySelector("#help .chart-list").textContent`); !strings.Contains(got, ja["chart.spread"]) {
		t.Errorf("the help's chart list in Japanese is %q", got)
	}
	press(t, ctx, "Escape")
	// A bad link in Japanese: each problem in Japanese, naming its
	// parameter, as sim/link writes it in Japanese.
	bad := "lr2=abc&runs=0x10&bogus=1&view=grid"
	open(t, ctx, "lang=ja&opt2=sgd&"+bad)
	waitForPage(t, ctx, "the bad-link message", `!document.getElementById("errors").hidden`)
	msg := eval[string](t, ctx, `document.getElementById("errors").textContent`)
	if !strings.Contains(msg, ja["errors.link"]) {
		t.Errorf("lang=ja: the bad-link message is %q; want it to start %q", msg, ja["errors.link"])
	}
	_, err := link.Parse(bad)
	_, verr := link.ParseView(bad)
	var want []string
	for _, e := range link.Errors(errors.Join(err, verr)) {
		var pe *link.ParamError
		if !errors.As(e, &pe) {
			t.Fatalf("%v is not a *link.ParamError", e)
		}
		want = append(want, pe.Text("ja"))
	}
	got := eval[[]string](t, ctx, `[...document.querySelectorAll("#errors li")].map((li) => li.textContent)`)
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("lang=ja: the problems read %q, want %q", got, want)
	}
	for _, line := range got {
		if !japaneseRE.MatchString(line) || !regexp.MustCompile(`^(lr2|runs|bogus|view)=`).MatchString(line) {
			t.Errorf("lang=ja: the problem %q is not Japanese, or does not name its parameter first", line)
		}
	}
	if bad := eval[[]string](t, ctx, fmt.Sprintf(untranslated, allowed)); len(bad) > 0 {
		t.Errorf("lang=ja with a bad link shows English: %q", bad)
	}
	savePage(t, ctx, "lang-ja")
	// The same link in English says what the command line says.
	set(t, ctx, "lang", "en")
	waitForPage(t, ctx, "the problems in English", fmt.Sprintf(`document.getElementById("errors").textContent.includes(%q)`, en["errors.link"]))
	got = eval[[]string](t, ctx, `[...document.querySelectorAll("#errors li")].map((li) => li.textContent)`)
	want = link.Messages(errors.Join(err, verr))
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("lang=en: the problems read %q, want the command line's %q", got, want)
	}

	// English, and switching language in place, without a reload.
	open(t, ctx, "lang=en")
	waitForPage(t, ctx, "the page in English", `document.documentElement.lang === "en"`)
	if got := eval[string](t, ctx, `document.getElementById("copy").textContent`); got != en["copy.button"] {
		t.Errorf("lang=en: Copy link reads %q", got)
	}
	eval[bool](t, ctx, `window.notReloaded = true`)
	set(t, ctx, "lang", "ja")
	waitForPage(t, ctx, "the switch to Japanese", `document.getElementById("copy").textContent === "`+ja["copy.button"]+`"`)
	if got := search(t, ctx).Get("lang"); got != "ja" {
		t.Errorf("after choosing 日本語 the address has lang=%q", got)
	}
	if !eval[bool](t, ctx, `window.notReloaded === true`) {
		t.Error("switching the language reloaded the page")
	}
	if got := eval[string](t, ctx, `document.querySelector("#play .label").textContent`); got != ja["transport.pause"] && got != ja["transport.play"] {
		t.Errorf("after the switch the play button reads %q", got)
	}
	set(t, ctx, "lang", "en")
	waitForPage(t, ctx, "the switch back", `document.getElementById("copy").textContent === "`+en["copy.button"]+`"`)
}

func keys(m map[string]bool) []string {
	var ks []string
	for k := range m {
		ks = append(ks, k)
	}
	sort.Strings(ks)
	return ks
}

func TestPageLanguageFollowsTheBrowser(t *testing.T) {
	// The first as a Japanese browser says it (Accept-Language); the others
	// as navigator.languages lists them.
	for _, c := range []struct{ accept, want string }{{"ja-JP,ja;q=0.9,en;q=0.5", "ja"}, {"fr-FR,de", "en"}, {"de-DE,ja,en", "ja"}, {"en-GB,ja", "en"}} {
		t.Run(c.accept, func(t *testing.T) {
			ctx := browser(t)
			err := chromedp.Do(ctx, chromedp.Func(func(ctx context.Context, tg *chromedp.Target) error {
				if strings.Contains(c.accept, ";") {
					_, err := cdp.Call(ctx, tg, emulation.SetUserAgentOverride, emulation.SetUserAgentOverrideParams{
						UserAgent: "Mozilla/5.0 (X11; Linux x86_64) noiseball-e2e", AcceptLanguage: c.accept,
					})
					return err
				}
				langs, _ := json.Marshal(strings.Split(c.accept, ","))
				_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
					Source: fmt.Sprintf(`Object.defineProperty(Navigator.prototype, "languages", {get: () => %s});`, langs)})
				return err
			}))
			if err != nil {
				t.Fatal(err)
			}
			open(t, ctx, "")
			waitForPage(t, ctx, "the page's language", `!document.documentElement.classList.contains("i18n-pending")`)
			if got := eval[string](t, ctx, `document.documentElement.lang`); got != c.want {
				t.Errorf("navigator.languages %s: the page is in %q, want %q", c.accept, got, c.want)
			}
			if got := eval[string](t, ctx, `document.getElementById("lang").value`); got != c.want {
				t.Errorf("the language menu shows %q, want %q", got, c.want)
			}
			if search(t, ctx).Has("lang") {
				t.Error("the browser's language was written into the link")
			}
		})
	}
}

func TestGameMessagesInJapanese(t *testing.T) {
	// The game's frame says what the browser lacks in the link's language.
	ja := readStrings(t, "ja")
	ctx := browser(t)
	err := chromedp.Do(ctx, beforeLoad(`delete globalThis.WebAssembly;`), chromedp.Navigate(baseURL+"?lang=ja"))
	if err != nil {
		t.Fatal(err)
	}
	waitForPage(t, ctx, "the message in Japanese", fmt.Sprintf(
		`(document.getElementById("game").contentDocument?.getElementById("loading-text")?.textContent ?? "") === %q`, ja["loading.nowasm"]))
}
