// The theorem panel of the monitor: for the selected lane, the theorem's
// five hypotheses (sim/hypotheses.go), each with the preset that breaks
// it, the conclusion, and what the diagnostics see.

import { $, setData, setHidden } from "./dom.js";
import { diagnosisText, diagnosisTip } from "./diagnosis.js";
import { fill } from "./i18n.js";

// The strings of the hypotheses (name, held, failed) and conclusions, by
// the game's stable ids.
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

export function initMonitor({ store, i18n }) {
  const { t, language } = i18n;
  let lastTheorem = "";

  function show(s) {
    const k = store.selectedLane;
    const lane = s.lanes?.[k - 1];
    const th = lane?.theorem;
    const box = $("theorem");
    setHidden(box, !th?.hypotheses?.length || store.params.has("sweep"));
    if (box.hidden) return;
    const d = lane.diagnosis ?? {};
    const seen = $("theorem-diagnosis");
    const text = d.status ? diagnosisText(d, store.value("sched", k) === "auto", t) : t("diag.none");
    if (seen.dataset.text !== text) {
      seen.dataset.text = text;
      fill(seen, text);
    }
    setData(seen, "status", d.status ?? "");
    const tip = d.status ? diagnosisTip(d, language(), t) : "";
    if (seen.title !== tip) seen.title = tip;
    const key = JSON.stringify([th, k, language(), store.presets.length]);
    if (key === lastTheorem) return;
    lastTheorem = key;
    box.dataset.conclusion = th.conclusion;
    $("theorem-list").replaceChildren(...th.hypotheses.map(hypothesis));
    const c = CONCLUSIONS[th.conclusion];
    fill($("theorem-conclusion"), language() === "en" && th.text ? th.text : c ? t(c) : th.text ?? "");
  }

  // hypothesis is the list item of hypothesis h: whether it holds, what
  // the game says of it, and a link to the preset that breaks it.
  function hypothesis(h) {
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
    const i = store.presets.findIndex((p) => p.name === h.brokenBy);
    if (i >= 0) {
      const p = store.presets[i];
      const lang = store.get("lang");
      const a = document.createElement("a");
      a.className = "broken-by";
      a.dataset.preset = h.brokenBy;
      a.href = `?${p.query.replace(/^\?/, "")}${lang ? `&lang=${lang}` : ""}`;
      a.textContent = t(h.held ? "theorem.brokenBy" : "theorem.brokenHere", { preset: p.title });
      a.addEventListener("click", (e) => {
        if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        store.emit("open-preset", i);
      });
      item.append(a);
    }
    return item;
  }

  store.on("status", show);
}
