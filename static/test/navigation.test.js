import assert from "node:assert/strict";
import { test } from "node:test";

import { linkFormat } from "../js/link.js";
import { cellView, keep, keepRules } from "../js/navigation.js";
import { q, schema } from "./schema.js";

const link = linkFormat(schema);
const rules = keepRules(link);

test("keep adds what next does not set, in the current view's order", () => {
  const cases = [
    // current, next, names, want
    ["lang=ja&speed=5&opt=sgd", "opt=adam", ["lang", "speed"], "opt=adam&lang=ja&speed=5"],
    ["speed=5&lang=ja", "runs=2", ["lang", "speed"], "runs=2&speed=5&lang=ja"],
    ["lang=ja&speed=5", "speed=20", ["lang", "speed"], "speed=20&lang=ja"], // next's own speed wins
    ["lang=ja&lang=en", "", ["lang"], "lang=ja&lang=en"], // every value, as given
    ["lang=ja&opt=sgd", "runs=2", [], "runs=2"],
  ];
  for (const [current, next, names, want] of cases) {
    assert.equal(link.query(keep(q(current), q(next), names)), want, `${current} -> ${next}`);
  }
});

test("the three ways of opening a view keep what each should", () => {
  const current = q("opt=sgd&lang=ja&speed=10&story=3&present=1&embed=1&view=run&metric=bias&sweep=lr:1:2:lin:2,b2:0.1:0.2:lin:2");
  const cases = [
    // A preset: the view settings, not the guide's step.
    ["preset", "v=1&runs=1000", "v=1&runs=1000&lang=ja&speed=10&present=1&embed=1&view=run&metric=bias"],
    // A preset with its own speed keeps it.
    ["preset", "v=1&speed=50", "v=1&speed=50&lang=ja&present=1&embed=1&view=run&metric=bias"],
    // A sweep's cell: neither the step nor the heat map's metric.
    ["cell", "v=1&lr=1", "v=1&lr=1&lang=ja&speed=10&present=1&embed=1&view=run"],
    // A step of the guide: its own speed, the language and the modes.
    ["story", "v=1&opt=sgd&speed=20&story=4", "v=1&opt=sgd&speed=20&story=4&lang=ja&present=1&embed=1"],
  ];
  for (const [rule, next, want] of cases) assert.equal(link.query(keep(current, q(next), rules[rule])), want, rule);
});

test("a sweep's cell is one view: no sweep, metric or step of the guide", () => {
  const cases = [
    ["?v=1&lr=0.01&runs=100&sweep=lr:1:2:lin:2,b2:0.1:0.2:lin:2&sweepruns=5&sweepsteps=9&metric=bias&story=2", "v=1&lr=0.01&runs=100"],
    ["v=1&opt2=sgd", "v=1&opt2=sgd"],
  ];
  for (const [text, want] of cases) assert.equal(link.query(cellView(link, text)), want, text);
});
