import assert from "node:assert/strict";
import { test } from "node:test";

import { storyGuide } from "../js/guide.js";
import { linkFormat } from "../js/link.js";
import { q, schema } from "./schema.js";

const link = linkFormat(schema);
const steps = [
  { query: "v=1&sigma=0&opt=sgd", chart: "dist", control: "sigma-x" },
  { query: "v=1&runs=1000", speed: "20", chart: "spread", control: "opt" },
  { query: "v=1&sched=auto", fallback: "v=1&opt=sgd", chart: "step", control: "sched" },
];
const guide = storyGuide(link, steps, { query: "v=1&runs=1000&opt2=rmsprop&opt3=sgd", speed: "10" });
const show = (p) => link.query(p);

test("index is the step story=k names, if there is one", () => {
  const cases = [["story=1", 1], ["story=3", 3], ["story=4", 0], ["story=0", 0], ["story=1.5", 0], ["story=x", 0], ["", 0], ["story=9&story=2", 2]];
  for (const [s, want] of cases) assert.equal(guide.index(q(s)), want, s);
});

test("a step's view: its link, its speed and story=k; the fallback where the game lacks sched=auto", () => {
  const cases = [
    [1, null, "v=1&sigma=0&opt=sgd&story=1"],
    [2, null, "v=1&runs=1000&speed=20&story=2"],
    [3, null, "v=1&sched=auto&story=3"],
    [3, true, "v=1&sched=auto&story=3"],
    [3, false, "v=1&opt=sgd&story=3"],
  ];
  for (const [k, auto, want] of cases) assert.equal(show(guide.view(k, auto)), want, `step ${k}, auto ${auto}`);
});

test("a bare story=k opens step k and keeps the language; a link with an experiment stays", () => {
  const cases = [
    ["story=2&lang=ja", "v=1&runs=1000&speed=20&story=2&lang=ja"],
    ["story=1&present=1&speed=5", "v=1&sigma=0&opt=sgd&story=1&present=1"],
    ["story=2&opt=rmsprop", "story=2&opt=rmsprop"],
  ];
  for (const [s, want] of cases) assert.equal(show(guide.opening(q(s))), want, s);
});

test("a bare link opens the first view with its speed, keeping the view settings it gives; v=1 alone is one Adam run", () => {
  const cases = [
    ["", "v=1&runs=1000&opt2=rmsprop&opt3=sgd&speed=10"],
    ["lang=ja", "v=1&runs=1000&opt2=rmsprop&opt3=sgd&speed=10&lang=ja"],
    ["present=1&speed=4&view=run", "v=1&runs=1000&opt2=rmsprop&opt3=sgd&present=1&speed=4&view=run"],
    ["story=7", "v=1&runs=1000&opt2=rmsprop&opt3=sgd&speed=10&story=7"], // no such step: the page names it
    ["v=1", "v=1"],
    ["runs=5", "runs=5"],
    ["opt=sgd&lang=ja", "opt=sgd&lang=ja"],
  ];
  for (const [s, want] of cases) assert.equal(show(guide.opening(q(s))), want, s);
  assert.equal(show(storyGuide(link, steps).opening(q("lang=ja"))), "lang=ja", "without a first view, a bare link stays");
});

test("shown: a step's own link the game cannot run becomes its fallback, anything else stays", () => {
  const cases = [
    ["v=1&sched=auto&story=3&lang=ja", false, "v=1&opt=sgd&story=3&lang=ja"],
    ["v=1&sched=auto&story=3", true, "v=1&sched=auto&story=3"],
    ["v=1&sched=auto&story=3", null, "v=1&sched=auto&story=3"],
    ["v=1&sched=auto&runs=5&story=3", false, "v=1&sched=auto&runs=5&story=3"], // modified by hand: left alone
    ["v=1&runs=1000&story=2", false, "v=1&runs=1000&story=2"],
  ];
  for (const [s, auto, want] of cases) {
    const p = q(s);
    const got = guide.shown(p, auto);
    assert.equal(show(got), want, `${s}, auto ${auto}`);
    if (want === s) assert.equal(got, p, "unchanged is the same object");
  }
});

test("modified: the experiment differs from the step's, whatever the view settings", () => {
  const cases = [
    ["v=1&runs=1000&speed=20&story=2&lang=ja", 2, false],
    ["runs=1000&v=1", 2, false],
    ["v=1&runs=1000&opt=sgd&story=2", 2, true],
    ["v=1&opt=sgd&story=3", 3, true], // the fallback's link, while the game has sched=auto
  ];
  for (const [s, k, want] of cases) assert.equal(guide.modified(q(s), k, true), want, s);
  assert.equal(guide.modified(q("v=1&opt=sgd&story=3"), 3, false), false);
});
