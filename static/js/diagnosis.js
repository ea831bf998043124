// A lane's diagnosis (sim/diagnostics.go) in the page's words: the chip's
// text and its one-line explanation. The game names statuses and reasons
// by stable ids; these tables give their strings. Pure.

import { count, number } from "./format.js";

const STATUS = {
  transient: "diag.transient", stationary: "diag.stationary", converging: "diag.converging", diverged: "diag.diverged",
};
const REASON = {
  "too-early": "diag.reason.tooEarly", moving: "diag.reason.moving", returning: "diag.reason.returning",
  "steps-grow": "diag.reason.stepsGrow", shrinking: "diag.reason.shrinking", stopped: "diag.reason.stopped",
  settled: "diag.reason.settled", unclear: "diag.reason.unclear", diverged: "diag.reason.diverged", off: "diag.reason.off",
};

// diagnosisText is the text for the diagnosis d, with the inline tags of
// fill; auto says whether the lane halves its rate on plateaus
// (sched=auto), whose halvings the text counts, and since whether it says
// since when (the chips leave that to their tip, to stay short). t
// translates.
export function diagnosisText(d, auto, t, { since = true } = {}) {
  const key = STATUS[d.status];
  if (!key) return "";
  let text = t(key, { s: number(d.ball), a: number(-d.ballSlope) });
  if (d.status === "converging" && !Number.isFinite(d.ballSlope)) text = t("diag.convergingNoRate");
  if (since && d.since > 0) text += ` ${t("diag.since", { n: count(d.since) })}`;
  if (auto) text += ` · ${t("diag.halvings", { n: d.halvings ?? 0 })}`;
  return text;
}

// diagnosisTip is the diagnosis explained in one line, in the page's
// language (the game's English explanation where the reason is unknown).
export function diagnosisTip(d, t) {
  const key = d.reason === "shrinking" && !Number.isFinite(d.ballSlope) ? "diag.reason.shrinkingNoRate" : REASON[d.reason];
  return key ? t(key, { s: number(d.ball), a: number(-d.ballSlope), n: count(d.since ?? 0) }) : d.explanation ?? "";
}
