package trainlog_test

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"noiseball/sim/trainlog"
)

// A training log as a script prints it: the mini-batch loss of SGD with a
// constant learning rate on a noisy quadratic. Read parses it, Analyze
// judges it: after 20000 steps the run sits in its noise ball, whose loss
// fluctuates with a standard deviation of 0.168 (the fourth moments of
// e - x, with Var e = gamma sigma^2 / (2 - gamma) by sim/MATH.md's oracle 2).
func Example() {
	var csv strings.Builder
	csv.WriteString("step,loss\n")
	rnd := rand.New(rand.NewPCG(1, 2))
	theta, gamma := 2.0, 0.1
	for step := range 20_000 {
		x := 2*rnd.Float64() - 1 // the data: uniform on [-1, 1]
		loss := (theta - x) * (theta - x) / 2
		theta -= gamma * (theta - x)
		csv.WriteString(strconv.Itoa(step) + "," + strconv.FormatFloat(loss, 'g', 6, 64) + "\n")
	}

	log, err := trainlog.Read(strings.NewReader(csv.String()))
	if err != nil {
		fmt.Println(err)
		return
	}
	r := trainlog.Analyze(log)
	fmt.Println(r.Verdict)
	fmt.Printf("noise %.2f, slope %.2f\n", r.Noise, r.Slope)
	fmt.Println(r)

	_, err = trainlog.Read(strings.NewReader("step,loss\n0,2.5\n1,2.l\n"))
	fmt.Println(err)
	// Output:
	// plateaued
	// noise 0.17, slope 0.00
	// plateaued with noise of size 0.169: over steps 2009 to 19999 the loss changed by 0.000279 (like n^+0.00), less than it fluctuates, and the fluctuations do not shrink (0.168, then 0.169)
	// line 3, column 2 ("loss"): "2.l" is not a number
}
