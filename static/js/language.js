// The language menu (lang=en|ja): switching shows every string of the page,
// and of the game's frame, in the language chosen.

import { $ } from "./dom.js";

export function initLanguage({ store, i18n }) {
  async function change(lang) {
    try {
      await i18n.setLanguage(lang);
    } catch {
      $("lang").value = i18n.language();
      return;
    }
    store.set("lang", lang);
    i18n.translate();
    $("lang").value = i18n.language();
    store.emit("language");
    store.render();
    store.emit("poll");
  }

  $("lang").value = i18n.language();
  $("lang").addEventListener("change", () => change($("lang").value));
}
