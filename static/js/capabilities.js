// What the game can do, learnt from what it says. Its link format may lack
// the automatic schedule (sched=auto) when the page is newer than the game.
// Pure.

const AUTO = /(^|&)sched\d?=auto(&|$)/;

// autoFromStatus returns whether the game has sched=auto as its status s
// shows it (its canonical link uses it, or its errors reject it), or null
// when s does not tell.
export function autoFromStatus(s) {
  if (AUTO.test(s?.link ?? "")) return true;
  if ((s?.errors ?? []).some((e) => /^sched\d?="auto"/.test(e))) return false;
  return null;
}

// autoFromPresets returns true when one of the game's presets (links it
// accepts) uses sched=auto, else null.
export function autoFromPresets(presets) {
  return presets.some((p) => AUTO.test(p.query)) ? true : null;
}
