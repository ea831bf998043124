package trainlog

import (
	"fmt"
	"strconv"
	"strings"
)

// A Role is what a series' name says it holds.
type Role int

const (
	// Other is any quantity that is not one of the roles below: an
	// accuracy, a gradient norm, a validation metric.
	Other Role = iota
	// Loss is a loss: a name with "loss" in it, or TensorBoard's "Value".
	Loss
	// Norm is a parameter norm: param_norm, weight_norm, norm.
	Norm
	// LearningRate is a learning rate: lr, learning_rate, lr-Adam, lr/pg0.
	LearningRate
	// Index counts steps or time: epoch when the steps are elsewhere, a
	// wall time, a runtime.
	Index
)

// String returns "other", "loss", "norm", "lr" or "index".
func (r Role) String() string {
	switch r {
	case Other:
		return "other"
	case Loss:
		return "loss"
	case Norm:
		return "norm"
	case LearningRate:
		return "lr"
	case Index:
		return "index"
	}
	return "Role(" + strconv.Itoa(int(r)) + ")"
}

// stepNames lists the names recognized for the step column or key, best
// first: when a header has several (Lightning writes "epoch" and "step"),
// the first in this list wins. Names are compared after normalize, whole or
// after their last slash ("trainer/global_step").
var stepNames = []string{"global_step", "step", "_step", "steps", "iteration", "iterations", "iter", "iters", "it", "epoch", "epochs"}

// normalize folds a name for matching: trimmed, lower case, with spaces,
// hyphens and dots turned into underscores.
func normalize(name string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case ' ', '-', '.':
			return '_'
		}
		return r
	}, strings.ToLower(strings.TrimSpace(name)))
}

// tail returns the part of a normalized name after its last slash, and
// after a W&B export's "run - " prefix.
func tail(n string) string {
	if i := strings.LastIndex(n, "___"); i >= 0 { // "run - loss" normalized
		n = n[i+3:]
	}
	return n[strings.LastIndexByte(n, '/')+1:]
}

// stepRank returns the position of name in stepNames, or -1.
func stepRank(name string) int {
	n := normalize(name)
	t := tail(n)
	for i, k := range stepNames {
		if n == k || t == k {
			return i
		}
	}
	return -1
}

// words splits a normalized name into its words: runs of letters and
// digits ("train/loss_step" is train, loss, step).
func words(n string) []string {
	return strings.FieldsFunc(n, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9')
	})
}

// roleOf returns what a series' name says it holds.
func roleOf(name string) Role {
	n := normalize(name)
	if strings.HasSuffix(n, "__min") || strings.HasSuffix(n, "__max") {
		return Other // a W&B export's range around another column
	}
	w := words(n)
	has := func(k string) bool {
		for _, x := range w {
			if x == k {
				return true
			}
		}
		return false
	}
	switch {
	case stepRank(name) >= 0,
		has("time") || has("runtime") || has("timestamp") || n == "_runtime" || n == "_timestamp" || n == "wall_time":
		return Index
	case has("loss") || n == "value" || n == "objective" || tail(n) == "nll" || tail(n) == "cost":
		return Loss
	case has("lr") || strings.Contains(n, "learning_rate") || has("lr0") || has("lr1") || has("lr2") || n == "learning rate":
		return LearningRate
	case (has("norm") && !has("grad") && !has("gradient")) || n == "param_norm" || n == "weight_norm":
		return Norm
	}
	return Other
}

// lossRank orders loss series for the default choice, smaller first: the
// training loss before an unlabelled one before a validation or test loss,
// and at one phase the per-step loss before an unlabelled one before the
// per-epoch one (Lightning's train_loss_step, train_loss, train_loss_epoch).
func lossRank(name string) int {
	phase, agg := 1, 1
	for _, x := range words(normalize(name)) {
		switch x {
		case "train", "training", "tr":
			phase = 0
		case "val", "valid", "validation", "eval", "evaluation", "test", "dev", "holdout":
			phase = 3
		case "step", "steps", "batch", "iter":
			agg = 0
		case "epoch", "epochs":
			agg = 2
		}
	}
	return 3*phase + agg
}

// listNames quotes names for a message, at most eight of them.
func listNames(names []string) string {
	const most = 8
	var b strings.Builder
	for i, n := range names {
		if i == most {
			fmt.Fprintf(&b, ", … (%d more)", len(names)-most)
			break
		}
		if i > 0 {
			b.WriteString(", ")
		}
		if len(n) > maxShown {
			n = shown([]byte(n))
		}
		b.WriteString(strconv.Quote(n))
	}
	return b.String()
}
