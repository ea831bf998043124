// The page's view state, and its one owner. The address bar is the single
// source of truth: params is its query, every change is written back to it
// (history.replaceState, or pushState for a new view), and the game gets
// the whole link, which it parses and validates (sim/link) and reports on.
//
// The feature modules read the state from the store, change it only
// through its methods, and hear of changes through its events; they never
// import each other. The events:
//
//	link          the link the game should run changed (gameLink())
//	render        show the state; detail {except}: a control the person is
//	              editing, left as it is
//	navigate      a new view was opened; detail {push}: a history entry
//	status        the game's status s, a new one (every 200 ms)
//	rejected      the parameters the game rejects changed (readouts)
//	capabilities  autoSupported was learnt
//	present       presenter mode went on or off
//	language      the page's language changed
//	restore       Back, Forward or a hand-edited address set the link
//	game-ready    a game started in the frame
//	frame-window  the frame has a new window (detail), for its listeners
//	start         the page is built and shown (once)
//
// and requests, which one module carries out for whichever asks:
//
//	toggle-play, step, reset, new-seed, poll (read the game's status now),
//	open-preset (detail: its index), open-step (detail: k), close-story,
//	toggle-present, toggle-help, open-log (the Check a log dialog)

import { autoFromStatus } from "./capabilities.js";
import { keep } from "./navigation.js";

// createStore returns the store of a page whose address starts as params,
// with link the link's rules (linkFormat), writing to history; embedded
// says whether the page is an embedded view (embed=1, read once).
export function createStore({ link, params, embedded = false, history, location }) {
  const listeners = new Map();

  const store = {
    link,
    params, // the address's query
    selectedLane: 1, // the lane whose settings show
    presenting: false,
    embedded,
    status: null, // the game's last status
    presets: [], // the game's preset links, with their texts in the page's language
    // Whether the game's link format has the automatic schedule
    // (sched=auto): null until the game has accepted or rejected it.
    autoSupported: null,
    canRender: false, // the server draws stills (features.json)

    on(type, fn) {
      if (!listeners.has(type)) listeners.set(type, []);
      listeners.get(type).push(fn);
    },

    emit(type, detail) {
      for (const fn of listeners.get(type) ?? []) fn(detail);
    },

    get: (name) => link.last(store.params, name),
    value: (base, lane = 0) => link.value(store.params, base, lane),
    laneCount: () => link.laneCount(store.params),
    query: (p = store.params) => link.query(p),
    gameLink: () => link.gameLink(store.params, store.presenting),
    // rejected returns the names of the link's parameters the game rejects.
    rejected: () => link.rejected(store.params, store.status?.errors),

    // render shows the state, the selected lane kept among the lanes.
    render(except = null) {
      store.selectedLane = Math.min(Math.max(store.selectedLane, 1), store.laneCount());
      store.emit("render", { except });
    },

    // commit records params: in the address bar (replacing the entry, or
    // adding one for a new view), then in the game and on the page.
    commit({ push = false, except = null } = {}) {
      writeAddress(push);
      store.emit("link");
      store.render(except);
    },

    // set records a value set by hand. It stays in the link even when it
    // equals the default, so that the link reads as what the person chose;
    // an empty value removes the parameter (back to the default, or to lane
    // 1's).
    set(name, v, except = null) {
      store.update((p) => (v === null || v === "" ? p.delete(name) : p.set(name, v)), { except });
    },

    // update changes the link by edit(params) and commits it.
    update(edit, { push = false, except = null } = {}) {
      const p = new URLSearchParams(store.params);
      edit(p);
      store.params = p;
      store.commit({ push, except });
    },

    // replaceLanes takes a lane edit's result (lane-edits.js): its link and
    // the lane to select.
    replaceLanes(edit) {
      if (!edit) return;
      store.params = edit.params;
      store.selectedLane = edit.selected;
      store.commit();
    },

    // navigate opens the view next, keeping from the current one the
    // settings named in keep that next does not set (navigation.js), with
    // lane 1 selected. It adds a history entry unless push is false, so
    // that Back returns to the view before.
    navigate(next, { keep: names = [], push = true } = {}) {
      store.params = keep(store.params, next, names);
      store.selectedLane = 1;
      store.commit({ push });
      store.emit("navigate", { push });
    },

    // restore takes the address as Back, Forward or a hand edit left it,
    // p; write says whether p differs from it, and replaces it.
    restore(p, { write = false } = {}) {
      store.params = p;
      if (write) writeAddress(false);
      store.emit("restore");
      store.emit("link");
      store.render();
    },

    selectLane(k) {
      store.selectedLane = k;
      store.render();
    },

    setPresenting(on) {
      if (on === store.presenting) return;
      store.presenting = on;
      if (!on && store.params.has("present")) {
        const p = new URLSearchParams(store.params);
        p.delete("present");
        store.params = p;
        writeAddress(false);
      }
      store.emit("link");
      store.emit("present", on);
    },

    learnAuto(supported) {
      if (store.autoSupported !== null || supported === null) return;
      store.autoSupported = supported;
      store.emit("capabilities");
    },

    // setStatus takes the game's status s. What it shows of the game's
    // features is learnt first; a status about a link the page has just
    // left for that reason (a step of the guide replaced by its fallback)
    // is not shown.
    setStatus(s) {
      store.status = s;
      if (store.autoSupported === null) {
        const before = store.params;
        store.learnAuto(autoFromStatus(s));
        if (store.params !== before) return;
      }
      store.emit("status", s);
    },
  };

  function writeAddress(push) {
    const q = store.query();
    history[push ? "pushState" : "replaceState"](null, "", q ? `?${q}` : location.pathname);
  }

  return store;
}
