// Translations. The strings live in i18n-en.json and i18n-ja.json, one flat
// object of key -> text each; {name} in a text is filled in by t(). A text
// may hold the inline tags <sub>, <sup>, <kbd>, <em>, <strong>, <code> and
// <br>, without attributes; anything else is shown as text.
//
// Markup names its strings with data-i18n="key" (the element's content) and
// data-i18n-title / data-i18n-aria-label (those attributes). The English in
// the HTML is what shows before the strings arrive or if they cannot.
//
// What the Go code says (the link's errors, the theorem's panel, the log
// checker's verdicts) comes as messages, {code, params}, whose templates in
// every language the schema holds by source (link-schema.json's messages):
// say writes one in the current language.

export const LANGUAGES = ["en", "ja"];

// pickLanguage returns the language a link asks for (lang=ja), else the
// first of the browser's languages that the page speaks, else English.
export function pickLanguage(asked) {
  if (LANGUAGES.includes(asked)) return asked;
  for (const tag of navigator.languages ?? [navigator.language]) {
    const base = String(tag ?? "").toLowerCase().split("-")[0];
    if (LANGUAGES.includes(base)) return base;
  }
  return "en";
}

// createI18n returns a page's translations: the strings of its current
// language, loaded by setLanguage, and the functions that use them.
export function createI18n() {
  const cache = new Map(); // language -> its strings
  let strings = {};
  let english = {};
  let current = "en";
  let catalogs = {}; // source -> language -> code -> template

  async function load(lang) {
    if (!cache.has(lang)) {
      const url = new URL(`../i18n-${lang}.json`, import.meta.url);
      cache.set(lang, fetch(url).then((r) => {
        if (!r.ok) throw new Error(`${url.pathname}: HTTP ${r.status}`);
        return r.json();
      }));
    }
    try {
      return await cache.get(lang);
    } catch (err) {
      cache.delete(lang);
      throw err;
    }
  }

  // setLanguage loads lang's strings (and English's, which stand in for a
  // missing one) and makes lang current. It keeps the previous language if
  // they cannot be loaded.
  async function setLanguage(lang) {
    const [s, en] = await Promise.all([load(lang), lang === "en" ? null : load("en")]);
    strings = s;
    english = en ?? s;
    current = lang;
    document.documentElement.lang = lang;
  }

  // t returns the text of key in the current language with {name} replaced
  // by vars.name; a key with no text anywhere comes back as itself.
  function t(key, vars = {}) {
    const s = strings[key] ?? english[key] ?? key;
    return s.replace(/\{(\w+)\}/g, (m, name) => (name in vars ? String(vars[name]) : m));
  }

  // setCatalogs gives the Go code's templates, the schema's messages.
  function setCatalogs(c) {
    catalogs = c ?? {};
  }

  // say writes the Go code's message m ({code, params}) of source ("link",
  // "theorem", "trainlog") in the current language, or English where the
  // language lacks the code; an unknown code is written as the code and
  // its parameters, as the Go code writes it.
  function say(source, m) {
    return sayIn(catalogs[source] ?? {}, current, m);
  }

  // has reports whether the current language (or English) has a text for key.
  function has(key) {
    return key in strings || key in english;
  }

  // translate fills every element under root that names a string. A string
  // that no language has leaves the element's English as it is.
  function translate(root = document) {
    for (const el of root.querySelectorAll("[data-i18n]")) {
      if (has(el.dataset.i18n)) fill(el, t(el.dataset.i18n));
    }
    for (const el of root.querySelectorAll("[data-i18n-title]")) {
      if (has(el.dataset.i18nTitle)) el.title = t(el.dataset.i18nTitle);
    }
    for (const el of root.querySelectorAll("[data-i18n-aria-label]")) {
      if (has(el.dataset.i18nAriaLabel)) el.setAttribute("aria-label", t(el.dataset.i18nAriaLabel));
    }
  }

  return { setLanguage, setCatalogs, language: () => current, t, has, say, translate };
}

// sayIn writes message m from catalog (language -> code -> template) in
// lang, as message.Catalog.Text does in Go. Pure.
export function sayIn(catalog, lang, m) {
  const params = m?.params ?? {};
  const template = catalog[lang]?.[m?.code] ?? catalog.en?.[m?.code];
  if (template === undefined) {
    return [m?.code ?? "", ...Object.keys(params).sort().map((k) => `${k}=${params[k]}`)].join(" ").trim();
  }
  return template.replace(/\{(\w+)\}/g, (_, name) => params[name] ?? "");
}

const INLINE = new Set(["SUB", "SUP", "KBD", "EM", "STRONG", "CODE", "BR"]);

// fill sets el's content to text, keeping the allowed inline tags.
export function fill(el, text) {
  if (!text.includes("<")) {
    if (el.textContent !== text) el.textContent = text;
    return;
  }
  const doc = new DOMParser().parseFromString(`<body>${text}`, "text/html");
  const copy = (from, to) => {
    for (const n of from.childNodes) {
      if (n.nodeType === Node.TEXT_NODE) {
        to.append(n.data);
      } else if (n.nodeType === Node.ELEMENT_NODE) {
        if (INLINE.has(n.tagName)) {
          const e = document.createElement(n.tagName.toLowerCase());
          copy(n, e);
          to.append(e);
        } else {
          copy(n, to);
        }
      }
    }
  };
  const frag = document.createDocumentFragment();
  copy(doc.body, frag);
  el.replaceChildren(frag);
}
