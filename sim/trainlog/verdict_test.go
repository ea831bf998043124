package trainlog

import (
	"bytes"
	"fmt"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"
)

// curve returns a Curve of y(n) at steps 0 .. steps-1, with n = step + 1.
func curve(steps int, y func(n float64) float64) *Curve {
	c := &Curve{Name: "loss", Step: make([]float64, steps), Value: make([]float64, steps)}
	for i := range steps {
		c.Step[i] = float64(i)
		c.Value[i] = y(float64(i + 1))
	}
	return c
}

// quadratic is the 1-D stochastic quadratic of sim/MATH.md,
// l(theta, x) = kappa/2 (theta - x)^2 with x ~ N(0, sigma^2), so mu = 0.
type quadratic struct{ kappa, sigma float64 }

// sgd runs SGD with batch 1 and learning rate gamma(n) from theta0 for
// steps steps. It returns two curves: the mini-batch loss l(theta_{n-1}, x_n)
// a training script would print at step n, and the loss gap
// L(theta_n) - L* = kappa/2 theta_n^2.
func (q quadratic) sgd(seed uint64, theta0 float64, steps int, gamma func(n float64) float64) (batch, gap *Curve) {
	rnd := rand.New(rand.NewPCG(seed, 7))
	batch = &Curve{Name: "loss", Step: make([]float64, steps), Value: make([]float64, steps)}
	gap = &Curve{Name: "gap", Step: make([]float64, steps), Value: make([]float64, steps)}
	theta := theta0
	for i := range steps {
		n := float64(i + 1)
		x := q.sigma * rnd.NormFloat64()
		batch.Step[i], gap.Step[i] = float64(i), float64(i)
		batch.Value[i] = q.kappa / 2 * (theta - x) * (theta - x)
		theta -= gamma(n) * q.kappa * (theta - x)
		gap.Value[i] = q.kappa / 2 * theta * theta
	}
	return batch, gap
}

func constant(g float64) func(float64) float64 { return func(float64) float64 { return g } }

// verdicts judges 400 logs of the given length made by log(seed) and counts
// the verdicts.
func verdicts(rows int, log func(rnd *rand.Rand) func(n float64) float64) map[Verdict]int {
	count := map[Verdict]int{}
	for seed := range uint64(400) {
		rnd := rand.New(rand.NewPCG(seed, uint64(rows)))
		count[Analyze(curve(rows, log(rnd))).Verdict]++
	}
	return count
}

// share writes a count of 400 as a percentage.
func share(k int) string { return strconv.FormatFloat(100*float64(k)/400, 'f', 2, 64) + "%" }

// The noise models of the statistical tests. flat: a plateau at 1 with
// white Gaussian noise of standard deviation 0.1. batch: the mini-batch
// loss of a quadratic at a fixed point, (0.3 - x)^2 / 2 with x ~ N(0, 1):
// skewed, kurtosis about 13, values near 0, like a noise ball's per-step
// loss. power: n^-0.5 times 1 + 0.2 e (a fluctuation of 20% of the loss),
// and n^-0.5 + 0.01 e (a fixed one, a tenth of the loss at n = 100 and a
// third at n = 1,000), e ~ N(0, 1). A fixed noise much larger than that
// hides a power law's fall: n^-0.5 falls by 1.15 n^-0.5 per decade, less
// than a fluctuation of 0.05 once n > 500, and that is a plateau.
var (
	flatGauss = func(rnd *rand.Rand) func(float64) float64 {
		return func(float64) float64 { return 1 + 0.1*rnd.NormFloat64() }
	}
	flatBatch = func(rnd *rand.Rand) func(float64) float64 {
		return func(float64) float64 { x := rnd.NormFloat64(); return (0.3 - x) * (0.3 - x) / 2 }
	}
	powerMul = func(rnd *rand.Rand) func(float64) float64 {
		return func(n float64) float64 { return math.Pow(n, -0.5) * (1 + 0.2*rnd.NormFloat64()) }
	}
	powerAdd = func(rnd *rand.Rand) func(float64) float64 {
		return func(n float64) float64 { return math.Pow(n, -0.5) + 0.01*rnd.NormFloat64() }
	}
)

// TestFlatLogs checks the false alarms on flat logs: over 400 seeds each,
// flat noisy logs of 20, 40, 100 and 1,000 rows are called still improving
// in at most 5% (Alpha = 1% is the design; the t test is exact for white
// Gaussian noise, and nearly so for the skewed mini-batch loss). The rest
// are plateaued or, where the rows cannot tell a plateau from a fall of
// one fluctuation per decade, too short.
func TestFlatLogs(t *testing.T) {
	for _, m := range []struct {
		name string
		log  func(*rand.Rand) func(float64) float64
	}{{"Gaussian", flatGauss}, {"mini-batch", flatBatch}} {
		for _, rows := range []int{20, 40, 100, 1000} {
			v := verdicts(rows, m.log)
			t.Logf("flat %s, %4d rows: improving %s, diverging %s, plateaued %s, too short %s",
				m.name, rows, share(v[Improving]), share(v[Diverging]), share(v[Plateaued]), share(v[TooShort]))
			if v[Improving] > 20 || v[Diverging] > 20 {
				t.Errorf("flat %s, %d rows: %v; want at most 20 of 400 improving, and diverging", m.name, rows, v)
			}
			if rows == 1000 && v[Plateaued] < 360 {
				t.Errorf("flat %s, %d rows: %v; want 90%% plateaued", m.name, rows, v)
			}
		}
	}
}

// TestPowerLawLogs is the second: power-law logs, loss ~ n^-0.5 plus noise,
// of 100 and 1,000 rows, are called plateaued in at most 5%; and they are
// mostly called improving (a test of the tests' power).
func TestPowerLawLogs(t *testing.T) {
	for _, m := range []struct {
		name string
		log  func(*rand.Rand) func(float64) float64
	}{{"20% of the loss", powerMul}, {"0.01 fixed", powerAdd}} {
		for _, rows := range []int{100, 1000} {
			v := verdicts(rows, m.log)
			t.Logf("power law, noise %s, %4d rows: improving %s, plateaued %s, too short %s, diverging %s",
				m.name, rows, share(v[Improving]), share(v[Plateaued]), share(v[TooShort]), share(v[Diverging]))
			if v[Plateaued] > 20 || v[Improving] < 360 {
				t.Errorf("power law, noise %s, %d rows: %v; want at most 20 of 400 plateaued and 360 improving", m.name, rows, v)
			}
		}
	}
}

// TestBlowUps is the third: a loss growing geometrically, 0.1 q^n with a
// fluctuation of 10% of it, reads as diverging, from a few dozen rows to
// a thousand and from a slow growth to one by 10^21.
func TestBlowUps(t *testing.T) {
	for _, q := range []float64{1.01, 1.05} {
		for _, rows := range []int{50, 200, 1000} {
			count := map[Verdict]int{}
			for seed := range uint64(100) {
				rnd := rand.New(rand.NewPCG(seed, 3))
				r := Analyze(curve(rows, func(n float64) float64 { return 0.1 * math.Pow(q, n) * (1 + 0.1*rnd.NormFloat64()) }))
				count[r.Verdict]++
			}
			if count[Diverging] < 98 {
				t.Errorf("q = %v, %d rows: %v; want diverging", q, rows, count)
			}
		}
	}
}

// TestAutocorrelated checks a plateau whose noise is an AR(1) with lag-1
// correlation 0.9 (the loss the page's log-check test pastes): plateaued,
// with the correlation measured, and rarely a trend.
func TestAutocorrelated(t *testing.T) {
	count := map[Verdict]int{}
	var phi []float64
	for seed := range uint64(100) {
		rnd := rand.New(rand.NewPCG(seed, 9))
		x := 0.0
		r := Analyze(curve(20_000, func(float64) float64 {
			x = 0.9*x + rnd.Float64() - 0.5
			return 1 + 0.2*x
		}))
		count[r.Verdict]++
		phi = append(phi, r.Phi)
	}
	if count[Plateaued] < 95 || count[Improving] > 3 || count[Diverging] > 3 {
		t.Errorf("%v, want plateaued", count)
	}
	if m := stat.Mean(phi, nil); math.Abs(m-0.9) > 0.02 {
		t.Errorf("mean phi %.3f, want 0.9", m)
	}
}

// TestNoiseBall is sim/MATH.md's oracle 2: SGD with a constant learning rate on
// the quadratic settles into a noise ball, where the mini-batch loss
// fluctuates with standard deviation sqrt(2) kappa sigma^2 / (2 - eta) and
// the gap with kappa v / sqrt(2), v = eta sigma^2 / (2 - eta), eta =
// gamma kappa. Both logs must read as a plateau with that noise, reached
// within a few relaxation times 1/eta = 20 steps of the start from 3.
func TestNoiseBall(t *testing.T) {
	q := quadratic{kappa: 1, sigma: 1}
	const gamma, steps = 0.05, 100_000
	eta := gamma * q.kappa
	v := eta * q.sigma * q.sigma / (2 - eta)
	wantBatch := math.Sqrt2 * q.kappa * q.sigma * q.sigma / (2 - eta)
	wantGap := q.kappa * v / math.Sqrt2
	for seed := range uint64(10) {
		batch, gap := q.sgd(seed, 3, steps, constant(gamma))
		for _, c := range []struct {
			name string
			log  *Curve
			want float64
			tol  float64
		}{
			// The mini-batch loss is nearly white noise with kurtosis 15:
			// 9*10^4 values give s within 1.5% (one standard error 0.6%).
			{"mini-batch loss", batch, wantBatch, 0.03},
			// The gap is correlated over 1/(2 eta) = 10 steps, which the
			// noise model's correction takes into account.
			{"gap", gap, wantGap, 0.1},
		} {
			r := Analyze(c.log)
			if r.Verdict != Plateaued {
				t.Errorf("seed %d, %s: %v, want plateaued", seed, c.name, r)
			}
			if math.Abs(r.Noise/c.want-1) > c.tol {
				t.Errorf("seed %d, %s: noise %.4g, want %.4g within %g%%", seed, c.name, r.Noise, c.want, 100*c.tol)
			}
			if !(r.Since < 2000) {
				t.Errorf("seed %d, %s: plateaued since step %v, want before 2000", seed, c.name, r.Since)
			}
			if r.Theory == nil || r.Theory.Code != "theory.noiseball" {
				t.Errorf("seed %d, %s: theory %v", seed, c.name, r.Theory)
			}
		}
	}
}

// TestDecayingRate is sim/MATH.md's oracle 3 with a = c kappa = 1: theta_n is
// the running mean of the data, and the gap falls like 1/(2n), its
// fluctuations too. The mean gap of a few runs must read as improving
// every time. A single run's gap wanders on the time scale n itself:
// theta_n^2 = (S_n/n)^2 with S_n a random walk, whose S_n/sqrt(n) can
// grow threefold over a decade, so that the gap of some single runs truly
// rises over their last decade (about a tenth of them), and that of others
// flattens over their last factor 2 or 3 of steps (another tenth). Those
// may read as diverging, and only when their gap did rise there (the mean
// of the last fifth of the decade above that of the first, within the
// bins' rounding), or as plateaued; most must read as improving.
func TestDecayingRate(t *testing.T) {
	q := quadratic{kappa: 1, sigma: 1}
	rate := func(n float64) float64 { return 1 / n }
	const steps = 100_000
	single := map[Verdict]int{}
	for seed := range uint64(100) {
		_, gap := q.sgd(seed, 3, steps, rate)
		r := Analyze(gap)
		single[r.Verdict]++
		if r.Verdict == Diverging {
			from := int(r.From)
			fifth := (steps - from) / 5
			early, late := stat.Mean(gap.Value[from:from+fifth*21/20], nil), stat.Mean(gap.Value[steps-fifth*21/20:], nil)
			if !(late > early) {
				t.Errorf("seed %d: rising, though the gap fell from %.3g to %.3g", seed, early, late)
			}
		}
	}
	t.Logf("single runs: %v", single)
	if single[Improving] < 75 || single[Plateaued] > 15 {
		t.Errorf("single runs: %v, want at least 75 of 100 still improving", single)
	}
	for seed := range uint64(10) {
		_, mean := q.sgd(1000*seed, 3, steps, rate)
		const runs = 8
		for k := uint64(1); k < runs; k++ {
			_, gap := q.sgd(1000*seed+k, 3, steps, rate)
			for i, v := range gap.Value {
				mean.Value[i] += v
			}
		}
		if r := Analyze(mean); r.Verdict != Improving {
			t.Errorf("seed %d, mean of %d runs: %v, want still improving", seed, runs, r)
		}
	}
}

// TestPowerLaw checks a loss falling like n^-1/2 with fluctuations of 20% of
// the loss: improving, at the rate it was made with.
func TestPowerLaw(t *testing.T) {
	rnd := rand.New(rand.NewPCG(3, 4))
	r := Analyze(curve(100_000, func(n float64) float64 { return math.Pow(n, -0.5) * (1 + 0.2*rnd.NormFloat64()) }))
	if r.Verdict != Improving {
		t.Errorf("%v, want still improving", r)
	}
	if math.Abs(r.Slope+0.5) > 3*r.SlopeErr+0.005 {
		t.Errorf("slope %.4f ± %.4f, want -0.5", r.Slope, r.SlopeErr)
	}
	if !strings.HasPrefix(r.String(), "still improving: over steps 10,000 to 99,999 the loss fell like n^-0.50 ± 0.00") {
		t.Errorf("String() = %q", r)
	}
}

// TestFloor checks a loss that falls like 10/n onto a floor of 1 with
// constant fluctuations of 0.05: still improving over the first 200 steps,
// whose last decade sees a fall of about 0.18, and plateaued over 10^5
// steps, where the fall left in the last decade is about 0.0007, since a
// step where 10/n is small against the fluctuation.
func TestFloor(t *testing.T) {
	rnd := rand.New(rand.NewPCG(5, 6))
	y := func(n float64) float64 { return 1 + 10/n + 0.05*rnd.NormFloat64() }
	if r := Analyze(curve(200, y)); r.Verdict != Improving {
		t.Errorf("200 steps: %v, want still improving", r)
	}
	r := Analyze(curve(100_000, y))
	if r.Verdict != Plateaued || math.Abs(r.Noise-0.05) > 0.001 {
		t.Errorf("10^5 steps: %v, want plateaued with noise 0.05", r)
	}
	if !(r.Since > 20 && r.Since < 2000) {
		t.Errorf("plateaued since step %v, want after 10/n falls below the fluctuation", r.Since)
	}
	if !strings.HasPrefix(r.String(), "plateaued in a noise ball since step ") || !strings.Contains(r.String(), "(fluctuation ±0.05)") {
		t.Errorf("String() = %q", r)
	}
}

// TestGrowing checks a loss growing like n^0.7, and one growing
// exponentially: both diverging, the first at its rate.
func TestGrowing(t *testing.T) {
	rnd := rand.New(rand.NewPCG(7, 8))
	r := Analyze(curve(20_000, func(n float64) float64 { return math.Pow(n, 0.7) * (1 + 0.1*rnd.NormFloat64()) }))
	if r.Verdict != Diverging || math.Abs(r.Slope-0.7) > 0.02 {
		t.Errorf("%v (slope %.3f), want diverging like n^0.7", r, r.Slope)
	}
	if !strings.Contains(r.String(), "rose like n^+0.70") {
		t.Errorf("String() = %q", r)
	}
	r = Analyze(curve(20_000, func(n float64) float64 { return 0.1 * math.Exp(n/5000) * (1 + 0.05*rnd.NormFloat64()) }))
	if r.Verdict != Diverging {
		t.Errorf("exponential growth: %v, want diverging", r)
	}
}

// TestBecomesNaN runs SGD with eta = 2.5, beyond sim/MATH.md's stability limit
// eta < 2, writes the mini-batch losses as a script would (+Inf, NaN) and
// checks that Read and Analyze find the step where they stopped being finite.
func TestBecomesNaN(t *testing.T) {
	q := quadratic{kappa: 1, sigma: 1}
	batch, _ := q.sgd(1, 1, 3000, constant(2.5))
	var b bytes.Buffer
	b.WriteString("step,loss\n")
	firstBad := -1.0
	for i, s := range batch.Step {
		v := batch.Value[i]
		if firstBad < 0 && (math.IsInf(v, 0) || math.IsNaN(v)) {
			firstBad = s
		}
		b.WriteString(strconv.FormatFloat(s, 'f', -1, 64) + "," + strconv.FormatFloat(v, 'g', -1, 64) + "\n")
	}
	if firstBad < 0 {
		t.Fatal("the unstable run stayed finite")
	}
	l, err := Read(&b)
	if err != nil {
		t.Fatal(err)
	}
	r, err := Check(l, "")
	if err != nil {
		t.Fatal(err)
	}
	if r.Verdict != Diverging || r.DivergedAt != firstBad {
		t.Errorf("%v, want diverging at step %v", r, firstBad)
	}
	if want := "diverging: the loss is NaN or infinite from step " + formatStep(firstBad); !strings.HasPrefix(r.String(), want) {
		t.Errorf("String() = %q, want it to start with %q", r, want)
	}
}

// TestTooShort checks that a handful of values gets no verdict, and says
// how many are needed.
func TestTooShort(t *testing.T) {
	r := Analyze(curve(MinRows-1, func(n float64) float64 { return 1 / n }))
	if r.Verdict != TooShort || r.Headline().String() != "too short: 9 rows; at least 10 are needed" {
		t.Errorf("%v: %q", r.Verdict, r.Headline())
	}
	if r := Analyze(&Curve{}); r.Verdict != TooShort {
		t.Errorf("empty curve: %v", r)
	}
}

// TestNeeded checks the forecast of a too-short verdict on flat logs: the
// same noise logged over as many rows as Needed says is mostly called
// plateaued.
func TestNeeded(t *testing.T) {
	plateaued, tried := 0, 0
	for seed := range uint64(40) {
		rnd := rand.New(rand.NewPCG(seed, 11))
		r := Analyze(curve(40, flatGauss(rnd)))
		if r.Verdict != TooShort {
			continue
		}
		tried++
		if r.Needed <= 40 || r.Needed > 5000 {
			t.Errorf("seed %d: %d rows needed", seed, r.Needed)
			continue
		}
		if Analyze(curve(r.Needed, flatGauss(rnd))).Verdict == Plateaued {
			plateaued++
		}
	}
	if tried < 30 || plateaued < tried/2 {
		t.Errorf("%d of %d logs as long as needed were plateaued", plateaued, tried)
	}
}

// TestSince checks the start of a plateau: a loss that falls in a straight
// line from 3 to 1 over the first 2,000 steps and stays at 1 after, with a
// fluctuation of 0.05.
func TestSince(t *testing.T) {
	for seed := range uint64(20) {
		rnd := rand.New(rand.NewPCG(seed, 13))
		r := Analyze(curve(20_000, func(n float64) float64 { return 1 + 2*max(0, 1-n/2000) + 0.05*rnd.NormFloat64() }))
		if r.Verdict != Plateaued || !(r.Since > 1500 && r.Since < 3000) {
			t.Errorf("seed %d: %v, since %v; want plateaued since about step 2,000", seed, r.Verdict, r.Since)
		}
	}
}

// TestConstant checks a loss that does not move at all, as full-batch
// gradient descent's does at its minimum.
func TestConstant(t *testing.T) {
	r := Analyze(curve(1000, func(n float64) float64 {
		if n < 100 {
			return 1 / n
		}
		return 0.25
	}))
	if r.Verdict != Plateaued || r.Noise != 0 || r.String() != "plateaued: constant since step 99: over steps 99 to 999 the loss did not change at all" {
		t.Errorf("%v: %q", r.Verdict, r)
	}
}

// TestNegativeLoss checks a plateau of a loss below 0 (a negative
// log-likelihood): no log-log slope, the same verdict, on the loss's own
// scale.
func TestNegativeLoss(t *testing.T) {
	rnd := rand.New(rand.NewPCG(9, 10))
	r := Analyze(curve(10_000, func(float64) float64 { return -3 + 0.5*rnd.NormFloat64() }))
	if r.Verdict != Plateaued || !math.IsNaN(r.Slope) || r.Reason.Code != "reason.plateau" {
		t.Errorf("%v, slope %v; want plateaued without a slope", r, r.Slope)
	}
}

// TestNoiseAgainstGonum checks Noise on white noise around a flat curve
// against gonum's standard deviation of the same values, and Slope on an
// exact power law.
func TestNoiseAgainstGonum(t *testing.T) {
	rnd := rand.New(rand.NewPCG(11, 12))
	l := curve(50_000, func(float64) float64 { return 2 + 0.3*rnd.NormFloat64() })
	r := Analyze(l)
	i := int(r.From)
	want := stat.StdDev(l.Value[i:], nil)
	if math.Abs(r.Noise/want-1) > 0.01 {
		t.Errorf("noise %.5g, gonum's standard deviation of steps %v.. %.5g", r.Noise, r.From, want)
	}
	exact := Analyze(curve(50_000, func(n float64) float64 { return 3 * math.Pow(n, -0.75) }))
	if math.Abs(exact.Slope+0.75) > 1e-3 || exact.SlopeErr > 1e-3 || exact.Verdict != Improving {
		t.Errorf("exact n^-0.75: %v, slope %.5f ± %.2g", exact.Verdict, exact.Slope, exact.SlopeErr)
	}
}

// TestSmoothed checks the smoothed curve of a million steps: at most
// MaxPoints points, in step order, every value counted once.
func TestSmoothed(t *testing.T) {
	rnd := rand.New(rand.NewPCG(13, 14))
	l := curve(1_000_000, func(n float64) float64 { return 1/n + rnd.Float64() })
	l.Value[5] = math.NaN()
	r := Analyze(l)
	if len(r.Smoothed) > MaxPoints || len(r.Smoothed) < 300 {
		t.Errorf("%d smoothed points, want up to %d", len(r.Smoothed), MaxPoints)
	}
	total := 0
	for i, p := range r.Smoothed {
		total += p.N
		if i > 0 && p.Step <= r.Smoothed[i-1].Step {
			t.Fatalf("point %d at step %v after %v", i, p.Step, r.Smoothed[i-1].Step)
		}
		if !(p.Min <= p.Value && p.Value <= p.Max) || p.N < minBin {
			t.Fatalf("point %d = %+v", i, p)
		}
	}
	if total != len(l.Step)-1 || r.N != total {
		t.Errorf("the smoothed curve counts %d values, N %d, want %d", total, r.N, len(l.Step)-1)
	}
}

// TestTheory checks what a plateau says the theory would do: without a
// learning rate in the log, the general statement; with a constant one,
// its value and a tenth of it; with one that fell during the plateau, that
// a noise ball would have followed it.
func TestTheory(t *testing.T) {
	rnd := rand.New(rand.NewPCG(15, 16))
	var b strings.Builder
	b.WriteString("step,loss,lr,decayed_lr\n")
	for i := range 5000 {
		fmt.Fprintf(&b, "%d,%g,0.003,%g\n", i, 0.5+0.02*rnd.NormFloat64(), 0.01/(1+float64(i)/100))
	}
	l, err := Read(strings.NewReader(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	r, err := Check(l, "")
	if err != nil || r.Verdict != Plateaued || r.Theory == nil {
		t.Fatalf("%v, %v", r, err)
	}
	if r.Theory.Code != "theory.noiseball.lr" || r.Theory.Params["lr"] != "0.003" || r.Theory.Params["lower"] != "0.0003" {
		t.Errorf("theory %v", r.Theory)
	}
	if !strings.Contains(r.Theory.Text("en"), "at the learning rate of 0.003 the log shows, a rate of 0.0003 would shrink it about 10x, and a learning rate that decays to zero removes it") {
		t.Errorf("theory says %q", r.Theory.Text("en"))
	}
	// The same log with the decaying rate only.
	l.Series = []*Series{l.Series[0], l.Series[2]}
	r, _ = Check(l, "")
	if r.Theory == nil || r.Theory.Code != "theory.lr.falling" {
		t.Errorf("a falling rate: theory %v", r.Theory)
	}
}

// TestRecentPlateau is the monitor's use case: a Lightning run logging
// every 50 steps whose loss stopped falling at step 12,400, checked at step
// 31,000 with the learning rate in the log: plateaued since about then,
// with what a rate ten times lower would do.
func TestRecentPlateau(t *testing.T) {
	for seed := range uint64(20) {
		rnd := rand.New(rand.NewPCG(seed, 17))
		var b strings.Builder
		b.WriteString("epoch,lr-SGD,step,train_loss_step\n")
		for step := 49; step < 31_000; step += 50 {
			n := float64(step + 1)
			fmt.Fprintf(&b, "%d,,%d,%.6f\n", step/1000, step, 0.42+0.6*math.Pow(max(0, 1-n/12_400), 2)+0.013*rnd.NormFloat64())
			if step%1000 == 999 {
				fmt.Fprintf(&b, "%d,0.05,%d,\n", step/1000, step)
			}
		}
		l, err := Read(strings.NewReader(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		r, err := Check(l, "")
		if err != nil {
			t.Fatal(err)
		}
		if r.Verdict != Plateaued || !(r.Since > 8000 && r.Since < 16_000) || math.Abs(r.Noise-0.013) > 0.002 {
			t.Errorf("seed %d: %v", seed, r)
		}
		if r.Theory == nil || r.Theory.Params["lr"] != "0.05" || r.Theory.Params["lower"] != "0.005" {
			t.Errorf("seed %d: theory %v", seed, r.Theory)
		}
	}
}
