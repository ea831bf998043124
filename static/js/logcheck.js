// The "Check a log" dialog: a training log, pasted, chosen with the file
// picker or dropped on the dialog, is handed whole to the game
// (window.noiseball.checkLog, wasm/logcheck.go), which reads every format
// noiseball -check reads (CSV, trainer_state.json, JSON lines, TensorBoard
// event files, as bytes) and says in the page's language, in the words of
// the command line, whether its loss is still improving, has plateaued or
// diverges. The file never leaves the browser: the address bar holds only
// log=1 and the column chosen (column=), so that the link reopens the
// dialog on the same column, for the same file dropped again.
//
// The pieces, each a function: reading the input (a pasted text or a
// file's bytes), checking it, and showing either where the log is wrong
// (showError) or the verdict with its numbers (showResult, NUMBERS), the
// column choice, its plot and what to do next. What sim/trainlog says
// (where and why a log is wrong, the verdict's headline, reason, theory
// and notes) comes as messages, written in the page's language from
// trainlog's catalog: the words noiseball -check prints.

import { $ } from "./dom.js";
import { count, number } from "./format.js";
import { logPlot } from "./logplot.js";

// The names of the verdicts (sim/trainlog), by the game's ids; what to do
// next is log.next.ID.
const VERDICTS = {
  "too-short": "log.verdict.tooShort", improving: "log.verdict.improving",
  plateaued: "log.verdict.plateaued", diverging: "log.verdict.diverging",
};

// NUMBERS are the rows of the result's table: the row's label, whether the
// result r has the row, and its text from the formatted numbers. Each
// estimate comes with its standard error.
const NUMBERS = [
  ["log.format", (r) => Boolean(r.format), (n) => n.format],
  ["log.rows", () => true, (n) => n.rows],
  ["log.perDecade", (r) => Number.isFinite(r.perDecade), (n) => `${n.perDecade} ± ${n.perDecadeErr}`],
  ["log.slope", (r) => Number.isFinite(r.slope), (n) => `${n.slope} ± ${n.err}`],
  ["log.noise", (r) => Number.isFinite(r.noise), (n) => `±${n.noise}${n.phi}`],
  ["log.window", (r) => Number.isFinite(r.from) && Number.isFinite(r.to), (n) => `${n.from} – ${n.to}`],
  ["log.change", (r) => Number.isFinite(r.change), (n) => n.change],
  ["log.divergedAt", (r) => Number.isFinite(r.divergedAt), (n) => n.at],
];
// The column separators a log's line may use, for marking the bad column.
const SEPARATORS = [",", "\t", ";"];

export function initLogCheck({ store, game, i18n }) {
  const { t, say, language } = i18n;
  const dialog = $("logcheck");
  let file = null; // {data, name}: the file chosen or dropped last, its bytes
  let last = null; // {data, name}: the log checked last, to check again on another column

  // column is the series chosen in the link (column=), "" for the default.
  const column = () => store?.get("column") ?? "";

  async function check(data, name = "") {
    const g = game();
    last = { data, name };
    $("log-error").hidden = true;
    $("log-result").hidden = true;
    if (typeof g?.checkLog !== "function") {
      $("log-status").textContent = t("download.notready");
      return;
    }
    $("log-status").textContent = t("log.checking");
    $("log-check").disabled = true;
    let r;
    try {
      r = JSON.parse(await g.checkLog(data, { column: column(), lang: language() }));
    } catch (err) {
      r = { ok: false, error: { message: err?.message ?? String(err) } };
    } finally {
      $("log-check").disabled = false;
    }
    $("log-status").textContent = name ? t("log.file.name", { name, rows: count(r.rows ?? 0) }) : "";
    if (r.ok === false || r.error) showError(r.error ?? {}, typeof data === "string" ? data : new TextDecoder().decode(data.subarray(0, 1 << 20)));
    else showResult(r);
    dialog.dataset.verdict = r.ok ? r.verdict : "unreadable";
  }

  // showError says where the log is wrong and shows that line with the bad
  // column marked.
  function showError(e, text) {
    const box = $("log-error");
    box.replaceChildren();
    const p = document.createElement("p");
    p.textContent = e.where?.code ? t("log.error.at", { where: say("trainlog", e.where) }) : t("log.error");
    const msg = document.createElement("p");
    msg.className = "log-message";
    msg.textContent = e.code ? t("log.sentence", { text: say("trainlog", { code: e.code, params: e.params }) }) : e.message || e.reason || "";
    box.append(p, msg);
    const line = e.line > 0 && text ? (text.split("\n", e.line)[e.line - 1] ?? "").replace(/\r$/, "").slice(0, 500) : "";
    if (line) box.append(markedLine(line, e.line, e.column));
    box.hidden = false;
  }

  function showResult(r) {
    const verdict = VERDICTS[r.verdict];
    $("log-result").dataset.verdict = r.verdict;
    $("log-verdict").textContent = verdict ? t(verdict) : r.verdict;
    const step = (n) => (Number.isFinite(n) ? count(Math.round(n)) : "–");
    const nums = {
      slope: number(r.slope), err: number(r.slopeErr), noise: number(r.noise), change: number(r.change),
      perDecade: number(r.perDecade), perDecadeErr: number(r.perDecadeErr), format: r.format ?? "",
      phi: Number.isFinite(r.phi) ? ` (${t("log.phi", { phi: number(r.phi) })})` : "",
      from: step(r.from), to: step(r.to), rows: count(r.rows ?? 0), at: step(r.divergedAt),
    };
    // The headline and its reason, as the command line says them; then the
    // theory's reading of a plateau, and what to do next.
    $("log-explanation").textContent = r.headline?.code
      ? t("log.sentence", { text: `${say("trainlog", r.headline)}: ${say("trainlog", r.reason)}` }) : r.explanation ?? "";
    $("log-theory").textContent = r.theory?.code ? say("trainlog", r.theory) : "";
    $("log-theory").hidden = !r.theory?.code;
    $("log-next").textContent = verdict ? t(`log.next.${r.verdict}`) : "";
    const notes = $("log-notes");
    notes.replaceChildren(...(r.notes ?? []).map((n) => Object.assign(document.createElement("li"), { textContent: say("trainlog", n) })));
    notes.hidden = !notes.children.length;
    const dl = $("log-numbers");
    dl.replaceChildren();
    for (const [label, has, text] of NUMBERS) {
      if (!has(r)) continue;
      const dt = document.createElement("dt");
      dt.textContent = t(label);
      const dd = document.createElement("dd");
      dd.textContent = text(nums);
      dl.append(dt, dd);
    }
    showColumns(r);
    $("log-plot").replaceChildren(logPlot(r.smoothed ?? [], { label: t("log.plot"), xLabel: t("log.axis.step") }));
    $("log-link").href = `?${store?.query() ?? ""}`;
    $("log-result").hidden = false;
  }

  // showColumns offers the log's series to judge, the one judged chosen.
  function showColumns(r) {
    const select = $("log-column");
    const choices = r.choices ?? [];
    select.replaceChildren(...choices.map((name) => new Option(name, name, false, name === r.column)));
    $("log-columns").hidden = choices.length < 2;
  }

  async function use(f) {
    if (!f) return;
    $("log-status").textContent = t("log.reading", { name: f.name });
    try {
      const data = new Uint8Array(await f.arrayBuffer());
      file = { data, name: f.name };
      $("log-text").value = "";
      $("log-text").placeholder = f.name;
      check(data, f.name);
    } catch (err) {
      $("log-status").textContent = t("download.failed", { reason: err?.message ?? String(err) });
    }
  }

  function open() {
    if (!dialog.open) dialog.showModal();
    if (store && store.get("log") !== "1") store.set("log", "1");
  }

  $("log-open").addEventListener("click", open);
  store.on("open-log", open);
  $("log-close").addEventListener("click", () => dialog.close());
  dialog.addEventListener("close", () => {
    if (store?.get("log") === "1") store.update((p) => { p.delete("log"); p.delete("column"); });
  });
  $("log-check").addEventListener("click", () => {
    const text = $("log-text").value;
    if (text.trim()) check(text);
    else if (file !== null) check(file.data, file.name);
    else $("log-status").textContent = t("log.empty");
  });
  $("log-column").addEventListener("change", () => {
    store?.set("column", $("log-column").value);
    if (last) check(last.data, last.name);
  });
  $("log-text").addEventListener("input", () => (file = null));
  $("log-file").addEventListener("change", () => use($("log-file").files?.[0]));
  dialog.addEventListener("dragover", (e) => {
    e.preventDefault();
    dialog.classList.add("dropping");
  });
  dialog.addEventListener("dragleave", () => dialog.classList.remove("dropping"));
  dialog.addEventListener("drop", (e) => {
    e.preventDefault();
    dialog.classList.remove("dropping");
    use(e.dataTransfer?.files?.[0]);
  });
  // A link with log=1 opens the dialog, ready for the file.
  if (store?.get("log") === "1") open();
}

// markedLine shows line number n of a log with its column (counted from
// 1) marked, the columns split at the first separator the line uses.
function markedLine(line, n, column) {
  const code = document.createElement("pre");
  code.className = "log-line";
  const sep = SEPARATORS.find((c) => line.includes(c));
  const cells = sep ? line.split(sep) : [line];
  cells.forEach((cell, i) => {
    if (i) code.append(sep === "\t" ? "⇥" : sep);
    if (i === (column ?? 0) - 1) {
      const mark = document.createElement("mark");
      mark.textContent = cell || " ";
      code.append(mark);
    } else {
      code.append(cell);
    }
  });
  const where = document.createElement("span");
  where.className = "log-lineno";
  where.textContent = `${n}: `;
  code.prepend(where);
  return code;
}
