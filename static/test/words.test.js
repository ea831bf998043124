// The page's words: the lanes' names, the Go code's messages written in
// either language, and the guide's captions in both.

import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";

import { sayIn } from "../js/i18n.js";
import { laneNames } from "../js/lane-names.js";
import { linkFormat } from "../js/link.js";
import { problemLines, problemText } from "../js/problems.js";
import { q, schema } from "./schema.js";

const link = linkFormat(schema);
const strings = (lang) => JSON.parse(readFileSync(new URL(`../i18n-${lang}.json`, import.meta.url), "utf8"));
const story = JSON.parse(readFileSync(new URL("../story.json", import.meta.url), "utf8"));
const LANGS = ["en", "ja"];

// tr is a page's t() in lang.
function tr(lang) {
  const s = strings(lang);
  return (key, vars = {}) => {
    assert.ok(key in s, `i18n-${lang}.json lacks ${key}`);
    return s[key].replace(/\{(\w+)\}/g, (m, n) => (n in vars ? String(vars[n]) : m));
  };
}

test("a lane is named by its optimizer, and by what sets it apart from a lane with the same one", () => {
  const t = tr("en");
  const cases = [
    ["v=1&runs=1000&opt2=rmsprop&opt3=sgd", ["Adam", "RMSprop", "SGD"]],
    ["v=1&dist=t3&runs=1000&opt=sgd&clip2=1", ["SGD", "SGD, clip 1"]],
    ["v=1&runs=1000&opt=sgd&sched=auto&sched2=const", ["SGD, automatic schedule", "SGD"]],
    ["v=1&runs=1000&batch2=16", ["Adam", "Adam, J = 16"]],
    ["v=1&runs=1000&lr2=5e-3", ["Adam", "Adam, γ = 5e-3"]],
    ["v=1&lr=0.1&lr2=0.01", ["Adam, γ = 0.1", "Adam, γ = 0.01"]],
    ["v=1&lr2=0.05", ["Adam", "Adam"]], // the same value, written out: nothing sets them apart
    ["v=1&runs=1000&sched2=cosine&n02=2000&lrmin2=0.0005", ["Adam", "Adam, cosine decay, n₀ = 2000, …"]],
    ["v=1&opt=sgd&bgrow=lin:1&bgrow2=const", ["SGD, batch growing linearly (1)", "SGD"]],
    ["v=1&opt=sgd&bgrow=lin:1&opt2=sgd", ["SGD", "SGD"]], // lane 2 takes lane 1's growth
    ["v=1&opt2=sgd&bc=0&opt3=adam", ["Adam", "SGD", "Adam"]], // and its bias correction
    ["v=1&opt2=sgd&bc3=0&opt3=adam", ["Adam", "SGD", "Adam, no bias correction"]],
    ["v=1&opt=heavyball&opt2=nesterov", ["Heavy ball", "Nesterov"]],
  ];
  for (const [s, want] of cases) assert.deepEqual(laneNames(link, q(s), schema.optimizers, t), want, s);
  const ja = laneNames(link, q("v=1&dist=t3&runs=1000&opt=sgd&clip2=1&sched2=auto"), schema.optimizers, tr("ja"));
  assert.deepEqual(ja, ["SGD", "SGD、自動スケジュール、クリップ 1"]);
});

test("every lane setting a name may quote has its words in both languages", () => {
  for (const lang of LANGS) {
    const s = strings(lang);
    for (const p of schema.lane) {
      if (p.name === "opt") continue;
      const keys = ["sched", "bc"].includes(p.name) ? p.words.map((w) => `lane.set.${p.name}.${w}`)
        : p.name === "bgrow" ? p.words.map((w) => `lane.set.bgrow.${w}`) : [`lane.set.${p.name}`];
      for (const key of keys) assert.ok(s[key], `i18n-${lang}.json lacks ${key}`);
    }
  }
});

test("the Go code's messages are written from the schema's catalogs, in either language", () => {
  const link = schema.messages.link;
  const m = { code: "want.number", params: { range: "(0, 10]" } };
  assert.equal(sayIn(link, "en", m), "a number in (0, 10]");
  assert.equal(sayIn(link, "ja", m), "(0, 10] の範囲の数値");
  assert.equal(sayIn(link, "fr", m), "a number in (0, 10]", "a language without the code gives English");
  assert.equal(sayIn(link, "en", { code: "no.such", params: { b: "2", a: "1" } }), "no.such a=1 b=2", "as Go writes an unknown code");
  for (const source of ["link", "theorem", "trainlog"]) {
    const en = schema.messages[source].en;
    const ja = schema.messages[source].ja;
    assert.ok(Object.keys(en).length > 5, source);
    assert.deepEqual(Object.keys(ja).sort(), Object.keys(en).sort(), `${source}: the same codes in both languages`);
  }
});

// A bad link's problems, as the game reports them (wasm/inbox.go), in
// Japanese: each names its parameter.
test("a bad link's problems in Japanese name the parameter, and count the rest", () => {
  const catalog = schema.messages.link;
  const say = (source, m) => sayIn(schema.messages[source], "ja", m);
  const status = {
    errors: ['lr="0x1p-3": want a number in (0, 10] (hexadecimal: write 0.125)', 'bogus="1": want a known parameter'],
    problems: [
      { param: "lr", line: { code: "line.why", params: { param: "lr", value: '"0x1p-3"' } },
        want: { code: "want.number", params: { range: "(0, 10]" } }, why: { code: "why.hexadecimal", params: { plain: "0.125" } } },
      { param: "bogus", line: { code: "line.unknown", params: { param: "bogus", value: '"1"' } }, want: { code: "want.known" } },
    ],
    moreProblems: 3,
  };
  const lines = problemLines(status, say);
  assert.deepEqual(lines, [
    'lr="0x1p-3": 使える値は「(0, 10] の範囲の数値」です (16 進数です。0.125 と書いてください)。',
    'bogus="1": この名前のパラメーターはありません。使えるのは「README のリンクの表にあるパラメーター名」です。',
    "ほかに 3 件の問題があります。",
  ]);
  assert.equal(problemText({ line: { code: "", params: { text: "boom" } } }, say), "boom", "an error that is not the link's");
  assert.deepEqual(problemLines({ errors: ["x"] }, say), ["x"], "an older game's English");
  assert.ok(catalog.ja["line.why"]);
});

test("every step of the guide has its name, its point in one sentence and its details, in both languages", () => {
  const n = story.steps.length;
  assert.equal(schema.view.find((p) => p.name === "story").range.max, n, "story= allows every step, and no more");
  for (const lang of LANGS) {
    const s = strings(lang);
    const stop = lang === "ja" ? "。" : ".";
    for (let k = 1; k <= n; k++) {
      for (const part of ["title", "lead", "text"]) assert.ok(s[`story.${k}.${part}`]?.trim(), `${lang}: story.${k}.${part}`);
      const lead = s[`story.${k}.lead`];
      assert.ok(lead.endsWith(stop), `${lang} story.${k}.lead ends a sentence: ${lead}`);
      // One sentence: a full stop only at its end (English: ". " inside).
      const inner = lang === "ja" ? lead.slice(0, -1).includes("。") : /\.\s/.test(lead);
      assert.ok(!inner, `${lang} story.${k}.lead is one sentence: ${lead}`);
      assert.ok(!/[=√∑^]|<sub>|<sup>/.test(lead), `${lang} story.${k}.lead has no formula: ${lead}`);
      assert.ok(!/\.\s*$/.test(s[`story.${k}.title`]) && !s[`story.${k}.title`].endsWith("。"), `${lang} story.${k}.title is a name`);
    }
    assert.equal(story.steps.at(-1).action, "log", "the last step offers Check a log");
    assert.ok(s[`story.${n}.title`] === (lang === "en" ? "In practice" : "実務では"), `${lang}: the last step is the practical one`);
  }
});

test("the canvas's words: lane names, the sweep's metric and axes, the stopped line, a real model's chart words, in the page's language", async () => {
  const { canvasLabels, plainText, METRICS } = await import("../js/canvas-labels.js");
  assert.equal(plainText("下限 γ<sub>min</sub> (lrmin)"), "下限 γ_min (lrmin)");
  assert.equal(plainText("β<sub>2</sub> (b2)"), "β₂ (b2)");
  assert.equal(plainText("e<sup>−n</sup>"), "e^−n");
  for (const id of schema.sweep.metrics) assert.ok(METRICS[id], `no name for the sweep metric ${id}`);
  for (const lang of LANGS) {
    const s = strings(lang);
    const t = tr(lang);
    const has = (key) => key in s;
    const one = canvasLabels(link, schema, q("v=1&opt=sgd&clip2=1"), t, has);
    assert.deepEqual(one.lanes, lang === "en" ? ["SGD", "SGD, clip 1"] : ["SGD", "SGD、クリップ 1"]);
    assert.equal(one.stopped, s["canvas.stopped"]);
    assert.equal(one.metrics.spread, s["sweep.metric.spread"]);
    assert.equal(one.params.lr, plainText(t("sweep.p.lane", { param: plainText(s["sweep.p.lr"]), lane: 1 })), "with two lanes, lane 1's lr says its lane");
    assert.equal(one.params.lr3, plainText(t("sweep.p.lane", { param: plainText(s["sweep.p.lr"]), lane: 3 })));
    assert.equal(one.params.sigma, plainText(s["sweep.p.sigma"]), "a global parameter has no lane");
    assert.ok(!("angle" in one.params), "a parameter the form does not name keeps its link name");
    for (const v of [...Object.values(one.params), ...Object.values(one.metrics)]) assert.ok(!/[<>{}]/.test(v), v);
    assert.equal(canvasLabels(link, schema, q("v=1"), t, has).params.lr, plainText(s["sweep.p.lr"]), "one lane: no lane named");
    assert.ok(schema.chartWords.includes("heldout_acc"), "the schema names the chart words");
    for (const id of schema.chartWords) {
      assert.ok(`canvas.chart.${id}` in s, `no ${lang} text for the chart words ${id}`);
      assert.equal(one.charts[id], plainText(s[`canvas.chart.${id}`]));
      assert.ok(!/[<>{}]/.test(one.charts[id]), one.charts[id]);
    }
  }
});
