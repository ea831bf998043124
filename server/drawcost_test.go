package main

import (
	"context"
	"fmt"
	"sort"
	"testing"
	"time"

	"noiseball/server/still"
	"noiseball/sim"
	"noiseball/sim/link"
)

// BenchmarkStillDrawCost measures what drawing a still costs in run-steps
// (package sim's unit, timed alternately with the drawing so that a shared
// machine's load affects both alike), for PNGs and SVGs of several sizes
// with one run and with clouds of 10,000 runs in one and four lanes, and
// reports it next to drawWork's value ("model"). Update drawWork's weights
// from it when the drawing changes:
//
//	go test -run '^$' -bench StillDrawCost -benchtime 5x ./server/
func BenchmarkStillDrawCost(b *testing.B) {
	type size struct{ w, h, dpr int }
	sizes := []size{{200, 150, 1}, {1200, 630, 1}, {1920, 1080, 1}, {1280, 720, 3}, {3840, 2160, 1}}
	links := []string{"runs=1", "runs=10000", "runs=10000&opt2=sgd&opt3=rmsprop&opt4=adagrad"}
	for _, q := range links {
		cfg, err := link.Parse(q + "&steps=3000")
		if err != nil {
			b.Fatal(err)
		}
		scene, err := still.Simulate(context.Background(), cfg)
		if err != nil {
			b.Fatal(err)
		}
		for _, sz := range sizes {
			for _, svg := range []bool{false, true} {
				ext := map[bool]string{false: "png", true: "svg"}[svg]
				o := still.Options{Width: sz.w, Height: sz.h, Scale: sz.dpr, Cloud: true}
				b.Run(fmt.Sprintf("%s/%dx%dx%d/%s", ext, sz.w, sz.h, sz.dpr, q), func(b *testing.B) {
					unit := sim.NewRunStepTimer()
					var ratios []float64
					for b.Loop() {
						before := unit.Measure(10)
						start := time.Now()
						if svg {
							scene.SVG(context.Background(), o, "")
						} else {
							scene.PNG(context.Background(), o)
						}
						ns := float64(time.Since(start).Nanoseconds())
						ratios = append(ratios, ns/((before+unit.Measure(10))/2))
					}
					sort.Float64s(ratios)
					b.ReportMetric(ratios[len(ratios)/2], "run-steps")
					b.ReportMetric(drawWork(cfg, o, svg), "model")
				})
			}
		}
	}
}
