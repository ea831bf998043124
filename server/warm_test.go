package main

import (
	"context"
	"log"
	"strings"
	"testing"

	"noiseball/sim/link"
)

// Every real model among the presets prepares without an error, so that
// the server's warm-up logs nothing; there is at least one.
func TestWarmRealModels(t *testing.T) {
	real := 0
	for _, p := range link.Presets() {
		if c, err := link.Parse(p.Query); err == nil && c.Problem.Kind.Real() {
			real++
		}
	}
	if real == 0 {
		t.Fatal("no preset on a real model")
	}
	var b strings.Builder
	warmRealModels(context.Background(), log.New(&b, "", 0))
	if b.Len() > 0 {
		t.Errorf("the warm-up logged:\n%s", b.String())
	}
}
