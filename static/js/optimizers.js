// The optimizers as the page names them. The game names them by their link
// words (sim.Optimizers, in link-schema.json); a word without a name here
// is shown as itself.

// NAMES are the optimizers' names; heavyball's is translated (see optName).
export const NAMES = {
  sgd: "SGD", momentum: "Momentum", heavyball: "Heavy ball", nesterov: "Nesterov", adagrad: "Adagrad",
  rmsprop: "RMSprop", adam: "Adam", amsgrad: "AMSGrad", adamw: "AdamW",
};

// NEW_LANE_OPTS is the order in which a new lane takes the first optimizer
// no lane uses yet.
export const NEW_LANE_OPTS = ["sgd", "adam", "rmsprop", "momentum", "heavyball", "adagrad", "nesterov", "amsgrad", "adamw"];

// optName is the name of the optimizer opt as the page shows it, with t the
// translation.
export function optName(opt, t) {
  if (opt === "heavyball") return t("opt.name.heavyball");
  return NAMES[opt] ?? opt;
}
