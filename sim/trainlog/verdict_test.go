package trainlog

import (
	"bytes"
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/stat"
)

// curve returns a Log of y(n) at steps 0 .. steps-1, with n = step + 1.
func curve(steps int, y func(n float64) float64) *Log {
	l := &Log{Step: make([]float64, steps), Loss: make([]float64, steps)}
	for i := range steps {
		l.Step[i] = float64(i)
		l.Loss[i] = y(float64(i + 1))
	}
	return l
}

// quadratic is the 1-D stochastic quadratic of sim/MATH.md,
// l(theta, x) = kappa/2 (theta - x)^2 with x ~ N(0, sigma^2), so mu = 0.
type quadratic struct{ kappa, sigma float64 }

// sgd runs SGD with batch 1 and learning rate gamma(n) from theta0 for
// steps steps. It returns two logs: the mini-batch loss l(theta_{n-1}, x_n)
// a training script would print at step n, and the loss gap
// L(theta_n) - L* = kappa/2 theta_n^2.
func (q quadratic) sgd(seed uint64, theta0 float64, steps int, gamma func(n float64) float64) (batch, gap *Log) {
	rnd := rand.New(rand.NewPCG(seed, 7))
	batch = &Log{Step: make([]float64, steps), Loss: make([]float64, steps)}
	gap = &Log{Step: make([]float64, steps), Loss: make([]float64, steps)}
	theta := theta0
	for i := range steps {
		n := float64(i + 1)
		x := q.sigma * rnd.NormFloat64()
		batch.Step[i], gap.Step[i] = float64(i), float64(i)
		batch.Loss[i] = q.kappa / 2 * (theta - x) * (theta - x)
		theta -= gamma(n) * q.kappa * (theta - x)
		gap.Loss[i] = q.kappa / 2 * theta * theta
	}
	return batch, gap
}

func constant(g float64) func(float64) float64 { return func(float64) float64 { return g } }

// TestNoiseBall is sim/MATH.md's oracle 2: SGD with a constant learning rate on
// the quadratic settles into a noise ball, where the mini-batch loss
// fluctuates with standard deviation sqrt(2) kappa sigma^2 / (2 - eta) and
// the gap with kappa v / sqrt(2), v = eta sigma^2 / (2 - eta), eta =
// gamma kappa. Both logs must read as a plateau with that noise, seed after
// seed.
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
			log  *Log
			want float64
			tol  float64
		}{
			// The mini-batch loss is nearly white noise with kurtosis 15:
			// 9*10^4 values give s within 1.5% (one standard error 0.6%).
			{"mini-batch loss", batch, wantBatch, 0.03},
			// The gap is correlated over 1/(2 eta) = 10 steps, which bins
			// of a few hundred values shorten by a few percent.
			{"gap", gap, wantGap, 0.15},
		} {
			r := Analyze(c.log)
			if r.Verdict != Plateaued {
				t.Errorf("seed %d, %s: %v, want plateaued", seed, c.name, r)
			}
			if math.Abs(r.Noise/c.want-1) > c.tol {
				t.Errorf("seed %d, %s: noise %.4g, want %.4g within %g%%", seed, c.name, r.Noise, c.want, 100*c.tol)
			}
			if math.Abs(r.Slope) > 4*r.SlopeErr {
				t.Errorf("seed %d, %s: slope %.3g, want about 0", seed, c.name, r.Slope)
			}
		}
	}
}

// TestDecayingRate is sim/MATH.md's oracle 3 with a = c kappa = 1: theta_n is
// the running mean of the data, and the gap falls like 1/(2n), its
// fluctuations too. The mean gap of a few runs must read as improving
// every time. A single run's gap wanders on the time scale n itself, which
// no test on one path can tell from a trend (see Analyze): most single runs
// must read as improving.
func TestDecayingRate(t *testing.T) {
	q := quadratic{kappa: 1, sigma: 1}
	rate := func(n float64) float64 { return 1 / n }
	const steps = 100_000
	single := map[Verdict]int{}
	for seed := range uint64(100) {
		_, gap := q.sgd(seed, 3, steps, rate)
		single[Analyze(gap).Verdict]++
	}
	t.Logf("single runs: %v", single)
	if single[Improving] < 85 { // 93% in 1000 runs
		t.Errorf("single runs: %v, want at least 85 of 100 still improving", single)
	}
	for seed := range uint64(10) {
		_, mean := q.sgd(1000*seed, 3, steps, rate)
		const runs = 8
		for k := uint64(1); k < runs; k++ {
			_, gap := q.sgd(1000*seed+k, 3, steps, rate)
			for i, v := range gap.Loss {
				mean.Loss[i] += v
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
	l := curve(100_000, func(n float64) float64 { return math.Pow(n, -0.5) * (1 + 0.2*rnd.NormFloat64()) })
	r := Analyze(l)
	if r.Verdict != Improving {
		t.Errorf("%v, want still improving", r)
	}
	if math.Abs(r.Slope+0.5) > 3*r.SlopeErr+0.01 {
		t.Errorf("slope %.4f ± %.4f, want -0.5", r.Slope, r.SlopeErr)
	}
	if !strings.Contains(r.String(), "still improving: over steps 10000 to 99999 the loss fell by") {
		t.Errorf("String() = %q", r)
	}
}

// TestFloor checks a loss that falls like 10/n onto a floor of 1 with
// constant fluctuations of 0.05: still improving over the first 200 steps,
// whose last decade sees a fall of about 0.18, and plateaued over 10^5
// steps, where the fall left in the last decade is about 0.0007.
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
	if !strings.HasPrefix(r.String(), "plateaued with noise of size 0.05") {
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
	if !strings.Contains(r.String(), "(like n^+0.70)") {
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
		v := batch.Loss[i]
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
	r := Analyze(l)
	if r.Verdict != Diverging || r.DivergedAt != firstBad {
		t.Errorf("%v, want diverging at step %v", r, firstBad)
	}
	if want := "diverging: the loss became NaN or infinite at step " + strconv.Itoa(int(firstBad)); !strings.HasPrefix(r.String(), want) {
		t.Errorf("String() = %q, want it to start with %q", r, want)
	}
}

// TestTooShort checks that a handful of values gets no verdict.
func TestTooShort(t *testing.T) {
	r := Analyze(curve(MinPoints-1, func(n float64) float64 { return 1 / n }))
	if r.Verdict != TooShort || r.String() != "too short to judge: 15 finite losses, want at least 16" {
		t.Errorf("%v: %q", r.Verdict, r)
	}
	if r := Analyze(&Log{}); r.Verdict != TooShort {
		t.Errorf("empty log: %v", r)
	}
}

// TestConstant checks a loss that does not move at all, as full-batch
// gradient descent's does at its minimum.
func TestConstant(t *testing.T) {
	r := Analyze(curve(1000, func(float64) float64 { return 0.25 }))
	if r.Verdict != Plateaued || r.Noise != 0 || !strings.Contains(r.String(), "no fluctuations") {
		t.Errorf("%v: %q", r.Verdict, r)
	}
}

// TestNegativeLoss checks a plateau of a loss below 0 (a negative
// log-likelihood): no log-log slope, but the same verdict.
func TestNegativeLoss(t *testing.T) {
	rnd := rand.New(rand.NewPCG(9, 10))
	r := Analyze(curve(10_000, func(float64) float64 { return -3 + 0.5*rnd.NormFloat64() }))
	if r.Verdict != Plateaued || !math.IsNaN(r.Slope) {
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
	want := stat.StdDev(l.Loss[i:], nil)
	if math.Abs(r.Noise/want-1) > 0.01 {
		t.Errorf("noise %.5g, gonum's standard deviation of steps %v.. %.5g", r.Noise, r.From, want)
	}
	exact := Analyze(curve(50_000, func(n float64) float64 { return 3 * math.Pow(n, -0.75) }))
	if math.Abs(exact.Slope+0.75) > 1e-3 || exact.SlopeErr > 1e-3 {
		t.Errorf("exact n^-0.75: slope %.5f ± %.2g", exact.Slope, exact.SlopeErr)
	}
}

// TestFitLine checks the window fit against gonum's LinearRegression and
// its standard error against the scatter of slopes over many noisy lines.
func TestFitLine(t *testing.T) {
	rnd := rand.New(rand.NewPCG(15, 16))
	var slopes, errs []float64
	for range 2000 {
		x := make([]float64, windows)
		y := make([]float64, windows)
		for i := range x {
			x[i] = 9 + 0.3*float64(i) + 0.01*rnd.Float64()
			y[i] = 1 - 0.5*x[i] + 0.05*rnd.NormFloat64()
		}
		a, se := fitLine(x, y)
		if _, want := stat.LinearRegression(x, y, nil, false); math.Abs(a-want) > 1e-12 {
			t.Fatalf("fitLine slope %v, gonum's %v", a, want)
		}
		slopes, errs = append(slopes, a), append(errs, se)
	}
	if sd, se := stat.StdDev(slopes, nil), stat.Mean(errs, nil); math.Abs(se/sd-1) > 0.1 {
		t.Errorf("mean standard error %.4g, standard deviation of the slopes %.4g", se, sd)
	}
	if a, se := fitLine([]float64{1, 1, 1}, []float64{1, 2, 3}); !math.IsNaN(a) || !math.IsNaN(se) {
		t.Errorf("fitLine with one x = %v ± %v, want NaN", a, se)
	}
}

// TestSmoothed checks the smoothed curve of a million steps: at most
// MaxPoints points, in step order, every value counted once.
func TestSmoothed(t *testing.T) {
	rnd := rand.New(rand.NewPCG(13, 14))
	l := curve(1_000_000, func(n float64) float64 { return 1/n + rnd.Float64() })
	l.Norm = make([]float64, len(l.Step))
	for i := range l.Norm {
		l.Norm[i] = 10 + rnd.NormFloat64()
	}
	l.Norm[5] = math.NaN()
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
	if total != len(l.Step) {
		t.Errorf("the smoothed curve counts %d values, want %d", total, len(l.Step))
	}
	if r.Norm == nil || r.Norm.N != len(l.Step)-1 || math.Abs(r.Norm.Noise-1) > 0.01 || math.Abs(r.Norm.Slope) > 0.01 {
		t.Errorf("norm trend: %d values, noise %.3g, slope %.3g; want %d, 1, 0", r.Norm.N, r.Norm.Noise, r.Norm.Slope, len(l.Step)-1)
	}
}
