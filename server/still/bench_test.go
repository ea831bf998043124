package still

import (
	"context"
	"testing"

	"noiseball/sim/link"
)

func benchScene(b *testing.B) *Scene {
	c, err := link.Parse("runs=1000&steps=2000&opt2=rmsprop&opt3=sgd")
	if err != nil {
		b.Fatal(err)
	}
	s, err := Simulate(context.Background(), c)
	if err != nil {
		b.Fatal(err)
	}
	return s
}

// BenchmarkImage draws the Open Graph still of a three-lane preset.
func BenchmarkImage(b *testing.B) {
	s := benchScene(b)
	for b.Loop() {
		s.Image(Options{Width: 1200, Height: 630, Cloud: true})
	}
}

// BenchmarkPNG draws and encodes it.
func BenchmarkPNG(b *testing.B) {
	s := benchScene(b)
	for b.Loop() {
		if _, err := s.PNG(Options{Width: 1200, Height: 630, Cloud: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSVG writes it as SVG.
func BenchmarkSVG(b *testing.B) {
	s := benchScene(b)
	for b.Loop() {
		if _, err := s.SVG(Options{Width: 1200, Height: 630, Cloud: true}, ""); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkWork measures the cost of a run-step of the laws and problems
// drawCost distinguishes, in ns per unit of Work: about the same for each
// when the model is right.
func BenchmarkWork(b *testing.B) {
	for _, q := range []string{"", "opt=sgd", "dist=uniform", "dist=exp", "dist=t3", "dist=twopoint&batch=8",
		"problem=doublewell", "problem=reddi&x0=0", "problem=reddi&x0=0&batch=8", "dist=t3&batch=4"} {
		b.Run(q, func(b *testing.B) {
			c, err := link.Parse("runs=1000&steps=2000&" + q)
			if err != nil {
				b.Fatal(err)
			}
			for b.Loop() {
				if _, err := Simulate(context.Background(), c); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/Work(c), "ns/work")
		})
	}
}
