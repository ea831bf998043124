// Taking the view elsewhere: the Download menu (the metrics as CSV from
// the game; a PNG or SVG still from the server's render endpoint, when
// features.json says it has one) and Copy link.

import { $ } from "./dom.js";
import { viewName } from "./filename.js";

export function initDownloads({ store, link, game, frame, i18n }) {
  const { t } = i18n;
  let noteTimer = 0;

  // say shows a short note for 4 s.
  function say(text) {
    const note = $("note");
    note.textContent = text;
    note.hidden = false;
    clearTimeout(noteTimer);
    noteTimer = setTimeout(() => (note.hidden = true), 4000);
  }

  // The game's canonical link of the view, or the address's before the
  // game has read it.
  const shownLink = () => new URLSearchParams(store.status?.link || store.query());
  const fileName = (ext) => `${viewName(link, shownLink())}.${ext}`;

  function save(blob, name) {
    const url = URL.createObjectURL(blob);
    const a = document.createElement("a");
    a.href = url;
    a.download = name;
    a.hidden = true;
    document.body.append(a);
    a.click();
    a.remove();
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }

  async function downloadCSV() {
    $("download").open = false;
    const g = game();
    if (typeof g?.csv !== "function") {
      say(t("download.notready"));
      return;
    }
    try {
      save(new Blob([await g.csv()], { type: "text/csv" }), fileName("csv"));
    } catch (err) {
      say(t("download.failed", { reason: err?.message ?? String(err) }));
    }
  }

  // stillQuery is the query of the server's still (render.png, render.svg)
  // of the view at the game's current step, at the frame's size in CSS
  // pixels; fit=1 lets the server stop earlier than a step it may not
  // reach.
  function stillQuery(kind) {
    const p = shownLink();
    if (store.status) p.set("steps", String(Math.max(1, store.status.step)));
    const view = store.get("view");
    if (view) p.set("view", view);
    p.set("w", String(Math.round(Math.min(1920, Math.max(200, frame.clientWidth)))));
    p.set("h", String(Math.round(Math.min(1080, Math.max(150, frame.clientHeight)))));
    if (kind === "png") p.set("dpr", "2");
    p.set("fit", "1");
    return store.query(p);
  }

  // downloadStill fetches from the server a still of the view: kind "png"
  // at twice the frame's size in pixels, "svg" as vectors.
  async function downloadStill(kind) {
    $("download").open = false;
    try {
      const r = await fetch(`render.${kind}?${stillQuery(kind)}`);
      if (!r.ok) throw new Error((await r.text()).trim().slice(0, 300) || `HTTP ${r.status}`);
      save(await r.blob(), fileName(kind));
    } catch (err) {
      say(t("download.failed", { reason: err?.message ?? String(err) }));
    }
  }

  // loadFeatures asks the server what it offers beyond the files: the Go
  // server draws stills, a static copy of the site does not.
  async function loadFeatures() {
    try {
      const r = await fetch("features.json", { cache: "no-cache" });
      store.canRender = r.ok && (await r.json())?.render === true;
    } catch {
      store.canRender = false;
    }
    $("download-png").hidden = !store.canRender;
    $("download-svg").hidden = !store.canRender;
  }

  $("download-csv").addEventListener("click", downloadCSV);
  $("download-png").addEventListener("click", () => downloadStill("png"));
  $("download-svg").addEventListener("click", () => downloadStill("svg"));
  document.addEventListener("click", (e) => {
    // A click elsewhere closes the Download menu.
    if (!e.target.closest?.("#download")) $("download").open = false;
  });
  $("copy").addEventListener("click", async () => {
    try {
      await navigator.clipboard.writeText(location.href);
      say(t("copy.done"));
    } catch {
      say(t("copy.failed"));
    }
  });
  store.on("start", loadFeatures);
}
