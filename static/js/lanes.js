// The lanes: a tab and a panel of settings for each of the link's lanes
// (up to the schema's maxLanes, in the lanes' colours), and the buttons
// that add, duplicate and remove one.

import { $ } from "./dom.js";
import { laneEdits } from "./lane-edits.js";
import { laneNames } from "./lane-names.js";

// initLanes builds the tabs and panels from #lane-template: ids follow the
// link's names, so lane 2's learning rate is #lr2, its slider #lr2-slider.
export function initLanes({ store, link, schema, i18n }) {
  const { t } = i18n;
  const edits = laneEdits(link);
  const template = $("lane-template");
  const tabs = $("lane-tabs");
  const panels = $("lane-panels");
  for (let k = 1; k <= link.maxLanes; k++) {
    const colour = schema.laneColours[(k - 1) % schema.laneColours.length];
    const tab = document.createElement("button");
    tab.type = "button";
    tab.id = `tab-${k}`;
    tab.className = "lane-tab";
    tab.setAttribute("role", "tab");
    tab.setAttribute("aria-controls", `lane-${k}`);
    tab.style.setProperty("--lane", colour);
    const swatch = document.createElement("span");
    swatch.className = "swatch";
    const num = document.createElement("span");
    num.className = "num";
    num.textContent = `${k}`;
    const name = document.createElement("span");
    name.className = "name";
    tab.append(swatch, num, name);
    tab.addEventListener("click", () => store.selectLane(k));
    tabs.append(tab);

    const panel = template.content.firstElementChild.cloneNode(true);
    panel.id = `lane-${k}`;
    panel.dataset.lane = String(k);
    panel.setAttribute("aria-labelledby", `tab-${k}`);
    panel.style.setProperty("--lane", colour);
    const rename = (id) => {
      const base = link.laneParams.find((b) => id === b || id.startsWith(`${b}-`));
      return base ? link.laneName(base, k) + id.slice(base.length) : `${id}-${k}`;
    };
    for (const el of panel.querySelectorAll("[id]")) el.id = rename(el.id);
    for (const el of panel.querySelectorAll("label[for]")) el.htmlFor = rename(el.htmlFor);
    panels.append(panel);
  }
  // Arrow keys move between the tabs, as in any tab list.
  tabs.addEventListener("keydown", (e) => {
    const n = store.laneCount();
    const k = store.selectedLane;
    const moves = { ArrowLeft: k - 1, ArrowRight: k + 1, Home: 1, End: n };
    if (!(e.key in moves)) return;
    e.preventDefault();
    e.stopPropagation();
    store.selectLane(((moves[e.key] - 1 + n) % n) + 1);
    $(`tab-${store.selectedLane}`).focus();
  });
  $("lane-add").addEventListener("click", () => store.replaceLanes(edits.add(store.params)));
  $("lane-dup").addEventListener("click", () => store.replaceLanes(edits.duplicate(store.params, store.selectedLane)));
  $("lane-remove").addEventListener("click", () => store.replaceLanes(edits.remove(store.params, store.selectedLane)));

  // markInvalid flags the tabs of lanes with a parameter the game rejected.
  function markInvalid() {
    const bad = store.rejected();
    for (let k = 1; k <= link.maxLanes; k++) {
      $(`tab-${k}`).classList.toggle("invalid", link.laneParams.some((b) => bad.has(link.laneName(b, k))));
    }
  }

  store.on("render", () => {
    const n = store.laneCount();
    const selected = store.selectedLane;
    const names = laneNames(link, store.params, schema.optimizers, t);
    for (let k = 1; k <= link.maxLanes; k++) {
      const tab = $(`tab-${k}`);
      tab.hidden = k > n;
      tab.setAttribute("aria-selected", String(k === selected));
      tab.tabIndex = k === selected ? 0 : -1;
      const name = names[k - 1] ?? "";
      tab.querySelector(".name").textContent = name;
      tab.title = name;
      $(`lane-${k}`).hidden = k !== selected;
    }
    $("lane-add").disabled = n >= link.maxLanes;
    $("lane-dup").disabled = n >= link.maxLanes;
    $("lane-remove").disabled = n < 2;
    $("lane-remove").textContent = n < 2 ? t("lanes.remove") : t("lanes.removeLane", { k: selected });
    $("lane-dup").textContent = t("lanes.dup", { k: selected });
    markInvalid();
  });
  store.on("rejected", markInvalid);
}
