import assert from "node:assert/strict";
import { test } from "node:test";

import { autoFromPresets, autoFromStatus } from "../js/capabilities.js";

test("the game has sched=auto if its link uses it, lacks it if it rejects it, else it does not tell", () => {
  const cases = [
    [{ link: "v=1&sched=auto" }, true],
    [{ link: "v=1&opt2=sgd&sched2=auto" }, true],
    [{ link: "v=1&sched=autox" }, null],
    [{ link: "v=1", errors: ['sched="auto": want one of const, poly'] }, false],
    [{ link: "v=1", errors: ['sched3="auto": want one of const'] }, false],
    [{ link: "v=1", errors: ['sched="x": want one of const'] }, null],
    [{}, null],
    [null, null],
  ];
  for (const [s, want] of cases) assert.equal(autoFromStatus(s), want, JSON.stringify(s));
});

test("a preset that uses sched=auto says the game has it", () => {
  assert.equal(autoFromPresets([{ query: "v=1" }, { query: "v=1&opt=sgd&sched=auto" }]), true);
  assert.equal(autoFromPresets([{ query: "v=1&sched=poly" }]), null);
  assert.equal(autoFromPresets([]), null);
});
