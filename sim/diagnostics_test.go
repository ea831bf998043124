package sim_test

import (
	"fmt"
	"math"
	"os"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"noiseball/sim"
	"noiseball/sim/link"
)

// firstStatus runs the link's lane 1 with the given seed and runs for up to
// steps steps and returns the first step at which its diagnostics report
// status s (or -1), stopping there if stop is set.
func firstStatus(t *testing.T, query string, seed uint64, runs, steps int, s sim.Status, stop bool) int {
	t.Helper()
	c, err := link.Parse(query)
	if err != nil {
		t.Fatal(err)
	}
	c.Runs, c.Seed = runs, seed
	e, err := sim.New(c)
	if err != nil {
		t.Fatal(err)
	}
	first := -1
	for n := 1; n <= steps; n++ {
		e.Step()
		if first < 0 && e.Diagnostics(0).Status == s {
			first = n
			if stop {
				break
			}
		}
	}
	return first
}

// The test of the diagnostics' timing, on the quadratic with constant-step
// SGD (the sgd preset: gamma = 0.05, curvatures 1 and 4, start 1.8 from the
// minimizer along the flat direction, 11 standard deviations of its noise
// ball): the lane reports "stationary" within a factor 3 of the relaxation
// time T = 1/(gamma kappa) in at least 95% of 200 seeds. kappa is the
// smallest curvature, 1: the flat direction is the last to settle, so T =
// 20 and the window is [T/3, 3T] = [6.7, 60].
//
// Why the thresholds give that (MovingSlope, ShrinkingSlope): from far
// away the distance's log-log slope b is 2x/(e^x - 1) at x = n/T, which
// falls through B = 0.7 at x = 1.8; the fit over K = 3 windows looks a
// factor 2^(1/4) back, and a verdict waits for a window's end, another
// factor up to 2^(1/4): 1.8 T to 2.6 T, plus the noise, which the 2
// standard errors a verdict needs turn into a delay. The stiff direction
// (T/4) has long settled by then, so the mean squared step is flat (c ~ 0).
// In 200 seeds the first verdict comes at step 48 or 58 (one at 69).
//
// The diagnostics average over the first DiagRuns = 256 runs only, so the
// preset's 1000 runs give the same verdicts as 256 (checked for seed 1);
// the test runs 256 to save time.
func TestStationaryWithinRelaxationTime(t *testing.T) {
	const query, seeds = "v=1&opt=sgd", 200
	p, _ := link.Lookup("sgd")
	if c, _ := link.Parse(p.Query); c.Lanes[0].Schedule.Gamma != 0.05 || c.Problem.H1 != 1 || c.Problem.H2 != 4 || c.Runs != 1000 {
		t.Fatalf("the sgd preset changed: %+v", c)
	}
	relax := 1 / (0.05 * 1.0)
	lo, hi := relax/3, 3*relax
	if a, b := firstStatus(t, query, 1, sim.DiagRuns, 200, sim.Stationary, true),
		firstStatus(t, p.Query, 1, 1000, 200, sim.Stationary, true); a != b {
		t.Fatalf("256 runs first stationary at %d, the preset's 1000 at %d: the sample is not the first chunk", a, b)
	}
	inside := 0
	hist := map[int]int{}
	for seed := uint64(1); seed <= seeds; seed++ {
		n := firstStatus(t, query, seed, sim.DiagRuns, int(2*hi), sim.Stationary, true)
		hist[n]++
		if float64(n) >= lo && float64(n) <= hi {
			inside++
		}
	}
	if inside < seeds*95/100 {
		t.Errorf("stationary within [%.1f, %.0f] in %d of %d seeds, want at least 95%%; first steps: %v", lo, hi, inside, seeds, hist)
	}
	t.Logf("first stationary step: %v (count per step); %d of %d within [%.1f, %.0f]", hist, inside, seeds, lo, hi)
}

// With gamma_n = c/n and a = c kappa > 1/2 SGD converges (MATH.md oracle 3):
// the diagnostics never report stationary, in the same 200 seeds. The steps
// shrink like 1/n, so c = -2, far below -C = -0.5 with a standard error of
// about 0.1 from 256 runs; in the first few steps, where the stiff
// direction is overshot (1 - c kappa_2/n < -1 for n < c kappa_2/2), the
// steps grow or the distance from the start shrinks, which is Transient.
//
// The horizon is 2000 steps, 32 windows; under -short 1000 steps. The
// risky windows are the first ones (later ones are longer and their c
// steadier), so the shorter horizon keeps the test's point.
func TestDecayingRateNeverStationary(t *testing.T) {
	steps := 2000
	if testing.Short() {
		steps = 1000
	}
	for _, tt := range []struct {
		name, query string
	}{
		{"c=1 (a=1 and 4)", "v=1&opt=sgd&sched=poly&p=1&n0=1&lr=1"},
		{"c=0.6 (a=0.6 and 2.4)", "v=1&opt=sgd&sched=poly&p=1&n0=1&lr=0.6"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := link.Parse(tt.query)
			if s := c.Lanes[0].Schedule; math.Abs(s.LearningRate(10)-s.Gamma/10) > 1e-15 || s.Gamma*min(c.Problem.H1, c.Problem.H2) <= 0.5 {
				t.Fatalf("%s is not gamma_n = c/n with c kappa > 1/2", tt.query)
			}
			converging := 0
			for seed := uint64(1); seed <= 200; seed++ {
				if n := firstStatus(t, tt.query, seed, sim.DiagRuns, steps, sim.Stationary, true); n >= 0 {
					t.Errorf("seed %d: stationary at step %d", seed, n)
				}
				if firstStatus(t, tt.query, seed, sim.DiagRuns, 100, sim.Converging, true) > 0 {
					converging++
				}
			}
			if converging < 200 {
				t.Errorf("converging within 100 steps in %d of 200 seeds, want all", converging)
			}
		})
	}
}

// presetStatuses reads the table of README.md's "What the live diagnoses
// say on each preset": for each preset and lane, the statuses a careful
// reader accepts after 10^3, 10^4 and 10^5 steps ("a / b": either).
func presetStatuses(t *testing.T) map[string][][3][]string {
	t.Helper()
	b, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	text := string(b)
	i := strings.Index(text, "<!-- preset statuses: read by TestPresetStatuses -->")
	if i < 0 {
		t.Fatal("README.md has no preset statuses table")
	}
	table := map[string][][3][]string{}
	for _, line := range strings.Split(text[i:], "\n")[3:] {
		if !strings.HasPrefix(line, "|") {
			break
		}
		cells := strings.Split(strings.Trim(line, "|"), "|")
		for k := range cells {
			cells[k] = strings.TrimSpace(cells[k])
		}
		if len(cells) != 6 {
			t.Fatalf("README.md: row %q has %d cells, want 6", line, len(cells))
		}
		name := strings.Trim(cells[0], "`")
		lane, err := strconv.Atoi(cells[1])
		if err != nil || lane != len(table[name])+1 {
			t.Fatalf("README.md: row %q: lane %q out of order", line, cells[1])
		}
		var row [3][]string
		for k := range 3 {
			row[k] = strings.Split(cells[2+k], " / ")
		}
		table[name] = append(table[name], row)
	}
	return table
}

// The statuses the diagnostics give every preset's lanes after 10^3, 10^4
// and 10^5 steps are those README.md's table says a careful reader would
// give (each row says why), and the one-line explanation starts with the
// status in words. The presets run with 256 runs a lane (the diagnostics
// sample, DiagRuns: more runs give the same verdicts). The real models'
// 10^5 steps and mlp's 10^4 take minutes: they run with NOISEBALL_LONG=1
// only; under -short every preset stops at 10^4.
func TestPresetStatuses(t *testing.T) {
	table := presetStatuses(t)
	long := os.Getenv("NOISEBALL_LONG") == "1"
	for _, p := range link.Presets() {
		want, ok := table[p.Name]
		if !ok {
			t.Errorf("preset %s has no row in README.md's table", p.Name)
			continue
		}
		t.Run(p.Name, func(t *testing.T) {
			c, _ := link.Parse(p.Query)
			if len(want) != len(c.Lanes) {
				t.Fatalf("README.md has %d lanes, the preset %d", len(want), len(c.Lanes))
			}
			c.Runs = min(c.Runs, sim.DiagRuns)
			e, _ := sim.New(c)
			for j, steps := range []int{1000, 10000, 100000} {
				real := c.Problem.Kind.Real()
				if !long && (testing.Short() && steps > 10000 || real && steps > 10000 || p.Name == "mlp" && steps > 1000) {
					break
				}
				e.Steps(steps - e.N())
				for k := range c.Lanes {
					d := e.Diagnostics(k)
					if !slices.Contains(want[k][j], d.Status.String()) {
						t.Errorf("lane %d at step %d: %s, want %s: %s", k+1, steps, d.Status, strings.Join(want[k][j], " or "), d.Explanation)
					}
					if !strings.HasPrefix(d.Explanation, d.Status.Words()) {
						t.Errorf("lane %d at step %d: explanation %q does not start with %q", k+1, steps, d.Explanation, d.Status.Words())
					}
				}
			}
		})
	}
}

func TestDivergedStatus(t *testing.T) {
	c, _ := link.Parse("v=1&opt=sgd&lr=5&runs=10&opt2=sgd&lr2=0.05")
	e, _ := sim.New(c)
	e.Steps(200)
	d := e.Diagnostics(0)
	if d.Status != sim.Diverged || d.Reason != sim.ReasonDiverged || d.Diverged != 10 || d.Total != 10 || d.Since == 0 {
		t.Errorf("lane 1: %+v, want diverged", d)
	}
	if s := e.Snapshot(0); s.Status != sim.Diverged || s.StatusSince != d.Since {
		t.Errorf("Snapshot status %s since %d, diagnostics since %d", s.Status, s.StatusSince, d.Since)
	}
	if d := e.Diagnostics(1); d.Status != sim.Stationary {
		t.Errorf("lane 2: %s: %s", d.Status, d.Explanation)
	}
}

// The diagnostics read the simulation and never change it (but for
// sched=auto), so switching them off gives the same positions bit for bit,
// and every number they report is finite.
func TestDiagnosticsDoNotChangeTheRun(t *testing.T) {
	for _, q := range []string{"v=1&runs=300&opt2=sgd&opt3=momentum&opt4=adagrad", "v=1&problem=reddi&x0=0&runs=5&opt=amsgrad", "v=1&dist=t3&runs=2&clip=1&wd=0.1&opt=adamw"} {
		c, _ := link.Parse(q)
		on, _ := sim.New(c)
		off, _ := sim.New(c)
		off.SetDiagnostics(false)
		on.Steps(3000)
		off.Steps(3000)
		for k := range c.Lanes {
			if !reflect.DeepEqual(on.Lanes()[k].Positions(), off.Lanes()[k].Positions()) {
				t.Errorf("%s lane %d: the diagnostics changed the positions", q, k+1)
			}
			d := on.Diagnostics(k)
			for _, x := range []float64{d.Pflug, d.PflugRate, d.DistSlope, d.DistSlopeErr, d.StepSlope, d.StepSlopeErr, d.Ball, d.BallSlope, d.StepRMS, d.DistRMS} {
				if math.IsNaN(x) || math.IsInf(x, 0) {
					t.Errorf("%s lane %d: a number is not finite: %+v", q, k+1, d)
				}
			}
			if off.Diagnostics(k).Reason != sim.ReasonOff {
				t.Errorf("%s lane %d: switched off, reason %q", q, k+1, off.Diagnostics(k).Reason)
			}
		}
	}
}

// Pflug's statistic, averaged over runs, follows its expectation: in SGD's
// stationary phase on a diagonal quadratic each direction adds
// E <g_k, g_{k+1}> = -kappa^2 eta s^2 / (2 - eta), eta = gamma kappa, per
// step (MATH.md; the derivation is in Diagnostics).
func TestPflugRate(t *testing.T) {
	c, _ := link.Parse("v=1&opt=sgd&lr=0.1&angle=0&h1=1&h2=2&x0=0&runs=256")
	e, _ := sim.New(c)
	e.Steps(20000)
	d := e.Diagnostics(0)
	var want float64
	for _, kappa := range []float64{1, 2} {
		eta := 0.1 * kappa
		want -= kappa * kappa * eta / (2 - eta)
	}
	// The last window holds about 3000 steps of 256 runs, and <g, g'> has
	// a standard deviation of about sum kappa^2 s^2 = 5 per pair: the
	// window mean is within 5/sqrt(7.7e5) = 0.006 of its expectation.
	if math.Abs(d.PflugRate-want) > 0.03 {
		t.Errorf("Pflug increments %.4f per step, want %.4f", d.PflugRate, want)
	}
	if d.Pflug >= 0 {
		t.Errorf("Pflug's statistic %.1f is not negative in the noise ball", d.Pflug)
	}
}

func ExampleExperiment_Diagnostics() {
	c, err := link.Parse("v=1&opt=sgd&runs=256") // the sgd preset, 256 runs
	if err != nil {
		panic(err)
	}
	e, err := sim.New(c)
	if err != nil {
		panic(err)
	}
	for _, n := range []int{20, 100, 10000} {
		e.Steps(n - e.N())
		d := e.Diagnostics(0)
		fmt.Printf("step %d: %s since step %d (%s)\n", n, d.Status, d.Since, d.Reason)
	}
	fmt.Println(e.Diagnostics(0).Explanation)
	// Output:
	// step 20: transient since step 0 (moving)
	// step 100: stationary since step 58 (settled)
	// step 10000: stationary since step 58 (settled)
	// stationary: not converging, a noise ball of size 0.368 with steps of 0.217: over steps 5445 to 9159 the distance from step 0 no longer grows (like n^-0.01) and the steps do not shrink (like n^0); tested: one-sided t-tests at 2.5% (t = 1.97, 255 degrees of freedom) on the log-log slopes fitted over 3 windows, 256 runs
}

// The cases a first look at the page found misleading, step by step: RMSprop under the
// theorem never reads converging (its steps shrink only while its second
// moment fills), the floor's lanes never read converging once the rate has
// reached its floor (step 901), and story step 1 (gradient descent without
// noise, one run) reads converging geometrically while its loss gap is
// still far above the float64 range's end (at step 700 it is about 1e-30).
func TestMisleadingStatusesFixed(t *testing.T) {
	for _, tt := range []struct {
		name, query string
		runs, steps int
		never       sim.Status
		after       int // the never rule holds from this step on
	}{
		{"rmsprop preset", "v=1&opt=rmsprop", sim.DiagRuns, 3000, sim.Converging, 1},
		{"theorem preset, adam", "v=1&opt2=rmsprop&opt3=sgd", sim.DiagRuns, 3000, sim.Converging, 1},
		{"floor preset", "v=1&sched=poly&lrmin=0.005&opt2=rmsprop&opt3=sgd", sim.DiagRuns, 3000, sim.Converging, 901},
	} {
		t.Run(tt.name, func(t *testing.T) {
			c, _ := link.Parse(tt.query)
			c.Runs = tt.runs
			e, _ := sim.New(c)
			for n := 1; n <= tt.steps; n++ {
				e.Step()
				for k := range c.Lanes {
					if d := e.Diagnostics(k); n >= tt.after && d.Status == tt.never {
						t.Fatalf("lane %d at step %d: %s: %s", k+1, n, d.Status, d.Explanation)
					}
				}
			}
		})
	}
	t.Run("story step 1", func(t *testing.T) {
		c, _ := link.Parse("v=1&sigma=0&opt=sgd")
		e, _ := sim.New(c)
		e.Steps(700)
		d, gap := e.Diagnostics(0), e.Snapshot(0).LossGap.Mean
		if d.Status != sim.Geometric || !(gap > 0 && gap < 1e-25) || math.Abs(d.Factor-0.95) > 1e-3 {
			t.Errorf("step 700, loss gap %.3g: %s (factor %g): %s; want geometric, a factor 1 - gamma kappa = 0.95", gap, d.Status, d.Factor, d.Explanation)
		}
	})
}
