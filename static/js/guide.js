// The guide's steps (story.json) as links. Each step is a link in canonical
// form, the chart the spotlight outlines and the control it marks; a step
// with a fallback needs a feature the game may lack (sched=auto), and shows
// the fallback's link where the game turned out not to have it. Pure.

import { keep, keepRules } from "./navigation.js";

// storyGuide returns the guide of steps for link (linkFormat's rules).
export function storyGuide(link, steps) {
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

  // opening returns the address a page opened at p starts with: a bare
  // story=k (a link naming only view settings) opens step k with its link.
  function opening(p) {
    const k = index(p);
    return k && [...p.keys()].every((name) => link.isView(name)) ? keep(p, view(k, null), kept) : p;
  }

  // shown returns p, or where p shows a step's own link that the game
  // cannot run, that step with its fallback.
  function shown(p, autoSupported) {
    const k = needsFallback(p, autoSupported);
    return k ? keep(p, view(k, autoSupported), kept) : p;
  }

  return { steps, index, usesFallback, view, modified, needsFallback, opening, shown };
}
