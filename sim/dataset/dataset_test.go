package dataset

import (
	"bytes"
	"compress/gzip"
	"crypto/sha256"
	"fmt"
	"io"
	"math"
	"os"
	"testing"
)

// The committed files are the ones PROVENANCE.md describes: their SHA-256,
// and that of their decompressed content (Debian's breast_cancer.csv is
// uncompressed in the package; the others are Debian's .gz files as they
// are), and they are what the binary embeds.
func TestFiles(t *testing.T) {
	files := []struct {
		name, sha, content string
		embedded           []byte
	}{
		{"diabetes_data_raw.csv.gz", "fc08fc59c1cbfe65550d9ebb36321d505de9e8f004bf92c1566d2908962f08ff", "ec2683754c379fdffc39f53922c475eff67e2fb9c94c7c27207b7c4371d51726", diabetesData},
		{"diabetes_target.csv.gz", "bf1ddd1f9d377278450a5f02c24b5e77b1501f2ad673fe9fdf4c4090d27eb5cc", "244713a551f62a291a354212d8a048adec6cb1244b2bc44e66a0698f5006d26d", diabetesTarget},
		{"breast_cancer.csv.gz", "f77cd02db86b8f736d4aab442e9de4d817fa0d8ec52d185ea23518a223571e97", "fed3eb72d0575ef6192293f5093c6e801b1476b577d0386bf4455504522172ed", cancerData},
		{"digits.csv.gz", "46abec6b12486ad9e51943373abcf22bbea1b5a51a1619b361570d8893f1464a", "6ebb3d2fee246a4e99363262ddf8a00a3c41bee6014c373ed9d9216ba7f651b8", digitsData},
	}
	for _, f := range files {
		b, err := os.ReadFile(f.name)
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprintf("%x", sha256.Sum256(b)); got != f.sha {
			t.Errorf("%s: SHA-256 %s, want %s", f.name, got, f.sha)
		}
		if !bytes.Equal(b, f.embedded) {
			t.Errorf("%s: the embedded bytes differ from the file", f.name)
		}
		zr, err := gzip.NewReader(bytes.NewReader(b))
		if err != nil {
			t.Fatal(err)
		}
		text, err := io.ReadAll(zr)
		if err != nil {
			t.Fatal(err)
		}
		if got := fmt.Sprintf("%x", sha256.Sum256(text)); got != f.content {
			t.Errorf("%s: decompressed SHA-256 %s, want %s", f.name, got, f.content)
		}
	}
}

// Each set has the shape its documentation states, and the classes their
// documented counts.
func TestShapes(t *testing.T) {
	tests := []struct {
		name                    Name
		rows, features, classes int
		counts                  map[float64]int // per class, where documented
		train, test             int
	}{
		{Diabetes, 442, 10, 0, nil, 354, 88},
		{Cancer, 569, 30, 2, map[float64]int{0: 212, 1: 357}, 456, 113}, // 212 malignant (0), 357 benign (1)
		{Digits, 1797, 64, 10, nil, 1438, 359},
	}
	for _, tt := range tests {
		t.Run(string(tt.name), func(t *testing.T) {
			r, err := LoadRaw(tt.name, nil)
			if err != nil {
				t.Fatal(err)
			}
			if r.Rows != tt.rows || r.Features != tt.features || r.Classes != tt.classes || len(r.X) != tt.rows*tt.features || len(r.Y) != tt.rows {
				t.Errorf("%d x %d, %d classes, %d values, %d targets; want %d x %d, %d classes", r.Rows, r.Features, r.Classes, len(r.X), len(r.Y), tt.rows, tt.features, tt.classes)
			}
			if rows, features, classes, ok := Shape(tt.name); !ok || rows != r.Rows || features != r.Features || classes != r.Classes {
				t.Errorf("Shape = %d, %d, %d, %v; the files give %d, %d, %d", rows, features, classes, ok, r.Rows, r.Features, r.Classes)
			}
			if tt.counts != nil {
				got := map[float64]int{}
				for _, y := range r.Y {
					got[y]++
				}
				for c, n := range tt.counts {
					if got[c] != n {
						t.Errorf("class %g: %d examples, want %d", c, got[c], n)
					}
				}
			}
			s := Prepare(r)
			if s.Train.N != tt.train || s.Test.N != tt.test || len(s.Train.X) != tt.train*(tt.features+1) || len(s.Test.Y) != tt.test {
				t.Errorf("split %d + %d, want %d + %d", s.Train.N, s.Test.N, tt.train, tt.test)
			}
		})
	}
	if _, err := LoadRaw("foo", nil); err == nil {
		t.Error("LoadRaw(foo) did not fail")
	}
}

// The split is i % 5 == 4 in the file's order, each feature of the
// training set has mean 0 and population standard deviation 1 (or is
// constant 0), the intercept is last, and linreg's target is standardized
// too. Checked against the raw numbers recomputed here.
func TestPrepare(t *testing.T) {
	for _, n := range Names() {
		t.Run(string(n), func(t *testing.T) {
			r, err := LoadRaw(n, nil)
			if err != nil {
				t.Fatal(err)
			}
			s := Prepare(r)
			p, dim := r.Features, s.Dim()
			// The split: example i of the file is row (i - i/5 - 1) or (i/5) of its part.
			for i := range r.Rows {
				sp, k := &s.Train, i-(i+1)/5
				if i%5 == 4 {
					sp, k = &s.Test, i/5
				}
				row := sp.Row(k, dim)
				if row[p] != 1 {
					t.Fatalf("example %d: intercept %g, want 1", i, row[p])
				}
				for j := range p {
					want := (r.X[i*p+j] - s.Mean[j]) / s.Scale[j]
					if row[j] != want {
						t.Fatalf("example %d feature %d: %g, want %g", i, j, row[j], want)
					}
				}
				wantY := r.Y[i]
				if r.Classes == 0 {
					wantY = (wantY - s.YMean) / s.YScale
				}
				if sp.Y[k] != wantY {
					t.Fatalf("example %d: target %g, want %g", i, sp.Y[k], wantY)
				}
			}
			check := func(what string, get func(i int) float64) {
				var sum, sq float64
				constant := true
				for i := range s.Train.N {
					x := get(i)
					sum += x
					sq += x * x
					constant = constant && x == get(0)
				}
				nf := float64(s.Train.N)
				mean, v := sum/nf, sq/nf-(sum/nf)*(sum/nf)
				if math.Abs(mean) > 1e-12 || (!constant && math.Abs(v-1) > 1e-12) || (constant && get(0) != 0) {
					t.Errorf("%s: training mean %g, population variance %g (constant %v)", what, mean, v, constant)
				}
			}
			for j := range p {
				check(fmt.Sprintf("feature %d", j), func(i int) float64 { return s.Train.Row(i, dim)[j] })
			}
			if r.Classes == 0 {
				check("target", func(i int) float64 { return s.Train.Y[i] })
			}
		})
	}
}
