package main

import (
	"encoding/json"
	"fmt"
	"math"
	"os/exec"
	"path/filepath"
	"testing"

	"noiseball/sim/scene"
)

// The page's chartRect (static/js/layout.js), given the schema, places
// every chart where scene.Layout does, on wide and tall canvases alike.
func TestPageLayoutIsPlotLayout(t *testing.T) {
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("node runs the page's layout: %v (apt-get install nodejs)", err)
	}
	module, err := filepath.Abs("../js/layout.js")
	if err != nil {
		t.Fatal(err)
	}
	s := pageSchema()
	b, err := json.Marshal(s)
	if err != nil {
		t.Fatal(err)
	}
	var sizes [][2]float64
	for w := 100.0; w <= 2600; w += 123 {
		for h := 80.0; h <= 1600; h += 97 {
			sizes = append(sizes, [2]float64{w, h})
		}
	}
	sz, _ := json.Marshal(sizes)
	script := fmt.Sprintf(`import { chartRect } from %q;
const s = JSON.parse(process.argv[1]);
const parts = ["landscape", ...s.charts];
const out = JSON.parse(process.argv[2]).map(([w, h]) => parts.map((c) => chartRect(s.layout, s.charts, w, h, c)));
console.log(JSON.stringify(out));`, "file://"+module)
	raw, err := exec.Command(node, "--input-type=module", "-e", script, string(b), string(sz)).Output()
	if err != nil {
		t.Fatalf("node: %v", err)
	}
	var got [][]struct{ X0, Y0, X1, Y1 float64 }
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("node said %q: %v", raw, err)
	}
	for i, size := range sizes {
		land, charts := scene.Layout(size[0], size[1], len(s.Charts))
		for j, want := range append([]scene.Rect{land}, charts...) {
			g := got[i][j]
			if math.Abs(g.X0-want.X0)+math.Abs(g.Y0-want.Y0)+math.Abs(g.X1-want.X1)+math.Abs(g.Y1-want.Y1) > 1e-9 {
				t.Errorf("%gx%g, part %d: the page has %+v, the game %+v", size[0], size[1], j, g, want)
			}
		}
	}
}
