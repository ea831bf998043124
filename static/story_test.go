package static

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"noiseball/sim"
	"noiseball/sim/link"
)

// The numbers the guide's captions quote are what their links compute: the
// command line's value (sim.WriteCSV, which bin/noiseball -link prints) at
// the step the caption speaks of, within a stated tolerance. Each number is
// quoted in both languages.

// storySteps reads story.json's steps.
func storySteps(t *testing.T) []struct{ Query string } {
	t.Helper()
	b, err := os.ReadFile("story.json")
	if err != nil {
		t.Fatal(err)
	}
	var story struct{ Steps []struct{ Query string } }
	if err := json.Unmarshal(b, &story); err != nil {
		t.Fatal(err)
	}
	return story.Steps
}

// table is the CLI's output for a link, up to a step, by lane (from 1) and
// step.
type table map[[2]int]map[string]float64

// run returns the CSV rows of query every `every` steps up to steps, as
// `bin/noiseball -link QUERY -steps STEPS -every EVERY` prints them.
func run(t *testing.T, query string, steps, every int) table {
	t.Helper()
	c, err := link.Parse(query)
	if err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	var out bytes.Buffer
	if err := sim.WriteCSV(&out, c, steps, every); err != nil {
		t.Fatal(err)
	}
	records, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	tab := table{}
	for _, r := range records[1:] {
		row := map[string]float64{}
		for j, name := range records[0] {
			row[name], _ = strconv.ParseFloat(r[j], 64)
		}
		tab[[2]int{int(row["lane"]), int(row["step"])}] = row
	}
	return tab
}

// value is column of lane at step; it fails the test if the row is missing.
func (tab table) value(t *testing.T, lane, step int, column string) float64 {
	t.Helper()
	row, ok := tab[[2]int{lane, step}]
	if !ok {
		t.Fatalf("no row for lane %d, step %d", lane, step)
	}
	return row[column]
}

// near reports whether got is within a relative tolerance tol of want.
func near(got, want, tol float64) bool { return math.Abs(got-want) <= tol*math.Abs(want) }

func TestStoryCaptionsQuoteTheirLinks(t *testing.T) {
	steps := storySteps(t)
	en, ja := pageStrings(t, "en"), pageStrings(t, "ja")
	type quote struct {
		en, ja string // the number as each caption writes it
	}
	tests := []struct {
		step   int
		quotes []quote
		check  func(t *testing.T, q string)
	}{
		{1, []quote{{"every 45 steps", "45 ステップごと"}}, func(t *testing.T, q string) {
			// Without noise the distance falls by 10 every 45 steps (the
			// flat direction: 0.95^45 = 0.099), within 3%.
			tab := run(t, q, 180, 45)
			for n := 45; n < 180; n += 45 {
				if r := tab.value(t, 1, n, "dist") / tab.value(t, 1, n+45, "dist"); !near(r, 10, 0.03) {
					t.Errorf("the distance falls by %.3g from step %d to %d, not 10", r, n, n+45)
				}
			}
		}},
		{2, []quote{{"about 0.37", "約 0.37"}}, func(t *testing.T, q string) {
			// SGD's spread levels off at the dashed line, 0.37, within 3%.
			tab := run(t, q, 10000, 2500)
			for _, n := range []int{2500, 5000, 10000} {
				if s := tab.value(t, 1, n, "spread"); !near(s, 0.37, 0.03) {
					t.Errorf("SGD's spread at step %d is %.4g, not 0.37", n, s)
				}
			}
			if d := tab.value(t, 1, 10000, "theory_spread"); !near(d, 0.37, 0.01) {
				t.Errorf("the dashed line is at %.4g, not 0.37", d)
			}
		}},
		{3, []quote{{"about 0.21", "約 0.21"}}, func(t *testing.T, q string) {
			tab := run(t, q, 10000, 5000)
			for _, n := range []int{5000, 10000} {
				if s := tab.value(t, 1, n, "spread"); !near(s, 0.21, 0.03) {
					t.Errorf("Adam's spread at step %d is %.4g, not 0.21", n, s)
				}
				if s := tab.value(t, 1, n, "step_norm"); !(s > 0.005) {
					t.Errorf("Adam's step length at step %d is %.4g: it levels off above 0", n, s)
				}
			}
		}},
		{4, []quote{{"0.067", "0.067"}, {"0.21", "0.21"}, {"√10 ≈ 3.2", "√10 ≈ 3.2"}}, func(t *testing.T, q string) {
			// A rate 10 times smaller, a ball √10 times smaller: 0.067
			// against 0.21, within 3% each and the ratio within 5%.
			tab := run(t, q, 10000, 10000)
			a, b := tab.value(t, 1, 10000, "spread"), tab.value(t, 2, 10000, "spread")
			if !near(a, 0.21, 0.03) || !near(b, 0.067, 0.03) || !near(a/b, 3.2, 0.05) {
				t.Errorf("spreads %.4g and %.4g at step 10,000 (ratio %.3g), not 0.21 and 0.067 (3.2)", a, b, a/b)
			}
		}},
		{5, []quote{{"16^(1/4) = 2", "16^(1/4) = 2"}}, func(t *testing.T, q string) {
			tab := run(t, q, 10000, 5000)
			for _, n := range []int{5000, 10000} {
				if r := tab.value(t, 1, n, "spread") / tab.value(t, 2, n, "spread"); !near(r, 2, 0.05) {
					t.Errorf("a batch of 16 shrinks Adam's ball %.3g times at step %d, not 2", r, n)
				}
			}
		}},
		{6, []quote{{"5/n", "5/n"}, {"about 0.036", "約 0.036"}, {"step 10,000", "ステップ 10,000"}}, func(t *testing.T, q string) {
			tab := run(t, q, 10000, 10000)
			if lr := tab.value(t, 1, 10000, "lr"); !near(lr*10000, 5, 0.02) {
				t.Errorf("γ at step 10,000 is %.4g, not about 5/n", lr)
			}
			if s := tab.value(t, 2, 10000, "spread"); !near(s, 0.036, 0.03) {
				t.Errorf("SGD's spread at step 10,000 is %.4g, not 0.036", s)
			}
			// A tenth of the noise ball of step 2.
			if s := tab.value(t, 2, 10000, "spread"); !near(0.37/s, 10, 0.05) {
				t.Errorf("SGD's spread at step 10,000 is %.4g: not a tenth of 0.37", s)
			}
		}},
		{7, []quote{{"step 901", "ステップ 901"}, {"about 0.11", "約 0.11"}}, func(t *testing.T, q string) {
			tab := run(t, q, 902, 1)
			if a, b := tab.value(t, 1, 900, "lr"), tab.value(t, 1, 901, "lr"); !(a > 0.005 && b == 0.005) {
				t.Errorf("γ is %.6g at step 900 and %.6g at 901: the floor is not reached at 901", a, b)
			}
			tab = run(t, q, 10000, 10000)
			if s := tab.value(t, 2, 10000, "spread"); !near(s, 0.11, 0.05) {
				t.Errorf("SGD's spread at step 10,000 is %.4g, not 0.11", s)
			}
		}},
		{8, []quote{{"about 0.12", "約 0.12"}}, func(t *testing.T, q string) {
			// Adam's mean sits 0.12 below and to the left of the
			// minimizer 0 in each coordinate (within 10%: sim/MATH.md's
			// oracle 7 is a first-order formula, so the caption quotes
			// the simulation); SGD's within 0.02 of it.
			tab := run(t, q, 20000, 20000)
			for _, c := range []string{"mean_x", "mean_y"} {
				if m := tab.value(t, 1, 20000, c); !near(m, -0.12, 0.1) {
					t.Errorf("Adam's %s at step 20,000 is %.4g, not −0.12", c, m)
				}
				if m := tab.value(t, 2, 20000, c); math.Abs(m) > 0.02 {
					t.Errorf("SGD's %s at step 20,000 is %.4g, not about 0", c, m)
				}
			}
		}},
		{9, []quote{{"about 60 times smaller", "約 1/60"}, {"step 100,000", "ステップ 100,000"}, {"1/n", "1/n"}}, func(t *testing.T, q string) {
			// Halving on every plateau makes γ fall like 1/n: within the
			// factor 2 that one halving is, γ n stays near its value.
			tab := run(t, q, 100000, 25000)
			for _, n := range []int{25000, 50000, 100000} {
				if g := tab.value(t, 1, n, "lr") * float64(n); g < 0.6 || g > 2.4 {
					t.Errorf("γ n at step %d is %.3g: not like 1/n (within a halving of 1.2)", n, g)
				}
			}
			if r := tab.value(t, 2, 100000, "spread") / tab.value(t, 1, 100000, "spread"); !near(r, 60, 0.2) {
				t.Errorf("at step 100,000 lane 1's ball is %.3g times smaller than lane 2's, not about 60", r)
			}
		}},
		{10, []quote{{"about 10 times longer", "約 10 倍"}, {"near 94%", "約 94%"}, {"about 97%", "約 97%"}, {"step 10,000", "ステップ 10,000"}}, func(t *testing.T, q string) {
			// A real network: at step 10,000 the constant rate's steps are
			// 10 times the decaying lane's (within 20%), and the held-out
			// accuracies 94% and 97% (within a percentage point).
			tab := run(t, q, 10000, 10000)
			if r := tab.value(t, 1, 10000, "step_norm") / tab.value(t, 2, 10000, "step_norm"); !near(r, 10, 0.2) {
				t.Errorf("the constant rate's steps are %.3g times the decaying lane's, not about 10", r)
			}
			for lane, want := range map[int]float64{1: 0.94, 2: 0.97} {
				if a := tab.value(t, lane, 10000, "heldout_acc"); math.Abs(a-want) > 0.01 {
					t.Errorf("lane %d's held-out accuracy at step 10,000 is %.4g, not %g", lane, a, want)
				}
			}
		}},
		{11, []quote{{"1/100", "1/100"}, {"tenfold", "約 1/10"}}, func(t *testing.T, q string) {
			tab := run(t, q, 20000, 10000)
			if lr := tab.value(t, 2, 20000, "lr"); lr != 0.05/100 {
				t.Errorf("lane 2 ends at γ = %.4g, not 1/100 of 0.05", lr)
			}
			for _, n := range []int{10000, 20000} {
				if r := tab.value(t, 1, n, "spread") / tab.value(t, 2, n, "spread"); !near(r, 10, 0.1) {
					t.Errorf("at step %d the schedule shrinks the ball %.3g times, not about 10", n, r)
				}
			}
		}},
	}
	if len(tests) != len(steps) {
		t.Errorf("%d steps have their numbers checked, the guide has %d", len(tests), len(steps))
	}
	for _, tt := range tests {
		if tt.step > len(steps) {
			t.Errorf("step %d: the guide has %d steps", tt.step, len(steps))
			continue
		}
		caption := func(s map[string]string) string {
			return s["story."+strconv.Itoa(tt.step)+".lead"] + " " + s["story."+strconv.Itoa(tt.step)+".text"]
		}
		for _, q := range tt.quotes {
			if !strings.Contains(caption(en), q.en) || !strings.Contains(caption(ja), q.ja) {
				t.Errorf("step %d: the captions do not quote %q / %q", tt.step, q.en, q.ja)
			}
		}
		t.Run("step "+strconv.Itoa(tt.step), func(t *testing.T) { tt.check(t, steps[tt.step-1].Query) })
	}
}
