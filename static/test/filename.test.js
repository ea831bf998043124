import assert from "node:assert/strict";
import { test } from "node:test";

import { viewName } from "../js/filename.js";
import { linkFormat } from "../js/link.js";
import { q, schema } from "./schema.js";

const link = linkFormat(schema);

test("a download is named after its view: each lane's optimizer and learning rate, then the rest", () => {
  const cases = [
    ["v=1", "noiseball-adam-lr0.05"],
    ["v=1&opt=sgd&runs=1000", "noiseball-sgd-lr0.05-runs1000"],
    ["v=1&opt2=sgd", "noiseball-adam-lr0.05-sgd"],
    ["v=1&lr=0.1&opt2=sgd&lr2=0.01&b22=0.9", "noiseball-adam-lr0.1-sgd-lr0.01-b22_0.9"],
    ["v=1&x0=1,2&bgrow=lin:0.5&lang=ja&speed=5", "noiseball-adam-lr0.05-x0_1_2-bgrowlin_0.5"], // a name ending in a digit takes a _,
    ["v=1&seed=1 2", "noiseball-adam-lr0.05-seed1_2"],
  ];
  for (const [s, want] of cases) assert.equal(viewName(link, q(s)), want, s);
  assert.equal(viewName(link, q(`v=1&runs=${"9".repeat(200)}`)).length, 120);
});
