// Small writes to the page. The status is shown five times a second while
// the game runs. Each change to the page costs a style pass, a layout and a
// repaint of what it touches, which on software rendering made frames miss
// their vsync, so these change the page only when the value differs
// (setting a text or an attribute to the value it has is still a change to
// the browser).

export const $ = (id) => document.getElementById(id);

export function setText(el, text) {
  if (el.textContent !== text) el.textContent = text;
}

export function setHidden(el, hidden) {
  if (el.hidden !== hidden) el.hidden = hidden;
}

export function setData(el, name, value) {
  if (el.dataset[name] !== value) el.dataset[name] = value;
}

// choose selects v in a menu; a value the menu does not offer (a bad link)
// is shown as it is, with label, rather than silently replaced.
export function choose(select, v, label) {
  for (const o of select.querySelectorAll("option.extra")) o.remove();
  if (![...select.options].some((o) => o.value === v)) {
    const o = new Option(label, v);
    o.className = "extra";
    select.append(o);
  }
  select.value = v;
}

// offer makes a menu offer exactly words, in their order: each keeps the
// option the page's HTML gives it (with its translated label), and a word
// the HTML does not know is labelled by itself.
export function offer(select, words) {
  const options = new Map([...select.options].map((o) => [o.value, o]));
  select.replaceChildren(...words.map((w) => options.get(w) ?? new Option(w, w)));
}
