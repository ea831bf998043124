// The schema the Go code writes (make static/link-schema.json), which the
// tests use as the page does.

import { readFileSync } from "node:fs";

const file = new URL("../link-schema.json", import.meta.url);
let text;
try {
  text = readFileSync(file, "utf8");
} catch (err) {
  throw new Error(`${file.pathname}: ${err.message}; run make static/link-schema.json (make test-js does)`);
}

export const schema = JSON.parse(text);

// q is a URLSearchParams from a query string.
export const q = (s) => new URLSearchParams(s);
