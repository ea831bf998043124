// The page's shape: the modules of static/js have no effects when imported
// (only the entry, app.js, has), and the feature modules, each an init
// function the entry calls with the store, never import each other.

import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { test } from "node:test";

const dir = new URL("../js/", import.meta.url);
const modules = readdirSync(dir).filter((f) => f.endsWith(".js"));
const source = (f) => readFileSync(new URL(f, dir), "utf8");
const imports = (f) => [...source(f).matchAll(/^import .* from "\.\/([\w-]+\.js)";$/gm)].map((m) => m[1]);
const isFeature = (f) => /^export function init\w+\(/m.test(source(f));

test("importing a module touches nothing: no page, no window here, and no error", async () => {
  assert.equal(typeof document, "undefined");
  for (const f of modules) await import(new URL(f, dir));
});

test("the feature modules import no other feature module", () => {
  const features = modules.filter(isFeature);
  assert.ok(features.length >= 15, `${features.length} feature modules: ${features}`);
  for (const f of modules) {
    for (const m of imports(f)) assert.ok(!isFeature(m), `${f} imports the feature module ${m}`);
  }
});

test("no module keeps state of its own: no let or var outside functions", () => {
  for (const f of modules) {
    const top = source(f).split("\n").filter((line) => /^(let|var) /.test(line));
    assert.deepEqual(top, [], f);
  }
});
