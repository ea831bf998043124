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
  const cases = [
    [{ status: "stationary", ball: 0.5, ballSlope: -0.01 }, false, 'diag.stationary{"s":"0.5","a":"0.01"}'],
    [{ status: "converging", ball: 0.5, ballSlope: -1, since: 1200 }, false, 'diag.converging{"s":"0.5","a":"1"} diag.since{"n":"1,200"}'],
    [{ status: "converging", ball: 0.5, ballSlope: NaN }, false, "diag.convergingNoRate"],
    [{ status: "transient", ball: 1, ballSlope: 0, halvings: 3 }, true, 'diag.transient{"s":"1","a":"0"} · diag.halvings{"n":3}'],
    [{ status: "transient", ball: 1, ballSlope: 0 }, true, 'diag.transient{"s":"1","a":"0"} · diag.halvings{"n":0}'],
    [{ status: "frozen" }, false, ""],
    [{}, false, ""],
  ];
  for (const [d, auto, want] of cases) assert.equal(diagnosisText(d, auto, t), want, JSON.stringify(d));
});

test("a diagnosis's tip: the translated reason with its numbers, in either language", () => {
  const d = { reason: "settled", explanation: "settled at 0.5", ball: 0.5, ballSlope: -0.1, since: 2000 };
  assert.equal(diagnosisTip(d, t), 'diag.reason.settled{"s":"0.5","a":"0.1","n":"2,000"}');
  assert.equal(diagnosisTip({ reason: "new-one", explanation: "why" }, t), "why");
  assert.equal(diagnosisTip({ reason: "new-one" }, t), "");
  assert.equal(diagnosisTip({ reason: "too-early" }, t), 'diag.reason.tooEarly{"s":"–","a":"–","n":"0"}');
  assert.equal(diagnosisTip({ reason: "shrinking", ball: 0 }, t), 'diag.reason.shrinkingNoRate{"s":"0","a":"–","n":"0"}');
  assert.equal(diagnosisTip({ reason: "shrinking", ball: 0.2, ballSlope: -0.5 }, t), 'diag.reason.shrinking{"s":"0.2","a":"0.5","n":"0"}');
});

test("the log plot's ticks: the powers of ten in range, else the ends", () => {
  const cases = [[0, 3, [0, 1, 2, 3]], [0.5, 2.2, [1, 2]], [-1.5, -0.2, [-1.5, -0.2]], [0.2, 0.9, [0.2, 0.9]]];
  for (const [a, b, want] of cases) assert.deepEqual(ticks(a, b), want, `${a}..${b}`);
  const labels = [[0, "1"], [-2, "0.01"], [4, "10000"], [5, "1e5"], [-3, "1e-3"], [0.5, "3.16"]];
  for (const [k, want] of labels) assert.equal(tickLabel(k), want, String(k));
});
