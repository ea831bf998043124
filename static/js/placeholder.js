// The game's placeholder: until the game has drawn its first frame, the
// game's frame shows a still of the link behind it (#game-still), so that
// the view appears at once, and the live canvas takes its place without a
// jump. The still is the server's picture of the link's first frame
// (/render.png with first=1, in the frame's size and pixel ratio). A
// static copy of the site (make dist) has no server to draw it; it has the
// stills of the default view and of the presets as files, which its
// index.html lists in the img's data-stills (server/dist.go).

// The still endpoint's own parameters, which are no part of a link.
const STILL_PARAMS = ["w", "h", "dpr", "fit", "first"];

// stillQuery returns the query of /render.png that draws the first frame
// of the link query (an address's query) in a width x height frame at the
// pixel ratio dpr, or "" for a link whose view is no still: a sweep's heat
// maps.
export function stillQuery(query, width, height, dpr) {
  const p = new URLSearchParams(query);
  if (p.has("sweep")) return "";
  for (const name of [...STILL_PARAMS, "story", "embed"]) p.delete(name);
  p.set("first", "1");
  p.set("w", String(Math.round(width)));
  p.set("h", String(Math.round(height)));
  if (dpr > 1) p.set("dpr", String(dpr));
  return p.toString().replace(/%2C/gi, ",").replace(/%3A/gi, ":");
}

// staticStill returns the file of a static copy's still for the link query
// in a width x height frame, or "" when there is none. stills is what the
// copy's data-stills says: {dir, sizes: [[w, h], ...], view: [the link's
// view settings], links: {key: name}}, with the file dir/NAME-WxH.png for
// each name and size. A link's key is its experiment's parameters, sorted,
// without the view settings and the version v; the copy has stills of the
// cloud view only, in the size whose shape is nearest the frame's.
export function staticStill(stills, query, width, height) {
  const p = new URLSearchParams(query);
  if (p.has("sweep") || p.getAll("view").at(-1) === "run" || p.getAll("present").at(-1) === "1") return "";
  const view = new Set([...(stills.view ?? []), "v"]);
  const key = [...p].filter(([name]) => !view.has(name)).map(([k, v]) => `${k}=${v}`).sort().join("&");
  const name = stills.links?.[key];
  if (!name || !stills.sizes?.length || !(width > 0 && height > 0)) return "";
  const off = ([w, h]) => Math.abs(Math.log(w / h / (width / height)));
  const [w, h] = stills.sizes.reduce((best, s) => (off(s) < off(best) ? s : best));
  return `${stills.dir}/${name}-${w}x${h}.png`;
}

// showStill shows in img the still of query, sized for frame, unless img
// already shows it or the game has taken its place. Until the new still
// has loaded the old one stays; a still that fails to load at a pixel
// ratio above 1 (a large HiDPI frame may pass the server's limit) is asked
// for again at 1, and one that fails at 1 leaves the frame as it is.
export function showStill(img, frame, query) {
  if (!img || !img.isConnected || !frame) return;
  const width = frame.clientWidth;
  const height = frame.clientHeight;
  if (!(width > 0 && height > 0)) return;
  const stills = img.dataset.stills ? JSON.parse(img.dataset.stills) : null;
  const ask = (dpr) => {
    if (stills) return staticStill(stills, query, width, height);
    const q = stillQuery(query, width, height, dpr);
    return q ? `render.png?${q}` : "";
  };
  const dpr = Math.min(3, Math.max(1, Math.round(globalThis.devicePixelRatio || 1)));
  const src = ask(dpr);
  if (!src || src === img.dataset.src) return;
  img.dataset.src = src;
  img.onload = () => {
    img.hidden = false;
  };
  img.onerror = () => {
    if (dpr > 1 && img.dataset.src === src && !stills) {
      img.dataset.src = ask(1);
      img.src = img.dataset.src;
    }
  };
  img.src = src;
}

// removeStill takes the still away: the game's canvas shows in its place.
export function removeStill(img) {
  img?.remove();
}
