import assert from "node:assert/strict";
import { test } from "node:test";

import { linkFormat } from "../js/link.js";
import { keepRules } from "../js/navigation.js";
import { createStore } from "../js/store.js";
import { q, schema } from "./schema.js";

const link = linkFormat(schema);

// page returns a store at address s, with the history entries it writes
// and the events it emits, in order.
function page(s) {
  const entries = [["start", s ? `?${s}` : "/"]];
  const history = {
    pushState: (_, __, url) => entries.push(["push", url]),
    replaceState: (_, __, url) => entries.push(["replace", url]),
  };
  const store = createStore({ link, params: q(s), history, location: { pathname: "/" } });
  const events = [];
  for (const type of ["link", "render", "navigate", "status", "capabilities", "present", "restore"]) {
    store.on(type, (detail) => events.push(type === "render" ? [type, detail.except] : detail === undefined ? [type] : [type, detail]));
  }
  return { store, entries, events, address: () => entries.at(-1)[1] };
}

test("set writes a value into the address, and an empty one removes it", () => {
  const { store, entries, events, address } = page("opt=sgd");
  const el = {};
  store.set("lr", "0.1", el);
  assert.equal(address(), "?opt=sgd&lr=0.1");
  assert.deepEqual(events, [["link"], ["render", el]]);
  store.set("lr", "0.05"); // the default stays, as the person chose it
  assert.equal(address(), "?opt=sgd&lr=0.05");
  store.set("opt", "");
  store.set("lr", null);
  assert.equal(address(), "/");
  assert.ok(entries.slice(1).every(([how]) => how === "replace"), "a change of a setting adds no history entry");
});

test("navigate opens a new view keeping what it is told to, with lane 1 selected and a history entry", () => {
  const { store, entries, events } = page("opt2=sgd&opt3=sgd&lang=ja&speed=5&story=2");
  store.selectLane(3);
  events.length = 0;
  store.navigate(q("v=1&runs=1000"), { keep: keepRules(link).preset });
  assert.deepEqual(entries.at(-1), ["push", "?v=1&runs=1000&lang=ja&speed=5"]);
  assert.equal(store.selectedLane, 1);
  assert.deepEqual(events, [["link"], ["render", null], ["navigate", { push: true }]]);
  store.navigate(q("opt=sgd"), { push: false });
  assert.deepEqual(entries.at(-1), ["replace", "?opt=sgd"]);
});

test("render keeps the selected lane among the link's lanes", () => {
  const { store } = page("opt2=sgd&opt3=sgd");
  store.selectLane(3);
  assert.equal(store.selectedLane, 3);
  store.set("opt3", "");
  assert.equal(store.selectedLane, 2);
  store.selectLane(0);
  assert.equal(store.selectedLane, 1);
});

test("replaceLanes takes a lane edit's link and selection; a refused edit changes nothing", () => {
  const { store, address, events } = page("runs=3");
  store.replaceLanes({ params: q("runs=3&opt2=sgd"), selected: 2 });
  assert.equal(address(), "?runs=3&opt2=sgd");
  assert.equal(store.selectedLane, 2);
  events.length = 0;
  store.replaceLanes(null);
  assert.deepEqual(events, []);
});

test("restore shows the address Back left without writing it, unless told to", () => {
  const { store, entries, events } = page("opt=sgd");
  store.restore(q("opt=adam"));
  assert.equal(entries.length, 1);
  assert.equal(store.get("opt"), "adam");
  assert.deepEqual(events, [["restore"], ["link"], ["render", null]]);
  store.restore(q("opt=rmsprop"), { write: true });
  assert.deepEqual(entries.at(-1), ["replace", "?opt=rmsprop"]);
});

test("presenter mode: the game's link gets present=1, and leaving takes present=1 out of the address", () => {
  const { store, address, events } = page("opt=sgd&present=1");
  store.setPresenting(true);
  assert.equal(store.gameLink(), "opt=sgd&present=1");
  store.setPresenting(true); // no change, no event
  store.setPresenting(false);
  assert.equal(address(), "?opt=sgd");
  assert.equal(store.gameLink(), "opt=sgd");
  assert.deepEqual(events, [["link"], ["present", true], ["link"], ["present", false]]);
  const other = page("opt=sgd").store;
  other.setPresenting(true);
  assert.equal(other.gameLink(), "opt=sgd&present=1");
});

test("a status shows, unless learning what the game lacks made the page leave its link", () => {
  const one = page("v=1&sched=auto");
  one.store.setStatus({ link: "v=1&sched=auto", step: 1 });
  assert.equal(one.store.autoSupported, true);
  assert.deepEqual(one.events.map(([type]) => type), ["capabilities", "status"]);

  const two = page("v=1&sched=auto&story=8");
  two.store.on("capabilities", () => two.store.navigate(q("v=1&opt=sgd&story=8"), { push: false }));
  two.store.setStatus({ link: "v=1", errors: ['sched="auto": want one of const'] });
  assert.equal(two.store.autoSupported, false);
  assert.ok(!two.events.some(([type]) => type === "status"), "the status about the left link is not shown");
  two.store.setStatus({ link: "v=1&opt=sgd" });
  assert.equal(two.events.at(-1)[0], "status");

  const three = page("");
  three.store.setStatus({ link: "v=1" });
  assert.equal(three.store.autoSupported, null);
  three.store.learnAuto(true);
  three.store.learnAuto(false); // learnt once
  assert.equal(three.store.autoSupported, true);
});

test("rejected is the link's parameters the last status rejects", () => {
  const { store } = page("lr=abc&runs=0");
  assert.deepEqual([...store.rejected()], []);
  store.setStatus({ link: "v=1", errors: ['lr="abc": want a number in (0, 10]', 'runs="0": want an integer in [1, 10000]'] });
  assert.deepEqual([...store.rejected()].sort(), ["lr", "runs"]);
  store.set("lr", "0.1");
  assert.deepEqual([...store.rejected()], ["runs"]);
});
