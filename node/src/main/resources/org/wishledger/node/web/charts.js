// Small SVG charts drawn by hand (no charting library): line, Lorenz curve, horizontal bars.
const NS = "http://www.w3.org/2000/svg";
const W = 480, H = 240, PAD = 36;

function svg() {
  const s = document.createElementNS(NS, "svg");
  s.setAttribute("viewBox", `0 0 ${W} ${H}`);
  s.setAttribute("width", "100%");
  return s;
}
function el(name, attrs, text) {
  const e = document.createElementNS(NS, name);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  if (text !== undefined) e.textContent = text;
  return e;
}
function axes(s, xLabel, yLabel, yMax) {
  s.append(el("line", { x1: PAD, y1: H - PAD, x2: W - 8, y2: H - PAD, stroke: "#98a2b3" }));
  s.append(el("line", { x1: PAD, y1: 8, x2: PAD, y2: H - PAD, stroke: "#98a2b3" }));
  s.append(el("text", { x: W / 2, y: H - 6, "text-anchor": "middle" }, xLabel));
  s.append(el("text", { x: 4, y: 14 }, `${yLabel} (max ${yMax})`));
}

/** series: [{points: [[x, y]...], color, label}] on shared axes. */
export function lines(series, xLabel, yLabel) {
  const s = svg();
  const xs = series.flatMap((l) => l.points.map((p) => p[0]));
  const xMin = Math.min(...xs, 0), xMax = Math.max(...xs, 1);
  series.forEach((line, n) => {
    const yMax = Math.max(...line.points.map((p) => p[1]), 1);
    const d = line.points.map(([x, y], i) =>
      `${i ? "L" : "M"}${PAD + (x - xMin) / (xMax - xMin || 1) * (W - PAD - 8)},${H - PAD - y / yMax * (H - PAD - 8)}`).join("");
    s.append(el("path", { d, fill: "none", stroke: line.color, "stroke-width": 2 }));
    s.append(el("text", { x: W - 10, y: 20 + 14 * n, "text-anchor": "end", fill: line.color }, `${line.label} (max ${yMax.toLocaleString()})`));
  });
  axes(s, xLabel, yLabel, "each line its own scale");
  return s;
}

/** Lorenz curve of non-negative values; returns {svg, gini, top1}. */
export function lorenz(values) {
  const v = values.map(Number).sort((a, b) => a - b);
  const total = v.reduce((a, b) => a + b, 0) || 1;
  let acc = 0;
  const pts = [[0, 0], ...v.map((x, i) => { acc += x; return [(i + 1) / v.length, acc / total]; })];
  let area = 0;
  for (let i = 1; i < pts.length; i++) area += (pts[i][0] - pts[i - 1][0]) * (pts[i][1] + pts[i - 1][1]) / 2;
  const topN = Math.max(1, Math.ceil(v.length / 100));
  const top1 = v.slice(-topN).reduce((a, b) => a + b, 0) / total;
  const s = svg();
  const X = (x) => PAD + x * (W - PAD - 8), Y = (y) => H - PAD - y * (H - PAD - 8);
  s.append(el("path", { d: `M${X(0)},${Y(0)}L${X(1)},${Y(1)}`, stroke: "#d0d5dd", "stroke-dasharray": "4 3" }));
  s.append(el("path", { d: pts.map(([x, y], i) => `${i ? "L" : "M"}${X(x)},${Y(y)}`).join(""), fill: "none", stroke: "#3856d6", "stroke-width": 2 }));
  axes(s, "share of wishes (least influential first)", "share of influence", 1);
  s.append(el("text", { x: X(0.05), y: Y(0.85) }, `top 1% of wishes hold ${(100 * top1).toFixed(1)}% · Gini ${(1 - 2 * area).toFixed(3)}`));
  return { svg: s, gini: 1 - 2 * area, top1 };
}

/** Horizontal bars: [[label, value]...]. */
export function bars(rows) {
  const s = svg();
  const max = Math.max(...rows.map((r) => r[1]), 1);
  const h = Math.min(24, (H - 16) / Math.max(rows.length, 1)); // a few tags must not make fat bars
  rows.forEach(([label, value], i) => {
    const y = 8 + i * h;
    s.append(el("text", { x: 110, y: y + h * 0.7, "text-anchor": "end" }, label.slice(0, 18)));
    s.append(el("rect", { x: 116, y: y + 2, width: Math.max(1, value / max * (W - 170)), height: Math.max(2, h - 4), fill: "#7a8ee6" }));
    s.append(el("text", { x: 120 + value / max * (W - 170), y: y + h * 0.7 }, String(value)));
  });
  return s;
}

/** Signed bars in [-1, 1] around a centre line: [[label, value, note]...] (the aggregate's alignments). */
export function signedBars(rows) {
  const s = svg();
  const h = Math.min(24, (H - 24) / Math.max(rows.length, 1));
  const mid = 130 + (W - 140) / 2, half = (W - 150) / 2;
  s.append(el("line", { x1: mid, y1: 4, x2: mid, y2: 8 + rows.length * h, stroke: "#98a2b3" }));
  s.append(el("text", { x: mid - half, y: H - 6 }, "-1 cancel/oppose"));
  s.append(el("text", { x: mid + half, y: H - 6, "text-anchor": "end" }, "+1 all pull the same way"));
  rows.forEach(([label, value, note], i) => {
    const y = 8 + i * h, v = Math.max(-1, Math.min(1, Number(value)));
    s.append(el("text", { x: 124, y: y + h * 0.7, "text-anchor": "end" }, label.slice(0, 22)));
    s.append(el("rect", { x: v >= 0 ? mid : mid + v * half, y: y + 2, width: Math.max(1, Math.abs(v) * half),
      height: Math.max(2, h - 4), fill: v >= 0 ? "#3f9c6b" : "#d64f38" }));
    s.append(el("text", { x: v >= 0 ? mid - 4 : mid + 4, y: y + h * 0.7, "text-anchor": v >= 0 ? "end" : "start" },
      `${v.toFixed(2)}${note ? ` (${note})` : ""}`));
  });
  return s;
}
