// The guide (story=N): a few steps, each a view with a caption, the chart
// it is about outlined over the canvas (the spotlight) and the setting it
// is about marked. A caption is the step's short name (story.N.title), its
// point in one bold sentence (story.N.lead) and the figures, formulas and
// citations in a smaller paragraph (story.N.text); a step with an action
// (story.json) offers its button: "log" opens Check a log.

import { $ } from "./dom.js";
import { fill } from "./i18n.js";
import { chartRect } from "./layout.js";
import { keepRules } from "./navigation.js";

export function initStory({ store, link, guide, schema, frame, i18n, reducedMotion }) {
  const { t } = i18n;
  const { steps } = guide;
  const kept = keepRules(link).story;
  const shownIndex = () => (store.embedded ? 0 : guide.index(store.params));

  function open(k, { push = true } = {}) {
    if (k < 1 || k > steps.length) return;
    store.navigate(guide.view(k, store.autoSupported), { keep: kept, push });
    pointAtControl(k);
  }

  function close() {
    store.update((p) => p.delete("story"));
  }

  let shownStep = 0;

  // The details paragraph shows a few lines, and the rest behind More, so
  // that a long one leaves the canvas its room.
  function setExpanded(on) {
    $("story").classList.toggle("expanded", on);
    $("story-more").setAttribute("aria-expanded", String(on));
    $("story-more").textContent = t(on ? "story.less" : "story.more");
  }

  function fitText() {
    const text = $("story-text");
    const expanded = $("story").classList.contains("expanded");
    $("story-more").hidden = !expanded && text.scrollHeight <= text.clientHeight + 1;
  }

  function render() {
    const k = shownIndex();
    document.body.classList.toggle("story-open", k > 0);
    $("story").hidden = k === 0;
    $("story-open").setAttribute("aria-pressed", String(k > 0));
    if (k) {
      $("story-count").textContent = t("story.count", { k, n: steps.length });
      fill($("story-name"), t(`story.${k}.title`));
      fill($("story-title"), t(`story.${k}.lead`));
      fill($("story-text"), t(guide.usesFallback(k, store.autoSupported) ? `story.${k}.fallback` : `story.${k}.text`));
      $("story-action").hidden = steps[k - 1].action !== "log";
      if (shownStep !== k) {
        shownStep = k;
        setExpanded(false);
      }
      fitText();
      $("story-prev").disabled = k === 1;
      $("story-next").disabled = k === steps.length;
      $("story-modified").hidden = !guide.modified(store.params, k, store.autoSupported);
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

  // pointAtControl shows the setting step k is about: its lane's tab, and
  // the panel scrolled to it when the panel scrolls on its own (wide
  // screens).
  function pointAtControl(k) {
    const el = $(steps[k - 1]?.control ?? "");
    if (!el) return;
    const lane = Number(el.closest(".lane")?.dataset.lane ?? 0);
    if (lane && lane !== store.selectedLane) store.selectLane(lane);
    const panel = document.querySelector(".panel");
    if (getComputedStyle(panel).overflowY === "auto") {
      requestAnimationFrame(() => el.closest(".field")?.scrollIntoView({ block: "nearest", behavior: reducedMotion ? "auto" : "smooth" }));
    }
  }

  // placeSpotlight outlines, over the game's frame, the chart the current
  // step is about, where the game draws it.
  function placeSpotlight() {
    const box = $("spotlight");
    const k = shownIndex();
    const chart = k ? steps[k - 1].chart : null;
    const f = frame.getBoundingClientRect();
    if (!chart || f.width < 50 || f.height < 50) {
      box.hidden = true;
      return;
    }
    const wrap = frame.parentElement;
    const base = wrap.getBoundingClientRect();
    const charts = schema.chartsFor?.[store.value("problem")] ?? schema.charts;
    const r = chartRect(schema.layout, charts, f.width, f.height, chart);
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

  const dots = $("story-dots");
  dots.replaceChildren();
  steps.forEach((_, i) => {
    const b = document.createElement("button");
    b.type = "button";
    b.id = `story-dot-${i + 1}`;
    b.className = "story-dot";
    b.textContent = String(i + 1);
    b.addEventListener("click", () => open(i + 1));
    dots.append(b);
  });
  $("story-open").hidden = steps.length === 0 || store.embedded;
  $("story-open").addEventListener("click", () => (guide.index(store.params) ? close() : open(1)));
  $("story-close").addEventListener("click", close);
  $("story-prev").addEventListener("click", () => open(guide.index(store.params) - 1));
  $("story-next").addEventListener("click", () => open(guide.index(store.params) + 1));
  $("story-restore").addEventListener("click", () => open(guide.index(store.params)));
  $("story-log").addEventListener("click", () => store.emit("open-log"));
  $("story-more").addEventListener("click", () => {
    setExpanded(!$("story").classList.contains("expanded"));
    fitText();
  });
  store.on("language", () => setExpanded($("story").classList.contains("expanded")));

  store.on("open-step", (k) => open(k));
  store.on("close-story", close);
  store.on("render", render);
  store.on("present", placeSpotlight);
  // A step whose link the game turns out not to run shows its fallback.
  store.on("capabilities", () => {
    const next = guide.shown(store.params, store.autoSupported);
    if (next !== store.params) store.navigate(next, { push: false });
  });
  store.on("start", () => {
    const k = guide.index(store.params);
    if (k) pointAtControl(k);
  });
  window.addEventListener("resize", () => {
    placeSpotlight();
    fitText();
  });
  new ResizeObserver(placeSpotlight).observe(frame);
}
