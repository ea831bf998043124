package sim_test

import (
	"fmt"

	"noiseball/sim"
)

// A caller on one thread (the page) prepares a real model with a pause
// that lets its event loop run, then takes the step-0 evaluations and the
// steps in slices of its budget (Work).
func ExamplePrepare() {
	c := sim.Default()
	c.Problem = sim.ModelProblem(sim.Softmax)
	c.Runs = 10
	c.Lanes = []sim.LaneConfig{sim.DefaultLaneFor(c.Problem)}
	// The page sleeps here now and then; what Prepare makes is kept for
	// the process, so a second Experiment of the model hardly pauses.
	pause := func() {}
	e, err := sim.Prepare(c, pause)
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("in step 0's evaluations:", e.InStep())
	for e.InStep() || e.N() < 3 {
		e.Work(1e5) // about 2.5 ms of the page's time
	}
	fmt.Println("step", e.N(), "dimension", e.Plane().Dim())
	// Output:
	// in step 0's evaluations: true
	// step 3 dimension 650
}

// A link too heavy to watch: what the page says of it, in English and
// Japanese, with the nearest settings that can be watched.
func ExampleHeavyNotice() {
	c := sim.Default()
	c.Data.Dist, c.Runs, c.Lanes[0].Batch.Size = sim.T3, 10000, 65536
	n, heavy := sim.HeavyNotice(c, 25e-9) // 25 ns a run-step
	fmt.Println(heavy)
	fmt.Println(n.Text("en"))
	fmt.Println(n.Text("ja"))
	// Output:
	// true
	// batch=65536 with runs=10000 and t3 data costs 2.1e+09 run-steps a step: one step every 53 s or so here, too slow to watch. The nearest settings that run at 10 steps a second or more: batch=60, or runs=9, or dist=gauss (a normal batch mean is one draw).
	// batch=65536、runs=10000、dist=t3 のデータでは、1 ステップの計算量が試行 1 回の 1 ステップの 2.1e+09 倍あり、ここでは 1 ステップにおよそ 53 秒かかります。見るには遅すぎます。1 秒に 10 ステップ以上進む、最も近い設定は batch=60、または runs=9、または dist=gauss (正規分布ならバッチ平均は 1 回の抽出) です。
}
