// The guide's steps (story.json) as links. Each step is a link in canonical
// form, the chart the spotlight outlines and the control it marks; a step
// with a fallback needs a feature the game may lack (sched=auto), and shows
// the fallback's link where the game turned out not to have it. Pure.

import { keep, keepRules } from "./navigation.js";

// storyGuide returns the guide of steps for link (linkFormat's rules), and
// the view a bare link opens, first ({query, speed}, story.json's opening).
export function storyGuide(link, steps, first = null) {
  const kept = keepRules(link).story;

  // index returns the step p shows (story=k), or 0.
  function index(p) {
    const k = Number(link.last(p, "story"));
    return Number.isInteger(k) && k >= 1 && k <= steps.length ? k : 0;
  }

  // usesFallback reports whether step k shows its fallback, given whether
  // the game has the automatic schedule (null while not known).
  function usesFallback(k, autoSupported) {
    return Boolean(steps[k - 1].fallback) && autoSupported === false;
  }

  function stepQuery(k, autoSupported) {
    return usesFallback(k, autoSupported) ? steps[k - 1].fallback : steps[k - 1].query;
  }

  // view returns step k's own part of its address: its link, its speed
  // and story=k. Opening it keeps the settings of keepRules().story.
  function view(k, autoSupported) {
    const next = new URLSearchParams(stepQuery(k, autoSupported));
    if (steps[k - 1].speed) next.set("speed", steps[k - 1].speed);
    next.set("story", String(k));
    return next;
  }

  // modified reports whether p's experiment is no longer step k's.
  function modified(p, k, autoSupported) {
    return link.experimentKey(p) !== link.experimentKey(new URLSearchParams(stepQuery(k, autoSupported)));
  }

  // needsFallback returns the step p shows if it shows that step's own
  // link although the game cannot run it, else 0.
  function needsFallback(p, autoSupported) {
    const k = index(p);
    if (!k || !usesFallback(k, autoSupported)) return 0;
    return link.experimentKey(p) === link.experimentKey(new URLSearchParams(steps[k - 1].query)) ? k : 0;
  }

  // opening returns the address a page opened at p starts with. A link
  // that names no experiment (nothing, or view settings alone) is bare: a
  // bare story=k opens step k with its link, and any other bare link the
  // first view, with its speed unless the link sets one, keeping the view
  // settings the link gives (a story=k with no such step too, so that the
  // page names it). A link with an experiment, even v=1 alone (one Adam
  // run, the format's defaults), opens as it says.
  function opening(p) {
    if (![...p.keys()].every((name) => link.isView(name))) return p;
    const k = index(p);
    if (k) return keep(p, view(k, null), kept);
    if (!first?.query) return p;
    const next = new URLSearchParams(first.query);
    if (first.speed && !p.has("speed")) next.set("speed", first.speed);
    return keep(p, next, link.viewParams);
  }

  // shown returns p, or where p shows a step's own link that the game
  // cannot run, that step with its fallback.
  function shown(p, autoSupported) {
    const k = needsFallback(p, autoSupported);
    return k ? keep(p, view(k, autoSupported), kept) : p;
  }

  return { steps, index, usesFallback, view, modified, needsFallback, opening, shown };
}
