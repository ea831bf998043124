// The canvas's words in the page's language: the game draws lane names,
// a sweep's metric and axes, a real model's held-out charts' titles and
// the line over a stopped simulation in
// whatever words the page gives it (setLabels, a scene.Labels). The rest
// of the canvas is numbers, formulas and symbols, the same in any
// language; the help explains the symbols.

import { laneNames } from "./lane-names.js";

// METRICS are the sweep metrics' names, by the game's ids.
export const METRICS = {
  spread: "sweep.metric.spread", loss_gap: "sweep.metric.lossGap", bias: "sweep.metric.bias",
  step_norm: "sweep.metric.stepNorm", final_lr: "sweep.metric.finalLR",
};

const SUBSCRIPT = { 0: "₀", 1: "₁", 2: "₂", 3: "₃", 4: "₄", 5: "₅", 6: "₆", 7: "₇", 8: "₈", 9: "₉", n: "ₙ" };

// plainText is a translation without its inline tags, as a canvas can draw
// it: subscript digits as Unicode's, other subscripts after "_", a
// superscript after "^".
export function plainText(s) {
  return s
    .replace(/<sub>([^<]*)<\/sub>/g, (_, x) => ([...x].every((c) => c in SUBSCRIPT) ? [...x].map((c) => SUBSCRIPT[c]).join("") : `_${x}`))
    .replace(/<sup>([^<]*)<\/sup>/g, "^$1")
    .replace(/<[^>]*>/g, "");
}

// canvasLabels returns the labels for the link p: link is linkFormat's
// rules, schema the Go code's schema, t and has the translations.
export function canvasLabels(link, schema, p, t, has) {
  const lanes = link.laneCount(p);
  const params = {};
  for (const name of schema.sweep.sweepable) {
    if (!has(`sweep.p.${name}`)) continue;
    const param = plainText(t(`sweep.p.${name}`));
    const perLane = link.laneParams.includes(name) && lanes > 1;
    params[name] = perLane ? plainText(t("sweep.p.lane", { param, lane: 1 })) : param;
    if (!link.laneParams.includes(name)) continue;
    for (let k = 2; k <= link.maxLanes; k++) params[link.laneName(name, k)] = plainText(t("sweep.p.lane", { param, lane: k }));
  }
  const metrics = {};
  for (const id of schema.sweep.metrics) if (METRICS[id]) metrics[id] = t(METRICS[id]);
  const charts = {};
  // A real model's held-out charts' titles and what the dashed spread is.
  for (const id of schema.chartWords) charts[id] = plainText(t(`canvas.chart.${id}`));
  return { lanes: laneNames(link, p, schema.optimizers, t), metrics, params, stopped: t("canvas.stopped"), charts };
}

// initCanvasLabels gives the game the canvas's words whenever they change:
// the language, the lanes or a new game.
export function initCanvasLabels({ store, link, schema, i18n, game }) {
  let sent = "";
  let sentTo = null;
  function send() {
    const g = game();
    if (typeof g?.setLabels !== "function") return;
    const labels = JSON.stringify(canvasLabels(link, schema, store.params, i18n.t, i18n.has));
    if (labels === sent && g === sentTo) return;
    sent = labels;
    sentTo = g;
    g.setLabels(labels);
  }
  for (const event of ["render", "language", "game-ready"]) store.on(event, send);
}
