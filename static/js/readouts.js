// The readouts under the canvas: the step and the loss gap, a chip per lane
// with its diverged runs, a chip per lane with its diagnosis (and the
// explanation on hover and focus), the game's errors about the link, and
// for a real model the line saying what its picture is.

import { $, setData, setHidden, setText } from "./dom.js";
import { diagnosisText, diagnosisTip } from "./diagnosis.js";
import { count, number } from "./format.js";
import { fill } from "./i18n.js";
import { laneNames } from "./lane-names.js";
import { problemLines } from "./problems.js";

export function initReadouts({ store, schema, i18n }) {
  const { t, language, say } = i18n;
  const colour = (i) => schema.laneColours[i % schema.laneColours.length];
  let lastErrors = "";

  const names = () => laneNames(store.link, store.params, schema.optimizers, t);

  function showLanes(lanes) {
    const box = $("lane-readout");
    const name = names();
    const runs = Number(store.value("runs")) || 1;
    while (box.children.length > lanes.length) box.lastChild.remove();
    lanes.forEach((l, i) => {
      let chip = box.children[i];
      if (!chip) {
        chip = document.createElement("span");
        chip.className = "chip";
        chip.style.setProperty("--lane", colour(i));
        chip.append(document.createElement("span"), document.createElement("span"));
        chip.children[0].className = "swatch";
        box.append(chip);
      }
      setText(chip.lastChild, t("readout.diverged", { opt: name[i] ?? l.opt, n: count(l.diverged), runs: count(runs) }));
      if (chip.classList.contains("diverged") !== l.diverged > 0) chip.classList.toggle("diverged");
    });
  }

  // showDiagnoses shows a chip per lane in the row under the readout. The
  // row keeps one line whatever the texts say, so that the canvas above it
  // does not change size as the verdicts change; a chip too long for it is
  // cut, and shown whole with its explanation on hover and focus.
  function showDiagnoses(lanes) {
    const box = $("diag-readout");
    while (box.children.length > lanes.length) box.lastChild.remove();
    lanes.forEach((l, i) => {
      let el = box.children[i];
      if (!el) {
        el = document.createElement("span");
        el.className = "diag";
        el.tabIndex = 0;
        el.style.setProperty("--lane", colour(i));
        for (const type of ["mouseenter", "focus"]) el.addEventListener(type, () => showTip(el));
        el.addEventListener("mouseleave", () => document.activeElement !== el && ($("diag-tip").hidden = true));
        el.addEventListener("blur", () => ($("diag-tip").hidden = true));
        box.append(el);
      }
      showDiagnosis(el, l, i + 1);
      // The tip of the focused chip follows its numbers.
      if (document.activeElement === el) showTip(el);
    });
    setHidden(box, store.params.has("sweep") || !lanes.some((l) => l.diagnosis?.status));
  }

  function showDiagnosis(el, lane, k) {
    const d = lane.diagnosis;
    // A sweep's heat maps have no lane running: nothing to diagnose.
    setHidden(el, !d?.status || store.params.has("sweep"));
    if (el.hidden) return;
    // The chip is short; its tip says since when too.
    const auto = store.value("sched", k) === "auto";
    const text = diagnosisText(d, auto, t, { since: false });
    if (el.dataset.text !== text) {
      el.dataset.text = text;
      fill(el, text);
    }
    el.dataset.full = diagnosisText(d, auto, t);
    setData(el, "status", d.status);
    const tip = diagnosisTip(d, t);
    const label = `${names()[k - 1] ?? lane.opt} ${k}: ${el.textContent}. ${tip}`;
    if (el.dataset.tip !== tip || el.getAttribute("aria-label") !== label) {
      el.dataset.tip = tip;
      el.setAttribute("aria-label", label);
    }
  }

  // showTip shows a diagnosis chip's whole text and explanation above it.
  function showTip(el) {
    const tip = $("diag-tip");
    const text = document.createElement("strong");
    fill(text, el.dataset.full ?? el.dataset.text ?? "");
    tip.replaceChildren(text, document.createElement("br"), el.dataset.tip ?? "");
    tip.hidden = false;
    const r = el.getBoundingClientRect();
    const parent = tip.offsetParent?.getBoundingClientRect() ?? { left: 0, top: 0, width: innerWidth };
    tip.style.left = `${Math.max(0, Math.min(r.left - parent.left, parent.width - tip.offsetWidth))}px`;
    tip.style.top = `${r.top - parent.top - tip.offsetHeight - 6}px`;
  }

  // showErrors lists what the game says is wrong with the link, in the
  // page's language, and a reset button after a panic.
  function showErrors(s) {
    // A problem with a parameter the page has changed since is stale.
    const fresh = (s.errors ?? []).map((e) => !store.link.stale(store.params, e));
    const shown = { ...s, problems: s.problems?.filter((_, i) => fresh[i] ?? true), errors: s.errors?.filter((_, i) => fresh[i]) };
    const errors = problemLines(shown, say);
    const notice = s.notices?.[language()] ?? s.notice ?? "";
    const key = JSON.stringify([errors, notice, s.panic ?? "", language()]);
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
    if (notice) {
      // The link is valid but too heavy to watch: the game says why and
      // what would do, in each language.
      const p = document.createElement("p");
      p.id = "notice";
      p.textContent = notice;
      box.append(p);
    }
    if (s.panic) {
      const p = document.createElement("p");
      p.textContent = t("errors.panic", { reason: s.panic });
      const button = document.createElement("button");
      button.type = "button";
      button.id = "panic-reset";
      button.textContent = t("errors.reset");
      button.addEventListener("click", () => store.emit("reset"));
      box.append(p, button);
    }
    box.hidden = errors.length === 0 && !s.panic && !notice;
    store.emit("rejected");
  }

  // showPlane says in one line what a real model's picture is: a slice
  // through theta* (or the MLP's reference point) of the d-dimensional
  // model, in the plane the link chose.
  function showPlane(plane) {
    const box = $("plane-caption");
    setHidden(box, !plane);
    if (!plane) return;
    const ref = t(plane.model === "mlp" ? "plane.ref.mlp" : "plane.ref.optimum");
    setText(box, t(`plane.caption.${plane.kind}`, { ref, d: count(plane.dim) }));
  }

  store.on("status", (s) => {
    setText($("stepcount"), count(s.step));
    setText($("target"), s.target ? count(s.target) : "–");
    setHidden($("target-wrap"), !s.target);
    setText($("lossgap"), number(s.lossGap));
    showLanes(s.lanes ?? []);
    showDiagnoses(s.lanes ?? []);
    showErrors(s);
    showPlane(s.plane);
  });
  store.on("language", () => (lastErrors = ""));
}
