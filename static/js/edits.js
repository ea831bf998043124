// Changes made on the canvas: dragging the start point sets parameters, and
// a click on a sweep's cell opens that cell's link. The game reports each
// edit once in its status, numbered (edit.seq).

import { cellView, keepRules } from "./navigation.js";

export function initEdits({ store, link }) {
  const rules = keepRules(link);
  let lastEdit = 0;

  store.on("status", ({ edit }) => {
    if (!edit || edit.seq <= lastEdit) return;
    lastEdit = edit.seq;
    if (edit.link) {
      // The cell is one view: the page's view settings stay, the sweep's
      // go; Back returns to the sweep.
      store.navigate(cellView(link, edit.link), { keep: rules.cell });
      return;
    }
    store.update((p) => {
      for (const [name, v] of Object.entries(edit.params ?? {})) p.set(name, v);
    });
  });
}
