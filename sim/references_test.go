package sim_test

import (
	"io/fs"
	"os"
	"path"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// The repository explains itself: every closed form a comment, a test or
// the page cites as "oracle N" is in MATH.md, every Markdown document it
// names exists (relative to the citing file or to the repository's root),
// and nothing points to a document outside the repository. (This file,
// which spells the forbidden references out, is not read.)
func TestReferencesResolve(t *testing.T) {
	root := os.DirFS("..") // the tests run in sim/
	if _, err := fs.Stat(root, "go.mod"); err != nil {
		t.Fatalf("the repository's root is not ..: %v", err)
	}
	math, err := fs.ReadFile(root, "sim/MATH.md")
	if err != nil {
		t.Fatal(err)
	}
	oracles := mathOracles(string(math))
	if len(oracles) < 7 {
		t.Fatalf("sim/MATH.md has oracles %v, want at least 1 to 7", oracles)
	}
	var (
		citation = regexp.MustCompile(`(?i)\boracles? (\d+)((?:(?:, | and | to |-)\d+)*)|オラクル ?(\d+)`)
		document = regexp.MustCompile(`[\w./-]*\w\.md\b`)
		outside  = regexp.MustCompile(`(?i)\bthe issue\b|\bissue #?\d+|WEB-NOTES|\bthe seed asks\b`)
		number   = regexp.MustCompile(`\d+`)
	)
	files := 0
	err = fs.WalkDir(root, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			switch d.Name() {
			case ".git", "bin", "dist", "node_modules", "testdata":
				return fs.SkipDir
			}
			return nil
		}
		if !citingFile(name) || name == "sim/references_test.go" {
			return nil
		}
		b, err := fs.ReadFile(root, name)
		if err != nil {
			return err
		}
		files++
		for i, line := range strings.Split(string(b), "\n") {
			where := name + ":" + strconv.Itoa(i+1)
			for _, m := range citation.FindAllString(line, -1) {
				for _, n := range number.FindAllString(m, -1) {
					if !oracles[n] {
						t.Errorf("%s cites oracle %s, which sim/MATH.md does not have: %q", where, n, m)
					}
				}
			}
			for _, at := range document.FindAllStringIndex(line, -1) {
				doc := line[at[0]:at[1]]
				switch {
				case strings.Contains(line, "://") && strings.Contains(line, "/"+doc):
					continue // a web address
				case at[0] > 0 && line[at[0]-1] == '"' && at[1] < len(line) && line[at[1]] == '"':
					continue // a file name as data, e.g. a test's fixture
				}
				if !exists(root, path.Join(path.Dir(name), doc)) && !exists(root, path.Clean(doc)) {
					t.Errorf("%s names %s, which is neither next to it nor at the repository's root", where, doc)
				}
			}
			if m := outside.FindString(line); m != "" {
				t.Errorf("%s points outside the repository (%q): say what it means instead", where, m)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if files < 50 {
		t.Errorf("read only %d files: is the walk of the repository broken?", files)
	}
}

// mathOracles returns the numbers of the oracles in MATH.md: the numbered
// items of its "Closed-form oracles" section and its "### Oracle N" headings.
func mathOracles(math string) map[string]bool {
	oracles := map[string]bool{}
	_, closed, _ := strings.Cut(math, "## Closed-form oracles")
	closed, _, _ = strings.Cut(closed, "\n## ")
	for _, m := range regexp.MustCompile(`(?m)^(\d+)\. `).FindAllStringSubmatch(closed, -1) {
		oracles[m[1]] = true
	}
	for _, m := range regexp.MustCompile(`(?m)^### Oracle (\d+)\b`).FindAllStringSubmatch(math, -1) {
		oracles[m[1]] = true
	}
	return oracles
}

// citingFile reports whether the file called name is source or text that
// may cite documents; build outputs copied in by make are not.
func citingFile(name string) bool {
	switch name {
	case "static/wasm_exec.js":
		return false
	case "Makefile", ".ci/run":
		return true
	}
	switch path.Ext(name) {
	case ".go", ".md", ".js", ".mjs", ".html", ".css", ".json":
		return true
	}
	return false
}

func exists(root fs.FS, name string) bool {
	_, err := fs.Stat(root, name)
	return err == nil
}
