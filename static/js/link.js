// Reading and writing the link: the address's query, kept as a
// URLSearchParams. What the link's parameters are, their defaults and what
// they allow come from the Go code's schema (link-schema.json, written by
// static/linkschema from sim/link's tables), never from a copy here.
//
// Lanes 2..maxLanes add their number to a lane parameter's name (lr2) and
// take what they do not name from lane 1. Pure: nothing here touches the
// page.

const numeric = new Set(["number", "pair"]);
const js = (text) => text.split(",").map((x) => String(Number(x))).join(",");

// linkFormat returns the link's rules for schema.
export function linkFormat(schema) {
  const all = [...schema.globals, ...schema.lane, ...schema.view];
  const byName = new Map(all.map((p) => [p.name, p]));
  const laneParams = schema.lane.map((p) => p.name);
  const lane = new Set(laneParams);
  const viewParams = schema.view.map((p) => p.name);
  const view = new Set(viewParams);
  // The defaults, numbers as JavaScript writes them (1e-8, where Go writes
  // 1e-08), since the page shows them.
  const defaults = Object.fromEntries(all.map((p) => [p.name, numeric.has(p.type) ? js(p.default) : p.default]));
  const maxLanes = schema.maxLanes;
  // What differs on a problem: a real model's own defaults (data=, hidden=,
  // plane=, wd=), by parameter and problem.
  const byProblem = Object.fromEntries(all.filter((p) => p.for).map((p) => [p.name, p.for]));

  // last returns the value of name in p, the last one if it is repeated
  // (as the Go parser reads it), or null.
  function last(p, name) {
    const vs = p.getAll(name);
    return vs.length ? vs[vs.length - 1] : null;
  }

  function laneName(base, k) {
    return k > 1 ? base + k : base;
  }

  // splitLane mirrors sim/link: "lr2" is ("lr", 2), "lr" and "b2" are lane
  // 1's, anything else is lane 0 (a global, view or unknown parameter).
  function splitLane(name) {
    if (lane.has(name)) return [name, 1];
    const k = Number(name.slice(-1));
    const base = name.slice(0, -1);
    if (k >= 2 && k <= maxLanes && lane.has(base)) return [base, k];
    return [name, 0];
  }

  function laneCount(p) {
    let n = 1;
    for (const name of p.keys()) n = Math.max(n, splitLane(name)[1]);
    return n;
  }

  // value returns the setting base has in lane k (0 for a global or a view
  // setting): the lane's own value, else lane 1's, else the default.
  function value(p, base, k = 0) {
    return (k > 1 ? last(p, laneName(base, k)) : null) ?? last(p, base) ?? defaultOf(p, base);
  }

  // defaultOf returns the default of base for the problem p names: its
  // own where the problem has one (schema "for"), else the default.
  function defaultOf(p, base) {
    const own = byProblem[base]?.[last(p, "problem") ?? defaults.problem]?.default;
    if (own === undefined) return defaults[base];
    return numeric.has(byName.get(base).type) ? js(own) : own;
  }

  // query is p as an address's query, with the ',' of pairs and the ':' of
  // batch growths left readable as the game's canonical links leave them.
  function query(p) {
    return p.toString().replace(/%2C/gi, ",").replace(/%3A/gi, ":");
  }

  // experimentKey is a link's experiment without its view settings, in a
  // canonical order, to recognise a preset or a step of the guide.
  function experimentKey(p) {
    return [...p].filter(([name]) => !view.has(name)).map(([k, v]) => `${k}=${v}`).sort().join("&");
  }

  // gameLink is the link the game gets: in presenter mode with present=1,
  // which asks it for lines and text a projector shows.
  function gameLink(p, presenting) {
    const q = query(p);
    return presenting && last(p, "present") !== "1" ? `${q}${q ? "&" : ""}present=1` : q;
  }

  // stale reports whether the game's error e (name="value": want ...) is
  // about a value p no longer has: the game reports on the link before the
  // one it was just given until its next frame.
  function stale(p, e) {
    const m = /^([A-Za-z0-9_]+)="([^"\\]*)"/.exec(e);
    if (!m) return false;
    const v = last(p, m[1]);
    return v === null || (/^[\x20-\x21\x23-\x5b\x5d-\x7e]{0,32}$/.test(v) && v !== m[2]);
  }

  // rejected returns the names of the parameters of p that the game's
  // errors reject.
  function rejected(p, errors) {
    const bad = new Set();
    for (const e of errors ?? []) {
      if (stale(p, e)) continue;
      const m = /^([A-Za-z0-9_]+)=/.exec(e);
      if (m) bad.add(m[1]);
    }
    return bad;
  }

  // dropInapplicable removes from p, in place, the settings its problem
  // does not have (a 2-D problem's x0= or dist= on a real model, data=
  // on a 2-D problem) and a data set its model does not train on: what a
  // change of problem leaves behind, which the game would reject.
  function dropInapplicable(p) {
    const problem = last(p, "problem") ?? defaults.problem;
    for (const q of schema.globals) {
      if (q.problems && !q.problems.includes(problem)) p.delete(q.name);
    }
    const words = byProblem.data?.[problem]?.words;
    const data = last(p, "data");
    if (words && data !== null && !words.includes(data)) p.delete("data");
    return p;
  }

  // understood returns v, or the default of base where the game does not
  // understand v (it uses the default instead): the kind of a growth
  // (lin:0.01 is lin) is what counts.
  function understood(base, v) {
    const kind = v.split(":")[0];
    const words = byName.get(base)?.words;
    return words && !words.includes(kind) ? defaults[base].split(":")[0] : kind;
  }

  return {
    maxLanes,
    laneParams,
    viewParams,
    sweepParams: schema.sweep.params,
    defaults,
    param: (name) => byName.get(name),
    isView: (name) => view.has(name),
    last,
    laneName,
    splitLane,
    laneCount,
    value,
    defaultOf,
    dropInapplicable,
    query,
    experimentKey,
    gameLink,
    stale,
    rejected,
    understood,
  };
}
