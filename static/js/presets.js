// The presets: the game's named links (sim/link.Presets), offered in a menu
// and by the keys 1 to 9. Opening one replaces the experiment and keeps the
// page's view settings; the menu shows the preset the link is.

import { $ } from "./dom.js";
import { autoFromPresets } from "./capabilities.js";
import { keepRules } from "./navigation.js";

export function initPresets({ store, link, game, i18n }) {
  const { t, has } = i18n;
  const rules = keepRules(link);

  // text is a preset's title or description in the page's language: the
  // game gives them in English, i18n-ja.json has preset.NAME.title and
  // preset.NAME.description.
  const text = (p, field) => {
    const key = `preset.${p.name}.${field}`;
    return has(key) ? t(key) : p[field] ?? "";
  };

  // load reads the game's presets into the store, with their title and
  // description in the page's language, and fills the menu.
  function load() {
    let list = [];
    try {
      const raw = game()?.presets?.();
      const parsed = raw ? JSON.parse(raw) : [];
      if (Array.isArray(parsed)) list = parsed.filter((p) => p && typeof p.query === "string");
    } catch {
      list = [];
    }
    store.presets = list.map((p) => ({ ...p, title: text(p, "title") || p.name, description: text(p, "description") }));
    const select = $("preset");
    select.replaceChildren(new Option(t("presets.custom"), ""));
    store.presets.forEach((p, i) => select.append(new Option(`${i < 9 ? `${i + 1}. ` : ""}${p.title}`, String(i))));
    // A preset that uses the automatic schedule says the game has it (the
    // game's presets are links it accepts).
    store.learnAuto(autoFromPresets(list));
    $("presets-box").hidden = list.length === 0;
    $("help-presets").hidden = list.length === 0;
    show();
  }

  // show selects in the menu the preset whose experiment the link is.
  function show() {
    const key = link.experimentKey(store.params);
    const i = store.presets.findIndex((p) => link.experimentKey(new URLSearchParams(p.query)) === key);
    $("preset").value = i < 0 ? "" : String(i);
    // The menu may cut a long title; the title is said whole under it.
    $("preset-title").textContent = i < 0 ? "" : store.presets[i].title;
    $("preset-title").hidden = i < 0;
    $("preset-description").textContent = i < 0 ? "" : store.presets[i].description;
  }

  // open replaces the experiment by preset i's, keeping the page's view
  // settings that the preset does not set; it leaves the guide.
  function open(i) {
    const p = store.presets[i];
    if (p) store.navigate(new URLSearchParams(p.query.replace(/^\?/, "")), { keep: rules.preset });
  }

  $("preset").addEventListener("change", () => {
    const i = $("preset").value;
    if (i !== "") open(Number(i));
  });
  store.on("open-preset", open);
  store.on("game-ready", load);
  store.on("language", load);
  store.on("render", show);
}
