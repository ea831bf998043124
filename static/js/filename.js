// File names for downloads. Pure.

// viewName names a file after the view whose canonical link is p (link is
// linkFormat's rules): its lanes' optimizers and learning rates, then
// whatever else the link sets, e.g. noiseball-adam-lr0.05 or
// noiseball-adam-lr0.05-sgd-runs1000.
export function viewName(link, p) {
  const n = link.laneCount(p);
  const lane = (base, k) => p.get(link.laneName(base, k)) ?? (k > 1 ? lane(base, 1) : link.defaults[base]);
  const parts = ["noiseball"];
  for (let k = 1; k <= n; k++) {
    parts.push(lane("opt", k));
    if (k === 1 || lane("lr", k) !== lane("lr", 1)) parts.push(`lr${lane("lr", k)}`);
  }
  for (const [name, v] of p) {
    if (name === "v" || link.isView(name) || ["opt", "lr"].includes(link.splitLane(name)[0])) continue;
    parts.push(`${name}${/\d$/.test(name) ? "_" : ""}${v}`);
  }
  return parts.map((x) => x.replace(/[^A-Za-z0-9.+-]+/g, "_")).join("-").slice(0, 120);
}
