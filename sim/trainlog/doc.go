// Package trainlog checks a real training run for the noise ball: it reads
// the logs practitioners have (CSV as Lightning, Keras, TensorBoard, W&B,
// pandas and Ultralytics write it; Hugging Face's trainer_state.json; JSON
// lines; TensorBoard event files) and tells whether the loss is still
// improving, has plateaued with a fluctuation of some size, is diverging,
// or is too short to judge.
//
// The question is the one Dereich, Graeber and Jentzen (2024) answer for
// SGD-type methods: with a learning rate that stays away from zero the
// iterates never converge, they keep moving in a noise ball, and the loss
// keeps fluctuating around a floor.
//
// Read parses a file into a *Log of Series, one per column, key or tag.
// Log.Candidates lists them, the training loss first; Log.Default picks it
// (per step rather than per epoch), Log.Lookup picks one by name. Check
// judges one: Log.Curve checks its steps, Analyze smooths it on log-spaced
// bins and tests, over the last decade of steps and with error rates that
// hold at the number of rows there are (package trend), whether it falls,
// rises, flattens within its fluctuation, or fluctuates less and less. The
// Report carries the verdict, its reason and the numbers.
//
// Everything the package says, errors included, is a Message underneath: a
// stable code and named parameters, which Text writes in English or
// Japanese and a page can write in its own words.
//
// A logged mini-batch loss fluctuates for two reasons: the iterates move
// (the noise ball) and every batch is different data. The second never goes
// away, even when the parameters converge, so a raw mini-batch loss can
// plateau with noise while the parameters settle; a loss averaged over a
// fixed evaluation set isolates the noise ball. A parameter-norm column,
// when present, can be judged the same way: a norm that keeps fluctuating
// without a trend is the iterates' own noise ball.
//
// The package is pure Go with no I/O beyond the io.Reader it is given, so it
// runs unchanged in WebAssembly. Read keeps no text: it parses line by line
// (record by record) into float64 columns.
package trainlog
