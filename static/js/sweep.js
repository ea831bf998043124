// The sweep form: two parameters, each over a range of values, make a grid
// of experiments whose heat maps the game draws (sweep=, sim/link/sweep.go).
// The form writes the sweep into the link; the game checks it and says
// what is wrong, as for any link.

import { $, choose, offer, setHidden } from "./dom.js";
import { fill } from "./i18n.js";

// The parameters the form offers (the schema's sweepable ones have more),
// with their names' strings and the range each starts at. With more lanes,
// each lane's own parameters are offered too, by their lane's name (lr2 is
// lane 2's lr).
const CHOICES = {
  lr: ["sweep.p.lr", "0.001", "0.1", "log"], b2: ["sweep.p.b2", "0.9", "0.9999", "log"],
  b1: ["sweep.p.b1", "0", "0.99", "lin"], batch: ["sweep.p.batch", "1", "64", "log"],
  sigma: ["sweep.p.sigma", "0.1", "10", "log"], mom: ["sweep.p.mom", "0", "0.99", "lin"],
  lrmin: ["sweep.p.lrmin", "0.0001", "0.01", "log"], h1: ["sweep.p.h1", "0.1", "10", "log"],
  h2: ["sweep.p.h2", "0.1", "10", "log"],
};

// The axes the form shows for a link without a sweep.
const START = [["lr", "0.001", "0.1", "log", "8"], ["batch", "1", "64", "log", "7"]];

const AXES = ["x", "y"];
const FIELDS = ["param", "lo", "hi", "scale", "n"];

export function initSweep({ store, link, schema, i18n }) {
  const { t } = i18n;
  const sweep = schema.sweep;
  const setting = Object.fromEntries(sweep.settings.map((p) => [p.name, p]));
  const offered = Object.keys(CHOICES).filter((name) => sweep.sweepable.includes(name));
  const choice = (name) => CHOICES[link.splitLane(name)[0]];

  // axes returns the axes of the address's sweep=, or the form's start.
  function axes() {
    const given = (store.get("sweep") ?? "").split(",").map((a) => a.split(":"));
    return [0, 1].map((i) => (given[i]?.length === FIELDS.length ? given[i] : START[i]));
  }

  // names returns what an axis may sweep with the link's lanes: the
  // offered parameters of lane 1 (and the globals), then each further
  // lane's own.
  function names() {
    const out = [...offered];
    for (let k = 2; k <= store.laneCount(); k++) {
      for (const name of offered) if (link.laneParams.includes(name)) out.push(link.laneName(name, k));
    }
    return out;
  }

  // relabel gives an axis's menu the parameters of names(), in the page's
  // language, keeping its choice; with one lane they need no lane's name.
  function relabel(select) {
    const all = names();
    const chosen = select.value;
    if ([...select.options].filter((o) => !o.classList.contains("extra")).map((o) => o.value).join() !== all.join()) {
      select.replaceChildren(...all.map((name) => new Option(name, name)));
      if (all.includes(chosen)) select.value = chosen;
    }
    const lanes = store.laneCount() > 1;
    for (const o of select.options) {
      const c = choice(o.value);
      if (!c) continue;
      const [base, k] = link.splitLane(o.value);
      const label = lanes && link.laneParams.includes(base) ? t("sweep.p.lane", { param: t(c[0]), lane: k || 1 }) : t(c[0]);
      // Every render relabels: change only what differs.
      if (o.dataset.label !== label) {
        o.dataset.label = label;
        fill(o, label);
      }
    }
  }

  function relabelAll() {
    for (const axis of AXES) relabel($(`sweep-${axis}-param`));
  }

  // fillForm shows the address's sweep in the form.
  function fillForm() {
    relabelAll();
    axes().forEach(([name, lo, hi, scale, n], i) => {
      const axis = AXES[i];
      choose($(`sweep-${axis}-param`), name, name);
      $(`sweep-${axis}-lo`).value = lo;
      $(`sweep-${axis}-hi`).value = hi;
      choose($(`sweep-${axis}-scale`), scale, scale);
      $(`sweep-${axis}-n`).value = n;
    });
    $("sweep-runs").value = store.get("sweepruns") ?? setting.sweepruns.default;
    $("sweep-steps").value = store.get("sweepsteps") ?? setting.sweepsteps.default;
    const metric = store.value("metric");
    choose($("sweep-metric"), metric, t("errors.invalid", { value: metric }));
  }

  function start() {
    const axis = (a) => FIELDS.map((f) => $(`sweep-${a}-${f}`).value.trim()).join(":");
    store.update((p) => {
      p.set("sweep", `${axis("x")},${axis("y")}`);
      p.set("sweepruns", $("sweep-runs").value.trim());
      p.set("sweepsteps", $("sweep-steps").value.trim());
      p.set("metric", $("sweep-metric").value);
    }, { push: true });
  }

  function stop() {
    store.update((p) => {
      for (const name of [...link.sweepParams, "metric"]) p.delete(name);
    }, { push: true });
  }

  // showProgress shows how many of the sweep's cells the game has run.
  function showProgress(s) {
    const on = store.params.has("sweep");
    setHidden($("sweep-stop"), !on);
    const sw = s.sweep;
    setHidden($("sweep-progress-wrap"), !on || !sw);
    if (!on || !sw) return;
    $("sweep-progress").max = Math.max(1, sw.total);
    $("sweep-progress").value = sw.done;
    const text = t(sw.done < sw.total ? "sweep.running" : "sweep.done", { done: sw.done, total: sw.total });
    if ($("sweep-count").textContent !== text) $("sweep-count").textContent = text;
  }

  for (const axis of AXES) {
    offer($(`sweep-${axis}-scale`), sweep.scales);
    $(`sweep-${axis}-n`).max = String(sweep.maxAxis);
    const select = $(`sweep-${axis}-param`);
    select.addEventListener("change", () => {
      const c = choice(select.value);
      if (!c) return;
      const [, lo, hi, scale] = c;
      $(`sweep-${axis}-lo`).value = lo;
      $(`sweep-${axis}-hi`).value = hi;
      $(`sweep-${axis}-scale`).value = scale;
    });
  }
  for (const [id, name] of [["sweep-runs", "sweepruns"], ["sweep-steps", "sweepsteps"]]) {
    $(id).min = String(setting[name].range.min);
    $(id).max = String(setting[name].range.max);
  }
  offer($("sweep-metric"), sweep.metrics);
  fillForm();
  $("sweep-start").addEventListener("click", start);
  $("sweep-stop").addEventListener("click", stop);
  $("sweep-box").open = store.params.has("sweep");

  store.on("render", relabelAll); // the lanes may have changed
  store.on("language", relabelAll);
  store.on("restore", fillForm);
  store.on("status", showProgress);
}
