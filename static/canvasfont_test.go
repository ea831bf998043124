package static

import (
	"os"
	"regexp"
	"sort"
	"testing"

	"golang.org/x/image/font/gofont/goregular"
	"golang.org/x/image/font/sfnt"
)

// canvasKeys are the keys of the strings the page gives the canvas
// (js/canvas-labels.js: lane names, sweep metrics and parameters, the
// stopped line), as the font's subset.py reads them.
var canvasKeys = regexp.MustCompile(`^(lane\.|sweep\.metric\.|sweep\.p\.|canvas\.)`)

// The canvas draws Go Regular and, for what it lacks, the subset of Noto
// Sans CJK JP in ../wasm/fonts: every character of every language's
// canvas strings must be in one of them, or the canvas draws a blank box.
func TestCanvasFontsHaveEveryCharacter(t *testing.T) {
	latin, err := sfnt.Parse(goregular.TTF)
	if err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile("../wasm/fonts/canvas-ja.otf")
	if err != nil {
		t.Fatal(err)
	}
	japanese, err := sfnt.Parse(b)
	if err != nil {
		t.Fatalf("wasm/fonts/canvas-ja.otf: %v", err)
	}
	var buf sfnt.Buffer
	has := func(f *sfnt.Font, r rune) bool {
		i, err := f.GlyphIndex(&buf, r)
		return err == nil && i != 0
	}
	for _, lang := range []string{"en", "ja"} {
		missing := map[rune][]string{}
		for key, s := range pageStrings(t, lang) {
			if !canvasKeys.MatchString(key) {
				continue
			}
			for _, r := range regexp.MustCompile(`<[^>]*>|\{\w+\}`).ReplaceAllString(s, "") {
				if r != ' ' && !has(latin, r) && !has(japanese, r) {
					missing[r] = append(missing[r], key)
				}
			}
		}
		var list []string
		for r, keys := range missing {
			sort.Strings(keys)
			list = append(list, string(r)+" ("+keys[0]+")")
		}
		sort.Strings(list)
		if len(list) > 0 {
			t.Errorf("%s: the canvas's fonts lack %q: run make canvas-font", lang, list)
		}
	}
}
