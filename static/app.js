// The page's controls. The address bar is the single source of truth: the
// controls show what its query says, write every change back to it with
// history.replaceState, and hand the whole query to the game, which parses
// and validates it (sim/link) and reports what was wrong. The game runs in
// the same-origin iframe #game and exposes window.noiseball (wasm/bridge.go).
//
// Around the controls: the guide (story=N, story.json), the language
// (lang=en|ja, i18n.js), presenter mode (F), embed mode (embed=1) with its
// Embed dialog, and the downloads (CSV from the game, PNG and SVG from the
// server's render endpoint when /features.json says it has one).

import { LANGUAGES, fill, has, language, pickLanguage, setLanguage, t, translate } from "./i18n.js";

const MAX_LANES = 4;
const LANE_COLOURS = ["#d55e00", "#0072b2", "#009e73", "#cc79a7"]; // Okabe-Ito, as the game draws them
// The per-lane parameters of the link (sim/link/params.go). Lanes 2..4 add
// their number to the name (lr2) and take what they do not name from lane 1.
const LANE_PARAMS = ["opt", "lr", "sched", "p", "n0", "lrmin", "warmup", "b1", "b2", "eps", "mom", "bc", "wd",
  "clip", "batch", "bgrow"];
// Settings of the page rather than of the experiment (link.ViewParams).
const VIEW_PARAMS = ["view", "speed", "lang", "story", "embed", "chart", "present", "metric"];
// The parameters of a sweep (sim/link/sweep.go): with them the game draws
// heat maps instead of one experiment.
const SWEEP_PARAMS = ["sweep", "sweepruns", "sweepsteps"];
// The view settings a step of the guide keeps from the view before it.
const KEPT_BY_STORY = ["lang", "present", "embed"];
// The monitor charts, in the order the game draws them (wasm/charts.go).
const CHARTS = ["loss", "dist", "step", "spread", "lr"];
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
// optName is the name of an optimizer as the page shows it.
function optName(opt) {
  return opt === "heavyball" ? t("opt.name.heavyball") : OPT_NAMES[opt];
}
// A new lane takes the first of these optimizers that no lane uses yet.
const NEW_LANE_OPTS = ["sgd", "adam", "rmsprop", "momentum", "heavyball", "adagrad", "nesterov", "amsgrad", "adamw"];

const $ = (id) => document.getElementById(id);

// The status is shown five times a second while the game runs. Each change
// to the page costs a style pass, a layout and a repaint of what it
// touches, which on software rendering made frames miss their vsync, so
// these change the page only when the value differs (setting a text or an
// attribute to the value it has is still a change to the browser).
function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}
function setHidden(el, hidden) {
  if (el.hidden !== hidden) el.hidden = hidden;
}
function setData(el, name, value) {
  if (el.dataset[name] !== value) el.dataset[name] = value;
}
const frame = $("game");
const reducedMotion = matchMedia("(prefers-reduced-motion: reduce)").matches;

let params = new URLSearchParams(location.search);
let selectedLane = 1;
let presets = [];
let lastStatus = null;
// embed=1 is read once: the embedded page is a different layout.
const embedded = get("embed") === "1";
let presenting = false;
let steps = []; // the guide (story.json)
// Whether the game's link format has the automatic schedule (sched=auto):
// null until the game has accepted or rejected it.
let autoSupported = null;
let canRender = false; // the server draws stills (/features.json)

// game returns the game's bridge once main.wasm has started, else null.
function game() {
  try {
    return frame.contentWindow?.noiseball ?? null;
  } catch {
    return null;
  }
}

// sendLink gives the game the link; in presenter mode it adds present=1,
// which asks the game (if it reads it) for lines and text a projector shows.
function sendLink() {
  const q = query();
  game()?.setLink(presenting && get("present") !== "1" ? `${q}${q ? "&" : ""}present=1` : q);
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
function query(p = params) {
  return p.toString().replace(/%2C/gi, ",").replace(/%3A/gi, ":");
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
  el.title = inherited ? t("lanes.inherited") : "";
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
function choose(select, v, label = t("errors.invalid", { value: v })) {
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
    tab.querySelector(".name").textContent = optName(value("opt", k)) ?? optName(DEFAULTS.opt);
    $(`lane-${k}`).hidden = !selected;
  }
  $("lane-add").disabled = n >= MAX_LANES;
  $("lane-dup").disabled = n >= MAX_LANES;
  $("lane-remove").disabled = n < 2;
  $("lane-remove").textContent = n < 2 ? t("lanes.remove") : t("lanes.removeLane", { k: selectedLane });
  $("lane-dup").textContent = t("lanes.dup", { k: selectedLane });
  const view = get("view") ?? "cloud";
  $("view-run").checked = view === "run";
  $("view-cloud").checked = view !== "run";
  const speed = get("speed") ?? "";
  choose($("speed"), speed, /^[1-9][0-9]*$/.test(speed) ? Number(speed).toLocaleString("en") : undefined);
  showPreset();
  markInvalid();
  translateSweepForm(); // the lanes may have changed
  renderStory();
  if (embedded) $("embed-link").href = fullViewURL();
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
  select.replaceChildren(new Option(t("presets.custom"), ""));
  presets.forEach((p, i) => {
    select.append(new Option(`${i < 9 ? `${i + 1}. ` : ""}${presetText(p, "title") || p.name}`, String(i)));
  });
  // A preset that uses the automatic schedule says the game has it (the
  // game's presets are links it accepts).
  if (autoSupported === null && presets.some((p) => /(^|&)sched\d?=auto(&|$)/.test(p.query))) {
    autoSupported = true;
    showAutoOption();
  }
  $("presets-box").hidden = presets.length === 0;
  $("help-presets").hidden = presets.length === 0;
  showPreset();
}

// presetText is a preset's title or description in the page's language:
// the game gives them in English, i18n-ja.json has preset.NAME.title and
// preset.NAME.description.
function presetText(p, field) {
  const key = `preset.${p.name}.${field}`;
  return has(key) ? t(key) : p[field] ?? "";
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
  $("preset-description").textContent = i < 0 ? "" : presetText(presets[i], "description");
}

// openPreset replaces the experiment by preset i's, keeping the page's view
// settings (language, speed, ...) that the preset does not set; it leaves
// the guide. It adds a history entry, so Back returns to the view before.
function openPreset(i) {
  const p = presets[i];
  if (!p) return;
  const next = new URLSearchParams(p.query.replace(/^\?/, ""));
  for (const [name, v] of [...params]) {
    if (VIEW_PARAMS.includes(name) && name !== "story" && !new URLSearchParams(p.query).has(name)) next.append(name, v);
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
  if (probeAuto(s)) return;
  applyEdit(s.edit);
  showSweep(s);
  setText($("stepcount"), s.step.toLocaleString("en"));
  setText($("target"), s.target ? s.target.toLocaleString("en") : "–");
  setHidden($("target-wrap"), !s.target);
  setText($("lossgap"), fmt(s.lossGap));
  showPlaying(s.playing);
  if (!params.has("speed") && s.speed) setText($("speed").options[0], t("transport.speed.defaultValue", { n: s.speed }));
  if (embedded) setText($("embed-step"), t("embed.step", { n: s.step.toLocaleString("en") }));
  showLanes(s);
  showTheorem(s);
  showErrors(s);
}

// showPlaying sets the play buttons (the transport's and the embed bar's).
function showPlaying(playing) {
  for (const play of [$("play"), $("embed-play")]) {
    setData(play, "state", playing ? "playing" : "paused");
    const label = play.querySelector(".label");
    setData(label, "i18n", playing ? "transport.pause" : "transport.play");
    setText(label, t(label.dataset.i18n));
  }
}

// applyEdit writes into the link a change made on the canvas (dragging the
// start point), once per edit.
let lastEdit = 0;
function applyEdit(edit) {
  if (!edit || edit.seq <= lastEdit) return;
  lastEdit = edit.seq;
  if (edit.link) {
    openLink(edit.link);
    return;
  }
  for (const [name, v] of Object.entries(edit.params ?? {})) params.set(name, v);
  commit();
}

// openLink replaces the experiment by a whole link's (a sweep's cell),
// keeping the page's view settings but not the sweep's: the cell is one
// view. It adds a history entry, so Back returns to the sweep.
function openLink(link) {
  const next = new URLSearchParams(link.replace(/^\?/, ""));
  for (const name of [...SWEEP_PARAMS, "metric", "story"]) next.delete(name);
  for (const [name, v] of [...params]) {
    if (VIEW_PARAMS.includes(name) && !["story", "metric"].includes(name) && !next.has(name)) next.append(name, v);
  }
  params = next;
  selectedLane = 1;
  commit({ push: true });
  if (!reducedMotion) game()?.play();
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
      chip.children[0].className = "swatch";
      box.append(chip);
    }
    const text = t("readout.diverged", {
      opt: optName(l.opt) ?? l.opt, n: l.diverged.toLocaleString("en"), runs: runs.toLocaleString("en"),
    });
    if (chip.lastChild.textContent !== text) chip.lastChild.textContent = text;
    if (chip.classList.contains("diverged") !== l.diverged > 0) chip.classList.toggle("diverged");
  });
  showDiagnoses(lanes);
}

let lastErrors = "";

// stale reports whether the game's error e (name="value": want ...) is about
// a value the link no longer has: the game reports on the link before the
// one it was just given until its next frame.
function stale(e) {
  const m = /^([A-Za-z0-9_]+)="([^"\\]*)"/.exec(e);
  if (!m) return false;
  const v = get(m[1]);
  return v === null || (/^[\x20-\x21\x23-\x5b\x5d-\x7e]{0,32}$/.test(v) && v !== m[2]);
}

function showErrors(s) {
  const errors = (s.errors ?? []).filter((e) => !stale(e));
  const key = JSON.stringify([errors, s.panic ?? "", language()]);
  if (key === lastErrors) return;
  lastErrors = key;
  const box = $("errors");
  box.replaceChildren();
  if (errors.length) {
    const title = document.createElement("p");
    title.textContent = t("errors.link");
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
    p.textContent = t("errors.panic", { reason: s.panic });
    const button = document.createElement("button");
    button.type = "button";
    button.id = "panic-reset";
    button.textContent = t("errors.reset");
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
    if (stale(e)) continue;
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

// ---- Monitor: diagnosis, theorem, sweep, checking a log ----

// The keys of the diagnostics' statuses, reasons (sim/diagnostics.go), the
// theorem's hypotheses and conclusions (sim/hypotheses.go) and the log
// checker's verdicts (wasm/logcheck.go), by the game's stable ids.
const DIAG_STATUS = {
  transient: "diag.transient", stationary: "diag.stationary", converging: "diag.converging", diverged: "diag.diverged",
};
const DIAG_REASON = {
  "too-early": "diag.reason.tooEarly", moving: "diag.reason.moving", returning: "diag.reason.returning",
  "steps-grow": "diag.reason.stepsGrow", shrinking: "diag.reason.shrinking", stopped: "diag.reason.stopped",
  settled: "diag.reason.settled", unclear: "diag.reason.unclear", diverged: "diag.reason.diverged", off: "diag.reason.off",
};
const HYPOTHESES = {
  "lr-floor": ["theorem.hyp.lrFloor", "theorem.hyp.lrFloor.held", "theorem.hyp.lrFloor.failed"],
  "lr-bounded": ["theorem.hyp.lrBounded", "theorem.hyp.lrBounded.held", "theorem.hyp.lrBounded.failed"],
  "batch-bounded": ["theorem.hyp.batchBounded", "theorem.hyp.batchBounded.held", "theorem.hyp.batchBounded.failed"],
  noise: ["theorem.hyp.noise", "theorem.hyp.noise.held", "theorem.hyp.noise.failed"],
  optimizer: ["theorem.hyp.optimizer", "theorem.hyp.optimizer.held", "theorem.hyp.optimizer.failed"],
};
const CONCLUSIONS = {
  "cannot-converge": "theorem.cannotConverge", "no-noise": "theorem.noNoise", "lr-decays": "theorem.lrDecays",
  "batch-grows": "theorem.batchGrows", "not-covered": "theorem.notCovered",
};
const VERDICTS = {
  "too-short": "log.verdict.tooShort", improving: "log.verdict.improving", plateaued: "log.verdict.plateaued",
  diverging: "log.verdict.diverging",
};
const VERDICT_TEXT = {
  "too-short": "log.text.tooShort", improving: "log.text.improving", plateaued: "log.text.plateaued",
  diverging: "log.text.diverging",
};

// diagnosisText is the chip's text for a lane's diagnosis d, with the
// inline tags of fill.
function diagnosisText(d, lane) {
  const key = DIAG_STATUS[d.status];
  if (!key) return "";
  let text = t(key, { s: fmt(d.ball), a: fmt(-d.ballSlope) });
  if (d.status === "converging" && !Number.isFinite(d.ballSlope)) text = t("diag.convergingNoRate");
  if (d.since > 0) text += ` ${t("diag.since", { n: d.since.toLocaleString("en") })}`;
  if (value("sched", lane) === "auto") text += ` · ${t("diag.halvings", { n: d.halvings ?? 0 })}`;
  return text;
}

// diagnosisTip is the diagnosis explained in one line: the game's English
// with the numbers, or the translated reason.
function diagnosisTip(d) {
  if (language() === "en" && d.explanation) return d.explanation;
  const key = DIAG_REASON[d.reason];
  return key ? t(key, { s: fmt(d.ball), a: fmt(-d.ballSlope), n: (d.since ?? 0).toLocaleString("en") }) : d.explanation ?? "";
}

// showDiagnoses shows a chip per lane in the row under the readout. The row
// keeps one line whatever the texts say, so that the canvas above it does
// not change size as the verdicts change; a chip too long for it is cut,
// and shown whole with its explanation on hover and focus.
function showDiagnoses(lanes) {
  const box = $("diag-readout");
  while (box.children.length > lanes.length) box.lastChild.remove();
  lanes.forEach((l, i) => {
    let el = box.children[i];
    if (!el) {
      el = document.createElement("span");
      el.className = "diag";
      el.tabIndex = 0;
      el.style.setProperty("--lane", LANE_COLOURS[i % LANE_COLOURS.length]);
      for (const type of ["mouseenter", "focus"]) el.addEventListener(type, () => showTip(el));
      el.addEventListener("mouseleave", () => document.activeElement !== el && ($("diag-tip").hidden = true));
      el.addEventListener("blur", () => ($("diag-tip").hidden = true));
      box.append(el);
    }
    showDiagnosis(el, l, i + 1);
    // The tip of the focused chip follows its numbers.
    if (document.activeElement === el) showTip(el);
  });
  setHidden(box, params.has("sweep") || !lanes.some((l) => l.diagnosis?.status));
}

// showTip shows a diagnosis chip's whole text and explanation above it.
function showTip(el) {
  const tip = $("diag-tip");
  const text = document.createElement("strong");
  fill(text, el.dataset.text ?? "");
  tip.replaceChildren(text, document.createElement("br"), el.dataset.tip ?? "");
  tip.hidden = false;
  const r = el.getBoundingClientRect();
  const parent = tip.offsetParent?.getBoundingClientRect() ?? { left: 0, top: 0, width: innerWidth };
  tip.style.left = `${Math.max(0, Math.min(r.left - parent.left, parent.width - tip.offsetWidth))}px`;
  tip.style.top = `${r.top - parent.top - tip.offsetHeight - 6}px`;
}

function showDiagnosis(el, lane, k) {
  const d = lane.diagnosis;
  // A sweep's heat maps have no lane running: nothing to diagnose.
  setHidden(el, !d?.status || params.has("sweep"));
  if (el.hidden) return;
  const text = diagnosisText(d, k);
  if (el.dataset.text !== text) {
    el.dataset.text = text;
    fill(el, text);
  }
  setData(el, "status", d.status);
  const tip = diagnosisTip(d);
  const label = `${optName(lane.opt) ?? lane.opt} ${k}: ${el.textContent}. ${tip}`;
  if (el.dataset.tip !== tip || el.getAttribute("aria-label") !== label) {
    el.dataset.tip = tip;
    el.setAttribute("aria-label", label);
  }
}

let lastTheorem = "";

// showTheorem fills the theorem panel for the selected lane: its five
// hypotheses, each with the preset that breaks it, and the conclusion, next
// to what the diagnostics see.
function showTheorem(s) {
  const lane = s.lanes?.[selectedLane - 1];
  const th = lane?.theorem;
  const box = $("theorem");
  setHidden(box, !th?.hypotheses?.length || params.has("sweep"));
  if (box.hidden) return;
  const d = lane.diagnosis ?? {};
  const seen = $("theorem-diagnosis");
  const text = d.status ? diagnosisText(d, selectedLane) : t("diag.none");
  if (seen.dataset.text !== text) {
    seen.dataset.text = text;
    fill(seen, text);
  }
  setData(seen, "status", d.status ?? "");
  const tip = d.status ? diagnosisTip(d) : "";
  if (seen.title !== tip) seen.title = tip;
  const key = JSON.stringify([th, selectedLane, language(), presets.length]);
  if (key === lastTheorem) return;
  lastTheorem = key;
  box.dataset.conclusion = th.conclusion;
  const list = $("theorem-list");
  list.replaceChildren();
  for (const h of th.hypotheses) {
    const keys = HYPOTHESES[h.id];
    const item = document.createElement("li");
    item.dataset.id = h.id;
    item.dataset.held = String(h.held);
    const mark = document.createElement("span");
    mark.className = "mark";
    mark.textContent = h.held ? "✓" : "✗";
    mark.setAttribute("aria-hidden", "true");
    const name = document.createElement("span");
    name.className = "name";
    fill(name, keys ? t(keys[0]) : h.id);
    const state = document.createElement("span");
    state.className = "visually-hidden";
    state.textContent = ` (${t(h.held ? "theorem.held" : "theorem.failed")})`;
    const detail = document.createElement("span");
    detail.className = "detail";
    fill(detail, language() === "en" && h.detail ? h.detail : keys ? t(keys[h.held ? 1 : 2]) : h.detail ?? "");
    item.append(mark, name, state, detail);
    const i = presets.findIndex((p) => p.name === h.brokenBy);
    if (i >= 0) {
      const a = document.createElement("a");
      a.className = "broken-by";
      a.dataset.preset = h.brokenBy;
      a.href = `?${presets[i].query.replace(/^\?/, "")}${get("lang") ? `&lang=${get("lang")}` : ""}`;
      a.textContent = t(h.held ? "theorem.brokenBy" : "theorem.brokenHere", { preset: presetText(presets[i], "title") || presets[i].name });
      a.addEventListener("click", (e) => {
        if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        openPreset(i);
      });
      item.append(a);
    }
    list.append(item);
  }
  const c = CONCLUSIONS[th.conclusion];
  fill($("theorem-conclusion"), language() === "en" && th.text ? th.text : c ? t(c) : th.text ?? "");
}

// The parameters the sweep form offers (link.SweepableParams has more),
// with the range each starts at. With more lanes, each lane's own
// parameters are offered too, by their lane's name (lr2 is lane 2's lr).
const SWEEP_CHOICES = {
  lr: ["sweep.p.lr", "0.001", "0.1", "log"], b2: ["sweep.p.b2", "0.9", "0.9999", "log"],
  b1: ["sweep.p.b1", "0", "0.99", "lin"], batch: ["sweep.p.batch", "1", "64", "log"],
  sigma: ["sweep.p.sigma", "0.1", "10", "log"], mom: ["sweep.p.mom", "0", "0.99", "lin"],
  lrmin: ["sweep.p.lrmin", "0.0001", "0.01", "log"], h1: ["sweep.p.h1", "0.1", "10", "log"],
  h2: ["sweep.p.h2", "0.1", "10", "log"],
};

// readSweep returns the axes of the address's sweep=, or the form's start.
function readSweep() {
  const axes = (get("sweep") ?? "").split(",").map((a) => a.split(":"));
  const fallback = [["lr", "0.001", "0.1", "log", "8"], ["batch", "1", "64", "log", "7"]];
  return [0, 1].map((i) => (axes[i]?.length === 5 ? axes[i] : fallback[i]));
}

// sweepChoice returns the entry of SWEEP_CHOICES for name, in any lane.
function sweepChoice(name) {
  return SWEEP_CHOICES[splitLane(name)[0]];
}

// sweepNames returns what an axis may sweep with the link's lanes: every
// parameter of lane 1 (and the globals), then each further lane's own.
function sweepNames() {
  const names = Object.keys(SWEEP_CHOICES);
  for (let k = 2; k <= laneCount(); k++) {
    for (const name of Object.keys(SWEEP_CHOICES)) if (LANE_PARAMS.includes(name)) names.push(`${name}${k}`);
  }
  return names;
}

// sweepOptions gives an axis's menu the parameters of sweepNames, in the
// page's language, keeping its choice; with one lane they need no lane's
// name.
function sweepOptions(select) {
  const names = sweepNames();
  const chosen = select.value;
  if ([...select.options].filter((o) => !o.classList.contains("extra")).map((o) => o.value).join() !== names.join()) {
    select.replaceChildren(...names.map((name) => new Option(name, name)));
    if (names.includes(chosen)) select.value = chosen;
  }
  const lanes = laneCount() > 1;
  for (const o of select.options) {
    const choice = sweepChoice(o.value);
    if (!choice) continue;
    const [base, k] = splitLane(o.value);
    const label = lanes && LANE_PARAMS.includes(base) ? t("sweep.p.lane", { param: t(choice[0]), lane: k || 1 }) : t(choice[0]);
    // render() calls this on every change of a control: relabel only what differs.
    if (o.dataset.label !== label) {
      o.dataset.label = label;
      fill(o, label);
    }
  }
}

function buildSweepForm() {
  for (const axis of ["x", "y"]) {
    const select = $(`sweep-${axis}-param`);
    select.addEventListener("change", () => {
      const [, lo, hi, scale] = sweepChoice(select.value);
      $(`sweep-${axis}-lo`).value = lo;
      $(`sweep-${axis}-hi`).value = hi;
      $(`sweep-${axis}-scale`).value = scale;
    });
  }
  translateSweepForm();
  fillSweepForm();
  $("sweep-start").addEventListener("click", startSweep);
  $("sweep-stop").addEventListener("click", stopSweep);
  $("sweep-box").open = params.has("sweep");
}

// translateSweepForm names the parameters in the page's language, for the
// link's lanes.
function translateSweepForm() {
  for (const axis of ["x", "y"]) sweepOptions($(`sweep-${axis}-param`));
}

// fillSweepForm shows the address's sweep in the form.
function fillSweepForm() {
  translateSweepForm();
  readSweep().forEach(([name, lo, hi, scale, n], i) => {
    const axis = i ? "y" : "x";
    choose($(`sweep-${axis}-param`), name, name);
    $(`sweep-${axis}-lo`).value = lo;
    $(`sweep-${axis}-hi`).value = hi;
    choose($(`sweep-${axis}-scale`), scale, scale);
    $(`sweep-${axis}-n`).value = n;
  });
  $("sweep-runs").value = get("sweepruns") ?? "100";
  $("sweep-steps").value = get("sweepsteps") ?? "1000";
  choose($("sweep-metric"), get("metric") ?? "spread");
}

// startSweep writes the form's sweep into the link; the game checks it and
// says what is wrong, as for any link.
function startSweep() {
  const axis = (a) => ["param", "lo", "hi", "scale", "n"].map((f) => $(`sweep-${a}-${f}`).value.trim()).join(":");
  params.set("sweep", `${axis("x")},${axis("y")}`);
  params.set("sweepruns", $("sweep-runs").value.trim());
  params.set("sweepsteps", $("sweep-steps").value.trim());
  params.set("metric", $("sweep-metric").value);
  commit({ push: true });
}

function stopSweep() {
  for (const name of [...SWEEP_PARAMS, "metric"]) params.delete(name);
  commit({ push: true });
}

function showSweep(s) {
  const on = params.has("sweep");
  setHidden($("sweep-stop"), !on);
  const sw = s.sweep;
  setHidden($("sweep-progress-wrap"), !on || !sw);
  if (!on || !sw) return;
  $("sweep-progress").max = Math.max(1, sw.total);
  $("sweep-progress").value = sw.done;
  const text = t(sw.done < sw.total ? "sweep.running" : "sweep.done", { done: sw.done, total: sw.total });
  if ($("sweep-count").textContent !== text) $("sweep-count").textContent = text;
}

// The log check. A dropped or chosen file is read whole (File.text) and
// handed to the game; it never leaves the browser.
let logFileText = null;

async function checkLog(text, name = "") {
  const g = game();
  $("log-error").hidden = true;
  $("log-result").hidden = true;
  if (typeof g?.checkLog !== "function") {
    $("log-status").textContent = t("download.notready");
    return;
  }
  $("log-status").textContent = t("log.checking");
  $("log-check").disabled = true;
  let r;
  try {
    r = JSON.parse(await g.checkLog(text));
  } catch (err) {
    r = { ok: false, error: { message: err?.message ?? String(err) } };
  } finally {
    $("log-check").disabled = false;
  }
  $("log-status").textContent = name ? t("log.file.name", { name, rows: (r.rows ?? 0).toLocaleString("en") }) : "";
  if (r.ok === false || r.error) showLogError(r.error ?? {}, text);
  else showLogResult(r);
}

// showLogError says where the log is wrong and shows that line with the
// bad column marked.
function showLogError(e, text) {
  const box = $("log-error");
  box.replaceChildren();
  const p = document.createElement("p");
  p.textContent = e.line ? t("log.error.at", { line: e.line, column: e.column ?? "?" }) : t("log.error");
  const msg = document.createElement("p");
  msg.className = "log-message";
  msg.textContent = e.message || e.reason || "";
  box.append(p, msg);
  if (e.line > 0) {
    const line = (text.split("\n", e.line)[e.line - 1] ?? "").replace(/\r$/, "").slice(0, 500);
    if (line) {
      const code = document.createElement("pre");
      code.className = "log-line";
      const sep = [",", "\t", ";"].find((c) => line.includes(c));
      const cells = sep ? line.split(sep) : [line];
      cells.forEach((cell, i) => {
        if (i) code.append(sep === "\t" ? "⇥" : sep);
        if (i === (e.column ?? 0) - 1) {
          const mark = document.createElement("mark");
          mark.textContent = cell || " ";
          code.append(mark);
        } else {
          code.append(cell);
        }
      });
      const where = document.createElement("span");
      where.className = "log-lineno";
      where.textContent = `${e.line}: `;
      code.prepend(where);
      box.append(code);
    }
  }
  box.hidden = false;
}

function showLogResult(r) {
  const key = VERDICTS[r.verdict];
  $("log-result").dataset.verdict = r.verdict;
  $("log-verdict").textContent = key ? t(key) : r.verdict;
  const step = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString("en") : "–");
  const nums = { slope: fmt(r.slope), err: fmt(r.slopeErr), noise: fmt(r.noise), change: fmt(r.change),
    from: step(r.from), to: step(r.to), rows: (r.rows ?? 0).toLocaleString("en"), at: step(r.divergedAt) };
  $("log-explanation").textContent = language() === "en" && r.explanation ? r.explanation
    : VERDICT_TEXT[r.verdict] ? t(VERDICT_TEXT[r.verdict], nums) : r.explanation ?? "";
  const dl = $("log-numbers");
  dl.replaceChildren();
  const row = (label, v) => {
    const dt = document.createElement("dt");
    dt.textContent = label;
    const dd = document.createElement("dd");
    dd.textContent = v;
    dl.append(dt, dd);
  };
  row(t("log.rows"), nums.rows);
  if (Number.isFinite(r.slope)) row(t("log.slope"), `${nums.slope} ± ${nums.err}`);
  if (Number.isFinite(r.noise)) row(t("log.noise"), nums.noise);
  if (Number.isFinite(r.from) && Number.isFinite(r.to)) row(t("log.window"), `${nums.from} – ${nums.to}`);
  if (Number.isFinite(r.change)) row(t("log.change"), nums.change);
  if (Number.isFinite(r.divergedAt)) row(t("log.divergedAt"), nums.at);
  $("log-plot").replaceChildren(logPlot(r.smoothed ?? []));
  $("log-result").hidden = false;
}

// logPlot draws the smoothed loss (mean, and the band from min to max of
// each bin) against the step on log-log axes, as SVG.
function logPlot(rows) {
  const NS = "http://www.w3.org/2000/svg";
  const W = 480, H = 210, L = 48, R = 8, T = 8, B = 34;
  const el = (name, attrs, text) => {
    const e = document.createElementNS(NS, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
    if (text !== undefined) e.textContent = text;
    return e;
  };
  const svg = el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": t("log.plot"), class: "log-svg" });
  const pts = rows.filter((r) => r[0] > 0 && r[1] > 0);
  if (pts.length < 2) return svg;
  const lg = Math.log10;
  const xs = pts.map((r) => lg(r[0]));
  const ys = pts.flatMap((r) => [r[1], r[2], r[3]]).filter((v) => v > 0).map(lg);
  let [x0, x1] = [Math.min(...xs), Math.max(...xs)];
  let [y0, y1] = [Math.min(...ys), Math.max(...ys)];
  if (x1 - x0 < 1e-9) x1 = x0 + 1;
  if (y1 - y0 < 1e-9) [y0, y1] = [y0 - 0.5, y1 + 0.5];
  const X = (v) => (L + ((lg(v) - x0) / (x1 - x0)) * (W - L - R)).toFixed(1);
  const Y = (v) => (T + ((y1 - lg(Math.max(v, 10 ** y0))) / (y1 - y0)) * (H - T - B)).toFixed(1);
  svg.append(el("rect", { x: L, y: T, width: W - L - R, height: H - T - B, class: "frame" }));
  // Ticks at the powers of ten, or at the ends when the range is small.
  const ticks = (a, b) => {
    const out = [];
    for (let k = Math.ceil(a); k <= Math.floor(b); k++) out.push(k);
    return out.length >= 2 ? out : [a, b];
  };
  const label = (k) => (Number.isInteger(k) ? (k >= -2 && k <= 4 ? String(10 ** k) : `1e${k}`) : fmt(10 ** k));
  for (const k of ticks(x0, x1)) {
    const x = X(10 ** k);
    svg.append(el("line", { x1: x, x2: x, y1: T, y2: H - B, class: "grid" }), el("text", { x, y: H - B + 13, class: "tick", "text-anchor": "middle" }, label(k)));
  }
  for (const k of ticks(y0, y1)) {
    const y = Y(10 ** k);
    svg.append(el("line", { x1: L, x2: W - R, y1: y, y2: y, class: "grid" }), el("text", { x: L - 4, y: Number(y) + 4, class: "tick", "text-anchor": "end" }, label(k)));
  }
  const band = pts.filter((r) => r[2] > 0 && r[3] > 0);
  if (band.length >= 2) {
    const upper = band.map((r) => `${X(r[0])},${Y(r[3])}`);
    const lower = band.map((r) => `${X(r[0])},${Y(r[2])}`).reverse();
    svg.append(el("polygon", { points: [...upper, ...lower].join(" "), class: "band" }));
  }
  svg.append(el("polyline", { points: pts.map((r) => `${X(r[0])},${Y(r[1])}`).join(" "), class: "mean" }));
  svg.append(el("text", { x: (L + W - R) / 2, y: H - 3, class: "axis", "text-anchor": "middle" }, t("log.axis.step")));
  return svg;
}

function initLogCheck() {
  const dialog = $("logcheck");
  $("log-open").addEventListener("click", () => dialog.showModal());
  $("log-close").addEventListener("click", () => dialog.close());
  $("log-check").addEventListener("click", () => {
    const text = $("log-text").value;
    if (text.trim()) checkLog(text);
    else if (logFileText !== null) checkLog(logFileText.text, logFileText.name);
    else $("log-status").textContent = t("log.empty");
  });
  $("log-text").addEventListener("input", () => (logFileText = null));
  const useFile = async (file) => {
    if (!file) return;
    $("log-status").textContent = t("log.reading", { name: file.name });
    try {
      const text = await file.text();
      logFileText = { text, name: file.name };
      $("log-text").value = "";
      $("log-text").placeholder = file.name;
      checkLog(text, file.name);
    } catch (err) {
      $("log-status").textContent = t("download.failed", { reason: err?.message ?? String(err) });
    }
  };
  $("log-file").addEventListener("change", () => useFile($("log-file").files?.[0]));
  dialog.addEventListener("dragover", (e) => {
    e.preventDefault();
    dialog.classList.add("dropping");
  });
  dialog.addEventListener("dragleave", () => dialog.classList.remove("dropping"));
  dialog.addEventListener("drop", (e) => {
    e.preventDefault();
    dialog.classList.remove("dropping");
    useFile(e.dataTransfer?.files?.[0]);
  });
}

// ---- The guide (story=N) ----

function storyIndex() {
  const k = Number(get("story"));
  return Number.isInteger(k) && k >= 1 && k <= steps.length ? k : 0;
}

// usesFallback reports whether step k shows its fallback: its link needs a
// feature the game turned out not to have.
function usesFallback(k) {
  return Boolean(steps[k - 1].fallback) && autoSupported === false;
}

function stepQuery(k) {
  return usesFallback(k) ? steps[k - 1].fallback : steps[k - 1].query;
}

// stepParams is the address of step k: its link, its speed, the view
// settings kept from the current view, and story=k.
function stepParams(k) {
  const step = steps[k - 1];
  const next = new URLSearchParams(stepQuery(k));
  if (step.speed) next.set("speed", step.speed);
  for (const name of KEPT_BY_STORY) for (const v of params.getAll(name)) next.append(name, v);
  next.set("story", String(k));
  return next;
}

function openStep(k, { push = true } = {}) {
  if (k < 1 || k > steps.length) return;
  params = stepParams(k);
  commit({ push });
  pointAtControl(k);
  if (!reducedMotion) game()?.play();
}

function closeStory() {
  params.delete("story");
  commit();
}

function stepModified(k) {
  return experimentKey(params) !== experimentKey(new URLSearchParams(stepQuery(k)));
}

function buildStory() {
  const dots = $("story-dots");
  dots.replaceChildren();
  steps.forEach((_, i) => {
    const b = document.createElement("button");
    b.type = "button";
    b.id = `story-dot-${i + 1}`;
    b.className = "story-dot";
    b.textContent = String(i + 1);
    b.addEventListener("click", () => openStep(i + 1));
    dots.append(b);
  });
  $("story-open").hidden = steps.length === 0 || embedded;
}

function renderStory() {
  const k = embedded ? 0 : storyIndex();
  document.body.classList.toggle("story-open", k > 0);
  $("story").hidden = k === 0;
  $("story-open").setAttribute("aria-pressed", String(k > 0));
  if (k) {
    $("story-count").textContent = t("story.count", { k, n: steps.length });
    fill($("story-title"), t(`story.${k}.title`));
    fill($("story-text"), t(usesFallback(k) ? `story.${k}.fallback` : `story.${k}.text`));
    $("story-prev").disabled = k === 1;
    $("story-next").disabled = k === steps.length;
    $("story-modified").hidden = !stepModified(k);
    for (const [i, b] of [...$("story-dots").children].entries()) {
      b.setAttribute("aria-label", t("story.dot", { k: i + 1, title: t(`story.${i + 1}.title`) }));
      b.title = t(`story.${i + 1}.title`);
      if (i + 1 === k) b.setAttribute("aria-current", "step");
      else b.removeAttribute("aria-current");
    }
  }
  markControl(k);
  placeSpotlight();
}

// markControl marks the setting step k is about.
function markControl(k) {
  const el = k ? $(steps[k - 1].control ?? "") : null;
  const field = el?.closest(".field") ?? null;
  for (const old of document.querySelectorAll(".spotlit")) if (old !== field) old.classList.remove("spotlit");
  field?.classList.add("spotlit");
}

// pointAtControl shows the setting step k is about: its lane's tab, and the
// panel scrolled to it when the panel scrolls on its own (wide screens).
function pointAtControl(k) {
  const el = $(steps[k - 1]?.control ?? "");
  if (!el) return;
  const lane = Number(el.closest(".lane")?.dataset.lane ?? 0);
  if (lane && lane !== selectedLane) {
    selectedLane = lane;
    render();
  }
  const panel = document.querySelector(".panel");
  if (getComputedStyle(panel).overflowY === "auto") {
    requestAnimationFrame(() => el.closest(".field")?.scrollIntoView({ block: "nearest", behavior: reducedMotion ? "auto" : "smooth" }));
  }
}

// chartRect returns where the game draws chart (one of CHARTS, or
// "landscape") on a canvas of w x h: the same rectangles as wasm/plot.Layout.
function chartRect(w, h, chart) {
  const n = CHARTS.length;
  const i = CHARTS.indexOf(chart);
  if (w >= 1.2 * h) {
    const cw = Math.min(Math.max(w - h, 0.34 * w), 0.45 * w);
    if (i < 0) return { x0: 0, y0: 0, x1: w - cw, y1: h };
    return { x0: w - cw, y0: (h * i) / n, x1: w, y1: (h * (i + 1)) / n };
  }
  const lh = Math.min(w, 0.58 * h);
  if (i < 0) return { x0: 0, y0: 0, x1: w, y1: lh };
  const ch = (h - lh) / Math.ceil(n / 2);
  const col = i % 2;
  const row = Math.floor(i / 2);
  return { x0: (col * w) / 2, y0: lh + row * ch, x1: ((col + 1) * w) / 2, y1: lh + (row + 1) * ch };
}

// placeSpotlight outlines, over the game's frame, the chart the current
// step of the guide is about.
function placeSpotlight() {
  const box = $("spotlight");
  const k = embedded ? 0 : storyIndex();
  const chart = k ? steps[k - 1].chart : null;
  const f = frame.getBoundingClientRect();
  if (!chart || f.width < 50 || f.height < 50) {
    box.hidden = true;
    return;
  }
  const wrap = frame.parentElement;
  const base = wrap.getBoundingClientRect();
  const r = chartRect(f.width, f.height, chart);
  const inset = 2;
  box.style.setProperty("left", `${f.left - base.left - wrap.clientLeft + r.x0 + inset}px`);
  box.style.setProperty("top", `${f.top - base.top - wrap.clientTop + r.y0 + inset}px`);
  box.style.setProperty("width", `${r.x1 - r.x0 - 2 * inset}px`);
  box.style.setProperty("height", `${r.y1 - r.y0 - 2 * inset}px`);
  box.dataset.chart = chart;
  box.classList.toggle("small", r.x1 - r.x0 < 240 || r.y1 - r.y0 < 80);
  box.firstElementChild.textContent = t(`chart.${chart}.short`);
  box.hidden = false;
}

// probeAuto learns from the game's status whether it has sched=auto. A step
// of the guide whose link the game rejects for that reason is replaced by
// its fallback; it returns true then, and the status is not shown.
function probeAuto(s) {
  if (autoSupported !== null) return false;
  if (/(^|&)sched\d?=auto(&|$)/.test(s.link ?? "")) {
    autoSupported = true;
    showAutoOption();
    return false;
  }
  if (!(s.errors ?? []).some((e) => /^sched\d?="auto"/.test(e))) return false;
  autoSupported = false;
  showAutoOption();
  if (useFallback()) {
    commit();
    return true;
  }
  return false;
}

// useFallback puts in the address the fallback of the step shown, if the
// game cannot run its link; it reports whether it did.
function useFallback() {
  const k = storyIndex();
  if (!k || !usesFallback(k) || experimentKey(params) !== experimentKey(new URLSearchParams(steps[k - 1].query))) {
    return false;
  }
  params = stepParams(k);
  history.replaceState(null, "", `?${query()}`);
  return true;
}

function showAutoOption() {
  for (const o of document.querySelectorAll("option.needs-auto")) o.hidden = autoSupported !== true;
}

// ---- Presenter mode (F) ----

let idleTimer = 0;

// setPresenting switches the presenter layout: the simulation and the guide
// fill the screen, the settings go, the text grows, and the game gets
// present=1, so that it draws larger text and thicker lines.
function setPresenting(on) {
  if (on === presenting) return;
  presenting = on;
  document.body.classList.toggle("present", on);
  if (!on && params.has("present")) {
    params.delete("present");
    history.replaceState(null, "", `?${query()}`);
  }
  sendLink();
  fitPresenter();
  wake();
}

async function togglePresent() {
  if (embedded) return;
  if (!presenting) {
    setPresenting(true);
    try {
      if (!document.fullscreenElement) await document.documentElement.requestFullscreen?.({ navigationUI: "hide" });
    } catch {
      // No full screen here (a frame that does not allow it, a browser
      // that refuses): the presenter layout still applies.
    }
  } else {
    setPresenting(false);
    if (document.fullscreenElement) document.exitFullscreen().catch(() => {});
  }
}

function fitPresenter() {
  placeSpotlight();
}

// wake shows the presenter's controls, and hides them again (and the
// pointer) after 2.5 s without a pointer move.
function wake() {
  clearTimeout(idleTimer);
  setIdle(false);
  if (presenting) idleTimer = setTimeout(() => setIdle(true), 2500);
}

function setIdle(idle) {
  document.body.classList.toggle("idle", idle);
  try {
    frame.contentDocument?.documentElement.classList.toggle("idle", idle);
  } catch {
    // The frame is ours; if it is not, its pointer stays.
  }
}

// ---- Embed mode (embed=1) and the Embed dialog ----

// fullViewURL is this view's address without embed=1.
function fullViewURL() {
  const p = new URLSearchParams(params);
  p.delete("embed");
  const q = query(p);
  return `${location.origin}${location.pathname}${q ? `?${q}` : ""}`;
}

// embedURL is the address of this view in embed mode.
function embedURL() {
  const p = new URLSearchParams(params);
  for (const name of ["embed", "story", "present"]) p.delete(name);
  p.set("embed", "1");
  return `${location.origin}${location.pathname}?${query(p)}`;
}

// preferredHeight is the height an embedded view of width w looks best at:
// the game's side-by-side layout (landscape and charts) at 5:3, or stacked
// on a narrow frame, and the bar below.
function preferredHeight(w, bar) {
  return Math.round(w >= 560 ? w * 0.6 : w * 1.45) + bar;
}

let postedHeight = 0;

// postHeight tells the page that frames this one its preferred height.
function postHeight(force = false) {
  if (window.parent === window) return;
  const h = preferredHeight(document.documentElement.clientWidth, $("embed-bar").offsetHeight);
  if (h === postedHeight && !force) return;
  postedHeight = h;
  window.parent.postMessage({ type: "noiseball:height", height: h }, "*");
}

const EMBED_BAR = 44; // the embed bar's height in CSS pixels

function escapeHTML(s) {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

function updateEmbedCode() {
  const w = Math.round(Number($("embed-width").value)) || 800;
  const h = Math.round(Number($("embed-height").value)) || preferredHeight(w, EMBED_BAR);
  const src = embedURL();
  $("embed-code").value = `<iframe src="${escapeHTML(src)}" width="${w}" height="${h}" ` +
    `title="${escapeHTML(t("embed.frame.title"))}" loading="lazy" allow="fullscreen" ` +
    `style="border:0;max-width:100%"></iframe>`;
  $("embed-script").value = `<script>
addEventListener("message", (e) => {
  if (e.origin !== "${location.origin}" || e.data?.type !== "noiseball:height") return;
  for (const f of document.querySelectorAll("iframe")) {
    if (f.contentWindow === e.source) f.height = String(e.data.height);
  }
});
</script>`;
  $("embed-preview").href = src;
}

function openEmbedDialog() {
  const w = Math.min(1200, Math.max(320, Math.round(frame.getBoundingClientRect().width / 10) * 10)) || 800;
  $("embed-width").value = String(w);
  $("embed-height").value = String(preferredHeight(w, EMBED_BAR));
  updateEmbedCode();
  $("embed").showModal();
}

// ---- Downloads ----

// viewName names files after the view the game runs: its lanes' optimizers
// and learning rates, then whatever else the canonical link sets, e.g.
// noiseball-adam-lr0.05 or noiseball-adam-lr0.05-sgd-runs1000.
function viewName() {
  const p = new URLSearchParams(lastStatus?.link || query());
  let n = 1;
  for (const name of p.keys()) n = Math.max(n, splitLane(name)[1]);
  const lane = (base, k) => p.get(linkName(base, k)) ?? (k > 1 ? lane(base, 1) : DEFAULTS[base]);
  const parts = ["noiseball"];
  for (let k = 1; k <= n; k++) {
    parts.push(lane("opt", k));
    if (k === 1 || lane("lr", k) !== lane("lr", 1)) parts.push(`lr${lane("lr", k)}`);
  }
  for (const [name, v] of p) {
    if (name === "v" || VIEW_PARAMS.includes(name) || ["opt", "lr"].includes(splitLane(name)[0])) continue;
    parts.push(`${name}${/\d$/.test(name) ? "_" : ""}${v}`);
  }
  return parts.map((x) => x.replace(/[^A-Za-z0-9.+-]+/g, "_")).join("-").slice(0, 120);
}

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

function say(text) {
  const note = $("note");
  note.textContent = text;
  note.hidden = false;
  clearTimeout(say.timer);
  say.timer = setTimeout(() => (note.hidden = true), 4000);
}

async function downloadCSV() {
  $("download").open = false;
  const g = game();
  if (typeof g?.csv !== "function") {
    say(t("download.notready"));
    return;
  }
  try {
    save(new Blob([await g.csv()], { type: "text/csv" }), `${viewName()}.csv`);
  } catch (err) {
    say(t("download.failed", { reason: err?.message ?? String(err) }));
  }
}

// stillQuery is the query of the server's still (render.png, render.svg)
// of the view at the game's current step, at the frame's size in CSS
// pixels; fit=1 lets the server stop earlier than a step it may not reach.
function stillQuery(kind) {
  const p = new URLSearchParams(lastStatus?.link || query());
  if (lastStatus) p.set("steps", String(Math.max(1, lastStatus.step)));
  const view = get("view");
  if (view) p.set("view", view);
  p.set("w", String(Math.round(Math.min(1920, Math.max(200, frame.clientWidth)))));
  p.set("h", String(Math.round(Math.min(1080, Math.max(150, frame.clientHeight)))));
  if (kind === "png") p.set("dpr", "2");
  p.set("fit", "1");
  return query(p);
}

// downloadStill fetches from the server a still of the view: kind "png" at
// twice the frame's size in pixels, "svg" as vectors.
async function downloadStill(kind) {
  $("download").open = false;
  const q = stillQuery(kind);
  try {
    const r = await fetch(`render.${kind}?${q}`);
    if (!r.ok) throw new Error((await r.text()).trim().slice(0, 300) || `HTTP ${r.status}`);
    save(await r.blob(), `${viewName()}.${kind}`);
  } catch (err) {
    say(t("download.failed", { reason: err?.message ?? String(err) }));
  }
}

// loadFeatures asks the server what it offers beyond the files: the Go
// server draws stills, a static copy of the site does not.
async function loadFeatures() {
  try {
    const r = await fetch("features.json", { cache: "no-cache" });
    canRender = r.ok && (await r.json())?.render === true;
  } catch {
    canRender = false;
  }
  $("download-png").hidden = !canRender;
  $("download-svg").hidden = !canRender;
}

// ---- Language ----

async function switchLanguage(lang) {
  try {
    await setLanguage(lang);
  } catch {
    $("lang").value = language();
    return;
  }
  params.set("lang", lang);
  history.replaceState(null, "", `?${query()}`);
  sendLink();
  retranslate();
}

// retranslate shows every string of the page in the current language.
function retranslate() {
  translate();
  translateSweepForm();
  $("lang").value = language();
  initPresets();
  showPlaying(lastStatus ? lastStatus.playing : !reducedMotion);
  lastErrors = "";
  render();
  showStatus();
}

// ---- Keyboard ----

const help = $("help");

function toggleHelp() {
  if (help.open) help.close();
  else help.showModal();
}

// onKey handles the shortcuts, on the page and in the game's frame. Keys
// typed into a field, and keys with Ctrl, Alt or Meta, are left alone.
// While the guide is open the arrow keys (and a presenter's remote, which
// sends Page Up and Page Down) move through it instead of stepping.
function onKey(e) {
  if (e.defaultPrevented || e.ctrlKey || e.metaKey || e.altKey || e.isComposing) return;
  const target = e.target;
  const inside = (sel) => typeof target?.closest === "function" && target.closest(sel);
  if (inside("input, select, textarea, [contenteditable]")) return;
  if (help.open && e.key !== "?") return;
  if ($("embed").open || $("logcheck").open) return;
  if (embedded) {
    onEmbedKey(e, inside);
    return;
  }
  const k = storyIndex();
  switch (e.key) {
    case " ":
      // A focused button takes Space as a click.
      if (inside("button, a, summary")) return;
      togglePlay();
      break;
    case "ArrowRight":
    case "PageDown":
      if (inside("[role=tablist]")) return;
      if (k) openStep(k + 1);
      else if (e.key === "ArrowRight") stepOnce();
      else return;
      break;
    case "ArrowLeft":
    case "PageUp":
      if (!k || inside("[role=tablist]")) return;
      openStep(k - 1);
      break;
    case "f":
    case "F":
      togglePresent();
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

// onEmbedKey: an embedded view has only its bar's keys.
function onEmbedKey(e, inside) {
  switch (e.key) {
    case " ":
      if (inside("button, a")) return;
      togglePlay();
      break;
    case "ArrowRight":
      stepOnce();
      break;
    case "r":
    case "R":
      reset();
      break;
    default:
      return;
  }
  e.preventDefault();
}

// ---- The game's frame ----

let readyGame = null;
let polling = 0;

// frameLoaded listens on the frame's window for the shortcuts, the pointer
// (presenter mode) and the game's "noiseball-ready". A new document in the
// frame may come with a new window; adding the same listener twice to one
// window does nothing.
function frameLoaded() {
  try {
    const w = frame.contentWindow;
    w?.addEventListener("keydown", onKey, true);
    w?.addEventListener("pointermove", wake);
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
  if (embedded) postHeight(true);
}

// ---- Start ----

// The strings and the guide come first; the game's frame starts loading as
// soon as the link is settled.
const [, story] = await Promise.all([
  setLanguage(pickLanguage(get("lang"))).catch(() => setLanguage("en").catch(() => {})),
  fetch("story.json").then((r) => (r.ok ? r.json() : null)).catch(() => null),
]);
steps = Array.isArray(story?.steps) ? story.steps : [];
// story=N alone opens step N with its link.
if (storyIndex() && [...params.keys()].every((name) => VIEW_PARAMS.includes(name))) {
  params = stepParams(storyIndex());
  history.replaceState(null, "", `?${query()}`);
}
if (params.get("present") === "1" && !embedded) {
  presenting = true;
  document.body.classList.add("present");
}

if (embedded) {
  document.body.classList.add("embed");
  $("embed-bar").hidden = false;
}

bind(document.querySelector(".panel"), 0);
buildLanes();
buildStory();
buildSweepForm();
initLogCheck();
translate();
document.documentElement.classList.remove("i18n-pending");
$("lang").value = language();

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
for (const dialog of [help, $("embed"), $("logcheck")]) {
  dialog.addEventListener("click", (e) => {
    if (e.target === dialog) dialog.close(); // a click on the backdrop
  });
}
$("copy").addEventListener("click", async () => {
  try {
    await navigator.clipboard.writeText(location.href);
    say(t("copy.done"));
  } catch {
    say(t("copy.failed"));
  }
});
$("lang").addEventListener("change", () => switchLanguage($("lang").value));

$("story-open").addEventListener("click", () => (storyIndex() ? closeStory() : openStep(1)));
$("story-close").addEventListener("click", closeStory);
$("story-prev").addEventListener("click", () => openStep(storyIndex() - 1));
$("story-next").addEventListener("click", () => openStep(storyIndex() + 1));
$("story-restore").addEventListener("click", () => openStep(storyIndex()));

$("present").addEventListener("click", togglePresent);
$("present-exit").addEventListener("click", togglePresent);
document.addEventListener("fullscreenchange", () => {
  // Leaving full screen (Esc) leaves presenter mode too.
  if (!document.fullscreenElement && presenting) setPresenting(false);
});
document.addEventListener("pointermove", wake);
document.addEventListener("focusin", () => presenting && wake());

$("embed-open-dialog").addEventListener("click", openEmbedDialog);
$("embed-close").addEventListener("click", () => $("embed").close());
$("embed-width").addEventListener("input", () => {
  const w = Math.round(Number($("embed-width").value));
  if (w > 0) $("embed-height").value = String(preferredHeight(w, EMBED_BAR));
  updateEmbedCode();
});
$("embed-height").addEventListener("input", updateEmbedCode);
$("embed-copy").addEventListener("click", async () => {
  const note = $("embed-copied");
  try {
    await navigator.clipboard.writeText($("embed-code").value);
    note.textContent = t("copy.done");
  } catch {
    $("embed-code").select();
    note.textContent = "";
  }
  note.hidden = note.textContent === "";
  setTimeout(() => (note.hidden = true), 1500);
});
$("embed-play").addEventListener("click", togglePlay);
$("embed-reset").addEventListener("click", reset);

$("download-csv").addEventListener("click", downloadCSV);
$("download-png").addEventListener("click", () => downloadStill("png"));
$("download-svg").addEventListener("click", () => downloadStill("svg"));
document.addEventListener("click", (e) => {
  // A click elsewhere closes the Download menu.
  if (!e.target.closest?.("#download")) $("download").open = false;
});

// Back, Forward and a hand-edited address are honoured.
window.addEventListener("popstate", () => {
  params = new URLSearchParams(location.search);
  useFallback();
  fillSweepForm();
  sendLink();
  render();
});
document.addEventListener("keydown", onKey);
window.addEventListener("resize", () => {
  fitPresenter();
  if (embedded) postHeight();
});
new ResizeObserver(() => placeSpotlight()).observe(frame);

showPlaying(!reducedMotion);
render();
if (storyIndex()) pointAtControl(storyIndex());
loadFeatures();

// The game starts on the link itself, so its first frame is already the
// right one; the page then drives it through window.noiseball.
frame.addEventListener("load", frameLoaded);
const q = query();
frame.src = `game.html${q ? `?${q}` : ""}`;
fitPresenter();
wake();
if (embedded) postHeight();
// In case "noiseball-ready" came before the listener was in place, or the
// frame was reloaded.
setInterval(frameLoaded, 250);
