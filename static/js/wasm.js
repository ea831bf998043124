// Loading a wasm file so that it compiles while it downloads, with its
// progress reported: for the game's main.wasm in its frame, and for any
// other wasm a page or a worker loads (no DOM here).

// wasmResponse fetches url and returns a Response of its body for
// WebAssembly.instantiateStreaming or compileStreaming, which compile the
// code as it arrives. onProgress(received, total) hears of every chunk:
// the browser hands over decoded bytes, so for a compressed response total
// is the decoded size the server gives in X-Uncompressed-Length, for an
// uncompressed one Content-Length, else 0 (unknown). The Response says
// application/wasm whatever the server said, as streaming compilation
// asks: a static host may send .wasm as application/octet-stream.
export async function wasmResponse(url, onProgress = () => {}) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
  const encoded = (response.headers.get("Content-Encoding") ?? "identity") !== "identity";
  const total = Number(response.headers.get("X-Uncompressed-Length")) ||
    (encoded ? 0 : Number(response.headers.get("Content-Length"))) || 0;
  onProgress(0, total);
  let received = 0;
  const counted = response.body.pipeThrough(new TransformStream({
    transform(chunk, out) {
      received += chunk.length;
      onProgress(received, total);
      out.enqueue(chunk);
    },
  }));
  return new Response(counted, { headers: { "Content-Type": "application/wasm" } });
}

// instantiateWasm fetches, compiles and instantiates url with imports,
// compiling while it downloads (see wasmResponse), and returns the
// instance. Without streaming compilation it compiles the whole file once
// it has arrived.
export async function instantiateWasm(url, imports, onProgress) {
  const response = await wasmResponse(url, onProgress);
  if (typeof WebAssembly.instantiateStreaming === "function") {
    return (await WebAssembly.instantiateStreaming(response, imports)).instance;
  }
  return (await WebAssembly.instantiate(await response.arrayBuffer(), imports)).instance;
}
