package scene

import (
	"strconv"

	"noiseball/sim"
)

// Labels are the words of the picture that a language changes. The page
// gives them in its language (the game's setLabels); a still, which has no
// page, writes the defaults, in English. Everything else the picture
// writes is a number, a formula or a symbol (StatusMark), the same in any
// language.
type Labels struct {
	Lanes   []string          `json:"lanes"`   // lane i's name; "" or missing: the default (LaneName)
	Metrics map[string]string `json:"metrics"` // a sweep metric's name, by its id (sim.SweepMetrics); missing: the id
	Params  map[string]string `json:"params"`  // a swept parameter's name, by its name in the link (lr, lr2); missing: that name
	Stopped string            `json:"stopped"` // what the canvas says over a simulation that stopped; "": in English
	// Charts are the words of a real model's charts, by id: the titles of
	// the held-out charts (heldout_loss, heldout_acc) and what the dashed
	// spread is (theory_exact, theory_approx, theory_both); missing: in
	// English (ChartWords).
	Charts map[string]string `json:"charts"`
}

// ChartWords are the words of the real models' charts in English, by the
// ids of Labels.Charts: the held-out charts' titles, and what the spread's
// dashed line is, exact (oracle 8 of sim/MATH.md, SGD on linreg) or
// approximate (oracle 9), ≈ marking the approximate.
func ChartWords() map[string]string {
	return map[string]string{
		"heldout_loss":  "held-out L(θₙ)",
		"heldout_acc":   "held-out accuracy",
		"theory_exact":  "- - theory, exact",
		"theory_approx": "- - ≈ theory, approximate",
		"theory_both":   "- - theory (≈ approximate)",
	}
}

// Chart returns the chart words of id (ChartWords) in the labels' language.
func (l Labels) Chart(id string) string {
	if s := l.Charts[id]; s != "" {
		return s
	}
	return ChartWords()[id]
}

// Lane returns the name of lane i of c.
func (l Labels) Lane(c sim.Config, i int) string {
	if i < len(l.Lanes) && l.Lanes[i] != "" {
		return l.Lanes[i]
	}
	return LaneName(c, i)
}

// LaneName returns lane i's name in English, as a still writes it: its
// optimizer as people write it (sim.Optimizer.Name), and its number where
// another lane has the same optimizer ("SGD 1", "SGD 2"), so that no two
// lanes read alike.
func LaneName(c sim.Config, i int) string {
	name := c.Lanes[i].Opt.Name()
	for j, l := range c.Lanes {
		if j != i && l.Opt == c.Lanes[i].Opt {
			return name + " " + strconv.Itoa(i+1)
		}
	}
	return name
}

// Metric returns the name of the sweep metric id.
func (l Labels) Metric(id string) string {
	if s := l.Metrics[id]; s != "" {
		return s
	}
	return id
}

// Param returns the name of the link parameter name, as a sweep's axis
// says it.
func (l Labels) Param(name string) string {
	if s := l.Params[name]; s != "" {
		return s
	}
	return name
}

// StoppedText returns what the canvas says over a simulation that stopped.
func (l Labels) StoppedText() string {
	if l.Stopped != "" {
		return l.Stopped
	}
	return "The simulation stopped"
}
