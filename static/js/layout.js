// Where the game draws each part of its canvas: the rectangles of
// plot.Layout, from the proportions in link-schema.json. Pure.

// chartRect returns where the game draws chart (one of charts, or
// "landscape") on a w x h canvas, as {x0, y0, x1, y1}: on a wide canvas
// the charts stack in a column beside the landscape (in two when there are
// more than layout.columnCharts), on a tall one they sit in columns under
// it.
export function chartRect(layout, charts, w, h, chart) {
  const n = charts.length;
  const i = charts.indexOf(chart);
  if (w >= layout.wideAspect * h) {
    const cw = Math.min(Math.max(w - h, layout.columnMin * w), layout.columnMax * w);
    if (i < 0) return { x0: 0, y0: 0, x1: w - cw, y1: h };
    // More than columnCharts charts sit in chartColumns columns, row by row.
    const cols = n > layout.columnCharts ? layout.chartColumns : 1;
    const rows = Math.ceil(n / cols);
    const col = i % cols;
    const row = Math.floor(i / cols);
    return { x0: w - cw + (col * cw) / cols, y0: (h * row) / rows, x1: w - cw + ((col + 1) * cw) / cols, y1: (h * (row + 1)) / rows };
  }
  const cols = layout.chartColumns;
  const lh = Math.min(w, layout.landscapeMaxShare * h);
  if (i < 0) return { x0: 0, y0: 0, x1: w, y1: lh };
  const ch = (h - lh) / Math.ceil(n / cols);
  const col = i % cols;
  const row = Math.floor(i / cols);
  return { x0: (col * w) / cols, y0: lh + row * ch, x1: ((col + 1) * w) / cols, y1: lh + (row + 1) * ch };
}
