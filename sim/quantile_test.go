package sim

import (
	"fmt"
	"math/rand/v2"
	"slices"
	"testing"

	"gonum.org/v1/gonum/stat"
)

// quantiles3 must agree exactly with gonum's empirical quantiles of the
// sorted data, for every size and for data with many ties.
func TestQuantiles3(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 2))
	draws := map[string]func() float64{
		"normal":   r.NormFloat64,
		"ties":     func() float64 { return float64(r.IntN(3)) },
		"constant": func() float64 { return 7 },
	}
	for name, draw := range draws {
		for _, n := range []int{1, 2, 3, 9, 10, 11, 17, 100, 1001, 10000} {
			t.Run(fmt.Sprintf("%s/%d", name, n), func(t *testing.T) {
				xs := make([]float64, n)
				for i := range xs {
					xs[i] = draw()
				}
				sorted := slices.Sorted(slices.Values(xs))
				q10, q50, q90 := quantiles3(xs)
				for _, c := range []struct {
					p, got float64
				}{{0.1, q10}, {0.5, q50}, {0.9, q90}} {
					if want := stat.Quantile(c.p, stat.Empirical, sorted, nil); c.got != want {
						t.Errorf("%g-quantile = %g, want %g", c.p, c.got, want)
					}
				}
				if !slices.Equal(slices.Sorted(slices.Values(xs)), sorted) {
					t.Errorf("quantiles3 changed the values, not only their order")
				}
			})
		}
	}
}

// Sorted and reverse-sorted input, the classic bad cases of quickselect.
func TestSelectKthOrderedInput(t *testing.T) {
	for _, n := range []int{50, 5000} {
		up := make([]float64, n)
		for i := range up {
			up[i] = float64(i)
		}
		down := slices.Clone(up)
		slices.Reverse(down)
		for _, xs := range [][]float64{up, down} {
			for _, k := range []int{0, n / 10, n / 2, n - 1} {
				ys := slices.Clone(xs)
				selectKth(ys, k)
				if ys[k] != float64(k) {
					t.Errorf("n=%d: selectKth(%d) put %g there", n, k, ys[k])
				}
			}
		}
	}
}

func BenchmarkQuantiles3(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	xs := make([]float64, MaxRuns)
	ys := make([]float64, MaxRuns)
	for i := range xs {
		xs[i] = r.NormFloat64()
	}
	for b.Loop() {
		copy(ys, xs)
		quantiles3(ys)
	}
}
