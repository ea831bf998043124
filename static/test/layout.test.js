import assert from "node:assert/strict";
import { test } from "node:test";

import { chartRect } from "../js/layout.js";
import { schema } from "./schema.js";

const { layout, charts } = schema;
const rect = (w, h, chart) => chartRect(layout, charts, w, h, chart);
const near = (got, want, what) => {
  for (const k of ["x0", "y0", "x1", "y1"]) assert.ok(Math.abs(got[k] - want[k]) < 1e-9, `${what}: ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
};

test("the schema names the five monitor charts in the game's order", () => {
  assert.deepEqual(charts, ["loss", "dist", "step", "spread", "lr"]);
});

// The rectangles below are worked out by hand from plot.Layout's rule:
// wide (w >= 1.2 h): a column w - h wide, within [0.34 w, 0.45 w], of
// five charts h/5 high; tall: the landscape min(w, 0.58 h) high, then the
// charts in two columns, three rows.
test("a wide canvas: the charts stack in a column beside the landscape", () => {
  // 1000 x 600: w - h = 400, within [340, 450].
  near(rect(1000, 600, "landscape"), { x0: 0, y0: 0, x1: 600, y1: 600 }, "landscape");
  near(rect(1000, 600, "loss"), { x0: 600, y0: 0, x1: 1000, y1: 120 }, "loss");
  near(rect(1000, 600, "lr"), { x0: 600, y0: 480, x1: 1000, y1: 600 }, "lr");
  // 2000 x 500: w - h = 1500, held at 0.45 w = 900.
  near(rect(2000, 500, "step"), { x0: 1100, y0: 200, x1: 2000, y1: 300 }, "step, column at its widest");
  // 1200 x 1000: w - h = 200, raised to 0.34 w = 408.
  near(rect(1200, 1000, "dist"), { x0: 792, y0: 200, x1: 1200, y1: 400 }, "dist, column at its narrowest");
});

test("a tall canvas: the landscape on top, the charts in two columns under it", () => {
  // 400 x 1000: the landscape 400 high (as wide), the charts (1000 - 400) / 3 = 200 high.
  near(rect(400, 1000, "landscape"), { x0: 0, y0: 0, x1: 400, y1: 400 }, "landscape");
  near(rect(400, 1000, "loss"), { x0: 0, y0: 400, x1: 200, y1: 600 }, "loss");
  near(rect(400, 1000, "dist"), { x0: 200, y0: 400, x1: 400, y1: 600 }, "dist");
  near(rect(400, 1000, "lr"), { x0: 0, y0: 800, x1: 200, y1: 1000 }, "lr");
  // 600 x 600 (not wide): the landscape 0.58 h = 348 high.
  near(rect(600, 600, "spread"), { x0: 300, y0: 348 + 84, x1: 600, y1: 348 + 168 }, "spread");
});

test("a real model's seven charts: two columns beside the landscape, row by row", () => {
  const charts = schema.chartsFor.logreg;
  assert.deepEqual(charts, ["loss", "heldout_loss", "heldout_acc", "dist", "step", "spread", "lr"]);
  // 1000 x 600: a column 400 wide, split in two of 200; four rows of 150.
  const r = (chart) => chartRect(layout, charts, 1000, 600, chart);
  near(r("landscape"), { x0: 0, y0: 0, x1: 600, y1: 600 }, "landscape");
  near(r("loss"), { x0: 600, y0: 0, x1: 800, y1: 150 }, "loss");
  near(r("heldout_loss"), { x0: 800, y0: 0, x1: 1000, y1: 150 }, "heldout_loss");
  near(r("heldout_acc"), { x0: 600, y0: 150, x1: 800, y1: 300 }, "heldout_acc");
  near(r("lr"), { x0: 600, y0: 450, x1: 800, y1: 600 }, "lr");
  // linreg's six: also two columns, three rows.
  near(chartRect(layout, schema.chartsFor.linreg, 1000, 600, "step"), { x0: 800, y0: 200, x1: 1000, y1: 400 }, "linreg step");
});
