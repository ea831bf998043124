// Presenter mode (F): the simulation and the guide fill the screen, the
// settings go, the text grows, and the game gets present=1, so that it
// draws larger text and thicker lines. The controls and the pointer hide
// after 2.5 s without a move. Outside the guide, a caption says what the
// view shows: the preset's title and its takeaway, or the tagline.

import { $ } from "./dom.js";

export function initPresenter({ store, link, guide, i18n }) {
  const { t } = i18n;
  let idleTimer = 0;

  // caption shows, in presenter mode outside the guide, the title and the
  // takeaway of the preset the view is, or the tagline.
  function caption() {
    const show = store.presenting && !store.embedded && !guide.index(store.params);
    $("caption").hidden = !show;
    if (!show) return;
    const key = link.experimentKey(store.params);
    const p = store.presets.find((x) => link.experimentKey(new URLSearchParams(x.query.replace(/^\?/, ""))) === key);
    $("caption-title").textContent = p ? p.title : t("app.tagline");
    $("caption-text").textContent = p?.description ?? "";
    $("caption-text").hidden = !p?.description;
  }

  async function toggle() {
    if (store.embedded) return;
    if (!store.presenting) {
      store.setPresenting(true);
      try {
        if (!document.fullscreenElement) await document.documentElement.requestFullscreen?.({ navigationUI: "hide" });
      } catch {
        // No full screen here (a frame that does not allow it, a browser
        // that refuses): the presenter layout still applies.
      }
    } else {
      store.setPresenting(false);
      if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
    }
  }

  // wake shows the presenter's controls, and hides them again (and the
  // pointer) after 2.5 s without a pointer move.
  function wake() {
    clearTimeout(idleTimer);
    setIdle(false);
    if (store.presenting) idleTimer = setTimeout(() => setIdle(true), 2500);
  }

  function setIdle(idle) {
    document.body.classList.toggle("idle", idle);
    try {
      $("game").contentDocument?.documentElement.classList.toggle("idle", idle);
    } catch {
      // The frame is ours; if it is not, its pointer stays.
    }
  }

  store.on("present", (on) => {
    document.body.classList.toggle("present", on);
    caption();
    wake();
  });
  // The presets module, which hears these first, has read the presets.
  for (const event of ["render", "game-ready", "language"]) store.on(event, caption);
  store.on("toggle-present", toggle);
  store.on("frame-window", (w) => w.addEventListener("pointermove", wake));
  store.on("start", wake);
  $("present").addEventListener("click", toggle);
  $("present-exit").addEventListener("click", toggle);
  document.addEventListener("fullscreenchange", () => {
    // Leaving full screen (Esc) leaves presenter mode too.
    if (!document.fullscreenElement && store.presenting) store.setPresenting(false);
  });
  document.addEventListener("pointermove", wake);
  document.addEventListener("focusin", () => store.presenting && wake());
  // A link with present=1 opens in presenter mode (not in an embedded view).
  if (store.get("present") === "1" && !store.embedded) store.setPresenting(true);
}
