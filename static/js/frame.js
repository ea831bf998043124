// The game's frame: game.html runs main.wasm in the same-origin iframe
// #game, which installs window.noiseball there (wasm/bridge.go). The page
// gives the game its link, follows its status five times a second, and
// hears of each new game ("noiseball-ready"). Until the game's canvas
// shows ("noiseball-live"), the still of the link stands in for it
// (placeholder.js).

import { removeStill, showStill } from "./placeholder.js";

// gameIn returns a function that gives the game's bridge in frame once
// main.wasm has started, else null.
export function gameIn(frame) {
  return () => {
    try {
      return frame.contentWindow?.noiseball ?? null;
    } catch {
      return null;
    }
  };
}

// initFrame starts the game on the link itself, so that its first frame is
// already the right one.
export function initFrame({ store, game, frame, reducedMotion }) {
  let readyGame = null;
  let polling = 0;
  const still = document.getElementById("game-still");
  const live = () => removeStill(still);

  const sendLink = () => game()?.setLink(store.gameLink());

  function poll() {
    const raw = game()?.status();
    if (!raw) return;
    let s;
    try {
      s = JSON.parse(raw);
    } catch {
      return;
    }
    store.setStatus(s);
  }

  // loaded hands the frame's window to its listeners and listens on it for
  // the game's "noiseball-ready".
  function loaded() {
    try {
      const w = frame.contentWindow;
      if (w) {
        store.emit("frame-window", w);
        w.addEventListener("noiseball-ready", ready);
        w.addEventListener("noiseball-live", live);
        if (w.noiseballLive) live();
      }
    } catch {
      // Not same-origin (cannot happen with our server): no listeners there.
    }
    ready();
  }

  // ready runs once per game: it gives the game the link, holds it still
  // when the person prefers reduced motion, and starts following its
  // status.
  function ready() {
    const g = game();
    if (!g || g === readyGame) return;
    readyGame = g;
    sendLink();
    if (reducedMotion) g.pause();
    store.emit("game-ready");
    if (!polling) polling = setInterval(poll, 200);
    poll();
  }

  store.on("link", sendLink);
  store.on("poll", poll);
  frame.addEventListener("load", loaded);
  const q = store.query();
  // The link may have settled on another view (story=k), or the page's
  // layout on another size, than the still asked for at once.
  showStill(still, frame, store.gameLink());
  frame.src = `game.html${q ? `?${q}` : ""}`;
  // In case "noiseball-ready" came before the listener was in place, or
  // the frame was reloaded.
  setInterval(loaded, 250);
}
