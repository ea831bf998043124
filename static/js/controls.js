// The settings: every element with data-param="NAME" (and, for a value in
// parts, data-part) shows the link's value of NAME in its lane and writes a
// change back to the link. Values outside the allowed range are written as
// typed: the game says what is wrong with them. The menus offer what the
// schema allows, the number fields take its ranges, and data-when="..."
// shows an element only where its condition holds.

import { choose, offer } from "./dom.js";

// The rate a batch growth starts with when it is chosen in the menu (the
// rates of lin and geo have different ranges).
const GROWTH_RATE = { lin: "0.01", geo: "1.001" };

// initControls connects the settings already on the page (the lanes'
// panels included, so they must be built first).
export function initControls({ store, link, i18n }) {
  const { t } = i18n;
  const controls = []; // {el, base, lane}
  let sliderTimer = 0;
  let sliderLast = 0;

  const control = (base, lane, part) =>
    controls.find((c) => c.base === base && c.lane === lane && c.el.dataset.part === part)?.el;

  for (const el of document.querySelectorAll("[data-param]")) {
    const lane = Number(el.closest(".lane")?.dataset.lane ?? 0);
    const base = el.dataset.param;
    const c = { el, base, lane };
    el.dataset.name = link.laneName(base, lane === 0 ? 1 : lane);
    takeSchema(el, link.param(base));
    controls.push(c);
    if (el.type === "range") el.addEventListener("input", () => changed(c, true));
    el.addEventListener("change", () => changed(c, false));
  }

  // changed writes a control's new value into the link.
  function changed({ el, base, lane }, dragging) {
    const name = link.laneName(base, lane === 0 ? 1 : lane);
    const part = el.dataset.part;
    clearTimeout(sliderTimer);
    el.removeAttribute("aria-invalid");
    if (el.validity?.badInput) {
      // A number field holding something that is not a number: there is
      // no value to write.
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
        // While the thumb moves, restart the experiment at most every
        // 150 ms, and once more where it stops.
        const wait = sliderLast + 150 - performance.now();
        const write = () => {
          sliderLast = performance.now();
          store.set(name, v, el);
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
      // A new kind of growth starts at its own default rate.
      const kind = control(base, lane, "kind").value;
      const rate = part === "rate" ? el.value.trim() : "";
      v = kind === "const" ? "const" : `${kind}:${rate || GROWTH_RATE[kind]}`;
    } else {
      v = el.value.trim();
    }
    if (name === "problem") {
      // A new problem drops the settings the old one had and it has not.
      store.update((p) => link.dropInapplicable(v === "" ? (p.delete(name), p) : (p.set(name, v), p)), { except: el });
      return;
    }
    store.set(name, v, el);
  }

  // show sets a control from the link.
  function show({ el, base, lane }) {
    const v = store.value(base, lane);
    const part = el.dataset.part;
    const inherited = lane > 1 && store.get(link.laneName(base, lane)) === null;
    el.classList.toggle("inherited", inherited);
    el.title = inherited ? t("lanes.inherited") : "";
    if (el.tagName === "SELECT") {
      const w = part === "kind" ? v.split(":")[0] : v;
      choose(el, w, t("errors.invalid", { value: w }));
    } else if (el.type === "checkbox") {
      el.checked = (v === "0" || v === "1" ? v : link.defaults[base]) === "1";
    } else if (part === "log") {
      // A value beyond the slider's top shows the default; one below its
      // bottom puts the thumb at the bottom.
      const x = Number(v);
      el.value = String(Math.log10(x > 0 && x <= 10 ** Number(el.max) ? x : Number(link.defaults[base])));
    } else if (part === "0" || part === "1") {
      const xy = v.split(",");
      el.value = xy.length === 1 ? xy[0] : xy[Number(part)] ?? "";
    } else if (part === "rate") {
      takeRange(el, link.param(base)?.rates?.[link.understood(base, v)]);
      el.value = v.split(":")[1] ?? "";
    } else {
      el.value = v;
    }
  }

  // holds evaluates a data-when condition such as "opt=adam,adamw" or
  // "sched!=const" for lane (0 for the global settings). A value the game
  // does not understand counts as its default, which the game uses
  // instead.
  function holds(cond, lane) {
    const [, key, op, list] = /^(\w+)(!?=)(.*)$/.exec(cond);
    const match = list.split(",").includes(link.understood(key, store.value(key, lane)));
    return op === "=" ? match : !match;
  }

  // markInvalid flags the controls of the parameters the game rejected.
  function markInvalid() {
    const bad = store.rejected();
    for (const { el } of controls) {
      if (bad.has(el.dataset.name)) el.setAttribute("aria-invalid", "true");
      else if (!el.validity?.badInput) el.removeAttribute("aria-invalid");
    }
  }

  // The automatic schedule is offered once the game is known to have it.
  function showAutoOption() {
    for (const o of document.querySelectorAll("option.needs-auto")) o.hidden = store.autoSupported !== true;
  }

  store.on("render", ({ except }) => {
    for (const c of controls) if (c.el !== except) show(c);
    for (const el of document.querySelectorAll("[data-when]")) {
      el.hidden = !holds(el.dataset.when, Number(el.closest(".lane")?.dataset.lane ?? 0));
    }
    markInvalid();
  });
  store.on("rejected", markInvalid);
  store.on("capabilities", showAutoOption);
}

// takeSchema gives a control what its parameter p allows: a menu its
// words, a number field its range.
function takeSchema(el, p) {
  if (!p) return;
  if (el.tagName === "SELECT") offer(el, p.words ?? []);
  else if (el.type === "number") takeRange(el, p.range);
}

// takeRange sets a number field's bounds to range's (an open end is its
// bound too: the field cannot say "above 0").
function takeRange(el, range) {
  const [min, max] = range ? [String(range.min), String(range.max)] : ["", ""];
  if (el.min !== min) el.min = min;
  if (el.max !== max) el.max = max;
}
