// Command noiseball runs a noiseball link headless and prints its numbers as
// CSV: one row per lane for step 0 and every K-th step up to N, with the
// columns of sim.CSVColumns, starting with
//
//	lane,step,lr,loss_gap,dist,step_norm,spread,mean_x,mean_y
//
// and ending with status, each lane's live diagnosis at that step (the
// page's ids: transient, stationary, converging, geometric, precision,
// wrong-limit, diverged); for the real models (problem=linreg, logreg,
// softmax, mlp), two more last, heldout_loss,heldout_acc
// (sim.CSVColumnsFor).
//
// Usage:
//
//	noiseball -link 'QUERY' [-steps N] [-every K]
//	noiseball -preset NAME [-steps N] [-every K]
//	noiseball -sweep -link 'QUERY' [-workers W] [-shard K/N]
//	noiseball -merge SHARD...
//	noiseball -list
//	noiseball -version
//
// QUERY is the page's query string (a whole URL is fine too); N defaults to
// the link's steps and K to N/100. The numbers are exactly those the page
// computes for the same link. Rows are written as they are computed (and
// reach the output at most a tenth of a second later), so a terminal shows
// them as they come and a run that is stopped keeps the rows it printed. A
// bad link or flag exits with status 2 and prints each problem on its own
// line on standard error (at most link.MaxProblems of them).
//
// With -sweep, QUERY is a sweep link (package link: sweep=P:lo:hi:scale:n,
// Q:lo:hi:scale:n&sweepruns=R&sweepsteps=N on top of a base link). Every
// cell runs on one of W goroutines (default runtime.GOMAXPROCS, all cores),
// and the CSV has one row per cell and lane, in cell order, with the
// columns of sim.SweepCSVColumns:
//
//	P,Q,lane,spread,loss_gap,bias,mean_x,mean_y,step_norm,final_lr,live,diverged,status
//
// (with heldout_loss,heldout_acc last for the real models).
//
// Each row equals the single run of the cell's link (link.Sweep.CellLink).
//
// Each mode of the command (a run, a sweep, the preset list, ...) is a
// method of command in its own file, or here for the small ones: a new mode
// adds its flag in run and one case to run's switch, nothing else.
package main

import (
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"runtime"
	"runtime/debug"
	"strings"

	"noiseball/sim"
	"noiseball/sim/link"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// Exit statuses.
const (
	exitOK    = 0
	exitError = 1 // writing failed
	exitUsage = 2 // a bad link or flag
)

// maxSteps is the most steps a run may take, as in a link's steps.
const maxSteps = 100_000_000

// command is the parsed command line: the flags every mode shares, and the
// output streams.
type command struct {
	flags          *flag.FlagSet
	stdout, stderr io.Writer

	link    string   // -link, without any URL before the query
	preset  string   // -preset
	steps   optional // -steps
	every   optional // -every
	workers optional // -workers
	shard   string   // -shard
}

// run is the command with its arguments and output streams; it returns the
// exit status: 0, 1 if writing failed, 2 for a bad link or flag.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("noiseball", flag.ContinueOnError)
	fs.SetOutput(stderr)
	c := &command{flags: fs, stdout: stdout, stderr: stderr}
	fs.Usage = c.usage
	fs.StringVar(&c.link, "link", "", "the link's `QUERY`, e.g. 'opt=sgd&lr=0.05&runs=1000' (a whole URL is fine too)")
	fs.StringVar(&c.preset, "preset", "", "run the preset link called `NAME` (see -list)")
	fs.Var(&c.steps, "steps", fmt.Sprintf("the last step `N`, in [0, %d] (default: the link's steps)", maxSteps))
	fs.Var(&c.every, "every", "write a row every `K` steps (default: N/100)")
	fs.Var(&c.workers, "workers", "goroutines for -sweep, `W` (default: runtime.GOMAXPROCS, all cores)")
	sweep := fs.Bool("sweep", false, "run the sweep of the -link (sweep=P:lo:hi:scale:n,Q:...) and print one row per cell and lane")
	list := fs.Bool("list", false, "list the presets and exit")
	version := fs.Bool("version", false, "print the version and exit")
	fs.StringVar(&c.shard, "shard", "", "with -sweep, run shard `K/N`: cells K, K+N, ... (default from a Kubernetes Indexed Job or a Slurm array; see shard.go)")
	merge := fs.Bool("merge", false, "merge the shard files named after the flags into the sweep's CSV")
	check := checkFlags(fs)
	// A new mode: its flag here, and one case below.
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return exitOK
		}
		return exitUsage
	}
	if _, after, ok := strings.Cut(c.link, "?"); ok {
		c.link = after
	}
	switch {
	case *check.file != "":
		return check.runCheck(fs, stdout, stderr)
	case *version:
		return c.printVersion()
	case *list:
		return c.listPresets()
	case *merge:
		return c.runMerge()
	case *sweep:
		return c.runSweep()
	default:
		return c.runLink()
	}
}

// usage prints the synopsis, examples and flags to standard error.
func (c *command) usage() {
	w := c.flags.Output()
	fmt.Fprint(w, `usage: noiseball -link 'QUERY' [-steps N] [-every K]
       noiseball -preset NAME [-steps N] [-every K]
       noiseball -sweep -link 'QUERY' [-workers W] [-shard K/N]
       noiseball -merge SHARD...
       noiseball -check FILE [-column NAME] [-json] [-follow] [-lang en|ja]
       noiseball -list
       noiseball -version

Runs a noiseball link (the page's query string) headless and prints its
numbers as CSV: the same numbers, bit for bit, as the page for the same link.
A bad link or flag exits with status 2, naming each problem.

Examples:
  noiseball -link 'opt=sgd&lr=0.05&runs=1000' -steps 10000 -every 100
  noiseball -preset decay
  noiseball -sweep -link 'opt=sgd&sweep=lr:0.001:0.1:log:8,batch:1:64:log:7'

Flags:
`)
	c.flags.PrintDefaults()
}

// fail prints each problem (of a joined error, at most link.MaxProblems of
// them) on its own line and returns exitUsage.
func (c *command) fail(problems ...error) int {
	for _, line := range link.Messages(errors.Join(problems...)) {
		fmt.Fprintln(c.stderr, "noiseball:", line)
	}
	return exitUsage
}

// stray reports arguments after the flags, which no mode takes.
func (c *command) stray() error {
	if c.flags.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q: noiseball takes only flags", c.flags.Args())
	}
	return nil
}

// runLink is the command without a mode flag: run the -link or -preset and
// print its rows.
func (c *command) runLink() int {
	problems := []error{c.stray()}
	q := c.link
	if c.preset != "" {
		p, ok := link.Lookup(c.preset)
		switch {
		case !ok:
			problems = append(problems, fmt.Errorf("unknown preset %q (see -list)", c.preset))
		case q != "":
			problems = append(problems, errors.New("give -link or -preset, not both"))
		}
		q = p.Query
	}
	cfg, err := link.Parse(q)
	_, viewErr := link.ParseView(q)
	problems = append(problems, err, viewErr, c.steps.check("steps", 0, maxSteps), c.every.check("every", 0, maxSteps))
	if c.workers.set {
		problems = append(problems, errors.New("-workers is for -sweep"))
	}
	if errors.Join(problems...) != nil {
		return c.fail(problems...)
	}
	n := c.steps.or(cfg.Steps)
	k := c.every.or(0)
	if k == 0 {
		k = max(1, n/100)
	}
	out := newRowWriter(c.stdout)
	err = sim.WriteCSV(out, cfg, n, k)
	if ferr := out.Close(); err == nil {
		err = ferr
	}
	if err != nil {
		fmt.Fprintln(c.stderr, "noiseball:", err)
		return exitError
	}
	return exitOK
}

// runSweep is the command with -sweep.
func (c *command) runSweep() int {
	problems := []error{c.stray(), c.workers.check("workers", 0, 1<<16)}
	if c.preset != "" || c.steps.set || c.every.set {
		problems = append(problems, errors.New("-sweep takes -link, -workers and -shard only (the sweep link sets runs and steps: sweepruns, sweepsteps)"))
	}
	s, err := link.ParseSweep(c.link)
	_, viewErr := link.ParseView(c.link)
	problems = append(problems, err, viewErr)
	var cells []sim.Config
	if err == nil {
		cells, err = s.Cells()
		problems = append(problems, err)
	}
	sh, sharded, err := parseShard(c.shard, os.Getenv)
	problems = append(problems, err)
	if errors.Join(problems...) != nil {
		return c.fail(problems...)
	}
	return c.sweep(s, cells, sh, sharded)
}

// listPresets is the command with -list.
func (c *command) listPresets() int {
	if err := c.stray(); err != nil {
		return c.fail(err)
	}
	for _, p := range link.Presets() {
		if _, err := fmt.Fprintf(c.stdout, "%-14s %s\n", p.Name, p.Title); err != nil {
			return exitError
		}
	}
	return exitOK
}

// printVersion is the command with -version: the module's version (or
// "(devel)" for a build from a source tree) with the commit it was built
// from, and the Go release and platform.
func (c *command) printVersion() int {
	if _, err := fmt.Fprintf(c.stdout, "noiseball %s %s %s/%s\n", buildVersion(), runtime.Version(), runtime.GOOS, runtime.GOARCH); err != nil {
		return exitError
	}
	return exitOK
}

// buildVersion returns the module's version (or "(devel)" for a build from
// a source tree) with the commit it was built from, such as "(devel)
// 0123456789ab+modified", or "(unknown)".
func buildVersion() string {
	v := "(unknown)"
	if info, ok := debug.ReadBuildInfo(); ok {
		v = info.Main.Version
		var rev, modified string
		for _, s := range info.Settings {
			switch s.Key {
			case "vcs.revision":
				rev = s.Value[:min(len(s.Value), 12)]
			case "vcs.modified":
				if s.Value == "true" {
					modified = "+modified"
				}
			}
		}
		if rev != "" {
			v += " " + rev + modified
		}
	}
	return v
}
