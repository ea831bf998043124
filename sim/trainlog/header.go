package trainlog

import (
	"fmt"
	"strconv"
	"strings"
)

// The three columns a log may have, in the order a file without a header
// gives them.
const (
	stepCol = iota
	lossCol
	normCol
	nCols
)

// roles names the columns of a file without a header.
var roles = [nCols]string{"step", "loss", "norm"}

// knownNames lists, per column, the header names recognized for it, best
// first: when a header has several (Lightning writes "epoch" and "step"),
// the first in this list wins. Names are compared after normalize, whole or
// after their last slash ("train/loss", "trainer/global_step").
// TensorBoard's CSV export calls the loss "Value".
var knownNames = [nCols][]string{
	{"global_step", "step", "_step", "steps", "iteration", "iterations", "iter", "iters", "it", "epoch", "epochs"},
	{"loss", "train_loss", "training_loss", "value", "objective"},
	{"param_norm", "parameter_norm", "params_norm", "weight_norm", "weights_norm", "norm"},
}

// normalize folds a header name for matching: lower case, with spaces,
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

// rank returns the position of name in the list of known names for column
// c, or -1 if it is not one of them.
func rank(c int, name string) int {
	n := normalize(name)
	tail := n[strings.LastIndexByte(n, '/')+1:]
	for i, k := range knownNames[c] {
		if n == k || tail == k {
			return i
		}
	}
	return -1
}

// isHeader reports whether a first line's fields are a header: none of
// them is a number (NaN and Inf included) and at least one is a name, not
// empty or a missing-value marker. pandas writes an empty name over its
// index column.
func isHeader(fields [][]byte, decimalComma bool) bool {
	names := 0
	for _, f := range fields {
		switch _, k := parseValue(f, decimalComma); k {
		case invalid:
			names++
		case number, notANumber, infinite:
			return false
		}
	}
	return names > 0
}

// layout says which field holds which column.
type layout struct {
	index [nCols]int    // 0-based field index per column, -1 if absent
	name  [nCols]string // the column's header, or its role without one
}

// headerLayout finds the step, loss and norm columns of a header on line
// line. The loss may also be the one column whose name contains "loss"
// (val_loss), the norm is optional, and other columns are ignored. Two
// candidates of equal rank, or a missing step or loss, are errors that
// list what the header holds.
func headerLayout(fields [][]byte, line int) (layout, error) {
	names := make([]string, len(fields))
	for i, f := range fields {
		names[i] = strings.TrimSpace(string(f))
	}
	var l layout
	for c := range nCols {
		l.index[c] = -1
		best := -1
		for i, name := range names {
			r := rank(c, name)
			if r < 0 || (best >= 0 && r > best) {
				continue
			}
			if r == best {
				return l, &ParseError{Line: line, Column: i + 1, Name: name,
					Reason: fmt.Sprintf("is a second %s column: column %d (%q) is one already; rename or remove one of them", roles[c], l.index[c]+1, names[l.index[c]])}
			}
			best, l.index[c] = r, i
		}
	}
	if l.index[lossCol] < 0 {
		var cand []int
		for i, name := range names {
			if i != l.index[stepCol] && i != l.index[normCol] && strings.Contains(normalize(name), "loss") {
				cand = append(cand, i)
			}
		}
		switch len(cand) {
		case 1:
			l.index[lossCol] = cand[0]
		case 0:
			return l, &ParseError{Line: line, Reason: fmt.Sprintf("the header (%s) has no loss column: want one named %s", listNames(names), strings.Join(knownNames[lossCol], ", "))}
		default:
			return l, &ParseError{Line: line, Reason: fmt.Sprintf("the header has no column named loss and %d that could be (%s): rename the one to use to loss", len(cand), listNames(pick(names, cand)))}
		}
	}
	if l.index[stepCol] < 0 {
		return l, &ParseError{Line: line, Reason: fmt.Sprintf("the header (%s) has no step column: want one named %s", listNames(names), strings.Join(knownNames[stepCol], ", "))}
	}
	for c, i := range l.index {
		if i >= 0 {
			l.name[c] = names[i]
		}
	}
	return l, nil
}

// plainLayout is the layout of a file without a header and with cols
// fields a line: step, loss, and the norm if there is a third.
func plainLayout(cols int) layout {
	l := layout{index: [nCols]int{0, 1, -1}, name: roles}
	if cols > 2 {
		l.index[normCol] = 2
	} else {
		l.name[normCol] = ""
	}
	return l
}

// listNames quotes names for a message, at most eight of them.
func listNames(names []string) string {
	const most = 8
	var b strings.Builder
	for i, n := range names {
		if i == most {
			fmt.Fprintf(&b, ", and %d more", len(names)-most)
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

// pick returns names[i] for each i in idx.
func pick(names []string, idx []int) []string {
	out := make([]string, len(idx))
	for k, i := range idx {
		out[k] = names[i]
	}
	return out
}
