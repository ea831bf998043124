// The theorem panel of the monitor: for the selected lane, the theorem's
// five hypotheses (sim/hypotheses.go), each with why it holds or fails and
// the preset that breaks it, the conclusion, and what the diagnostics see.
// The game says why and the conclusion as messages (sim.TheoremTexts),
// which the page writes in its language.

import { $, setData, setHidden } from "./dom.js";
import { diagnosisText, diagnosisTip } from "./diagnosis.js";
import { fill } from "./i18n.js";

// The names of the hypotheses, by the game's stable ids, in the game's
// order.
const HYPOTHESES = {
  "lr-floor": "theorem.hyp.lrFloor", "lr-bounded": "theorem.hyp.lrBounded", "batch-bounded": "theorem.hyp.batchBounded",
  noise: "theorem.hyp.noise", optimizer: "theorem.hyp.optimizer",
};

export function initMonitor({ store, i18n }) {
  const { t, language, say } = i18n;
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
    const tip = d.status ? diagnosisTip(d, t) : "";
    if (seen.title !== tip) seen.title = tip;
    const key = JSON.stringify([th, k, language(), store.presets.length]);
    if (key === lastTheorem) return;
    lastTheorem = key;
    box.dataset.conclusion = th.conclusion;
    $("theorem-list").replaceChildren(...th.hypotheses.map(hypothesis));
    fill($("theorem-conclusion"), th.verdict?.code ? say("theorem", th.verdict) : th.text ?? "");
  }

  // hypothesis is the list item of hypothesis h: whether it holds, what
  // the game says of it, and a link to the preset that breaks it.
  function hypothesis(h) {
    const key = HYPOTHESES[h.id];
    const item = document.createElement("li");
    item.dataset.id = h.id;
    item.dataset.held = String(h.held);
    const mark = document.createElement("span");
    mark.className = "mark";
    mark.textContent = h.held ? "✓" : "✗";
    mark.setAttribute("aria-hidden", "true");
    const name = document.createElement("span");
    name.className = "name";
    fill(name, key ? t(key) : h.id);
    const state = document.createElement("span");
    state.className = "visually-hidden";
    state.textContent = ` (${t(h.held ? "theorem.held" : "theorem.failed")})`;
    const detail = document.createElement("span");
    detail.className = "detail";
    fill(detail, h.why?.code ? say("theorem", h.why) : h.detail ?? "");
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
      a.title = a.textContent;
      a.addEventListener("click", (e) => {
        if (e.button !== 0 || e.ctrlKey || e.metaKey || e.shiftKey) return;
        e.preventDefault();
        store.emit("open-preset", i);
      });
      item.append(a);
    }
    return item;
  }

  // placeholder shows the panel before the game's first status, its five
  // hypotheses named and their lines held empty, so that the settings under
  // it do not move when it fills in.
  function placeholder() {
    const box = $("theorem");
    if (store.embedded || store.params.has("sweep") || !box.hidden) return;
    box.hidden = false;
    box.dataset.conclusion = "";
    $("theorem-list").replaceChildren(...Object.keys(HYPOTHESES).map((id) => {
      const item = hypothesis({ id, held: true, detail: "\u00a0" });
      item.dataset.held = "";
      item.querySelector(".mark").textContent = "";
      item.querySelector(".visually-hidden").textContent = "";
      // Every hypothesis but the upper bound has a preset that breaks it.
      if (id !== "lr-bounded") {
        const line = document.createElement("span");
        line.className = "broken-by";
        line.textContent = "\u00a0";
        item.append(line);
      }
      return item;
    }));
    $("theorem-conclusion").textContent = "\u00a0";
    $("theorem-diagnosis").textContent = t("diag.none");
  }

  store.on("status", show);
  store.on("start", placeholder);
}
