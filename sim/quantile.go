package sim

import (
	"math"
	"slices"
)

// quantileIndex returns the index, in sorted order, of the p-quantile of n
// values by the empirical definition (gonum's stat.Empirical): the smallest
// value that is at least a fraction p of the values, the sorted x[k] with k
// the smallest index such that k+1 >= p n.
func quantileIndex(p float64, n int) int {
	k := int(math.Ceil(p*float64(n))) - 1
	return min(max(k, 0), n-1)
}

// quantiles3 returns the empirical p-quantiles of xs for p = 0.1, 0.5, 0.9
// (see quantileIndex). It reorders xs. It takes linear expected time: the
// median by selection, then the outer two by selection within each half,
// rather than sorting.
func quantiles3(xs []float64) (q10, q50, q90 float64) {
	n := len(xs)
	if n == 0 {
		return 0, 0, 0
	}
	k10, k50, k90 := quantileIndex(0.1, n), quantileIndex(0.5, n), quantileIndex(0.9, n)
	selectKth(xs, k50)
	q50 = xs[k50]
	// The 10% quantile is among the values below the median, the 90% one
	// among those above.
	q10, q90 = q50, q50
	if k10 < k50 {
		selectKth(xs[:k50], k10)
		q10 = xs[k10]
	}
	if k90 > k50 {
		selectKth(xs[k50+1:], k90-k50-1)
		q90 = xs[k90]
	}
	return q10, q50, q90
}

// selectKth reorders xs, which must hold no NaN, so that xs[k] is the value
// sorting would put there, with no larger value before it and no smaller one
// after. It is quickselect with a median-of-three pivot. Each round splits
// the range into values below, equal to and above the pivot by two
// branch-free passes (Lomuto's scheme with the swap done unconditionally),
// because on random data the branches of the classic partition are
// mispredicted half the time; the equal block makes runs of equal values
// (identical runs, as with sigma = 0) cost linear time. Should the pivots
// still go badly, it sorts what is left.
func selectKth(xs []float64, k int) {
	lo, hi := 0, len(xs) // the answer lies in xs[lo:hi]
	for rounds := 0; hi-lo > 16 && rounds < 64; rounds++ {
		a, b, c := xs[lo], xs[lo+(hi-lo)/2], xs[hi-1]
		pivot := max(min(a, b), min(max(a, b), c))
		lt := lo + partitionBelow(xs[lo:hi], pivot)
		le := lt + partitionAtMost(xs[lt:hi], pivot)
		switch {
		case k < lt:
			hi = lt
		case k >= le:
			lo = le
		default:
			return // xs[lt:le] all equal the pivot
		}
	}
	slices.Sort(xs[lo:hi])
}

// partitionBelow moves the values of xs below pivot to the front and returns
// how many there are. The swap is unconditional and the count a conditional
// move, so the loop has no branch to mispredict.
func partitionBelow(xs []float64, pivot float64) int {
	j := 0
	for i, x := range xs {
		xs[i] = xs[j]
		xs[j] = x
		inc := 0
		if x < pivot {
			inc = 1
		}
		j += inc
	}
	return j
}

// partitionAtMost is partitionBelow for the values <= pivot.
func partitionAtMost(xs []float64, pivot float64) int {
	j := 0
	for i, x := range xs {
		xs[i] = xs[j]
		xs[j] = x
		inc := 0
		if x <= pivot {
			inc = 1
		}
		j += inc
	}
	return j
}
