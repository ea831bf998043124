// The lanes' names: each lane is named by its optimizer (sim.Optimizer.Name,
// in the schema) and, where another lane runs the same optimizer, by the
// settings that set it apart: "SGD" and "SGD, clip 1", "Adam" and "Adam,
// J = 16". A setting at its default goes unsaid. Pure.

// The settings a name may quote, in the link's order, and the key of the
// words that say each one (lane.set.NAME, with {v} its value). A setting
// whose value is a word says it by lane.set.NAME.WORD.
const WORDED = new Set(["sched", "bc", "bgrow"]);

// MAX_SETTINGS is how many settings a name quotes before it says "…".
const MAX_SETTINGS = 2;

// laneNames returns the name of each of the lanes of p, lane 1 first:
// link is linkFormat's rules, names the optimizers' names by link word
// (schema.optimizers), t the translation.
export function laneNames(link, p, names, t) {
  const n = link.laneCount(p);
  const opt = (k) => link.understood("opt", link.value(p, "opt", k));
  const same = (a, b, base) => comparable(link, base, link.value(p, base, a)) === comparable(link, base, link.value(p, base, b));
  const out = [];
  for (let k = 1; k <= n; k++) {
    const name = names[opt(k)] ?? opt(k);
    const twins = [];
    for (let j = 1; j <= n; j++) if (j !== k && opt(j) === opt(k)) twins.push(j);
    const settings = [];
    if (twins.length) {
      for (const base of link.laneParams) {
        if (base === "opt" || twins.every((j) => same(j, k, base))) continue;
        const v = link.value(p, base, k);
        if (comparable(link, base, v) === comparable(link, base, link.defaults[base])) continue;
        settings.push(say(base, v, t));
      }
    }
    const shown = settings.length > MAX_SETTINGS ? [...settings.slice(0, MAX_SETTINGS), "…"] : settings;
    out.push(shown.length ? t("lane.name", { opt: name, settings: shown.join(t("lane.name.separator")) }) : name);
  }
  return out;
}

// comparable is a setting's value as a key: numbers by their value, so
// that 0.05 and 5e-2 are the same.
function comparable(link, base, v) {
  if (WORDED.has(base) || base === "opt") return String(v).split(":").map((x, i) => (i ? String(Number(x)) : x)).join(":");
  return String(v).split(",").map(Number).join(",");
}

// say writes setting base with value v, as a name quotes it.
function say(base, v, t) {
  if (base === "bgrow") {
    const [kind, rate] = String(v).split(":");
    return t(`lane.set.bgrow.${kind}`, { v: rate ?? "" });
  }
  if (WORDED.has(base)) return t(`lane.set.${base}.${v}`);
  return t(`lane.set.${base}`, { v });
}
