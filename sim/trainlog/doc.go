// Package trainlog checks a real training run for the noise ball: it reads a
// training log (step, loss and optionally a parameter norm, as CSV) and tells
// whether the loss is still improving, has plateaued with fluctuations of
// some size, or is diverging.
//
// The question is the one Dereich, Graeber and Jentzen (2024) answer for
// SGD-type methods: with a learning rate that stays away from zero the
// iterates never converge, they keep moving in a noise ball, and the loss
// keeps fluctuating around a floor. Read parses the log into a *Log; Analyze
// smooths the curve on log-spaced bins, fits the log-log slope of the loss
// over the last decade of steps, measures the fluctuations around the
// smoothed curve, and gives a Verdict with a one-line explanation
// (Report.String). The formulas are in the doc comments of Trend and Analyze,
// the thresholds and their reasons next to their constants.
//
// A logged mini-batch loss fluctuates for two reasons: the iterates move
// (the noise ball) and every batch is different data. The second never goes
// away, even when the parameters converge, so a raw mini-batch loss can
// plateau with noise while the parameters settle; a loss averaged over a
// fixed evaluation set isolates the noise ball. The parameter-norm column,
// when present, is analysed the same way (Report.Norm): a norm that keeps
// fluctuating without a trend is the iterates' own noise ball.
//
// The package is pure Go with no I/O beyond the io.Reader it is given, so it
// runs unchanged in WebAssembly. Read keeps no text: it parses line by line
// into float64 slices, 16 or 24 bytes a row.
package trainlog
