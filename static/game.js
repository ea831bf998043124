// Loads main.wasm with a progress bar, then runs it. The game installs
// window.noiseball (see wasm/bridge.go) for the page to drive. The messages
// are in the language of the link (lang=ja), else the browser's.

import { createI18n, pickLanguage } from "./js/i18n.js";

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

// fetchWithProgress reads the response body while reporting bytes received.
// The browser hands us decoded bytes, so for a compressed response the total
// is the decoded size the server gives in X-Uncompressed-Length; for an
// uncompressed one it is Content-Length. Without either the bar only says
// that something is happening.
async function fetchWithProgress(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const encoded = (response.headers.get("Content-Encoding") ?? "identity") !== "identity";
  const total = Number(response.headers.get("X-Uncompressed-Length")) ||
    (encoded ? 0 : Number(response.headers.get("Content-Length"))) || 0;
  const size = document.createElement("p");
  size.className = "loading-size";
  bar.after(size);
  if (total) bar.max = total;
  else bar.removeAttribute("value");
  const reader = response.body.getReader();
  const chunks = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    if (total) bar.value = Math.min(received, total);
    size.textContent = total ? t("loading.size", { received: megabytes(received), total: megabytes(total) }) : megabytes(received);
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.length;
  }
  return bytes;
}

// missing names what this browser lacks to run the game, or returns "".
function missing() {
  if (typeof WebAssembly !== "object" || typeof WebAssembly.instantiate !== "function") {
    return t("loading.nowasm");
  }
  let gl = null;
  try {
    gl = document.createElement("canvas").getContext("webgl2");
  } catch {
    gl = null;
  }
  if (!gl) {
    return t("loading.nowebgl");
  }
  gl.getExtension("WEBGL_lose_context")?.loseContext();
  if (typeof Go !== "function") return t("loading.noexec");
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

async function start() {
  try {
    await i18n.setLanguage(pickLanguage(new URLSearchParams(location.search).get("lang")));
    i18n.translate();
  } catch {
    // The English of game.html and the English below stand in.
  }
  const why = missing();
  if (why) {
    fail(why);
    return;
  }
  try {
    const go = new Go();
    const bytes = await fetchWithProgress("main.wasm");
    text.textContent = t("loading.starting");
    const { instance } = await WebAssembly.instantiate(bytes, go.importObject);
    box.remove();
    await go.run(instance);
  } catch (err) {
    fail(t("loading.failed", { reason: err.message }));
  }
}

start();
