import assert from "node:assert/strict";
import { test } from "node:test";

import { laneEdits } from "../js/lane-edits.js";
import { linkFormat } from "../js/link.js";
import { q, schema } from "./schema.js";

const link = linkFormat(schema);
const edits = laneEdits(link);
const run = (edit) => (edit ? [link.query(edit.params), edit.selected] : null);

test("add: a new lane with the first optimizer no lane uses", () => {
  const cases = [
    ["", ["opt2=sgd", 2]],
    ["runs=5&opt=sgd", ["runs=5&opt=sgd&opt2=adam", 2]],
    ["opt2=sgd", ["opt2=sgd&opt3=rmsprop", 3]],
    ["lr=0.1&opt2=sgd&opt3=rmsprop", ["lr=0.1&opt2=sgd&opt3=rmsprop&opt4=momentum", 4]],
    ["opt2=sgd&opt3=rmsprop&opt4=momentum", null], // four lanes: no room
  ];
  for (const [s, want] of cases) assert.deepEqual(run(edits.add(q(s))), want, s);
});

test("duplicate: a copy of lane k naming only what differs from lane 1", () => {
  const cases = [
    ["lr=0.1", 1, ["lr=0.1&opt2=adam", 2]],
    ["lr=0.1&opt2=sgd&b12=0.5", 2, ["lr=0.1&opt2=sgd&b12=0.5&opt3=sgd&b13=0.5", 3]],
    ["opt2=sgd&lr2=0.1", 1, ["opt2=sgd&lr2=0.1&opt3=adam", 3]],
  ];
  for (const [s, k, want] of cases) assert.deepEqual(run(edits.duplicate(q(s), k)), want, `${s} lane ${k}`);
});

test("remove: the lanes after it move up, each keeping its settings", () => {
  const cases = [
    ["opt2=sgd", 2, ["", 1]],
    ["opt2=sgd", 1, ["opt=sgd", 1]],
    // Lane 3 took lr from lane 1; removing lane 1 writes it out.
    ["lr=0.1&opt2=sgd&opt3=rmsprop", 1, ["opt=sgd&lr=0.1&opt2=rmsprop", 1]],
    // Lane 2 owned nothing but its optimizer's name equal to lane 1's.
    ["runs=9&opt2=adam&opt3=sgd", 3, ["runs=9&opt2=adam", 2]],
    ["opt2=sgd&lr2=0.2&opt3=rmsprop", 2, ["opt2=rmsprop", 1]], // the lane before is selected,
    ["", 1, null], // one lane stays
  ];
  for (const [s, k, want] of cases) assert.deepEqual(run(edits.remove(q(s), k)), want, `${s} without ${k}`);
});

// settings is what every lane of p runs, by lane.
const settings = (p) =>
  Array.from({ length: link.laneCount(p) }, (_, i) => Object.fromEntries(link.laneParams.map((b) => [b, link.value(p, b, i + 1)])));

// links returns n random links of up to maxLanes lanes, from a fixed seed.
function links(n) {
  let seed = 1;
  const rand = (m) => {
    seed = (seed * 48271) % 2147483647;
    return seed % m;
  };
  const values = { opt: ["sgd", "adam", "rmsprop"], lr: ["0.1", "0.01"], b1: ["0.5", "0.9"], batch: ["1", "4"] };
  const out = [];
  for (let i = 0; i < n; i++) {
    const p = q("runs=3");
    const lanes = 1 + rand(link.maxLanes);
    for (let k = 1; k <= lanes; k++) {
      for (const [b, vs] of Object.entries(values)) if (rand(3) === 0 || (k === lanes && b === "opt")) p.set(link.laneName(b, k), vs[rand(vs.length)]);
    }
    out.push(p);
  }
  return out;
}

test("every edit keeps the other lanes' settings and the rest of the link", () => {
  for (const p of links(300)) {
    const before = settings(p);
    const n = before.length;
    for (let k = 1; k <= n; k++) {
      const removed = edits.remove(p, k);
      if (n === 1) {
        assert.equal(removed, null);
        continue;
      }
      assert.deepEqual(settings(removed.params), before.filter((_, i) => i !== k - 1), `${p} without ${k}`);
      assert.equal(removed.params.get("runs"), "3");
      const dup = edits.duplicate(p, k);
      if (n < link.maxLanes) assert.deepEqual(settings(dup.params), [...before, before[k - 1]], `${p} duplicating ${k}`);
    }
    const added = edits.add(p);
    if (n < link.maxLanes) {
      const after = settings(added.params);
      assert.deepEqual(after.slice(0, n), before, `${p} adding`);
      assert.ok(!before.some((l) => l.opt === after[n].opt), `${p}: the new lane's ${after[n].opt} is used already`);
    }
  }
});
