import assert from "node:assert/strict";
import { test } from "node:test";

import { count, number } from "../js/format.js";
import { diagnosisText, diagnosisTip } from "../js/diagnosis.js";
import { tickLabel, ticks } from "../js/logplot.js";

test("number: three significant digits, exponents outside [0.001, 100000), a dash for no number", () => {
  const cases = [
    [0, "0"], [1, "1"], [0.05, "0.05"], [1 / 3, "0.333"], [-2.71828, "-2.72"], [0.001, "0.001"], [0.00099, "9.90e-4"],
    [12345, "12300"], [99999, "100000"], [100000, "1.00e5"], [1.5e-12, "1.50e-12"], [-3e7, "-3.00e7"],
    [NaN, "–"], [Infinity, "–"], [-Infinity, "–"], [undefined, "–"],
  ];
  for (const [x, want] of cases) assert.equal(number(x), want, String(x));
});

test("count writes thousands separators", () => {
  for (const [n, want] of [[0, "0"], [999, "999"], [1000, "1,000"], [100000000, "100,000,000"]]) assert.equal(count(n), want);
});

// t is a translation that shows its key and arguments.
const t = (key, vars = {}) => `${key}${Object.keys(vars).length ? JSON.stringify(vars) : ""}`;

test("a diagnosis chip's text: the status with its numbers, since when, and an automatic schedule's halvings", () => {
  const v = (o) => JSON.stringify({ s: "0.5", a: "–", q: "–", d: "–", n: "0", from: "0", to: "0", ...o });
  const cases = [
    [{ status: "stationary", ball: 0.5, ballSlope: -0.01 }, false, `diag.stationary${v({})}`],
    [{ status: "converging", ball: 0.5, rate: 1, since: 1200 }, false, `diag.converging${v({ a: "1", n: "1,200" })} diag.since{"n":"1,200"}`],
    // No rate (the ball grows and the steps' rate is 0): no n^−-0.09.
    [{ status: "converging", ball: 0.5, ballSlope: 0.0897, rate: 0 }, false, `diag.convergingNoRate${v({ a: "0" })}`],
    [{ status: "converging", ball: 0.5 }, false, `diag.convergingNoRate${v({})}`],
    [{ status: "geometric", ball: 0.5, factor: 0.95 }, false, `diag.geometric${v({ q: "0.95" })}`],
    [{ status: "wrong-limit", ball: 0.5, rate: 0.25, offset: 1.99 }, false, `diag.wrongLimit${v({ a: "0.25", d: "1.99" })}`],
    [{ status: "precision", ball: 0.5 }, false, `diag.precision${v({})}`],
    [{ status: "transient", ball: 0.5, halvings: 3 }, true, `diag.transient${v({})} · diag.halvings{"n":3}`],
    [{ status: "transient", ball: 0.5 }, true, `diag.transient${v({})} · diag.halvings{"n":0}`],
    [{ status: "frozen" }, false, ""],
    [{}, false, ""],
  ];
  for (const [d, auto, want] of cases) assert.equal(diagnosisText(d, auto, t), want, JSON.stringify(d));
  // A chip leaves since when to its tip.
  assert.equal(diagnosisText({ status: "stationary", ball: 0.5, since: 58 }, false, t, { since: false }), `diag.stationary${v({ n: "58" })}`);
});

test("a diagnosis's tip: the translated reason with its numbers, in either language", () => {
  const d = { reason: "settled", explanation: "settled at 0.5", ball: 0.5, ballSlope: -0.1, since: 2000 };
  const v = (o) => JSON.stringify({ s: "0.5", a: "0.1", q: "–", d: "–", n: "2,000", from: "0", to: "0", ...o });
  assert.equal(diagnosisTip(d, t), `diag.reason.settled${v({})}`);
  // What was tested over which steps ends the tip.
  assert.equal(diagnosisTip({ ...d, from: 5445, to: 9159 }, t),
    `diag.reason.settled${v({ from: "5,445", to: "9,159" })} diag.tested{"from":"5,445","to":"9,159"}`);
  const g = { reason: "geometric", factor: 0.95, from: 64, to: 1835 };
  const gv = JSON.stringify({ s: "–", a: "–", q: "0.95", d: "–", n: "0", from: "64", to: "1,835" });
  assert.equal(diagnosisTip(g, t), `diag.reason.geometric${gv} diag.tested{"from":"64","to":"1,835"}`);
  assert.equal(diagnosisTip({ reason: "new-one", explanation: "why" }, t), "why");
  assert.equal(diagnosisTip({ reason: "new-one" }, t), "");
  const none = JSON.stringify({ s: "–", a: "–", q: "–", d: "–", n: "0", from: "0", to: "0" });
  assert.equal(diagnosisTip({ reason: "too-early", to: 100 }, t), `diag.reason.tooEarly${none.replace('"to":"0"', '"to":"100"')}`);
  // The noise ball's rate where it shrinks, else no rate: never a double sign.
  assert.equal(diagnosisTip({ reason: "shrinking", ball: 0 }, t), `diag.reason.shrinkingNoRate${none.replace('"s":"–"', '"s":"0"')}`);
  assert.equal(diagnosisTip({ reason: "shrinking", ball: 0.2, ballSlope: 0.09, rate: 0.3 }, t),
    `diag.reason.shrinkingNoRate${none.replace('"s":"–"', '"s":"0.2"').replace('"a":"–"', '"a":"0.3"')}`);
  assert.equal(diagnosisTip({ reason: "shrinking", ball: 0.2, ballSlope: -0.5, rate: 0.5 }, t),
    `diag.reason.shrinking${none.replace('"s":"–"', '"s":"0.2"').replace('"a":"–"', '"a":"0.5"')}`);
});

test("the log plot's ticks: the powers of ten in range, else the ends", () => {
  const cases = [[0, 3, [0, 1, 2, 3]], [0.5, 2.2, [1, 2]], [-1.5, -0.2, [-1.5, -0.2]], [0.2, 0.9, [0.2, 0.9]]];
  for (const [a, b, want] of cases) assert.deepEqual(ticks(a, b), want, `${a}..${b}`);
  const labels = [[0, "1"], [-2, "0.01"], [4, "10000"], [5, "1e5"], [-3, "1e-3"], [0.5, "3.16"]];
  for (const [k, want] of labels) assert.equal(tickLabel(k), want, String(k));
});
