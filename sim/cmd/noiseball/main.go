// Command noiseball runs a noiseball link headless and prints its numbers as
// CSV: one row per lane for step 0 and every K-th step up to N, with the
// columns of sim.CSVColumns, starting with
//
//	lane,step,lr,loss_gap,dist,step_norm,spread,mean_x,mean_y
//
// Usage:
//
//	noiseball -link 'QUERY' [-steps N] [-every K]
//	noiseball -preset NAME [-steps N] [-every K]
//	noiseball -sweep -link 'QUERY' [-workers W]
//	noiseball -list
//
// QUERY is the page's query string (a whole URL is fine too); N defaults to
// the link's steps and K to N/100. The numbers are exactly those the page
// computes for the same link. A bad link or flag exits with status 2 and
// prints each problem on its own line on standard error.
//
// With -sweep, QUERY is a sweep link (package link: sweep=P:lo:hi:scale:n,
// Q:lo:hi:scale:n&sweepruns=R&sweepsteps=N on top of a base link). Every
// cell runs on one of W goroutines (default runtime.GOMAXPROCS, all cores),
// and the CSV has one row per cell and lane, in cell order, with the
// columns of sim.SweepCSVColumns:
//
//	P,Q,lane,spread,loss_gap,bias,mean_x,mean_y,step_norm,final_lr,live,diverged,status
//
// Each row equals the single run of the cell's link (link.Sweep.CellLink).
package main

import (
	"flag"
	"fmt"
	"io"
	"os"
	"strings"

	"noiseball/sim"
	"noiseball/sim/link"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run is the command with its arguments and output streams; it returns the
// exit status: 0, 1 if writing failed, 2 for a bad link or flag.
func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("noiseball", flag.ContinueOnError)
	fs.SetOutput(stderr)
	query := fs.String("link", "", "the link's query string, e.g. 'opt=sgd&lr=0.05&runs=1000'")
	preset := fs.String("preset", "", "the name of a preset link (see -list)")
	list := fs.Bool("list", false, "list the presets and exit")
	steps := fs.Int("steps", -1, "the last step (default: the link's steps)")
	every := fs.Int("every", 0, "write a row every this many steps (default: steps/100)")
	sweep := fs.Bool("sweep", false, "run the sweep of the -link (sweep=P:lo:hi:scale:n,Q:...) and print one row per cell")
	workers := fs.Int("workers", 0, "goroutines for -sweep (default: runtime.GOMAXPROCS, all cores)")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if *sweep {
		return runSweep(fs, *query, *preset, *steps, *every, *workers, stdout, stderr)
	}
	if *list {
		for _, p := range link.Presets() {
			fmt.Fprintf(stdout, "%-14s %s\n", p.Name, p.Title)
		}
		return 0
	}
	var problems []string
	if fs.NArg() > 0 {
		problems = append(problems, fmt.Sprintf("unexpected arguments %q", fs.Args()))
	}
	q := *query
	if *preset != "" {
		p, ok := link.Lookup(*preset)
		switch {
		case !ok:
			problems = append(problems, fmt.Sprintf("unknown preset %q (see -list)", *preset))
		case q != "":
			problems = append(problems, "give -link or -preset, not both")
		}
		q = p.Query
	}
	if _, after, ok := strings.Cut(q, "?"); ok {
		q = after
	}
	c, err := link.Parse(q)
	problems = append(problems, errorLines(err)...)
	if *steps < -1 {
		problems = append(problems, fmt.Sprintf("-steps %d is negative", *steps))
	}
	if *every < 0 {
		problems = append(problems, fmt.Sprintf("-every %d is negative", *every))
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(stderr, "noiseball:", p)
		}
		return 2
	}
	n := c.Steps
	if *steps >= 0 {
		n = *steps
	}
	k := *every
	if k == 0 {
		k = max(1, n/100)
	}
	if err := sim.WriteCSV(stdout, c, n, k); err != nil {
		fmt.Fprintln(stderr, "noiseball:", err)
		return 1
	}
	return 0
}

// runSweep is the command with -sweep.
func runSweep(fs *flag.FlagSet, query, preset string, steps, every, workers int, stdout, stderr io.Writer) int {
	var problems []string
	if fs.NArg() > 0 {
		problems = append(problems, fmt.Sprintf("unexpected arguments %q", fs.Args()))
	}
	if preset != "" || steps != -1 || every != 0 {
		problems = append(problems, "-sweep takes -link and -workers only (the sweep link sets runs and steps: sweepruns, sweepsteps)")
	}
	if workers < 0 {
		problems = append(problems, fmt.Sprintf("-workers %d is negative", workers))
	}
	if _, after, ok := strings.Cut(query, "?"); ok {
		query = after
	}
	s, err := link.ParseSweep(query)
	problems = append(problems, errorLines(err)...)
	var cells []sim.Config
	if err == nil {
		cells, err = s.Cells()
		problems = append(problems, errorLines(err)...)
	}
	if len(problems) > 0 {
		for _, p := range problems {
			fmt.Fprintln(stderr, "noiseball:", p)
		}
		return 2
	}
	results, err := sim.RunSweep(cells, workers)
	if err == nil {
		err = link.WriteSweepCSV(stdout, s, results)
	}
	if err != nil {
		fmt.Fprintln(stderr, "noiseball:", err)
		return 1
	}
	return 0
}

// errorLines returns the messages of err, one per joined error.
func errorLines(err error) []string {
	if err == nil {
		return nil
	}
	if j, ok := err.(interface{ Unwrap() []error }); ok {
		var lines []string
		for _, e := range j.Unwrap() {
			lines = append(lines, errorLines(e)...)
		}
		return lines
	}
	return []string{err.Error()}
}
