// A lane's diagnosis (sim/diagnostics.go) in the page's words: the chip's
// text and its one-line explanation. The game names statuses and reasons
// by stable ids; these tables give their strings. Pure.

import { count, number } from "./format.js";

const STATUS = {
  transient: "diag.transient", stationary: "diag.stationary", converging: "diag.converging", diverged: "diag.diverged",
  geometric: "diag.geometric", precision: "diag.precision", "wrong-limit": "diag.wrongLimit",
};
const REASON = {
  "too-early": "diag.reason.tooEarly", moving: "diag.reason.moving", returning: "diag.reason.returning",
  "steps-grow": "diag.reason.stepsGrow", shrinking: "diag.reason.shrinking", stopped: "diag.reason.stopped",
  settled: "diag.reason.settled", unclear: "diag.reason.unclear", diverged: "diag.reason.diverged", off: "diag.reason.off",
  "const-rate": "diag.reason.constRate", slowing: "diag.reason.slowing", geometric: "diag.reason.geometric",
  precision: "diag.reason.precision", "wrong-limit": "diag.reason.wrongLimit",
};
// UNTESTED are the reasons that rest on no test over a span of steps.
const UNTESTED = new Set(["too-early", "off", "diverged", "precision", "stopped"]);

// ballShrinks says whether d's noise ball shrinks (its slope is negative).
const ballShrinks = (d) => d.ball > 0 && d.ballSlope < 0;

// vars are a diagnosis's numbers for the translations: s the noise ball's
// size, a the exponent of the rate n^-a (the game's rate, positive, 0 for
// none; for the reason "shrinking", the noise ball's own), q a geometric
// lane's factor per step, d a wrong limit's distance from the minimizer, n
// the step of the last change, from and to the steps the last test looked
// at.
function vars(d, a = d.rate) {
  return {
    s: number(d.ball), a: number(a), q: number(d.factor), d: number(d.offset),
    n: count(d.since ?? 0), from: count(d.from ?? 0), to: count(d.to ?? 0),
  };
}

// diagnosisText is the text for the diagnosis d, with the inline tags of
// fill; auto says whether the lane halves its rate on plateaus
// (sched=auto), whose halvings the text counts, and since whether it says
// since when (the chips leave that to their tip, to stay short). t
// translates. A converging lane quotes its rate only when the game gives
// one (rate > 0): never a rate with two signs.
export function diagnosisText(d, auto, t, { since = true } = {}) {
  let key = STATUS[d.status];
  if (!key) return "";
  if (d.status === "converging" && !(d.rate > 0)) key = "diag.convergingNoRate";
  let text = t(key, vars(d));
  if (since && d.since > 0) text += ` ${t("diag.since", { n: count(d.since) })}`;
  if (auto) text += ` · ${t("diag.halvings", { n: d.halvings ?? 0 })}`;
  return text;
}

// diagnosisTip is the diagnosis explained in one line, in the page's
// language (the game's English explanation where the reason is unknown),
// ending with the steps the test looked at.
export function diagnosisTip(d, t) {
  let key = REASON[d.reason];
  if (!key) return d.explanation ?? "";
  if (d.reason === "shrinking" && !ballShrinks(d)) key = "diag.reason.shrinkingNoRate";
  let text = t(key, vars(d, ballShrinks(d) ? -d.ballSlope : d.rate));
  if (!UNTESTED.has(d.reason) && d.to > 0) text += ` ${t("diag.tested", { from: count(d.from ?? 0), to: count(d.to) })}`;
  return text;
}
