// The plot of a checked training log: the smoothed loss (the mean of each
// bin, and the band from its min to its max) against the step on log-log
// axes, as SVG.

import { number } from "./format.js";

const NS = "http://www.w3.org/2000/svg";
const W = 480, H = 210, L = 48, R = 8, T = 8, B = 34; // size and margins

// ticks returns the exponents of the powers of ten in [a, b], or the ends
// when there are fewer than two. Pure.
export function ticks(a, b) {
  const out = [];
  for (let k = Math.ceil(a); k <= Math.floor(b); k++) out.push(k);
  return out.length >= 2 ? out : [a, b];
}

// tickLabel writes the tick at 10^k: plainly from 0.01 to 10000, else as
// 1eK, and a tick between powers as a number. Pure.
export function tickLabel(k) {
  return Number.isInteger(k) ? (k >= -2 && k <= 4 ? String(10 ** k) : `1e${k}`) : number(10 ** k);
}

// logPlot draws rows of [step, mean, min, max], titled label, with the
// x axis named xLabel.
export function logPlot(rows, { label, xLabel }) {
  const el = (name, attrs, text) => {
    const e = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": label, class: "log-svg" });
  const pts = rows.filter((r) => r[0] > 0 && r[1] > 0);
  if (pts.length < 2) return svg;
  const lg = Math.log10;
  const xs = pts.map((r) => lg(r[0]));
  const ys = pts.flatMap((r) => [r[1], r[2], r[3]]).filter((v) => v > 0).map(lg);
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (x1 - x0 < 1e-9) x1 = x0 + 1;
  if (y1 - y0 < 1e-9) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  const X = (v) => (L + ((lg(v) - x0) / (x1 - x0)) * (W - L - R)).toFixed(1);
  const Y = (v) => (T + ((y1 - lg(Math.max(v, 10 ** y0))) / (y1 - y0)) * (H - T - B)).toFixed(1);
  svg.append(el("rect", { x: L, y: T, width: W - L - R, height: H - T - B, class: "frame" }));
  for (const k of ticks(x0, x1)) {
    const x = X(10 ** k);
    svg.append(el("line", { x1: x, x2: x, y1: T, y2: H - B, class: "grid" }),
      el("text", { x, y: H - B + 13, class: "tick", "text-anchor": "middle" }, tickLabel(k)));
  }
  for (const k of ticks(y0, y1)) {
    const y = Y(10 ** k);
    svg.append(el("line", { x1: L, x2: W - R, y1: y, y2: y, class: "grid" }),
      el("text", { x: L - 4, y: Number(y) + 4, class: "tick", "text-anchor": "end" }, tickLabel(k)));
  }
  const band = pts.filter((r) => r[2] > 0 && r[3] > 0);
  if (band.length >= 2) {
    const upper = band.map((r) => `${X(r[0])},${Y(r[3])}`);
    const lower = band.map((r) => `${X(r[0])},${Y(r[2])}`).reverse();
    svg.append(el("polygon", { points: [...upper, ...lower].join(" "), class: "band" }));
  }
  svg.append(el("polyline", { points: pts.map((r) => `${X(r[0])},${Y(r[1])}`).join(" "), class: "mean" }));
  svg.append(el("text", { x: (L + W - R) / 2, y: H - 3, class: "axis", "text-anchor": "middle" }, xLabel));
  return svg;
}
