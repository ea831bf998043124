// The page's entry: it loads what the page needs (the strings, the Go
// code's schema of the link, the guide), makes the store that owns the view
// state, and starts the feature modules (static/js/), which talk to each
// other only through the store. The game runs in the same-origin iframe
// #game and exposes window.noiseball (wasm/bridge.go).

import { initCanvasLabels } from "./js/canvas-labels.js";
import { initControls } from "./js/controls.js";
import { initDownloads } from "./js/downloads.js";
import { initEdits } from "./js/edits.js";
import { initEmbed } from "./js/embed.js";
import { gameIn, initFrame } from "./js/frame.js";
import { storyGuide } from "./js/guide.js";
import { createI18n, pickLanguage } from "./js/i18n.js";
import { initKeys } from "./js/keys.js";
import { initLanes } from "./js/lanes.js";
import { initLanguage } from "./js/language.js";
import { linkFormat } from "./js/link.js";
import { initLogCheck } from "./js/logcheck.js";
import { initMonitor } from "./js/monitor.js";
import { initPresenter } from "./js/presenter.js";
import { initPresets } from "./js/presets.js";
import { initReadouts } from "./js/readouts.js";
import { createStore } from "./js/store.js";
import { initStory } from "./js/story.js";
import { initSweep } from "./js/sweep.js";
import { initTransport } from "./js/transport.js";

const json = (url) => fetch(url).then((r) => (r.ok ? r.json() : Promise.reject(new Error(`${url}: HTTP ${r.status}`))));

const address = new URLSearchParams(location.search);
const frame = document.getElementById("game");
const i18n = createI18n();
// The strings, the schema and the guide come first; the game's frame starts
// loading as soon as the link is settled.
const [, schema, story] = await Promise.all([
  i18n.setLanguage(pickLanguage(address.getAll("lang").at(-1))).catch(() => i18n.setLanguage("en").catch(() => {})),
  json("link-schema.json").catch((err) => {
    // Without the schema there are no settings to show; the game still
    // runs the link.
    const box = document.getElementById("errors");
    box.textContent = i18n.t("errors.schema", { reason: err.message });
    box.hidden = false;
    i18n.translate();
    document.documentElement.classList.remove("i18n-pending");
    frame.src = `game.html${location.search}`;
    return null;
  }),
  json("story.json").catch(() => null),
]);
if (!schema) throw new Error("noiseball: no link-schema.json");
i18n.setCatalogs(schema.messages);

const link = linkFormat(schema);
const guide = storyGuide(link, Array.isArray(story?.steps) ? story.steps : [], story?.opening ?? null);
const store = createStore({
  link,
  params: guide.opening(address),
  embedded: address.getAll("embed").at(-1) === "1",
  history,
  location,
});
if (store.params !== address) history.replaceState(null, "", `?${store.query()}`);

const ctx = {
  store, link, schema, guide, i18n, frame,
  game: gameIn(frame),
  reducedMotion: matchMedia("(prefers-reduced-motion: reduce)").matches,
};
// The order is the order in which they hear each event: the canvas's edits
// come first, as they may change the link the rest shows.
initEdits(ctx);
initLanes(ctx); // builds the lanes' panels, which the controls then bind
initControls(ctx);
initTransport(ctx);
initPresets(ctx);
initReadouts(ctx);
initMonitor(ctx);
initSweep(ctx);
initLogCheck(ctx);
initStory(ctx);
initPresenter(ctx);
initEmbed(ctx);
initDownloads(ctx);
initKeys(ctx);
initLanguage(ctx);
initCanvasLabels(ctx);

i18n.translate();
document.documentElement.classList.remove("i18n-pending");

// Back, Forward and a hand-edited address are honoured.
window.addEventListener("popstate", () => {
  const p = new URLSearchParams(location.search);
  const shown = guide.shown(p, store.autoSupported);
  store.restore(shown, { write: shown !== p });
});

store.render();
store.emit("start");
initFrame(ctx);
