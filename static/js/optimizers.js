// The optimizers as the page names them: by their names as people write
// them (sim.Optimizer.Name, the schema's optimizers), which the game
// names by their link words.

// NEW_LANE_OPTS is the order in which a new lane takes the first optimizer
// no lane uses yet.
export const NEW_LANE_OPTS = ["sgd", "adam", "rmsprop", "momentum", "heavyball", "adagrad", "nesterov", "amsgrad", "adamw"];

// optName is the name of the optimizer opt, from names (the schema's
// optimizers); a word without a name is shown as itself.
export function optName(opt, names) {
  return names?.[opt] ?? opt;
}
