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
		s.Image(context.Background(), Options{Width: 1200, Height: 630, Cloud: true})
	}
}

// BenchmarkPNG draws and encodes it.
func BenchmarkPNG(b *testing.B) {
	s := benchScene(b)
	for b.Loop() {
		if _, err := s.PNG(context.Background(), Options{Width: 1200, Height: 630, Cloud: true}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSVG writes it as SVG.
func BenchmarkSVG(b *testing.B) {
	s := benchScene(b)
	for b.Loop() {
		if _, err := s.SVG(context.Background(), Options{Width: 1200, Height: 630, Cloud: true}, ""); err != nil {
			b.Fatal(err)
		}
	}
}
