// Adding, duplicating and removing lanes: edits of a link that renumber
// its lanes and keep every remaining lane's settings as they were. Each
// returns the new link and the lane to select, or null when the edit is not
// possible (no room for a lane, or only one left). Pure.

import { NEW_LANE_OPTS } from "./optimizers.js";

// laneEdits returns the edits for link (linkFormat's rules).
export function laneEdits(link) {
  const { laneParams, laneName, last, value, laneCount, splitLane, defaults, maxLanes } = link;

  // own returns what lane k of p sets itself.
  function own(p, k) {
    const o = {};
    for (const b of laneParams) {
      const v = last(p, laneName(b, k));
      if (v !== null) o[b] = v;
    }
    return o;
  }

  // settings returns every setting lane k of p has, its own or not.
  function settings(p, k) {
    return Object.fromEntries(laneParams.map((b) => [b, value(p, b, k)]));
  }

  // write replaces every lane parameter of p by lanes, whose first entry
  // holds lane 1's values and the others what each lane sets itself. Lane
  // parameters follow the others, lane by lane.
  function write(p, lanes) {
    const out = new URLSearchParams([...p].filter(([name]) => splitLane(name)[1] === 0));
    lanes.forEach((lane, i) => {
      for (const b of laneParams) if (lane[b] !== undefined) out.append(laneName(b, i + 1), lane[b]);
    });
    return out;
  }

  function lanes(p) {
    return Array.from({ length: laneCount(p) }, (_, i) => own(p, i + 1));
  }

  // add adds a lane with the first optimizer (of NEW_LANE_OPTS, then the
  // rest the link allows) that no lane uses yet.
  function add(p) {
    const n = laneCount(p);
    if (n >= maxLanes) return null;
    const used = new Set(Array.from({ length: n }, (_, i) => value(p, "opt", i + 1)));
    const opts = [...NEW_LANE_OPTS, ...(link.param("opt")?.words ?? [])];
    const opt = opts.find((o) => !used.has(o)) ?? opts[0];
    return { params: write(p, [...lanes(p), { opt }]), selected: n + 1 };
  }

  // duplicate adds a lane with lane k's settings, naming only those that
  // differ from lane 1 (and opt, which makes the lane exist).
  function duplicate(p, k) {
    const n = laneCount(p);
    if (n >= maxLanes) return null;
    const first = settings(p, 1);
    const src = settings(p, k);
    const copy = { opt: src.opt };
    for (const b of laneParams) if (src[b] !== first[b]) copy[b] = src[b];
    return { params: write(p, [...lanes(p), copy]), selected: n + 1 };
  }

  // remove removes lane k and renumbers the lanes after it. Removing lane
  // 1 makes lane 2 the new lane 1, so the lanes that took values from lane 1
  // get them written out.
  function remove(p, k) {
    const n = laneCount(p);
    if (n < 2) return null;
    const before = Array.from({ length: n }, (_, i) => ({ own: own(p, i + 1), all: settings(p, i + 1) }));
    const kept = before.filter((_, i) => i !== k - 1);
    const lane1 = k === 1 ? { ...before[0].own, ...before[1].own } : kept[0].own;
    const out = [lane1];
    for (const lane of kept.slice(1)) {
      const o = { ...lane.own };
      for (const b of laneParams) {
        if (o[b] === undefined && lane.all[b] !== (lane1[b] ?? defaults[b])) o[b] = lane.all[b];
      }
      if (Object.keys(o).length === 0) o.opt = lane.all.opt;
      out.push(o);
    }
    return { params: write(p, out), selected: Math.max(1, Math.min(k > 1 ? k - 1 : 1, n - 1)) };
  }

  return { add, duplicate, remove };
}
