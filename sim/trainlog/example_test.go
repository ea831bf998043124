package trainlog_test

import (
	"fmt"
	"math/rand/v2"
	"strconv"
	"strings"

	"noiseball/sim/trainlog"
)

// A training log as a script prints it: the mini-batch loss of SGD with a
// constant learning rate on a noisy quadratic. Read parses it, Check judges
// its loss: after 20000 steps the run sits in its noise ball, whose loss
// fluctuates with a standard deviation of 0.168 (the fourth moments of
// e - x, with Var e = gamma sigma^2 / (2 - gamma) by sim/MATH.md's oracle 2).
// The Report's messages are codes with parameters, written here in English
// and Japanese.
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
	r, err := trainlog.Check(log, "")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(r.Verdict)
	fmt.Printf("noise %.2f, change per decade %.4f ± %.4f\n", r.Noise, r.PerDecade, r.PerDecadeErr)
	fmt.Println(r.Headline().Text("en"))
	fmt.Println(r.Headline().Text("ja"))

	// A cell that is not a number is an error once its column is judged.
	bad, _ := trainlog.Read(strings.NewReader("step,loss\n0,2.5\n1,2.l\n"))
	_, err = trainlog.Check(bad, "")
	fmt.Println(err)
	fmt.Println(err.(*trainlog.ParseError).Text("ja"))
	// Output:
	// plateaued
	// noise 0.17, change per decade -0.0011 ± 0.0049
	// plateaued in a noise ball since step 20 (fluctuation ±0.169)
	// ステップ 20 以降、ノイズボールの中で頭打ちです (揺らぎ ±0.169)
	// line 3, column 2 ("loss"): "2.l" is not a number
	// 3 行目の 2 列目 (「loss」): 「2.l」は数値ではありません
}
