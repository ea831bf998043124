// Loads main.wasm with a progress bar, then runs it. The game installs
// window.noiseball (see wasm/bridge.go) for the page to drive. The messages
// are in the language of the link (lang=ja), else the browser's.

import { createI18n, pickLanguage } from "./js/i18n.js";
import { instantiateWasm } from "./js/wasm.js";

const i18n = createI18n();
const { t } = i18n;
const bar = document.getElementById("loading-bar");
const text = document.getElementById("loading-text");
const box = document.getElementById("loading");

function fail(message) {
  box.classList.add("failed");
  text.textContent = message;
  bar.hidden = true;
  box.querySelector(".loading-size")?.remove();
}

function megabytes(n) {
  return `${(n / 1e6).toFixed(1)} MB`;
}

// progress shows how much of main.wasm has arrived: received of total
// bytes, or only received when the total is not known.
function progress(received, total) {
  let size = box.querySelector(".loading-size");
  if (!size) {
    size = document.createElement("p");
    size.className = "loading-size";
    bar.after(size);
  }
  if (total) {
    bar.max = total;
    bar.value = Math.min(received, total);
  } else {
    bar.removeAttribute("value");
  }
  size.textContent = total ? t("loading.size", { received: megabytes(received), total: megabytes(total) }) : megabytes(received);
}

// missing returns the key of the message naming what this browser lacks
// to run the game, or "".
function missing() {
  if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
    return "loading.nowasm";
  }
  let gl = null;
  try {
    gl = document.createElement("canvas").getContext("webgl2");
  } catch {
    gl = null;
  }
  if (!gl) {
    return "loading.nowebgl";
  }
  gl.getExtension("WEBGL_lose_context")?.loseContext();
  if (typeof Go !== "function") return "loading.noexec";
  return "";
}

// Ebiten asks for a WebGL2 context with the browser's default antialias:
// true, which makes the page's framebuffer multisampled. Ebiten only ever
// copies its finished frame into that framebuffer, pixel for pixel, so the
// samples change nothing on screen, but on software WebGL they cost: the
// probe's 912x492 canvas took 21.1 ms of GPU-process CPU per frame with
// them and 14.8 ms without. Ebiten calls getContext after this module has
// run, so wrapping it here decides the attributes.
const getContext = HTMLCanvasElement.prototype.getContext;
HTMLCanvasElement.prototype.getContext = function (type, attributes) {
  return getContext.call(this, type, type === "webgl2" ? { ...attributes, antialias: false } : attributes);
};

// reveal shows the game's canvas once it has drawn its first frame, and
// tells the page (noiseball-live on this window, and window.noiseballLive)
// a frame later, when the canvas is on screen: until then the frame is transparent and shows the
// page's still of the link (static/js/placeholder.js), and the canvas,
// which Ebiten adds empty, stays hidden, so that nothing blank or black
// comes between the still and the live picture.
function reveal() {
  let drawn = false;
  const frame = () => {
    if (drawn) {
      window.noiseballLive = true;
      dispatchEvent(new Event("noiseball-live"));
      return;
    }
    try {
      drawn = JSON.parse(window.noiseball?.status() ?? "{}").firstFrame > 0;
    } catch {
      drawn = false;
    }
    if (drawn) {
      document.documentElement.classList.add("live");
      box.remove();
    }
    requestAnimationFrame(frame);
  };
  requestAnimationFrame(frame);
}

async function start() {
  // The strings come while main.wasm downloads; the English of game.html
  // stands in until they do, or if they never come.
  const language = i18n.setLanguage(pickLanguage(new URLSearchParams(location.search).get("lang")))
    .then(() => i18n.translate())
    .catch(() => {});
  const why = missing();
  if (why) {
    await language;
    fail(t(why));
    return;
  }
  try {
    const go = new Go();
    const instance = await instantiateWasm("main.wasm", go.importObject, progress);
    await language;
    text.textContent = t("loading.starting");
    box.querySelector(".loading-size")?.remove();
    bar.removeAttribute("value");
    reveal();
    await go.run(instance);
    // The program ended (it never does once running): say so rather than
    // leave "Starting" up.
    if (!document.documentElement.classList.contains("live")) throw new Error("the program stopped");
  } catch (err) {
    await language;
    fail(t("loading.failed", { reason: err.message }));
  }
}

start();
