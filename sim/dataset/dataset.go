// Package dataset holds the three real data sets noiseball trains its models
// on, embedded in the binary (nothing is fetched at run time), and prepares
// them the one way the rest of the project relies on.
//
// The files come from Debian's python3-sklearn package (PROVENANCE.md says
// where each one comes from, who made it and under which licence):
//
//	diabetes  442 x 10, a regression target   (linreg)
//	cancer    569 x 30, two classes           (logreg)
//	digits    1797 x 64, ten classes          (softmax, mlp)
//
// Load prepares a set by these conventions, which are part of the format
// (tests and other tools rely on them):
//
//   - The held-out split is every fifth example in the file's order, the
//     0-based index i with i % 5 == 4; the rest, in order, is the training set.
//   - Every feature is standardized with the mean and the population
//     standard deviation (dividing by N) of the training set: x <- (x - mean)
//     / std. A feature that is constant on the training set (some of the
//     digits' border pixels) has std 0 and is only centred (divided by 1),
//     as scikit-learn's StandardScaler does.
//   - An intercept is appended as a last constant feature 1, so a row has
//     Features+1 entries.
//   - A regression target (diabetes) is standardized the same way, with the
//     training set's mean and population standard deviation; a class label
//     is kept as the class index 0..Classes-1.
package dataset

import (
	"bytes"
	"compress/gzip"
	_ "embed" // the data files
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"
)

// Name names a data set as the link does (data=diabetes).
type Name string

// The data sets.
const (
	Diabetes Name = "diabetes" // Efron et al.'s diabetes progression, regression
	Cancer   Name = "cancer"   // Breast Cancer Wisconsin (Diagnostic), two classes
	Digits   Name = "digits"   // UCI optical recognition of handwritten digits, ten classes
)

// Names returns every data set.
func Names() []Name { return []Name{Diabetes, Cancer, Digits} }

// The files, as committed beside this source (PROVENANCE.md).
var (
	//go:embed diabetes_data_raw.csv.gz
	diabetesData []byte
	//go:embed diabetes_target.csv.gz
	diabetesTarget []byte
	//go:embed breast_cancer.csv.gz
	cancerData []byte
	//go:embed digits.csv.gz
	digitsData []byte
)

// Shape returns the size of data set n as Load prepares it, without
// loading it: the examples (training and held out), the raw features and
// the classes (0 for a regression); ok is false for an unknown name.
func Shape(n Name) (rows, features, classes int, ok bool) {
	switch n {
	case Diabetes:
		return 442, 10, 0, true
	case Cancer:
		return 569, 30, 2, true
	case Digits:
		return 1797, 64, 10, true
	}
	return 0, 0, 0, false
}

// Raw is a data set as its files give it: Rows examples of Features values,
// row-major in X, and a target per example in Y (the class index for a
// classification set, Classes > 0; the measured value for a regression,
// Classes = 0).
type Raw struct {
	Name           Name
	Rows, Features int
	Classes        int
	X              []float64
	Y              []float64
}

// LoadRaw decompresses and parses the files of the data set n. pause, if
// not nil, is called every few dozen lines (for a caller on one thread
// that must keep answering; digits' 1,797 lines take about 30 ms natively).
func LoadRaw(n Name, pause func()) (Raw, error) {
	r := Raw{Name: n}
	switch n {
	case Diabetes:
		x, err := table(diabetesData, 0, pause)
		if err != nil {
			return r, fmt.Errorf("dataset %s: diabetes_data_raw.csv.gz: %w", n, err)
		}
		y, err := table(diabetesTarget, 0, pause)
		if err != nil {
			return r, fmt.Errorf("dataset %s: diabetes_target.csv.gz: %w", n, err)
		}
		if len(x) != len(y) {
			return r, fmt.Errorf("dataset %s: %d rows of features, %d targets", n, len(x), len(y))
		}
		r.Rows, r.Features = len(x), len(x[0])
		for i := range x {
			if len(y[i]) != 1 {
				return r, fmt.Errorf("dataset %s: target row %d has %d values", n, i+1, len(y[i]))
			}
			r.X = append(r.X, x[i]...)
			r.Y = append(r.Y, y[i][0])
		}
	case Cancer, Digits:
		data, skip, classes := cancerData, 1, 2 // a header line "569,30,malignant,benign"
		if n == Digits {
			data, skip, classes = digitsData, 0, 10
		}
		rows, err := table(data, skip, pause)
		if err != nil {
			return r, fmt.Errorf("dataset %s: %w", n, err)
		}
		r.Rows, r.Features, r.Classes = len(rows), len(rows[0])-1, classes
		for i, row := range rows {
			y := row[r.Features]
			if y != math.Trunc(y) || y < 0 || int(y) >= classes {
				return r, fmt.Errorf("dataset %s: row %d has the label %g, not a class in 0..%d", n, i+1, y, classes-1)
			}
			r.X = append(r.X, row[:r.Features]...)
			r.Y = append(r.Y, y)
		}
	default:
		return r, fmt.Errorf("unknown data set %q", n)
	}
	return r, nil
}

// table reads a gzip-compressed table of numbers separated by commas or
// blanks, one row per line, after skip header lines; every row must have
// as many values as the first. It calls pause, if not nil, every 64 lines.
func table(gz []byte, skip int, pause func()) ([][]float64, error) {
	zr, err := gzip.NewReader(bytes.NewReader(gz))
	if err != nil {
		return nil, err
	}
	text, err := io.ReadAll(zr)
	if err != nil {
		return nil, err
	}
	var rows [][]float64
	for i, line := range strings.Split(strings.TrimSpace(string(text)), "\n") {
		if i < skip {
			continue
		}
		if pause != nil && i%64 == 0 {
			pause()
		}
		fields := strings.FieldsFunc(line, func(r rune) bool { return r == ',' || r == ' ' || r == '\t' || r == '\r' })
		row := make([]float64, len(fields))
		for j, f := range fields {
			if row[j], err = strconv.ParseFloat(f, 64); err != nil {
				return nil, fmt.Errorf("line %d: %v", i+1, err)
			}
		}
		if len(rows) > 0 && len(row) != len(rows[0]) || len(row) == 0 {
			return nil, fmt.Errorf("line %d has %d values, not %d", i+1, len(row), len(rows[0]))
		}
		rows = append(rows, row)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("no rows")
	}
	return rows, nil
}

// Split is one part of a prepared data set: N examples, each a row of
// Set.Dim() values in X (standardized features, then the intercept 1) and
// a target in Y (standardized for a regression, the class index for a
// classification).
type Split struct {
	N int
	X []float64
	Y []float64
}

// Row returns example i's features, intercept last. The slice is the
// split's own: read it, do not keep or change it.
func (s *Split) Row(i, dim int) []float64 { return s.X[i*dim : (i+1)*dim : (i+1)*dim] }

// Set is a data set prepared by the package's conventions.
type Set struct {
	Name     Name
	Features int // p, the raw features; a row has p+1 values with the intercept
	Classes  int // 0 for a regression
	Train    Split
	Test     Split // the held-out examples, i % 5 == 4

	// The standardization, from the training set: feature j became
	// (x_j - Mean[j]) / Scale[j], Scale[j] the population standard
	// deviation (1 where it is 0); a regression target became
	// (y - YMean) / YScale.
	Mean, Scale   []float64
	YMean, YScale float64
}

// Dim returns the length of a row: the features and the intercept.
func (s *Set) Dim() int { return s.Features + 1 }

// HeldOut reports whether example i (0-based, in the file's order) is in
// the held-out split.
func HeldOut(i int) bool { return i%5 == 4 }

// Load returns the data set n prepared by the package's conventions,
// calling pause as LoadRaw does.
func Load(n Name, pause func()) (*Set, error) {
	raw, err := LoadRaw(n, pause)
	if err != nil {
		return nil, err
	}
	if pause != nil {
		pause()
	}
	return Prepare(raw), nil
}

// Prepare splits, standardizes and extends raw by the package's conventions.
func Prepare(raw Raw) *Set {
	p := raw.Features
	s := &Set{Name: raw.Name, Features: p, Classes: raw.Classes, Mean: make([]float64, p), Scale: make([]float64, p), YScale: 1}
	var train []int
	for i := range raw.Rows {
		if !HeldOut(i) {
			train = append(train, i)
		}
	}
	col := make([]float64, len(train))
	for j := range p {
		for k, i := range train {
			col[k] = raw.X[i*p+j]
		}
		s.Mean[j], s.Scale[j] = meanStd(col)
	}
	if raw.Classes == 0 {
		for k, i := range train {
			col[k] = raw.Y[i]
		}
		s.YMean, s.YScale = meanStd(col)
	}
	for i := range raw.Rows {
		sp := &s.Train
		if HeldOut(i) {
			sp = &s.Test
		}
		for j := range p {
			sp.X = append(sp.X, (raw.X[i*p+j]-s.Mean[j])/s.Scale[j])
		}
		sp.X = append(sp.X, 1)
		y := raw.Y[i]
		if raw.Classes == 0 {
			y = (y - s.YMean) / s.YScale
		}
		sp.Y = append(sp.Y, y)
		sp.N++
	}
	return s
}

// meanStd returns the mean and the population standard deviation of xs,
// two-pass, or 1 for the deviation where it is 0.
func meanStd(xs []float64) (mean, std float64) {
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	var ss float64
	for _, x := range xs {
		d := x - mean
		ss += float64(d * d)
	}
	std = math.Sqrt(ss / float64(len(xs)))
	if std == 0 {
		std = 1
	}
	return mean, std
}
