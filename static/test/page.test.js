// The page's HTML and modules against the schema: what the markup and the
// page's own tables name, the Go code must have.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { linkFormat } from "../js/link.js";
import { NEW_LANE_OPTS } from "../js/optimizers.js";
import { schema } from "./schema.js";

const link = linkFormat(schema);
const html = readFileSync(new URL("../index.html", import.meta.url), "utf8");
const story = JSON.parse(readFileSync(new URL("../story.json", import.meta.url), "utf8"));

test("every setting in the HTML is a parameter of the link, in the right place", () => {
  const template = html.slice(html.indexOf('<template id="lane-template">'), html.indexOf("</template>"));
  const names = (s) => [...s.matchAll(/data-param="([^"]+)"/g)].map((m) => m[1]);
  const lane = names(template);
  const globals = names(html.replace(template, ""));
  assert.ok(lane.length > 10 && globals.length > 8, `${lane.length} lane and ${globals.length} global settings`);
  for (const name of lane) assert.ok(link.laneParams.includes(name), `the lane's ${name} is not a lane parameter`);
  for (const name of globals) assert.ok(schema.globals.some((p) => p.name === name), `${name} is not a global parameter`);
});

test("every data-when condition names a word parameter and words it allows", () => {
  const conditions = [...html.matchAll(/data-when="(\w+)!?=([^"]+)"/g)];
  assert.ok(conditions.length > 20);
  for (const [, key, list] of conditions) {
    const words = link.param(key)?.words;
    assert.ok(words, `data-when on ${key}, which takes no words`);
    for (const w of list.split(",")) assert.ok(words.includes(w), `data-when="${key}=${w}": ${key} has no ${w}`);
  }
});

test("the HTML labels only words the menus' parameters allow", () => {
  const selects = [...html.matchAll(/<select id="[^"]*" data-param="(\w+)"[^>]*>([\s\S]*?)<\/select>/g)];
  assert.ok(selects.length >= 5);
  for (const [, name, body] of selects) {
    for (const [, v] of body.matchAll(/<option value="([^"]*)"/g)) {
      assert.ok(link.param(name).words.includes(v), `the ${name} menu offers ${v}`);
    }
  }
});

test("the optimizers the page names are the link's", () => {
  const words = link.param("opt").words;
  assert.deepEqual([...NEW_LANE_OPTS].sort(), [...words].sort());
  assert.deepEqual(Object.keys(schema.optimizers).sort(), [...words].sort());
});

test("the guide's steps outline charts the game draws", () => {
  for (const step of story.steps) assert.ok([...schema.charts, "landscape"].includes(step.chart), step.chart);
});

test("there is a colour for every lane", () => {
  assert.ok(schema.laneColours.length >= schema.maxLanes);
  for (const c of schema.laneColours) assert.match(c, /^#[0-9a-f]{6}$/);
});

// The view settings the page offers are ones the link allows. The page
// owns two lists Go mirrors (link.Languages, link.StorySteps): its
// translations and its guide.
test("the page's view settings are the link's", async () => {
  const view = Object.fromEntries(schema.view.map((p) => [p.name, p]));
  const { LANGUAGES } = await import("../js/i18n.js");
  assert.deepEqual(view.lang.words, LANGUAGES, "the languages");
  const menu = [...html.matchAll(/<option value="(\w+)" lang="\w+">/g)].map((m) => m[1]);
  assert.deepEqual(menu, LANGUAGES, "the language menu");
  assert.equal(view.story.range.max, story.steps.length, "the guide's steps");
  const views = [...html.matchAll(/<input[^>]*name="view"[^>]*value="(\w+)"/g)].map((m) => m[1]);
  assert.deepEqual(views.sort(), [...view.view.words].sort(), "the view buttons");
  const speeds = html.slice(html.indexOf('<select id="speed"'), html.indexOf("</select>", html.indexOf('<select id="speed"')));
  const offered = [...speeds.matchAll(/<option value="(\d+)"/g)].map((m) => m[1]);
  assert.ok(offered.length > 3, `speeds ${offered}`);
  for (const v of offered) {
    assert.ok(Number(v) >= view.speed.range.min && Number(v) <= view.speed.range.max, `speed=${v}`);
  }
  assert.deepEqual(view.metric.words, schema.sweep.metrics);
});
