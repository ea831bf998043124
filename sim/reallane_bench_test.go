package sim

import (
	"math"
	"testing"
)

// BenchmarkUpdateReal times updateReal, a loop per rule, against the
// shorter alternative of one loop calling the rule's step through a
// function value (updateRealByFunc below), on the MLP's d = 1210 for SGD
// and Adam. The figures are in updateReal's comment.
func BenchmarkUpdateReal(b *testing.B) {
	const d = 1210
	k := &coeffs{gamma: 0.01, a: 0.9, a1: 0.1, b: 0.999, b1: 0.001, eps: 1e-8, bc1: 1, bc2: 1}
	th, old, g, m, v := make([]float64, d), make([]float64, d), make([]float64, d), make([]float64, d), make([]float64, d)
	for i := range g {
		old[i], g[i] = math.Sin(float64(i)), math.Cos(float64(i))
	}
	for _, ru := range []rule{ruleSGD, ruleAdam} {
		name := map[rule]string{ruleSGD: "sgd", ruleAdam: "adam"}[ru]
		b.Run(name+"/per-rule-loops", func(b *testing.B) {
			for range b.N {
				updateReal(ru, k, 0, th, old, g, m, v, nil)
			}
		})
		b.Run(name+"/one-loop-func", func(b *testing.B) {
			for range b.N {
				updateRealByFunc(ru, k, th, old, g, m, v)
			}
		})
	}
}

// updateRealByFunc is updateReal written as one loop over a per-rule step
// function, for BenchmarkUpdateReal; it computes the same numbers.
func updateRealByFunc(ru rule, k *coeffs, th, old, g, m, v []float64) (sq float64, ok bool) {
	var step func(i int, gi float64) float64
	switch ru {
	case ruleSGD:
		step = func(_ int, gi float64) float64 { return float64(k.gamma * gi) }
	case ruleAdam:
		step = func(i int, gi float64) float64 { return k.adam(&m[i], &v[i], gi) }
	}
	bad := false
	for i, gi := range g {
		o := old[i]
		t := o - step(i, gi)
		th[i] = t
		s := t - o
		sq += float64(s * s)
		bad = bad || !(math.Abs(t) <= DivergenceBox)
	}
	return sq, !bad
}

// The benchmark's alternative computes what updateReal does, so that the
// comparison is of the same work.
func TestUpdateRealByFuncAgrees(t *testing.T) {
	const d = 50
	k := &coeffs{gamma: 0.01, a: 0.9, a1: 0.1, b: 0.999, b1: 0.001, eps: 1e-8, bc1: 1, bc2: 1}
	for _, ru := range []rule{ruleSGD, ruleAdam} {
		old, g := make([]float64, d), make([]float64, d)
		for i := range g {
			old[i], g[i] = math.Sin(float64(i)), math.Cos(float64(3*i))
		}
		th1, m1, v1 := make([]float64, d), make([]float64, d), make([]float64, d)
		th2, m2, v2 := make([]float64, d), make([]float64, d), make([]float64, d)
		sq1, ok1 := updateReal(ru, k, 0, th1, old, g, m1, v1, nil)
		sq2, ok2 := updateRealByFunc(ru, k, th2, old, g, m2, v2)
		if sq1 != sq2 || ok1 != ok2 {
			t.Errorf("rule %d: %g %v, and by func %g %v", ru, sq1, ok1, sq2, ok2)
		}
		for i := range th1 {
			if th1[i] != th2[i] || m1[i] != m2[i] || v1[i] != v2[i] {
				t.Fatalf("rule %d, coordinate %d differs", ru, i)
			}
		}
	}
}
