package main

// Sweeps beyond one machine: -sweep -shard K/N runs cells K, K+N, K+2N,
// ... of the grid, in cell order, and writes them as a shard; -merge
// combines the N shards, given in any order, into exactly the bytes that
// the unsharded -sweep writes.
//
// A shard is the sweep's CSV (header and rows) between two lines that make
// it checkable:
//
//	#noiseball-sweep-shard v1 shard=K/N cells=C lanes=L build=B sweep=LINK
//	lr,batch,lane,spread,...
//	... one row per lane of each of the shard's cells, in cell order ...
//	#noiseball-sweep-shard-end rows=R
//
// LINK is the sweep's canonical link (link.EncodeSweep), C its number of
// cells, L its lanes, B the build of noiseball that ran it. -merge refuses
// shards of different sweeps, counts or builds, a shard given twice or
// missing, one cut short (no end line, or too few rows), and rows that are
// not of the cells they should be.
//
// On a Kubernetes Indexed Job, -shard defaults to
// JOB_COMPLETION_INDEX/JOB_COMPLETION_COUNT (set the count in the manifest
// to the Job's completions); in a Slurm job array, to
// (SLURM_ARRAY_TASK_ID - SLURM_ARRAY_TASK_MIN)/SLURM_ARRAY_TASK_COUNT.

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"os"
	"strconv"
	"strings"
	"sync"
	"time"

	"noiseball/sim"
	"noiseball/sim/link"
)

// The marks of a shard's first and last lines, and its format's version.
const (
	shardMark    = "#noiseball-sweep-shard"
	shardEndMark = "#noiseball-sweep-shard-end"
	shardVersion = "v1"
)

// A shard is part K of N of a sweep.
type shard struct {
	k, n int
	from string // where it was set: "-shard", or the environment variables
}

func (s shard) String() string { return fmt.Sprintf("%d/%d", s.k, s.n) }

// cells returns the indices of the shard's cells among total.
func (s shard) cells(total int) []int {
	var idx []int
	for c := s.k; c < total; c += s.n {
		idx = append(idx, c)
	}
	return idx
}

// parseShard reads -shard K/N, or when flag is empty the environment's
// defaults (see the file's comment); it reports false when neither asks
// for a shard.
func parseShard(flag string, getenv func(string) string) (shard, bool, error) {
	if flag != "" {
		s, err := shardOf(flag, "-shard")
		return s, err == nil, err
	}
	if index := getenv("JOB_COMPLETION_INDEX"); index != "" {
		count := getenv("JOB_COMPLETION_COUNT")
		if count == "" {
			return shard{}, false, fmt.Errorf("JOB_COMPLETION_INDEX=%s is set but JOB_COMPLETION_COUNT is not: set it to the Job's completions in the manifest, or give -shard K/N", index)
		}
		s, err := shardOf(index+"/"+count, "JOB_COMPLETION_INDEX/JOB_COMPLETION_COUNT")
		return s, err == nil, err
	}
	if id := getenv("SLURM_ARRAY_TASK_ID"); id != "" {
		count := getenv("SLURM_ARRAY_TASK_COUNT")
		if count == "" {
			return shard{}, false, fmt.Errorf("SLURM_ARRAY_TASK_ID=%s is set but SLURM_ARRAY_TASK_COUNT is not; give -shard K/N", id)
		}
		k, err := strconv.Atoi(id)
		lo, errLo := 0, error(nil)
		if m := getenv("SLURM_ARRAY_TASK_MIN"); m != "" {
			lo, errLo = strconv.Atoi(m)
		}
		if err != nil || errLo != nil {
			return shard{}, false, fmt.Errorf("SLURM_ARRAY_TASK_ID=%q, SLURM_ARRAY_TASK_MIN=%q: want integers", id, getenv("SLURM_ARRAY_TASK_MIN"))
		}
		s, err := shardOf(strconv.Itoa(k-lo)+"/"+count, "SLURM_ARRAY_TASK_ID-SLURM_ARRAY_TASK_MIN/SLURM_ARRAY_TASK_COUNT")
		return s, err == nil, err
	}
	return shard{}, false, nil
}

// shardOf parses "K/N", set by from.
func shardOf(text, from string) (shard, error) {
	ks, ns, ok := strings.Cut(text, "/")
	k, errK := strconv.Atoi(ks)
	n, errN := strconv.Atoi(ns)
	if !ok || errK != nil || errN != nil || n < 1 || k < 0 || k >= n {
		return shard{}, fmt.Errorf("%s %s: want K/N with 0 <= K < N, such as 0/4 for the first of four shards", from, text)
	}
	return shard{k: k, n: n, from: from}, nil
}

// build names the noiseball that runs, for a shard's first line: its
// buildVersion without spaces, such as "(devel)_0123456789ab". Only builds
// that name their commit (not go test, nor -buildvcs=false) are compared.
func build() string { return strings.ReplaceAll(buildVersion(), " ", "_") }

// comparable reports whether a shard's build names its commit.
func comparable(build string) bool { return strings.Contains(build, "_") }

// sweep runs the cells of s (all of them, or the shard's when sharded) on
// -workers goroutines and writes their CSV, as a shard when sharded, to
// standard output. A terminal on standard error sees a progress line.
func (c *command) sweep(s link.Sweep, cells []sim.Config, sh shard, sharded bool) int {
	idx := make([]int, len(cells))
	for i := range idx {
		idx[i] = i
	}
	if sharded {
		idx = sh.cells(len(cells))
	}
	todo := make([]sim.Config, len(idx))
	cost := make([]float64, len(idx))
	for i, k := range idx {
		todo[i], cost[i] = cells[k], sim.Cost(cells[k])
	}
	var p *progress
	if isTerminal(c.stderr) {
		p = newProgress(c.stderr, cost, time.Now)
		if sharded {
			p.what = fmt.Sprintf(" (shard %s)", sh)
		}
	}
	results, err := sim.RunSweepNotify(todo, c.workers.or(0), p.cellDone)
	p.finish()
	if err != nil {
		fmt.Fprintln(c.stderr, "noiseball:", err)
		return exitError
	}
	for i := range results {
		results[i].Index = idx[i]
	}
	var out bytes.Buffer
	if sharded {
		fmt.Fprintf(&out, "%s %s shard=%s cells=%d lanes=%d build=%s sweep=%s\n",
			shardMark, shardVersion, sh, len(cells), len(s.Base.Lanes), build(), link.EncodeSweep(s))
	}
	link.WriteSweepCSV(&out, s, results) // a bytes.Buffer does not fail
	if sharded {
		fmt.Fprintf(&out, "%s rows=%d\n", shardEndMark, len(results)*len(s.Base.Lanes))
	}
	if _, err := c.stdout.Write(out.Bytes()); err != nil {
		fmt.Fprintln(c.stderr, "noiseball:", err)
		return exitError
	}
	return exitOK
}

// A shardFile is a shard read back by -merge.
type shardFile struct {
	name          string
	shard         shard
	cells, lanes  int
	build, link   string
	header        string   // the CSV's header line
	rows          []string // with their newlines
	sweep         link.Sweep
	endRows, want int // rows the end line counts, and the shard should have
	ended         bool
}

// runMerge is the command with -merge: it reads the shard files named
// after the flags, checks them and writes the sweep's CSV to standard
// output. It returns exitUsage for shards it refuses, exitError if reading
// or writing failed.
func (c *command) runMerge() int {
	files := c.flags.Args()
	fail := func(status int, format string, args ...any) int {
		fmt.Fprintf(c.stderr, "noiseball: -merge: "+format+"\n", args...)
		return status
	}
	if c.link != "" || c.preset != "" || c.steps.set || c.every.set || c.workers.set || c.shard != "" {
		return fail(exitUsage, "-merge takes only the shard files")
	}
	if len(files) == 0 {
		return fail(exitUsage, "name the shard files, e.g. noiseball -merge shard-*.csv")
	}
	var shards []*shardFile
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			return fail(exitError, "%v", err)
		}
		sf, err := readShard(name, f)
		f.Close()
		if err != nil {
			return fail(exitUsage, "%v", err)
		}
		shards = append(shards, sf)
	}
	first := shards[0]
	byIndex := make([]*shardFile, first.shard.n)
	for _, sf := range shards {
		switch {
		case sf.link != first.link:
			return fail(exitUsage, "%s and %s are shards of different sweeps:\n  %s\n  %s", first.name, sf.name, first.link, sf.link)
		case sf.shard.n != first.shard.n:
			return fail(exitUsage, "%s is shard %s, %s shard %s: shards of one run have the same N", first.name, first.shard, sf.name, sf.shard)
		case sf.build != first.build && comparable(sf.build) && comparable(first.build):
			return fail(exitUsage, "%s was made by noiseball %s, %s by %s: run every shard with the same build", first.name, first.build, sf.name, sf.build)
		case sf.header != first.header:
			return fail(exitUsage, "%s and %s have different CSV headers", first.name, sf.name)
		case byIndex[sf.shard.k] != nil:
			return fail(exitUsage, "shard %s is given twice: %s and %s", sf.shard, byIndex[sf.shard.k].name, sf.name)
		}
		byIndex[sf.shard.k] = sf
	}
	for k, sf := range byIndex {
		if sf == nil {
			missing := shard{k: k, n: first.shard.n}
			return fail(exitUsage, "shard %s is missing (cells %s of %d): give all %d shards", missing, cellList(missing.cells(first.cells)), first.cells, first.shard.n)
		}
	}
	var out bytes.Buffer
	out.WriteString(first.header)
	lanes := first.lanes
	for c := range first.cells {
		sf := byIndex[c%first.shard.n]
		at := c / first.shard.n * lanes
		for _, row := range sf.rows[at : at+lanes] {
			out.WriteString(row)
		}
	}
	if _, err := c.stdout.Write(out.Bytes()); err != nil {
		return fail(exitError, "%v", err)
	}
	return exitOK
}

// cellList writes cell indices for a message, the first few of many.
func cellList(idx []int) string {
	var parts []string
	for i, c := range idx {
		if i == 4 && len(idx) > 5 {
			parts = append(parts, "...", strconv.Itoa(idx[len(idx)-1]))
			break
		}
		parts = append(parts, strconv.Itoa(c))
	}
	return strings.Join(parts, ", ")
}

// readShard reads and checks one shard file: its first line, its rows
// (each of the cell and lane it should be, by the cell's two values and
// the lane's number), and its end line.
func readShard(name string, r io.Reader) (*shardFile, error) {
	br := bufio.NewReader(r)
	line, err := br.ReadString('\n')
	if err != nil && line == "" {
		return nil, fmt.Errorf("%s is empty, not a sweep shard", name)
	}
	sf := &shardFile{name: name}
	fields, sweepLink, ok := strings.Cut(strings.TrimSuffix(line, "\n"), " sweep=")
	f := strings.Fields(fields)
	if !ok || len(f) != 6 || f[0] != shardMark || f[1] != shardVersion {
		return nil, fmt.Errorf("%s is not a noiseball sweep shard (%s %s): its first line is %.60q; make shards with noiseball -sweep -shard K/N", name, shardMark, shardVersion, line)
	}
	sf.link = sweepLink
	vals := map[string]string{}
	for _, kv := range f[2:] {
		k, v, _ := strings.Cut(kv, "=")
		vals[k] = v
	}
	bad := func(what string) error { return fmt.Errorf("%s: its first line has a bad %s: %.80q", name, what, line) }
	if sf.shard, err = shardOf(vals["shard"], "shard"); err != nil {
		return nil, bad("shard=")
	}
	if sf.cells, err = strconv.Atoi(vals["cells"]); err != nil {
		return nil, bad("cells=")
	}
	if sf.lanes, err = strconv.Atoi(vals["lanes"]); err != nil {
		return nil, bad("lanes=")
	}
	sf.build = vals["build"]
	if sf.sweep, err = link.ParseSweep(sweepLink); err != nil || sf.sweep.Len() != sf.cells || len(sf.sweep.Base.Lanes) != sf.lanes {
		return nil, bad("sweep= (it does not have the cells and lanes the line says)")
	}
	if sf.header, err = br.ReadString('\n'); err != nil {
		return nil, fmt.Errorf("%s ends after its first line: was its job cut short?", name)
	}
	mine := sf.shard.cells(sf.cells)
	sf.want = len(mine) * sf.lanes
	for {
		row, err := br.ReadString('\n')
		if strings.HasPrefix(row, shardEndMark+" ") {
			n, perr := strconv.Atoi(strings.TrimPrefix(strings.TrimSuffix(row, "\n"), shardEndMark+" rows="))
			if perr != nil || err != nil {
				return nil, fmt.Errorf("%s: a bad end line %.60q", name, row)
			}
			sf.endRows, sf.ended = n, true
			if rest, _ := br.ReadString('\n'); rest != "" {
				return nil, fmt.Errorf("%s goes on after its end line: %.60q", name, rest)
			}
			break
		}
		if row != "" && !strings.HasSuffix(row, "\n") {
			err = io.ErrUnexpectedEOF
		}
		if err != nil {
			break
		}
		k := len(sf.rows)
		if k >= sf.want {
			return nil, fmt.Errorf("%s has more rows than its %d cells x %d lanes", name, len(mine), sf.lanes)
		}
		c := mine[k/sf.lanes]
		x, y := sf.sweep.X.Value(c%sf.sweep.X.N), sf.sweep.Y.Value(c/sf.sweep.X.N)
		want := strconv.FormatFloat(x, 'g', -1, 64) + "," + strconv.FormatFloat(y, 'g', -1, 64) + "," + strconv.Itoa(k%sf.lanes+1) + ","
		if !strings.HasPrefix(row, want) {
			return nil, fmt.Errorf("%s: row %d should be of cell %d, lane %d (%s...), but is %.60q", name, k+1, c, k%sf.lanes+1, want, row)
		}
		sf.rows = append(sf.rows, row)
	}
	if !sf.ended || len(sf.rows) != sf.want || sf.endRows != sf.want {
		return nil, fmt.Errorf("%s is incomplete: %d of its %d rows (%d cells x %d lanes)%s; was its job cut short?",
			name, len(sf.rows), sf.want, len(mine), sf.lanes, map[bool]string{false: " and no end line", true: ""}[sf.ended])
	}
	return sf, nil
}

// isTerminal reports whether w is a terminal (a character device).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}

// progress writes a sweep's progress line, rewritten in place at most
// twice a second: cells done, run-steps per second (package sim's cost
// model), and the time left at that rate. A nil *progress does nothing.
type progress struct {
	w     io.Writer
	now   func() time.Time
	what  string // after the cell count, e.g. " (shard 2/4)"
	cost  []float64
	total float64

	mu            sync.Mutex
	start         time.Time
	last          time.Time
	cells         int
	done          float64
	wroteAnything bool
}

func newProgress(w io.Writer, cost []float64, now func() time.Time) *progress {
	p := &progress{w: w, now: now, cost: cost, start: now()}
	for _, c := range cost {
		p.total += c
	}
	return p
}

// cellDone notes that cell i finished.
func (p *progress) cellDone(i int) {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	p.cells++
	p.done += p.cost[i]
	if t := p.now(); t.Sub(p.last) >= 500*time.Millisecond || p.cells == len(p.cost) {
		p.last = t
		fmt.Fprintf(p.w, "\r%s\x1b[K", p.line(t))
		p.wroteAnything = true
	}
}

// finish ends the progress line.
func (p *progress) finish() {
	if p == nil || !p.wroteAnything {
		return
	}
	fmt.Fprintln(p.w)
}

// line is the progress line at time t.
func (p *progress) line(t time.Time) string {
	elapsed := t.Sub(p.start).Seconds()
	s := fmt.Sprintf("noiseball: %d/%d cells%s", p.cells, len(p.cost), p.what)
	if elapsed <= 0 || p.done <= 0 {
		return s
	}
	rate := p.done / elapsed
	s += fmt.Sprintf(", %.3g run-steps/s", rate)
	if left := p.total - p.done; left > 0 {
		s += ", " + (time.Duration(left / rate * float64(time.Second))).Round(time.Second).String() + " left"
	} else {
		s += ", done in " + t.Sub(p.start).Round(time.Second/10).String()
	}
	return s
}
