// The page's controls. The address bar is the single source of truth: the
// controls read their values from it, write every change back to it with
// history.replaceState, and hand the whole query to the game, which parses
// and validates it (sim/link) and reports what was wrong.

const frame = document.getElementById("game");
const controls = {
  opt: document.getElementById("opt"),
  lr: document.getElementById("lr"),
};
const lrSlider = document.getElementById("lr-slider");
const playButton = document.getElementById("play");
const errorsBox = document.getElementById("errors");
const defaults = { opt: "adam", lr: "0.05" };

let params = new URLSearchParams(location.search);

// game returns the game's bridge once main.wasm has started, else null.
function game() {
  try {
    return frame.contentWindow?.noiseball ?? null;
  } catch {
    return null;
  }
}

function sendLink() {
  game()?.setLink(params.toString());
}

// showParams sets every control from params.
function showParams() {
  for (const [name, input] of Object.entries(controls)) {
    input.value = params.get(name) ?? defaults[name];
  }
  const lr = Number(controls.lr.value);
  if (lr > 0) lrSlider.value = Math.log10(lr);
}

// setParam records a change: in the address bar, then in the game. A value
// set by hand stays in the link even when it equals the default, so the link
// reads as what the person chose.
function setParam(name, value) {
  params.set(name, value);
  history.replaceState(null, "", `?${params}`);
  sendLink();
}

controls.opt.addEventListener("change", () => setParam("opt", controls.opt.value));
controls.lr.addEventListener("change", () => {
  const lr = Number(controls.lr.value);
  if (lr > 0) lrSlider.value = Math.log10(lr);
  setParam("lr", controls.lr.value);
});
lrSlider.addEventListener("input", () => {
  // Two significant digits are plenty on a log scale.
  const lr = Number((10 ** Number(lrSlider.value)).toPrecision(2));
  controls.lr.value = String(lr);
  setParam("lr", String(lr));
});

playButton.addEventListener("click", () => game()?.toggle());
document.getElementById("step").addEventListener("click", () => {
  game()?.pause();
  game()?.step();
});
document.getElementById("reset").addEventListener("click", () => game()?.reset());
document.getElementById("copy").addEventListener("click", async () => {
  const note = document.getElementById("copied");
  try {
    await navigator.clipboard.writeText(location.href);
    note.textContent = "Copied";
  } catch {
    note.textContent = "Copy the address bar instead";
  }
  note.hidden = false;
  setTimeout(() => (note.hidden = true), 1500);
});

// Back, Forward and a hand-edited address are honoured.
window.addEventListener("popstate", () => {
  params = new URLSearchParams(location.search);
  showParams();
  sendLink();
});

// showStatus mirrors the game's status: step, loss, play state, link errors.
let lastErrors = "";
function showStatus() {
  const raw = game()?.status();
  if (!raw) return;
  const s = JSON.parse(raw);
  document.getElementById("stepcount").textContent = s.step.toLocaleString("en");
  document.getElementById("lossgap").textContent = Number.isFinite(s.lossGap) ? s.lossGap.toPrecision(3) : "–";
  playButton.textContent = s.playing ? "Pause" : "Play";
  const errors = [...(s.errors ?? []), ...(s.panic ? [`The simulation stopped: ${s.panic}`] : [])];
  const key = errors.join("\n");
  if (key !== lastErrors) {
    lastErrors = key;
    errorsBox.replaceChildren();
    if (errors.length) {
      const title = document.createElement("p");
      title.textContent = "Some settings in this link were not understood; their defaults are used instead:";
      const list = document.createElement("ul");
      for (const e of errors) {
        const item = document.createElement("li");
        item.textContent = e;
        list.append(item);
      }
      errorsBox.append(title, list);
    }
    errorsBox.hidden = errors.length === 0;
  }
}

// Wait for the game to start, give it the link, then follow its status.
showParams();
const waitForGame = setInterval(() => {
  if (!game()) return;
  clearInterval(waitForGame);
  sendLink();
  setInterval(showStatus, 200);
}, 50);
