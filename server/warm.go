package main

import (
	"context"
	"log"

	"noiseball/sim"
	"noiseball/sim/link"
)

// warmRealModels prepares the presets' real models in the background: their
// data sets, reference points, planes and the dashed lines' solves
// (sim.Prepare, which the simulation keeps for the process), so that the
// first still of such a link, a preview or the page's placeholder, does
// not wait for them (about half a second natively for softmax and the
// MLP). It stops between models once ctx is done, and logs what fails.
func warmRealModels(ctx context.Context, errorLog *log.Logger) {
	for _, p := range link.Presets() {
		if ctx.Err() != nil {
			return
		}
		c, err := link.Parse(p.Query)
		if err != nil || !c.Problem.Kind.Real() {
			continue
		}
		if _, err := sim.Prepare(c, nil); err != nil {
			errorLog.Printf("prepare preset %s: %v", p.Name, err)
		}
	}
}
