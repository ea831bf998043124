// Loads main.wasm with a progress bar, then runs it. The game installs
// window.noiseball (see wasm/bridge.go) for the page to drive.

const bar = document.getElementById("loading-bar");
const text = document.getElementById("loading-text");
const box = document.getElementById("loading");

function fail(message) {
  box.classList.add("failed");
  text.textContent = message;
  bar.hidden = true;
}

// fetchWithProgress reads the response body while reporting bytes received.
// The server sends the wasm compressed; the browser hands us decompressed
// bytes, so the total is the uncompressed size from X-Uncompressed-Length when
// the server gives it, else the progress bar stays indeterminate.
async function fetchWithProgress(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const total = Number(response.headers.get("X-Uncompressed-Length")) || 0;
  if (!total) bar.removeAttribute("value");
  const reader = response.body.getReader();
  const chunks = [];
  let received = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    chunks.push(value);
    received += value.length;
    if (total) bar.value = Math.min(1, received / total);
  }
  const bytes = new Uint8Array(received);
  let offset = 0;
  for (const c of chunks) {
    bytes.set(c, offset);
    offset += c.length;
  }
  return bytes;
}

async function start() {
  if (typeof WebAssembly !== "object") {
    fail("This browser cannot run WebAssembly, which noiseball needs.");
    return;
  }
  if (!document.createElement("canvas").getContext("webgl2")) {
    fail("This browser has no WebGL2, which noiseball needs to draw.");
    return;
  }
  try {
    const go = new Go();
    const bytes = await fetchWithProgress("main.wasm");
    const { instance } = await WebAssembly.instantiate(bytes, go.importObject);
    box.remove();
    await go.run(instance);
  } catch (err) {
    fail(`The simulation could not start: ${err.message}`);
  }
}

start();
