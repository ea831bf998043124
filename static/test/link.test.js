import assert from "node:assert/strict";
import { test } from "node:test";

import { linkFormat } from "../js/link.js";
import { q, schema } from "./schema.js";

const link = linkFormat(schema);

test("splitLane: a lane parameter's name as written is lane 1's, a last digit 2..maxLanes numbers the lane", () => {
  const cases = [
    ["lr", ["lr", 1]],
    ["b2", ["b2", 1]], // Adam's beta2, not lane 2's b
    ["b22", ["b2", 2]],
    ["lr2", ["lr", 2]],
    ["opt4", ["opt", 4]],
    ["opt5", ["opt5", 0]], // beyond maxLanes
    ["lr1", ["lr1", 0]],
    ["runs", ["runs", 0]], // a global
    ["runs2", ["runs2", 0]],
    ["speed", ["speed", 0]], // a view setting
    ["frobnicate", ["frobnicate", 0]],
  ];
  for (const [name, want] of cases) assert.deepEqual(link.splitLane(name), want, name);
});

test("laneCount is the highest lane any parameter names", () => {
  const cases = [["", 1], ["runs=5", 1], ["lr3=0.1", 3], ["opt2=sgd&b22=0.9", 2], ["opt5=sgd", 1], ["sweep=lr2:1:2:lin:2", 1]];
  for (const [s, want] of cases) assert.equal(link.laneCount(q(s)), want, s);
});

test("value: a lane's own value, else lane 1's, else the default; the last of a repeated name", () => {
  const p = q("lr=0.1&lr3=0.2&opt2=sgd&opt=rmsprop&opt=adamw&runs=7");
  const cases = [
    ["lr", 1, "0.1"], ["lr", 2, "0.1"], ["lr", 3, "0.2"],
    ["opt", 1, "adamw"], ["opt", 2, "sgd"], ["opt", 3, "adamw"],
    ["b2", 3, "0.999"], ["runs", 0, "7"], ["steps", 0, "100000"], ["sched", 4, "const"],
  ];
  for (const [base, k, want] of cases) assert.equal(link.value(p, base, k), want, `${base} in lane ${k}`);
});

test("the defaults are sim.Default's as the schema gives them", () => {
  // A few by hand from sim/config.go, as an independent check of the file.
  const want = { opt: "adam", lr: "0.05", b1: "0.9", b2: "0.999", eps: "1e-8", bc: "1", sigma: "1", x0: "1.5,1", runs: "1", steps: "100000" };
  for (const [name, v] of Object.entries(want)) assert.equal(link.defaults[name], v, name);
});

test("query leaves the ',' of pairs and the ':' of growths readable and encodes the rest", () => {
  assert.equal(link.query(q("x0=1%2C2&bgrow=lin%3A0.5&lang=ja")), "x0=1,2&bgrow=lin:0.5&lang=ja");
  const p = q("");
  p.set("seed", "1 2&3");
  assert.equal(link.query(p), "seed=1+2%263");
});

test("experimentKey ignores the view settings and the order", () => {
  const same = [
    ["opt=sgd&runs=1000", "runs=1000&opt=sgd&lang=ja&speed=5&story=2&present=1"],
    ["v=1&sched=poly", "sched=poly&v=1&embed=1&view=run&metric=bias"],
  ];
  for (const [a, b] of same) assert.equal(link.experimentKey(q(a)), link.experimentKey(q(b)), `${a} ~ ${b}`);
  assert.notEqual(link.experimentKey(q("opt=sgd")), link.experimentKey(q("opt=sgd&runs=2")));
});

test("gameLink adds present=1 in presenter mode, once", () => {
  const cases = [
    ["", false, ""], ["", true, "present=1"], ["opt=sgd", true, "opt=sgd&present=1"],
    ["opt=sgd&present=1", true, "opt=sgd&present=1"], ["opt=sgd", false, "opt=sgd"],
  ];
  for (const [s, presenting, want] of cases) assert.equal(link.gameLink(q(s), presenting), want, `${s} ${presenting}`);
});

test("rejected names the parameters the game's errors reject, leaving out errors about values the link no longer has", () => {
  const errors = ['lr="abc": want a number in (0, 10]', 'opt2="x": want one of sgd', 'runs="0": want an integer', "link: bad escape"];
  const cases = [
    ["lr=abc&opt2=x&runs=0", ["lr", "opt2", "runs"]],
    ["lr=0.1&opt2=x&runs=0", ["opt2", "runs"]], // lr was fixed since
    ["opt2=x", ["opt2"]], // lr and runs are gone
  ];
  for (const [s, want] of cases) assert.deepEqual([...link.rejected(q(s), errors)].sort(), want.sort(), s);
  assert.deepEqual([...link.rejected(q("lr=1"), null)], []);
});

test("understood: a value the game does not understand counts as the default", () => {
  const cases = [
    ["opt", "sgd", "sgd"], ["opt", "lion", "adam"], ["bgrow", "lin:0.5", "lin"], ["bgrow", "cubic:2", "const"],
    ["sched", "auto", "auto"], ["problem", "reddi", "reddi"], ["problem", "", "quadratic"],
  ];
  for (const [base, v, want] of cases) assert.equal(link.understood(base, v), want, `${base}=${v}`);
});

test("the view settings have the defaults of link.DefaultView", () => {
  const cases = [["view", "cloud"], ["speed", "4"], ["metric", "spread"], ["present", "0"], ["embed", "0"], ["lang", ""], ["story", ""]];
  for (const [name, want] of cases) assert.equal(link.value(q(""), name), want, name);
  assert.equal(link.value(q("view=run"), "view"), "run");
  assert.equal(link.understood("view", "sideways"), "cloud");
});

test("value: a real model's own defaults (schema \"for\"), the common default elsewhere", () => {
  const cases = [
    ["problem=logreg", "wd", 1, "0.001"],
    ["problem=linreg", "wd", 1, "0"],
    ["problem=logreg&wd=0.5", "wd", 2, "0.5"],
    ["problem=mlp", "hidden", 0, "16"],
    ["problem=mlp", "data", 0, "digits"],
    ["problem=linreg", "data", 0, "diabetes"],
    ["problem=softmax", "plane", 0, "hessian"],
    ["", "wd", 1, "0"],
  ];
  for (const [s, base, k, want] of cases) assert.equal(link.value(q(s), base, k), want, `${base} in lane ${k} of ${s}`);
});

test("dropInapplicable: a change of problem drops the settings the new problem has not", () => {
  const cases = [
    ["problem=linreg&x0=1,2&dist=exp&h2=3&runs=5&lr=0.1", "problem=linreg&runs=5&lr=0.1"],
    ["problem=quadratic&data=cancer&hidden=8&plane=noise&x0=1", "problem=quadratic&x0=1"],
    ["problem=linreg&data=digits", "problem=linreg"], // digits is no regression's
    ["problem=softmax&data=cancer&hidden=8", "problem=softmax&data=cancer"],
    ["problem=mlp&data=cancer&hidden=8", "problem=mlp&data=cancer&hidden=8"],
    ["h2=3&dist=t3", "h2=3&dist=t3"], // the default problem, a 2-D one
  ];
  for (const [s, want] of cases) assert.equal(link.query(link.dropInapplicable(q(s))), want, s);
});
