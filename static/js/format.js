// Numbers as the page writes them. Pure.

// number writes x with three significant digits, in exponent form outside
// [0.001, 100000), and "–" where there is no number.
export function number(x) {
  if (!Number.isFinite(x)) return "–";
  if (x === 0) return "0";
  const a = Math.abs(x);
  return a >= 1e-3 && a < 1e5 ? String(Number(x.toPrecision(3))) : x.toExponential(2).replace("e+", "e");
}

// count writes an integer with thousands separators: 100,000.
export function count(n) {
  return n.toLocaleString("en");
}
