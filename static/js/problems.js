// The link's problems as the page writes them: the game names each one by
// messages of sim/link (a line, what the parameter wants and why its value
// is wrong), which say writes in the page's language. Pure.

// problemText is problem p ({param, line, want, why}, wasm/inbox.go) in
// words: say(source, message) writes a message of the Go code.
export function problemText(p, say) {
  if (!p?.line?.code) return p?.line?.params?.text ?? "";
  if (!p.want) return say("link", p.line);
  const params = { ...p.line.params, want: say("link", p.want) };
  if (p.why) params.why = say("link", p.why);
  return say("link", { code: p.line.code, params });
}

// problemLines are the lines of a status's problems: one per problem, then
// how many more there are, if any. A game without problems in its status
// gives its English errors.
export function problemLines(status, say) {
  if (!Array.isArray(status?.problems)) return status?.errors ?? [];
  const lines = status.problems.map((p) => problemText(p, say));
  if (status.moreProblems > 0) lines.push(say("link", { code: "more", params: { n: String(status.moreProblems) } }));
  return lines;
}
