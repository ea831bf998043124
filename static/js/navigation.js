// Opening a new view while keeping some of the page's settings: one rule
// (keep) and the lists of what each way of opening a view keeps. Pure.

// keep returns next with, for each name in names that next does not set,
// the values current has, in current's order.
export function keep(current, next, names) {
  const out = new URLSearchParams(next);
  const kept = new Set(names.filter((name) => !next.has(name)));
  for (const [name, v] of current) if (kept.has(name)) out.append(name, v);
  return out;
}

// keepRules returns what opening each kind of view keeps, for link
// (linkFormat's rules):
//
//	preset  a preset's experiment: the view settings (language, speed, ...)
//	        but not the guide's step
//	cell    a sweep's cell, one view: the same, but not the heat map's metric
//	story   a step of the guide: the language, presenter and embed modes
export function keepRules(link) {
  const view = link.viewParams;
  return {
    preset: view.filter((name) => name !== "story"),
    cell: view.filter((name) => name !== "story" && name !== "metric"),
    story: ["lang", "present", "embed"].filter((name) => view.includes(name)),
  };
}

// cellView returns the view of a whole link (a sweep's cell) without what
// makes it a sweep or a step of the guide.
export function cellView(link, text) {
  const next = new URLSearchParams(text.replace(/^\?/, ""));
  for (const name of [...link.sweepParams, "metric", "story"]) next.delete(name);
  return next;
}
