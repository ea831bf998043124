// The keyboard shortcuts, on the page and in the game's frame, and the
// help dialog (?) that lists them. Keys typed into a field, and keys with
// Ctrl, Alt or Meta, are left alone. While the guide is open the arrow keys
// (and a presenter's remote, which sends Page Up and Page Down) move
// through it instead of stepping.

import { $ } from "./dom.js";

// command returns the request a key asks for, as [type, detail] (see
// store.js), or null for a key that does nothing here. where tells where
// the key was typed and what is open:
//
//	on(sel)   whether the key was typed on an element matching sel
//	embedded  an embedded view, which has only its bar's keys
//	step      the guide's step shown (0 for none)
//	presets   how many presets there are
//
// Pure.
export function command(key, { on, embedded = false, step = 0, presets = 0 }) {
  if (embedded) {
    switch (key) {
      case " ":
        return on("button, a") ? null : ["toggle-play"];
      case "ArrowRight":
        return ["step"];
      case "r":
      case "R":
        return ["reset"];
    }
    return null;
  }
  switch (key) {
    case " ":
      // A focused button takes Space as a click.
      return on("button, a, summary") ? null : ["toggle-play"];
    case "ArrowRight":
    case "PageDown":
      if (on("[role=tablist]")) return null;
      if (step) return ["open-step", step + 1];
      return key === "ArrowRight" ? ["step"] : null;
    case "ArrowLeft":
    case "PageUp":
      return !step || on("[role=tablist]") ? null : ["open-step", step - 1];
    case "f":
    case "F":
      return ["toggle-present"];
    case "r":
    case "R":
      return ["reset"];
    case "n":
    case "N":
      return ["new-seed"];
    case "?":
      return ["toggle-help"];
  }
  if (/^[1-9]$/.test(key) && Number(key) <= presets) return ["open-preset", Number(key) - 1];
  return null;
}

export function initKeys({ store, guide }) {
  const help = $("help");

  function onKey(e) {
    if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
    const target = e.target;
    const on = (sel) => typeof target?.closest === "function" && Boolean(target.closest(sel));
    if (on("input, select, textarea, [contenteditable]")) return;
    if (help.open && e.key !== "?") return;
    if ($("embed").open || $("logcheck").open) return;
    const c = command(e.key, {
      on, embedded: store.embedded, step: guide.index(store.params), presets: store.presets.length,
    });
    if (!c) return;
    store.emit(...c);
    e.preventDefault();
  }

  store.on("toggle-help", () => (help.open ? help.close() : help.showModal()));
  $("help-open").addEventListener("click", () => help.showModal());
  $("help-close").addEventListener("click", () => help.close());
  for (const dialog of document.querySelectorAll("dialog")) {
    dialog.addEventListener("click", (e) => {
      if (e.target === dialog) dialog.close(); // a click on the backdrop
    });
  }
  document.addEventListener("keydown", onKey);
  // A new document in the frame may come with a new window; adding the
  // same listener twice to one window does nothing.
  store.on("frame-window", (w) => w.addEventListener("keydown", onKey, true));
}
