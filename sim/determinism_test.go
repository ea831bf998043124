package sim_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/binary"
	"flag"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"noiseball/sim"
	"noiseball/sim/link"
)

var update = flag.Bool("update", false, "rewrite testdata/determinism.golden from this platform's results")

// determinismLinks cover every optimizer, data law, problem and schedule
// shape, batch growth, the practitioners' options, several lanes, a lane
// that diverges, and sched=auto, whose halvings rest on the diagnostics'
// floating-point verdicts.
var determinismLinks = []struct{ name, query string }{
	{"sgd-gauss-poly", "opt=sgd&lr=0.1&sched=poly&p=0.5&n0=10"},
	{"momentum-uniform-step", "opt=momentum&dist=uniform&sched=step&p=0.5&n0=50"},
	{"heavyball-rademacher-exp", "opt=heavyball&dist=rademacher&lr=0.02&sched=exp&n0=100&mom=0.8"},
	{"nesterov-exp-cosine-warmup", "opt=nesterov&dist=exp&lr=0.02&sched=cosine&n0=200&lrmin=0.001&warmup=20"},
	{"adagrad-twopoint-floor", "opt=adagrad&dist=twopoint&lr=0.5&sched=poly&lrmin=0.1"},
	{"rmsprop-t3-lin", "opt=rmsprop&dist=t3&bgrow=lin:0.05&b2=0.99"},
	{"adam-gauss-geo-nobc", "opt=adam&bgrow=geo:1.01&bc=0&angle=-75&h1=0.3&h2=7"},
	{"amsgrad-doublewell-exp", "problem=doublewell&dist=exp&opt=amsgrad&x0=0.1,2"},
	{"adamw-t3-clip", "opt=adamw&wd=0.1&clip=2&dist=t3&sigma=2,0.5"},
	{"l2-sgd-twopoint", "opt=sgd&wd=0.5&dist=twopoint&batch=3"},
	{"reddi", "problem=reddi&x0=0&lr=0.5&sched=poly&p=0.5&n0=1&b1=0&b2=0.1&opt2=amsgrad"},
	{"four-lanes-doublewell", "problem=doublewell&angle=45&opt2=sgd&opt3=rmsprop&opt4=nesterov&lr4=0.01"},
	{"diverging", "opt=sgd&lr=5&opt2=sgd&lr2=0.4"},
	{"auto-sgd-momentum", "opt=sgd&sched=auto&opt2=momentum&lr2=0.02&lrmin2=0.004"},
	{"plateau-sgd-adam", "opt=sgd&sched=plateau&n0=10&patience=2&factor=0.5&cooldown=1&opt2=adam&lrmin2=0.01"},
}

// determinismModelLinks cover the real models: each model and data set,
// both planes, every optimizer, clipping, both weight decays, batch growth,
// sched=auto, the predictions of oracles 8 and 9 (theory_spread), and
// runs that diverge.
var determinismModelLinks = []struct{ name, query string }{
	{"linreg-sgd-poly-adam", "problem=linreg&opt=sgd&lr=0.02&sched=poly&n0=50&batch=2&opt2=adam&lr2=0.01"},
	{"linreg-noise-momentum-auto-nesterov", "problem=linreg&plane=noise&opt=momentum&sched=auto&lr=0.01&opt2=nesterov&lr2=0.005&wd2=0.1"},
	{"logreg-adam-clip-amsgrad-lin", "problem=logreg&opt=adam&lr=0.01&clip=1&opt2=amsgrad&lr2=0.01&bgrow2=lin:0.05"},
	{"logreg-noise-rmsprop-adagrad", "problem=logreg&plane=noise&opt=rmsprop&lr=0.01&b2=0.99&opt2=adagrad&lr2=0.1"},
	{"softmax-cancer-heavyball-adamw", "problem=softmax&data=cancer&opt=heavyball&lr=0.01&opt2=adamw&lr2=0.01&wd2=0.01"},
	{"softmax-digits-sgd", "problem=softmax&opt=sgd&lr=0.05&batch=4"},
	{"mlp-cancer-noise-adam-sgd", "problem=mlp&data=cancer&hidden=3&plane=noise&opt=adam&lr=0.01&opt2=sgd&lr2=0.05"},
	{"mlp-digits-momentum-adam", "problem=mlp&hidden=4&opt=momentum&lr=0.5&mom=0.5&opt2=adam&lr2=0.01&b12=0.5"},
	{"linreg-diverging", "problem=linreg&opt=sgd&lr=0.2&opt2=sgd&lr2=0.05"},
}

// determinismModelBase spells out the settings of the real models' links
// that do not depend on the problem.
const determinismModelBase = "v=1&seed=1&steps=1&opt=adam&lr=0.05&sched=const&p=1&n0=100&lrmin=0&warmup=0&b1=0.9&b2=0.999&eps=1e-8&mom=0.9&bc=1" +
	"&clip=0&batch=1&bgrow=const&"

// determinismBase spells out every setting, so that a change of the
// defaults does not change the hashes; each link's own values come after it
// and win.
const determinismBase = "v=1&problem=quadratic&h1=1&h2=4&angle=30&c=3&dist=gauss&sigma=1&x0=1.5,1&seed=1&steps=1" +
	"&opt=adam&lr=0.05&sched=const&p=1&n0=100&lrmin=0&warmup=0&b1=0.9&b2=0.999&eps=1e-8&mom=0.9&bc=1" +
	"&wd=0&clip=0&batch=1&bgrow=const&"

const (
	determinismRuns  = 64
	determinismSteps = 300
	goldenPath       = "testdata/determinism.golden"
)

// determinismHash runs the link's experiment and hashes the exact bits of
// its CSV (every step) and of every run's final position.
func determinismHash(t *testing.T, base, query string) string {
	c, err := link.Parse(base + query)
	if err != nil {
		t.Fatalf("Parse(%q): %v", query, err)
	}
	c.Runs = determinismRuns
	h := sha256.New()
	if err := sim.WriteCSV(h, c, determinismSteps, 1); err != nil {
		t.Fatal(err)
	}
	e, err := sim.New(c)
	if err != nil {
		t.Fatal(err)
	}
	e.Steps(determinismSteps)
	var b [8]byte
	for _, l := range e.Lanes() {
		for _, p := range l.Positions() {
			for _, x := range p {
				binary.LittleEndian.PutUint64(b[:], math.Float64bits(x))
				h.Write(b[:])
			}
		}
	}
	return fmt.Sprintf("%x", h.Sum(nil))
}

// The simulation gives the same bits on every platform: this test runs
// natively, compiled with GOOS=js GOARCH=wasm under node, and compiled with
// GOARCH=arm64 (whose compiler fuses multiply-adds the code does not round)
// under qemu-user; make test does all three, against the same golden hashes. Regenerate them natively, after
// a deliberate change of the numbers, with go test ./sim -run Determinism -update.
func TestDeterminismAcrossPlatforms(t *testing.T) {
	got := map[string]string{}
	for _, l := range determinismLinks {
		got[l.name] = determinismHash(t, determinismBase, l.query)
	}
	for _, l := range determinismModelLinks {
		got[l.name] = determinismHash(t, determinismModelBase, l.query)
	}
	links := append(determinismLinks[:len(determinismLinks):len(determinismLinks)], determinismModelLinks...)
	if *update {
		var b strings.Builder
		fmt.Fprintf(&b, "# SHA-256 of sim.WriteCSV (%d runs, every step to %d) and the final positions' bits.\n", determinismRuns, determinismSteps)
		fmt.Fprintf(&b, "# Generated natively by: go test ./sim -run Determinism -update\n")
		for _, l := range links {
			fmt.Fprintf(&b, "%s %s\n", l.name, got[l.name])
		}
		if err := os.MkdirAll(filepath.Dir(goldenPath), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(goldenPath, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	f, err := os.Open(goldenPath)
	if err != nil {
		t.Fatalf("%v (create it with -update)", err)
	}
	defer f.Close()
	want := map[string]string{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if line := sc.Text(); line != "" && !strings.HasPrefix(line, "#") {
			name, hash, _ := strings.Cut(line, " ")
			want[name] = hash
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	for _, l := range links {
		if want[l.name] == "" {
			t.Errorf("%s: no golden hash (run with -update)", l.name)
		} else if got[l.name] != want[l.name] {
			t.Errorf("%s (%s): hash %s, golden %s", l.name, l.query, got[l.name], want[l.name])
		}
	}
}
