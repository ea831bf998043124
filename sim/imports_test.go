//go:build !js

package sim_test

import (
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// TestImportRules holds the repository to its layering: sim/ (the
// simulation, the link format and the picture) imports neither wasm/ nor
// server/, nor Ebiten, nor syscall/js, natively or for the browser; wasm/
// (the Ebiten canvas) and server/ (HTTP, the stills) import sim/... but
// never each other. It asks go list for every package each one depends
// on, tests included.
func TestImportRules(t *testing.T) {
	gomod, err := exec.Command("go", "env", "GOMOD").Output()
	if err != nil {
		t.Fatalf("go env GOMOD: %v", err)
	}
	root := filepath.Dir(strings.TrimSpace(string(gomod)))
	// deps returns, for every package the patterns depend on, its imports.
	deps := func(env []string, tags string, patterns ...string) map[string][]string {
		t.Helper()
		args := append([]string{"list", "-deps", "-test", "-tags", tags, "-f", "{{.ImportPath}} {{join .Imports \" \"}}"}, patterns...)
		cmd := exec.Command("go", args...)
		cmd.Dir = root
		cmd.Env = append(os.Environ(), env...)
		out, err := cmd.Output()
		if err != nil {
			t.Fatalf("go %s (%s): %v", strings.Join(args, " "), strings.Join(env, " "), err)
		}
		m := map[string][]string{}
		for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
			f := strings.Fields(line)
			m[f[0]] = f[1:]
		}
		return m
	}
	// own reports whether a package (or its test variant, "p [p.test]") is
	// one of the repository's under dir.
	own := func(pkg, dir string) bool {
		pkg, _, _ = strings.Cut(pkg, " ")
		return pkg == "noiseball/"+dir || strings.HasPrefix(pkg, "noiseball/"+dir+"/")
	}
	native := []string{"CGO_ENABLED=0"}
	browser := []string{"GOOS=js", "GOARCH=wasm"}
	tests := []struct {
		name    string
		env     []string
		tags    string
		pattern string
		banned  []string // repository folders it may not depend on
		outside bool     // Ebiten and syscall/js are banned too
	}{
		{"sim", native, "", "./sim/...", []string{"wasm", "server"}, true},
		{"sim in the browser", browser, "", "./sim/...", []string{"wasm", "server"}, true},
		{"wasm", browser, "", "./wasm/...", []string{"server"}, false},
		{"server", native, "e2e", "./server/...", []string{"wasm"}, false},
	}
	for _, tt := range tests {
		all := deps(tt.env, tt.tags, tt.pattern)
		if len(all) < 10 {
			t.Fatalf("%s: go list found %d packages: %v", tt.name, len(all), all)
		}
		for pkg, imports := range all {
			for _, dir := range tt.banned {
				if own(pkg, dir) {
					t.Errorf("%s depends on %s", tt.name, pkg)
				}
			}
			if tt.outside && strings.HasPrefix(pkg, "github.com/hajimehoshi/ebiten") {
				t.Errorf("%s depends on %s", tt.name, pkg)
			}
			// The standard library imports syscall/js in the browser;
			// sim's own packages may not.
			if !tt.outside || !strings.HasPrefix(pkg, "noiseball/") {
				continue
			}
			for _, imp := range imports {
				if imp == "syscall/js" || strings.HasPrefix(imp, "github.com/hajimehoshi/ebiten") {
					t.Errorf("%s: %s imports %s", tt.name, pkg, imp)
				}
			}
		}
	}
}
