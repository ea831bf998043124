package static

import (
	"errors"
	"io/fs"
	"strings"
	"testing"
)

// The page holds its modules and pages but not its unit tests, whatever
// way a server asks for a file.
func TestFilesLeaveOutTheTests(t *testing.T) {
	var names []string
	err := fs.WalkDir(Files, ".", func(name string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			names = append(names, name)
		}
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	has := map[string]bool{}
	for _, name := range names {
		has[name] = true
		if strings.HasPrefix(name, "test/") {
			t.Errorf("the page holds the unit test %s", name)
		}
	}
	for _, name := range []string{"index.html", "app.js", "js/store.js", "js/link.js"} {
		if !has[name] {
			t.Errorf("the page lacks %s (it has %v)", name, names)
		}
	}
	tests, err := fs.Glob(files, "test/*.test.js")
	if err != nil || len(tests) == 0 {
		t.Fatalf("no unit tests embedded to leave out: %v %v", tests, err)
	}
	for _, name := range append(tests, "test") {
		if _, err := fs.Stat(Files, name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("Stat(%s) = %v, want fs.ErrNotExist", name, err)
		}
		if _, err := fs.ReadFile(Files, name); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("ReadFile(%s) = %v, want fs.ErrNotExist", name, err)
		}
	}
}
