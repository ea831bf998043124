// The page's controls. The address bar is the single source of truth: the
// controls show what its query says, write every change back to it with
// history.replaceState, and hand the whole query to the game, which parses
// and validates it (sim/link) and reports what was wrong. The game runs in
// the same-origin iframe #game and exposes window.noiseball (wasm/bridge.go).

const MAX_LANES = 4;
const LANE_COLOURS = ["#d55e00", "#0072b2", "#009e73", "#cc79a7"]; // Okabe-Ito, as the game draws them
// The per-lane parameters of the link (sim/link/params.go). Lanes 2..4 add
// their number to the name (lr2) and take what they do not name from lane 1.
const LANE_PARAMS = ["opt", "lr", "sched", "p", "n0", "lrmin", "warmup", "b1", "b2", "eps", "mom", "bc", "wd",
  "clip", "batch", "bgrow"];
// Settings of the page rather than of the experiment (link.ViewParams).
const VIEW_PARAMS = ["view", "speed", "lang", "story", "embed", "chart", "present"];
// The values of a link that names nothing: sim.Default and sim.DefaultLane
// (sim/config.go). An end-to-end test checks that the game agrees.
const DEFAULTS = {
  problem: "quadratic", h1: "1", h2: "4", angle: "30", c: "3", dist: "gauss", sigma: "1", x0: "1.5,1",
  runs: "1", seed: "1", steps: "100000",
  opt: "adam", lr: "0.05", sched: "const", p: "1", n0: "100", lrmin: "0", warmup: "0", b1: "0.9", b2: "0.999",
  eps: "1e-8", mom: "0.9", bc: "1", wd: "0", clip: "0", batch: "1", bgrow: "const",
};
// The rate a batch growth starts with when it is chosen in the menu.
const GROWTH_RATE = { lin: "0.01", geo: "1.001" };
const OPT_NAMES = {
  sgd: "SGD", momentum: "Momentum", heavyball: "Heavy ball", nesterov: "Nesterov", adagrad: "Adagrad",
  rmsprop: "RMSprop", adam: "Adam", amsgrad: "AMSGrad", adamw: "AdamW",
};
// A new lane takes the first of these optimizers that no lane uses yet.
const NEW_LANE_OPTS = ["sgd", "adam", "rmsprop", "momentum", "heavyball", "adagrad", "nesterov", "amsgrad", "adamw"];

const $ = (id) => document.getElementById(id);
const frame = $("game");
const reducedMotion = matchMedia("(prefers-reduced-motion: reduce)").matches;

let params = new URLSearchParams(location.search);
let selectedLane = 1;
let presets = [];
let lastStatus = null;

// game returns the game's bridge once main.wasm has started, else null.
function game() {
  try {
    return frame.contentWindow?.noiseball ?? null;
  } catch {
    return null;
  }
}

function sendLink() {
  game()?.setLink(query());
}

// ---- The link ----

// get returns the value of name in the address, the last one if it is
// repeated (as the Go parser reads it), or null.
function get(name) {
  const all = params.getAll(name);
  return all.length ? all[all.length - 1] : null;
}

function linkName(base, lane) {
  return lane > 1 ? base + lane : base;
}

// splitLane mirrors sim/link: "lr2" is ("lr", 2), "lr" and "b2" are lane 1's,
// anything else is lane 0 (a global, view or unknown parameter).
function splitLane(name) {
  if (LANE_PARAMS.includes(name)) return [name, 1];
  const k = Number(name.slice(-1));
  const base = name.slice(0, -1);
  if (k >= 2 && k <= MAX_LANES && LANE_PARAMS.includes(base)) return [base, k];
  return [name, 0];
}

function laneCount() {
  let n = 1;
  for (const name of params.keys()) n = Math.max(n, splitLane(name)[1]);
  return n;
}

// value returns the setting base has in lane (0 for a global): the lane's own
// value, else lane 1's, else the default.
function value(base, lane = 0) {
  return (lane > 1 ? get(linkName(base, lane)) : null) ?? get(base) ?? DEFAULTS[base];
}

// query is the address's query, with the ',' of pairs and the ':' of batch
// growths left readable as the game's canonical links leave them.
function query() {
  return params.toString().replace(/%2C/gi, ",").replace(/%3A/gi, ":");
}

// commit records params: in the address bar (replacing the entry, or adding
// one for a new view such as a preset), then in the game and the controls.
function commit({ push = false, except = null } = {}) {
  const q = query();
  history[push ? "pushState" : "replaceState"](null, "", q ? `?${q}` : location.pathname);
  sendLink();
  render(except);
}

// setParam records a value set by hand. It stays in the link even when it
// equals the default, so that the link reads as what the person chose; an
// empty value removes the parameter (back to the default, or to lane 1's).
function setParam(name, v, except = null) {
  if (v === null || v === "") params.delete(name);
  else params.set(name, v);
  commit({ except });
}

// ---- Lanes: add, duplicate, remove ----

function ownValues(k) {
  const o = {};
  for (const b of LANE_PARAMS) {
    const v = get(linkName(b, k));
    if (v !== null) o[b] = v;
  }
  return o;
}

function allValues(k) {
  return Object.fromEntries(LANE_PARAMS.map((b) => [b, value(b, k)]));
}

// writeLanes replaces every lane parameter of the address by lanes, whose
// first entry holds lane 1's values and the others what each lane sets
// itself. Lane parameters follow the others, lane by lane.
function writeLanes(lanes) {
  const rest = [...params].filter(([name]) => splitLane(name)[1] === 0);
  params = new URLSearchParams(rest);
  lanes.forEach((lane, i) => {
    for (const b of LANE_PARAMS) if (lane[b] !== undefined) params.append(linkName(b, i + 1), lane[b]);
  });
}

function currentLanes() {
  const lanes = [];
  for (let k = 1; k <= laneCount(); k++) lanes.push(ownValues(k));
  return lanes;
}

function addLane() {
  const n = laneCount();
  if (n >= MAX_LANES) return;
  const used = new Set(Array.from({ length: n }, (_, i) => value("opt", i + 1)));
  const opt = NEW_LANE_OPTS.find((o) => !used.has(o)) ?? "sgd";
  writeLanes([...currentLanes(), { opt }]);
  selectedLane = n + 1;
  commit();
}

// duplicateLane adds a lane with lane k's settings, naming only those that
// differ from lane 1 (and opt, which makes the lane exist).
function duplicateLane(k) {
  const n = laneCount();
  if (n >= MAX_LANES) return;
  const first = allValues(1);
  const src = allValues(k);
  const copy = { opt: src.opt };
  for (const b of LANE_PARAMS) if (src[b] !== first[b]) copy[b] = src[b];
  writeLanes([...currentLanes(), copy]);
  selectedLane = n + 1;
  commit();
}

// removeLane removes lane k and renumbers the lanes after it, keeping every
// remaining lane's settings as they were. Removing lane 1 makes lane 2 the
// new lane 1, so the lanes that took values from lane 1 get them written out.
function removeLane(k) {
  const n = laneCount();
  if (n < 2) return;
  const before = Array.from({ length: n }, (_, i) => ({ own: ownValues(i + 1), all: allValues(i + 1) }));
  const kept = before.filter((_, i) => i !== k - 1);
  const lane1 = k === 1 ? { ...before[0].own, ...before[1].own } : kept[0].own;
  const lanes = [lane1];
  for (const lane of kept.slice(1)) {
    const own = { ...lane.own };
    for (const b of LANE_PARAMS) {
      if (own[b] === undefined && lane.all[b] !== (lane1[b] ?? DEFAULTS[b])) own[b] = lane.all[b];
    }
    if (Object.keys(own).length === 0) own.opt = lane.all.opt;
    lanes.push(own);
  }
  writeLanes(lanes);
  selectedLane = Math.max(1, Math.min(k > 1 ? k - 1 : 1, n - 1));
  commit();
}

// ---- Controls ----

const controls = []; // {el, base, lane, part}
const words = {}; // the values each menu offers, by parameter

function control(base, lane, part) {
  return controls.find((c) => c.base === base && c.lane === lane && c.el.dataset.part === part)?.el;
}

// bind connects every [data-param] element under root, for lane (0 for the
// global settings).
function bind(root, lane) {
  for (const el of root.querySelectorAll("[data-param]")) {
    const base = el.dataset.param;
    const c = { el, base, lane };
    el.dataset.name = linkName(base, lane === 0 ? 1 : lane);
    controls.push(c);
    if (el.tagName === "SELECT" && !words[base]) words[base] = [...el.options].map((o) => o.value);
    if (el.type === "range") {
      el.addEventListener("input", () => changed(c, true));
    }
    el.addEventListener("change", () => changed(c, false));
  }
}

let sliderTimer = 0;
let sliderLast = 0;

// changed writes a control's new value into the link. Values outside the
// allowed range are written as typed: the game says what is wrong with them.
function changed({ el, base, lane }, dragging) {
  const name = linkName(base, lane === 0 ? 1 : lane);
  const part = el.dataset.part;
  clearTimeout(sliderTimer);
  el.removeAttribute("aria-invalid");
  if (el.validity?.badInput) {
    // A number field holding something that is not a number: there is no
    // value to write.
    el.setAttribute("aria-invalid", "true");
    return;
  }
  let v;
  if (el.type === "checkbox") {
    v = el.checked ? "1" : "0";
  } else if (part === "log") {
    // Two significant digits are plenty on a log scale.
    v = String(Number((10 ** Number(el.value)).toPrecision(2)));
    control(base, lane, undefined).value = v;
    if (dragging) {
      // While the thumb moves, restart the experiment at most every 150 ms,
      // and once more where it stops.
      const wait = sliderLast + 150 - performance.now();
      const write = () => {
        sliderLast = performance.now();
        setParam(name, v, el);
      };
      if (wait <= 0) write();
      else sliderTimer = setTimeout(write, wait);
      return;
    }
  } else if (part === "0" || part === "1") {
    const x = control(base, lane, "0").value.trim();
    const y = control(base, lane, "1").value.trim();
    v = x === "" && y === "" ? "" : x === y ? x : `${x},${y}`;
  } else if (part === "kind" || part === "rate") {
    // A new kind of growth starts at its own default rate (the rates of
    // lin and geo have different ranges).
    const kind = control(base, lane, "kind").value;
    const rate = part === "rate" ? el.value.trim() : "";
    v = kind === "const" ? "const" : `${kind}:${rate || GROWTH_RATE[kind]}`;
  } else {
    v = el.value.trim();
  }
  setParam(name, v, el);
}

// showControl sets a control from the link.
function showControl({ el, base, lane }) {
  const v = value(base, lane);
  const part = el.dataset.part;
  const inherited = lane > 1 && get(linkName(base, lane)) === null;
  el.classList.toggle("inherited", inherited);
  el.title = inherited ? "Same as lane 1; set it here to change this lane only" : "";
  if (el.tagName === "SELECT") {
    choose(el, part === "kind" ? v.split(":")[0] : v);
  } else if (el.type === "checkbox") {
    el.checked = (v === "0" || v === "1" ? v : DEFAULTS[base]) === "1";
  } else if (part === "log") {
    const x = Number(v);
    el.value = String(Math.log10(x > 0 && x <= 10 ? x : Number(DEFAULTS[base])));
  } else if (part === "0" || part === "1") {
    const xy = v.split(",");
    el.value = xy.length === 1 ? xy[0] : xy[Number(part)] ?? "";
  } else if (part === "rate") {
    el.value = v.split(":")[1] ?? "";
  } else {
    el.value = v;
  }
}

// choose selects v in a menu; a value the menu does not offer (a bad link)
// is shown as it is rather than silently replaced.
function choose(select, v, label = `${v} (invalid)`) {
  for (const o of select.querySelectorAll("option.extra")) o.remove();
  if (![...select.options].some((o) => o.value === v)) {
    const o = new Option(label, v);
    o.className = "extra";
    select.append(o);
  }
  select.value = v;
}

// holds evaluates a data-when condition such as "opt=adam,adamw" or
// "sched!=const" for lane (0 for the global settings). A value the game does
// not understand counts as its default, which the game uses instead.
function holds(cond, lane) {
  const [, key, op, list] = /^(\w+)(!?=)(.*)$/.exec(cond);
  let v = value(key, lane).split(":")[0];
  if (words[key] && !words[key].includes(v)) v = DEFAULTS[key].split(":")[0];
  const match = list.split(",").includes(v);
  return op === "=" ? match : !match;
}

function render(except = null) {
  const n = laneCount();
  selectedLane = Math.min(Math.max(selectedLane, 1), n);
  for (const c of controls) if (c.el !== except) showControl(c);
  for (const el of document.querySelectorAll("[data-when]")) {
    el.hidden = !holds(el.dataset.when, Number(el.closest(".lane")?.dataset.lane ?? 0));
  }
  for (let k = 1; k <= MAX_LANES; k++) {
    const tab = $(`tab-${k}`);
    const selected = k === selectedLane;
    tab.hidden = k > n;
    tab.setAttribute("aria-selected", String(selected));
    tab.tabIndex = selected ? 0 : -1;
    tab.querySelector(".name").textContent = OPT_NAMES[value("opt", k)] ?? OPT_NAMES[DEFAULTS.opt];
    $(`lane-${k}`).hidden = !selected;
  }
  $("lane-add").disabled = n >= MAX_LANES;
  $("lane-dup").disabled = n >= MAX_LANES;
  $("lane-remove").disabled = n < 2;
  $("lane-remove").textContent = n < 2 ? "Remove" : `Remove ${selectedLane}`;
  $("lane-dup").textContent = `Duplicate ${selectedLane}`;
  const view = get("view") ?? "cloud";
  $("view-run").checked = view === "run";
  $("view-cloud").checked = view !== "run";
  const speed = get("speed") ?? "";
  choose($("speed"), speed, /^[1-9][0-9]*$/.test(speed) ? Number(speed).toLocaleString("en") : undefined);
  showPreset();
  markInvalid();
}

// ---- The lanes' tabs and panels ----

function buildLanes() {
  const template = $("lane-template");
  const tabs = $("lane-tabs");
  const panels = $("lane-panels");
  for (let k = 1; k <= MAX_LANES; k++) {
    const tab = document.createElement("button");
    tab.type = "button";
    tab.id = `tab-${k}`;
    tab.className = "lane-tab";
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-controls", `lane-${k}`);
    tab.style.setProperty("--lane", LANE_COLOURS[k - 1]);
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    const num = document.createElement("span");
    num.className = "num";
    num.textContent = `${k}`;
    const name = document.createElement("span");
    name.className = "name";
    tab.append(swatch, num, name);
    tab.addEventListener("click", () => {
      selectedLane = k;
      render();
    });
    tabs.append(tab);

    const panel = template.content.firstElementChild.cloneNode(true);
    panel.id = `lane-${k}`;
    panel.dataset.lane = String(k);
    panel.setAttribute("aria-labelledby", `tab-${k}`);
    panel.style.setProperty("--lane", LANE_COLOURS[k - 1]);
    // Ids follow the link's names: lane 2's learning rate is #lr2, its
    // slider #lr2-slider.
    const rename = (id) => {
      const base = LANE_PARAMS.find((b) => id === b || id.startsWith(`${b}-`));
      return base ? linkName(base, k) + id.slice(base.length) : `${id}-${k}`;
    };
    for (const el of panel.querySelectorAll("[id]")) el.id = rename(el.id);
    for (const el of panel.querySelectorAll("label[for]")) el.htmlFor = rename(el.htmlFor);
    panels.append(panel);
    bind(panel, k);
  }
  // Arrow keys move between the tabs, as in any tab list.
  tabs.addEventListener("keydown", (e) => {
    const n = laneCount();
    const moves = { ArrowLeft: selectedLane - 1, ArrowRight: selectedLane + 1, Home: 1, End: n };
    if (!(e.key in moves)) return;
    e.preventDefault();
    e.stopPropagation();
    selectedLane = ((moves[e.key] - 1 + n) % n) + 1;
    render();
    $(`tab-${selectedLane}`).focus();
  });
}

// ---- Presets ----

function initPresets() {
  const g = game();
  presets = [];
  if (typeof g?.presets === "function") {
    try {
      const list = JSON.parse(g.presets());
      if (Array.isArray(list)) presets = list.filter((p) => p && typeof p.query === "string");
    } catch {
      presets = [];
    }
  }
  const select = $("preset");
  select.replaceChildren(new Option("Custom settings", ""));
  presets.forEach((p, i) => {
    select.append(new Option(`${i < 9 ? `${i + 1}. ` : ""}${p.title || p.name}`, String(i)));
  });
  $("presets-box").hidden = presets.length === 0;
  $("help-presets").hidden = presets.length === 0;
  showPreset();
}

// experimentKey is a link's experiment without its view settings, in a
// canonical order, to recognise a preset.
function experimentKey(p) {
  return [...p].filter(([name]) => !VIEW_PARAMS.includes(name)).map(([k, v]) => `${k}=${v}`).sort().join("&");
}

function showPreset() {
  const key = experimentKey(params);
  const i = presets.findIndex((p) => experimentKey(new URLSearchParams(p.query)) === key);
  $("preset").value = i < 0 ? "" : String(i);
  $("preset-description").textContent = i < 0 ? "" : presets[i].description ?? "";
}

// openPreset replaces the experiment by preset i's, keeping the page's view
// settings (language, speed, ...) that the preset does not set. It adds a
// history entry, so Back returns to the view before.
function openPreset(i) {
  const p = presets[i];
  if (!p) return;
  const next = new URLSearchParams(p.query.replace(/^\?/, ""));
  for (const [name, v] of [...params]) {
    if (VIEW_PARAMS.includes(name) && !new URLSearchParams(p.query).has(name)) next.append(name, v);
  }
  params = next;
  selectedLane = 1;
  commit({ push: true });
  if (!reducedMotion) game()?.play();
}

// ---- Transport ----

// soon shows the game's status once it has taken a request (at its next
// frame), rather than at the next poll.
function soon() {
  setTimeout(showStatus, 50);
}

function togglePlay() {
  game()?.toggle();
  soon();
}

function stepOnce() {
  game()?.pause();
  game()?.step();
  soon();
}

function reset() {
  game()?.reset();
  soon();
}

function newSeed() {
  const [seed] = crypto.getRandomValues(new Uint32Array(1));
  setParam("seed", String(seed));
}

// ---- Status: step, loss, lanes, errors ----

function fmt(x) {
  if (!Number.isFinite(x)) return "–";
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e5 ? String(Number(x.toPrecision(3))) : x.toExponential(2).replace("e+", "e");
}

function showStatus() {
  const raw = game()?.status();
  if (!raw) return;
  let s;
  try {
    s = JSON.parse(raw);
  } catch {
    return;
  }
  lastStatus = s;
  applyEdit(s.edit);
  $("stepcount").textContent = s.step.toLocaleString("en");
  $("target").textContent = s.target ? s.target.toLocaleString("en") : "–";
  $("target-wrap").hidden = !s.target;
  $("lossgap").textContent = fmt(s.lossGap);
  const play = $("play");
  play.dataset.state = s.playing ? "playing" : "paused";
  play.querySelector(".label").textContent = s.playing ? "Pause" : "Play";
  if (!params.has("speed") && s.speed) $("speed").options[0].textContent = `${s.speed} (default)`;
  showLanes(s);
  showErrors(s);
}

// applyEdit writes into the link a change made on the canvas (dragging the
// start point), once per edit.
let lastEdit = 0;
function applyEdit(edit) {
  if (!edit || edit.seq <= lastEdit) return;
  lastEdit = edit.seq;
  for (const [name, v] of Object.entries(edit.params)) params.set(name, v);
  commit();
}

function showLanes(s) {
  const box = $("lane-readout");
  const lanes = s.lanes ?? [];
  const runs = Number(value("runs")) || 1;
  while (box.children.length > lanes.length) box.lastChild.remove();
  lanes.forEach((l, i) => {
    let chip = box.children[i];
    if (!chip) {
      chip = document.createElement("span");
      chip.className = "chip";
      chip.style.setProperty("--lane", LANE_COLOURS[i % LANE_COLOURS.length]);
      chip.append(document.createElement("span"), document.createElement("span"));
      chip.firstChild.className = "swatch";
      box.append(chip);
    }
    const text = `${OPT_NAMES[l.opt] ?? l.opt} ${l.diverged.toLocaleString("en")}/${runs.toLocaleString("en")} diverged`;
    if (chip.lastChild.textContent !== text) chip.lastChild.textContent = text;
    chip.classList.toggle("diverged", l.diverged > 0);
  });
}

let lastErrors = "";

function showErrors(s) {
  const errors = s.errors ?? [];
  const key = JSON.stringify([errors, s.panic ?? ""]);
  if (key === lastErrors) return;
  lastErrors = key;
  const box = $("errors");
  box.replaceChildren();
  if (errors.length) {
    const title = document.createElement("p");
    title.textContent = "Some settings in this link were not understood; their defaults are used instead:";
    const list = document.createElement("ul");
    for (const e of errors) {
      const item = document.createElement("li");
      item.textContent = e;
      list.append(item);
    }
    box.append(title, list);
  }
  if (s.panic) {
    const p = document.createElement("p");
    p.textContent = `The simulation stopped: ${s.panic}`;
    const button = document.createElement("button");
    button.type = "button";
    button.id = "panic-reset";
    button.textContent = "Reset";
    button.addEventListener("click", reset);
    box.append(p, button);
  }
  box.hidden = errors.length === 0 && !s.panic;
  markInvalid();
}

// markInvalid flags the controls of the parameters the game rejected.
function markInvalid() {
  const bad = new Set();
  for (const e of lastStatus?.errors ?? []) {
    const m = /^([A-Za-z0-9_]+)=/.exec(e);
    if (m) bad.add(m[1]);
  }
  for (const { el } of controls) {
    if (bad.has(el.dataset.name)) el.setAttribute("aria-invalid", "true");
    else if (!el.validity?.badInput) el.removeAttribute("aria-invalid");
  }
  for (let k = 1; k <= MAX_LANES; k++) {
    $(`tab-${k}`).classList.toggle("invalid", LANE_PARAMS.some((b) => bad.has(linkName(b, k))));
  }
  $("speed").toggleAttribute("aria-invalid", bad.has("speed"));
}

// ---- Keyboard ----

const help = $("help");

function toggleHelp() {
  if (help.open) help.close();
  else help.showModal();
}

// onKey handles the shortcuts, on the page and in the game's frame. Keys
// typed into a field, and keys with Ctrl, Alt or Meta, are left alone.
function onKey(e) {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
  const t = e.target;
  const inside = (sel) => typeof t?.closest === "function" && t.closest(sel);
  if (inside("input, select, textarea, [contenteditable]")) return;
  if (help.open && e.key !== "?") return;
  switch (e.key) {
    case " ":
      // A focused button takes Space as a click.
      if (inside("button, a, summary")) return;
      togglePlay();
      break;
    case "ArrowRight":
      if (inside("[role=tablist]")) return;
      stepOnce();
      break;
    case "r":
    case "R":
      reset();
      break;
    case "n":
    case "N":
      newSeed();
      break;
    case "?":
      toggleHelp();
      break;
    default:
      if (/^[1-9]$/.test(e.key) && Number(e.key) <= presets.length) {
        openPreset(Number(e.key) - 1);
        break;
      }
      return;
  }
  e.preventDefault();
}

// ---- The game's frame ----

let readyGame = null;
let polling = 0;

// frameLoaded listens on the frame's window for the shortcuts and for the
// game's "noiseball-ready". A new document in the frame may come with a new
// window; adding the same listener twice to one window does nothing.
function frameLoaded() {
  try {
    const w = frame.contentWindow;
    w?.addEventListener("keydown", onKey, true);
    w?.addEventListener("noiseball-ready", ready);
  } catch {
    // Not same-origin (cannot happen with our server): no shortcuts there.
  }
  ready();
}

// ready runs once per game: it gives the game the link, holds it still when
// the person prefers reduced motion, and starts following its status.
function ready() {
  const g = game();
  if (!g || g === readyGame) return;
  readyGame = g;
  sendLink();
  if (reducedMotion) g.pause();
  initPresets();
  if (!polling) polling = setInterval(showStatus, 200);
  showStatus();
}

// ---- Start ----

bind(document.querySelector(".panel"), 0);
buildLanes();

for (const input of document.querySelectorAll("input[name=view]")) {
  input.addEventListener("change", () => setParam("view", input.value));
}
$("speed").addEventListener("change", () => setParam("speed", $("speed").value));
$("preset").addEventListener("change", () => {
  const i = $("preset").value;
  if (i !== "") openPreset(Number(i));
});
$("play").addEventListener("click", togglePlay);
$("step").addEventListener("click", stepOnce);
$("reset").addEventListener("click", reset);
$("newseed").addEventListener("click", newSeed);
$("runto5").addEventListener("click", () => game()?.runTo(1e5));
$("runto6").addEventListener("click", () => game()?.runTo(1e6));
$("lane-add").addEventListener("click", addLane);
$("lane-dup").addEventListener("click", () => duplicateLane(selectedLane));
$("lane-remove").addEventListener("click", () => removeLane(selectedLane));
$("help-open").addEventListener("click", () => help.showModal());
$("help-close").addEventListener("click", () => help.close());
help.addEventListener("click", (e) => {
  if (e.target === help) help.close(); // a click on the backdrop
});
$("copy").addEventListener("click", async () => {
  const note = $("copied");
  try {
    await navigator.clipboard.writeText(location.href);
    note.textContent = "Copied";
  } catch {
    note.textContent = "Copy the address bar instead";
  }
  note.hidden = false;
  setTimeout(() => (note.hidden = true), 1500);
});

// Back, Forward and a hand-edited address are honoured.
window.addEventListener("popstate", () => {
  params = new URLSearchParams(location.search);
  sendLink();
  render();
});
document.addEventListener("keydown", onKey);

if (reducedMotion) {
  const play = $("play");
  play.dataset.state = "paused";
  play.querySelector(".label").textContent = "Play";
}
render();

// The game starts on the link itself, so its first frame is already the
// right one; the page then drives it through window.noiseball.
frame.addEventListener("load", frameLoaded);
const q = query();
frame.src = `game.html${q ? `?${q}` : ""}`;
// In case "noiseball-ready" came before the listener was in place, or the
// frame was reloaded.
setInterval(frameLoaded, 250);
