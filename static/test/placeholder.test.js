// The game's placeholder: which still stands in for the game, from the
// server (a /render.png query) or from a static copy's files.

import assert from "node:assert/strict";
import { test } from "node:test";

import { staticStill, stillQuery } from "../js/placeholder.js";
import { schema } from "./schema.js";

test("the still of a link is its first frame in the frame's size, with the link's view", () => {
  const cases = [
    ["", 911, 491, 1, "first=1&w=911&h=491"],
    ["?runs=10000&speed=10&view=cloud", 911, 491, 1, "runs=10000&speed=10&view=cloud&first=1&w=911&h=491"],
    ["opt=sgd&present=1&view=run", 640.4, 359.6, 2, "opt=sgd&present=1&view=run&first=1&w=640&h=360&dpr=2"],
    // The still's own parameters and the page's that change no picture are
    // not passed on; pairs and growths stay readable.
    ["x0=1,2&bgrow=lin:1&w=5&h=5&dpr=3&fit=1&first=0&story=2&embed=1&lang=ja", 300, 200, 1, "x0=1,2&bgrow=lin:1&lang=ja&first=1&w=300&h=200"],
  ];
  for (const [query, w, h, dpr, want] of cases) assert.equal(stillQuery(query, w, h, dpr), want, query);
});

test("a sweep has no still: its view is heat maps", () => {
  assert.equal(stillQuery("sweep=lr:0.01..1&runs=10", 900, 500, 1), "");
});

test("the parameters the still is asked for with are no parameters of a link", () => {
  const names = new Set([...schema.globals, ...schema.lane, ...schema.view].map((p) => p.name));
  for (const name of ["w", "h", "dpr", "fit", "first"]) assert.ok(!names.has(name), `${name} is a link parameter`);
});

test("a static copy shows the still of the preset or default view the link is, in the nearest shape", () => {
  const stills = {
    dir: "stills",
    sizes: [[912, 492], [370, 370], [380, 860]],
    view: schema.view.map((p) => p.name),
    links: { "": "default", "runs=1000": "adam", "opt=sgd&runs=1000": "sgd" },
  };
  const cases = [
    ["", 911, 491, "stills/default-912x492.png"],
    ["?v=1", 1500, 800, "stills/default-912x492.png"],
    ["v=1&runs=1000", 360, 380, "stills/adam-370x370.png"],
    // Any order of the parameters, and the view settings the copy's
    // stills share.
    ["runs=1000&lang=ja&opt=sgd&speed=10&v=1&view=cloud", 400, 900, "stills/sgd-380x860.png"],
    // Not a preset, or a view the copy has no still of.
    ["runs=1000&opt=adagrad", 911, 491, ""],
    ["runs=1000&view=run", 911, 491, ""],
    ["runs=1000&present=1", 911, 491, ""],
    ["sweep=lr:0.01..1&runs=1000", 911, 491, ""],
    ["runs=1000", 0, 0, ""],
  ];
  for (const [query, w, h, want] of cases) assert.equal(staticStill(stills, query, w, h), want, query);
});
