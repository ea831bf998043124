package sim

import (
	"fmt"
	"math"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
)

// SweepLane holds what a sweep measures of one lane of one cell, at the
// cell's last step N = Config.Steps.
type SweepLane struct {
	Spread   float64 // the ensemble spread sqrt(trace Cov theta_N), Snapshot.Spread
	LossGap  float64 // the mean loss gap L(theta_N) - L* over the live runs, Snapshot.LossGap.Mean
	StepNorm float64 // the mean step length ||theta_N - theta_{N-1}||, Snapshot.StepNorm.Mean

	// Mean is the time average of the ensemble mean (Snapshot.Mean) over
	// the sampled steps of the second half, n in (N/2, N] with N - n a
	// multiple of the stride ceil((N - floor(N/2))/256): at most 256
	// steps, skipping steps without live runs. Bias is its distance from
	// the minimizer, ||Mean - theta*||: Adam's bias under skewed data
	// (MATH.md oracle 7), plus what is left of the noise ball after
	// averaging over runs and time, about Spread / sqrt(runs x
	// independent samples).
	Mean Vec
	Bias float64

	LearningRate   float64 // gamma_N
	Live, Diverged int
	Status         Status // the lane's diagnostics at step N

	// A real model's held-out mean loss and accuracy at step N
	// (Snapshot.HeldoutLoss, HeldoutAcc; N is always an evaluation step),
	// when HasHeldout; HasAccuracy for a classifier. For a real model Bias
	// is measured in R^d, ||Mean_d - theta*||, Mean_d the time average of
	// the ensemble mean in R^d, while Mean is its point in the plane.
	HeldoutLoss, HeldoutAcc float64
	HasHeldout, HasAccuracy bool
}

// SweepMetrics names the SweepLane numbers a heat map can show, as in the
// sweep's CSV columns; SweepLane.Metric reads them.
func SweepMetrics() []string { return []string{"spread", "loss_gap", "bias", "step_norm", "final_lr"} }

// Metric returns the number called name (one of SweepMetrics) and whether
// there is one by that name.
func (l SweepLane) Metric(name string) (float64, bool) {
	switch name {
	case "spread":
		return l.Spread, true
	case "loss_gap":
		return l.LossGap, true
	case "bias":
		return l.Bias, true
	case "step_norm":
		return l.StepNorm, true
	case "final_lr":
		return l.LearningRate, true
	}
	return 0, false
}

// SweepCell is the result of one cell of a sweep: one SweepLane per lane
// of the cell's Config.
type SweepCell struct {
	Index int // the cell's index in the sweep
	Lanes []SweepLane
}

// maxBiasSamples bounds the steps whose ensemble mean SweepLane.Mean averages.
const maxBiasSamples = 256

// cellRun is one cell in progress.
type cellRun struct {
	e      *Experiment
	steps  int   // N
	stride int   // between sampled steps
	sum    []Vec // per lane: the sum of the sampled ensemble means
	count  []int // per lane: how many
}

func newCellRun(c Config) (*cellRun, error) {
	e, err := Begin(c)
	if err != nil {
		return nil, err
	}
	half := c.Steps - c.Steps/2
	return &cellRun{
		e:      e,
		steps:  c.Steps,
		stride: max(1, (half+maxBiasSamples-1)/maxBiasSamples),
		sum:    make([]Vec, len(c.Lanes)),
		count:  make([]int, len(c.Lanes)),
	}, nil
}

// work takes the cell further by about budget run-steps of the cost model
// (Experiment.Work, at least a slice of one run), sampling the ensemble
// means of the steps it finishes, and returns the run-steps it did and
// whether the cell is done.
func (c *cellRun) work(budget float64) (float64, bool) {
	spent := 0.0
	for c.e.n < c.steps || c.e.busy {
		if spent > 0 && spent >= budget {
			break
		}
		before := c.e.n
		spent += c.e.Work(budget - spent)
		if c.e.busy || c.e.n == before {
			continue
		}
		n := c.e.n
		if n > c.steps/2 && (c.steps-n)%c.stride == 0 {
			for i, l := range c.e.lanes {
				if m, live := ensembleMean(l); live > 0 {
					c.sum[i] = c.sum[i].Add(m)
					c.count[i]++
					if l.real != nil {
						l.real.addMean(l.alive)
					}
				}
			}
		}
	}
	return spent, c.e.n >= c.steps && !c.e.busy
}

// result measures the finished cell.
func (c *cellRun) result(index int) SweepCell {
	star := c.e.cfg.Problem.Minimizer()
	cell := SweepCell{Index: index, Lanes: make([]SweepLane, len(c.e.lanes))}
	for i := range c.e.lanes {
		s := c.e.Snapshot(i)
		r := SweepLane{
			Spread: s.Spread, LossGap: s.LossGap.Mean, StepNorm: s.StepNorm.Mean,
			LearningRate: s.LearningRate, Live: s.Live, Diverged: s.Diverged, Status: s.Status,
		}
		if k := float64(c.count[i]); k > 0 {
			r.Mean = Vec{c.sum[i][0] / k, c.sum[i][1] / k}
			r.Bias = r.Mean.Sub(star).Norm()
		}
		if l := c.e.lanes[i]; l.real != nil {
			r.Bias = l.real.bias()
			r.HeldoutLoss, r.HeldoutAcc = s.HeldoutLoss.Mean, s.HeldoutAcc.Mean
			r.HasHeldout, r.HasAccuracy = s.HasHeldout, s.HasAccuracy
		}
		cell.Lanes[i] = r
	}
	return cell
}

// RunCell runs c to its last step, Config.Steps, and measures it as a
// sweep does. A sweep's cell equals RunCell of the cell's Config, bit for
// bit, however the sweep was sliced or spread over goroutines.
func RunCell(c Config) (SweepCell, error) {
	r, err := newCellRun(c)
	if err != nil {
		return SweepCell{}, err
	}
	r.work(math.Inf(1))
	return r.result(0), nil
}

// SweepSlice is the work Sweep.Next does, in run-steps of the cost model
// (cost.go): about a millisecond natively, two or three in the browser.
const SweepSlice = 1 << 16

// Sweep runs the cells of a sweep one after another, a slice at a time, so
// that a single-threaded caller (the browser) can spread the work over its
// frames: call Next, or Advance with a budget, until it returns false, and
// read the finished cells with Cell. RunSweep does the same on every core.
type Sweep struct {
	cells []Config
	res   []SweepCell
	done  []bool
	next  int      // the cell in progress, or len(cells)
	cur   *cellRun // its run
	spent float64  // run-steps done, of the finished cells and the one in progress
	base  float64  // the cost of the finished cells
	cost  []float64
	total float64
}

// NewSweep returns a sweep of the cells, each run for its own Config.Steps,
// or the first cell's validation error.
func NewSweep(cells []Config) (*Sweep, error) {
	s := &Sweep{cells: cells, res: make([]SweepCell, len(cells)), done: make([]bool, len(cells))}
	for i, c := range cells {
		if err := c.Validate(); err != nil {
			return nil, fmt.Errorf("cell %d: %w", i, err)
		}
		w := CostBetween(c, 0, c.Steps)
		s.cost = append(s.cost, w)
		s.total += w
	}
	return s, nil
}

// Advance runs the sweep for about budget run-steps of the cost model (at
// least a slice of one run of the cell in progress, Experiment.Work),
// moving on to the next cell when one finishes, and reports whether cells
// remain. A cell's first step on a real model also pays for what New
// prepares (PrepareCost) the first time in a process, which no budget
// divides.
func (s *Sweep) Advance(budget float64) bool {
	spent := 0.0
	for s.next < len(s.cells) && (spent == 0 || spent < budget) {
		if s.cur == nil {
			r, err := newCellRun(s.cells[s.next])
			if err != nil { // NewSweep validated every cell
				panic(err)
			}
			s.cur = r
		}
		w, finished := s.cur.work(budget - spent)
		spent += w
		s.spent = min(s.base+s.cost[s.next], s.spent+w)
		if finished {
			s.res[s.next] = s.cur.result(s.next)
			s.done[s.next] = true
			s.base += s.cost[s.next]
			s.spent = s.base
			s.cur = nil
			s.next++
		}
	}
	return s.next < len(s.cells)
}

// Next runs the sweep for one slice of SweepSlice run-steps and reports
// whether cells remain.
func (s *Sweep) Next() bool { return s.Advance(SweepSlice) }

// Len returns the number of cells.
func (s *Sweep) Len() int { return len(s.cells) }

// Done returns how many cells are finished; they are cells 0 .. Done()-1.
func (s *Sweep) Done() int { return s.next }

// Progress returns the fraction of the sweep's run-steps done, in [0, 1].
func (s *Sweep) Progress() float64 {
	if s.total == 0 {
		return 1
	}
	return s.spent / s.total
}

// Cell returns cell i's result and whether it is finished.
func (s *Sweep) Cell(i int) (SweepCell, bool) { return s.res[i], s.done[i] }

// RunSweep runs every cell to its end on up to workers goroutines
// (runtime.GOMAXPROCS(0) when workers < 1), one cell per goroutine at a
// time, and returns the results in the cells' order. The results do not
// depend on the number of workers.
func RunSweep(cells []Config, workers int) ([]SweepCell, error) {
	return RunSweepNotify(cells, workers, nil)
}

// RunSweepNotify is RunSweep that calls done, when it is not nil, with the
// index of each cell as it finishes, from the goroutine that ran it: a
// progress report.
func RunSweepNotify(cells []Config, workers int, done func(i int)) ([]SweepCell, error) {
	if _, err := NewSweep(cells); err != nil {
		return nil, err
	}
	if workers < 1 {
		workers = runtime.GOMAXPROCS(0)
	}
	res := make([]SweepCell, len(cells))
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(workers, len(cells)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := int(next.Add(1)) - 1
				if i >= len(cells) {
					return
				}
				r, _ := RunCell(cells[i]) // validated above
				r.Index = i
				res[i] = r
				if done != nil {
					done(i)
				}
			}
		}()
	}
	wg.Wait()
	return res, nil
}

// SweepCSVColumns returns the header of a sweep's CSV for the two swept
// parameters' names: the two values, the lane (from 1), then SweepLane's
// fields: spread, loss_gap, bias, mean_x, mean_y, step_norm, final_lr,
// live, diverged, status.
func SweepCSVColumns(x, y string) []string {
	return []string{x, y, "lane", "spread", "loss_gap", "bias", "mean_x", "mean_y", "step_norm", "final_lr", "live", "diverged", "status"}
}

// SweepCSVColumnsFor returns the header of the CSV of a sweep on base:
// SweepCSVColumns, and ModelCSVColumns for a real model.
func SweepCSVColumnsFor(base Config, x, y string) []string {
	if base.Problem.Kind.Real() {
		return append(SweepCSVColumns(x, y), ModelCSVColumns...)
	}
	return SweepCSVColumns(x, y)
}

// AppendSweepCSV appends the CSV row (with its newline) of lane k (counted
// from 0, written from 1) of the cell at the parameter values x and y,
// numbers in the shortest form that reads back exactly, with the
// ModelCSVColumns for a real model (HasHeldout).
func AppendSweepCSV(dst []byte, x, y float64, k int, r SweepLane) []byte {
	f := func(v float64) {
		dst = strconv.AppendFloat(dst, v, 'g', -1, 64)
		dst = append(dst, ',')
	}
	f(x)
	f(y)
	dst = strconv.AppendInt(dst, int64(k+1), 10)
	dst = append(dst, ',')
	for _, v := range []float64{r.Spread, r.LossGap, r.Bias, r.Mean[0], r.Mean[1], r.StepNorm, r.LearningRate} {
		f(v)
	}
	dst = strconv.AppendInt(dst, int64(r.Live), 10)
	dst = append(dst, ',')
	dst = strconv.AppendInt(dst, int64(r.Diverged), 10)
	dst = append(dst, ',')
	dst = append(dst, r.Status.String()...)
	if r.HasHeldout {
		dst = append(dst, ',')
		dst = strconv.AppendFloat(dst, r.HeldoutLoss, 'g', -1, 64)
		dst = append(dst, ',')
		if r.HasAccuracy {
			dst = strconv.AppendFloat(dst, r.HeldoutAcc, 'g', -1, 64)
		}
	}
	return append(dst, '\n')
}
