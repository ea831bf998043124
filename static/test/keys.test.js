import assert from "node:assert/strict";
import { test } from "node:test";

import { command } from "../js/keys.js";

// on is where a key was typed: on an element matching one of sels.
const on = (...sels) => (sel) => sels.some((s) => sel.split(", ").includes(s));
const nowhere = on();

test("the page's keys, with and without the guide open", () => {
  const cases = [
    [" ", {}, ["toggle-play"]],
    [" ", { on: on("button") }, null], // the button takes Space as a click
    [" ", { on: on("summary") }, null],
    ["ArrowRight", {}, ["step"]],
    ["ArrowRight", { step: 3 }, ["open-step", 4]],
    ["PageDown", {}, null],
    ["PageDown", { step: 3 }, ["open-step", 4]],
    ["ArrowLeft", {}, null],
    ["ArrowLeft", { step: 3 }, ["open-step", 2]],
    ["PageUp", { step: 1 }, ["open-step", 0]], // before the first step: nothing opens, the key is taken
    ["ArrowRight", { step: 3, on: on("[role=tablist]") }, null], // the lanes' tabs move
    ["ArrowLeft", { step: 3, on: on("[role=tablist]") }, null],
    ["f", {}, ["toggle-present"]],
    ["F", {}, ["toggle-present"]],
    ["r", {}, ["reset"]],
    ["N", {}, ["new-seed"]],
    ["?", {}, ["toggle-help"]],
    ["3", { presets: 9 }, ["open-preset", 2]],
    ["9", { presets: 8 }, null],
    ["0", { presets: 9 }, null],
    ["x", {}, null],
  ];
  for (const [key, where, want] of cases) assert.deepEqual(command(key, { on: nowhere, ...where }), want, `${key} ${JSON.stringify(where)}`);
});

test("an embedded view has only its bar's keys", () => {
  const cases = [
    [" ", {}, ["toggle-play"]],
    [" ", { on: on("a") }, null],
    [" ", { on: on("summary") }, ["toggle-play"]],
    ["ArrowRight", { step: 2 }, ["step"]],
    ["R", {}, ["reset"]],
    ["f", {}, null],
    ["n", {}, null],
    ["?", {}, null],
    ["1", { presets: 9 }, null],
    ["ArrowLeft", { step: 2 }, null],
  ];
  for (const [key, where, want] of cases) {
    assert.deepEqual(command(key, { on: nowhere, embedded: true, ...where }), want, `${key} ${JSON.stringify(where)}`);
  }
});
