// Embed mode (embed=1, read once: the embedded page is a different
// layout): only the canvas and a bar below it, which tells the page that
// frames it the height it looks best at. And the Embed dialog, which
// writes the HTML that embeds this view.

import { $, setText } from "./dom.js";
import { count } from "./format.js";

const BAR = 44; // the embed bar's height in CSS pixels

// preferredHeight is the height an embedded view of width w looks best
// at: the game's side-by-side layout (landscape and charts) at 5:3, or
// stacked on a narrow frame, and the bar below.
export function preferredHeight(w, bar) {
  return Math.round(w >= 560 ? w * 0.6 : w * 1.45) + bar;
}

function escapeHTML(s) {
  return s.replace(/&/g, "&amp;").replace(/"/g, "&quot;").replace(/</g, "&lt;").replace(/>/g, "&gt;");
}

export function initEmbed({ store, frame, i18n }) {
  const { t } = i18n;
  let postedHeight = 0;

  // address is this view's address with p's parameters.
  const address = (p) => {
    const q = store.query(p);
    return `${location.origin}${location.pathname}${q ? `?${q}` : ""}`;
  };

  // fullViewURL is this view's address without embed=1.
  function fullViewURL() {
    const p = new URLSearchParams(store.params);
    p.delete("embed");
    return address(p);
  }

  // embedURL is the address of this view in embed mode.
  function embedURL() {
    const p = new URLSearchParams(store.params);
    for (const name of ["embed", "story", "present"]) p.delete(name);
    p.set("embed", "1");
    return address(p);
  }

  // postHeight tells the page that frames this one its preferred height.
  function postHeight(force = false) {
    if (window.parent === window) return;
    const h = preferredHeight(document.documentElement.clientWidth, $("embed-bar").offsetHeight);
    if (h === postedHeight && !force) return;
    postedHeight = h;
    window.parent.postMessage({ type: "noiseball:height", height: h }, "*");
  }

  function updateCode() {
    const w = Math.round(Number($("embed-width").value)) || 800;
    const h = Math.round(Number($("embed-height").value)) || preferredHeight(w, BAR);
    const src = embedURL();
    $("embed-code").value = `<iframe src="${escapeHTML(src)}" width="${w}" height="${h}" ` +
      `title="${escapeHTML(t("embed.frame.title"))}" loading="lazy" allow="fullscreen" ` +
      `style="border:0;max-width:100%"></iframe>`;
    $("embed-script").value = `<script>
addEventListener("message", (e) => {
  if (e.origin !== "${location.origin}" || e.data?.type !== "noiseball:height") return;
  for (const f of document.querySelectorAll("iframe")) {
    if (f.contentWindow === e.source) f.height = String(e.data.height);
  }
});
</script>`;
    $("embed-preview").href = src;
  }

  function openDialog() {
    const w = Math.min(1200, Math.max(320, Math.round(frame.getBoundingClientRect().width / 10) * 10)) || 800;
    $("embed-width").value = String(w);
    $("embed-height").value = String(preferredHeight(w, BAR));
    updateCode();
    $("embed").showModal();
  }

  $("embed-open-dialog").addEventListener("click", openDialog);
  $("embed-close").addEventListener("click", () => $("embed").close());
  $("embed-width").addEventListener("input", () => {
    const w = Math.round(Number($("embed-width").value));
    if (w > 0) $("embed-height").value = String(preferredHeight(w, BAR));
    updateCode();
  });
  $("embed-height").addEventListener("input", updateCode);
  $("embed-copy").addEventListener("click", async () => {
    const note = $("embed-copied");
    try {
      await navigator.clipboard.writeText($("embed-code").value);
      note.textContent = t("copy.done");
    } catch {
      $("embed-code").select();
      note.textContent = "";
    }
    note.hidden = note.textContent === "";
    setTimeout(() => (note.hidden = true), 1500);
  });

  $("embed-play").addEventListener("click", () => store.emit("toggle-play"));
  $("embed-reset").addEventListener("click", () => store.emit("reset"));

  if (!store.embedded) return;
  document.body.classList.add("embed");
  $("embed-bar").hidden = false;
  store.on("render", () => ($("embed-link").href = fullViewURL()));
  store.on("status", (s) => setText($("embed-step"), t("embed.step", { n: count(s.step) })));
  store.on("game-ready", () => postHeight(true));
  store.on("start", () => postHeight());
  window.addEventListener("resize", () => postHeight());
}
