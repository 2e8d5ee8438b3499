// A tiny SVG chart module: a line chart with gaps for missing days, a bar chart and a
// stacked bar. Built with createElementNS and attributes only, so it works under a CSP
// without 'unsafe-inline' styles; colours come from classes in dashboard.css.

const SVG = "http://www.w3.org/2000/svg";
const W = 320;
const H = 140;
const PAD = { top: 12, right: 10, bottom: 22, left: 36 };

function el(tag, attrs = {}, text = null) {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== null) node.textContent = text;
  return node;
}

function frame(label) {
  return el("svg", { viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": label, class: "chart" });
}

function fmt(value, digits) {
  if (value === null || value === undefined || Number.isNaN(value)) return "–";
  return Number(value).toFixed(digits).replace(/\.0+$/, "");
}

// Scales: y from [lo, hi] to the plot area, with a little room when the series is flat.
function scales(values, n, { min, max, zero }) {
  const present = values.filter((v) => v !== null && v !== undefined);
  let lo = min ?? Math.min(...present, zero ? 0 : Infinity);
  let hi = max ?? Math.max(...present, zero ? 0 : -Infinity);
  if (!Number.isFinite(lo) || !Number.isFinite(hi)) [lo, hi] = [0, 1];
  if (lo === hi) [lo, hi] = [lo - 1, hi + 1];
  const plotW = W - PAD.left - PAD.right;
  const plotH = H - PAD.top - PAD.bottom;
  return {
    lo,
    hi,
    x: (i) => PAD.left + (n <= 1 ? plotW / 2 : (i * plotW) / (n - 1)),
    y: (v) => PAD.top + plotH - ((v - lo) / (hi - lo)) * plotH,
    step: plotW / Math.max(n, 1),
  };
}

function axes(svg, s, labels, digits) {
  svg.append(el("line", { x1: PAD.left, x2: W - PAD.right, y1: s.y(s.lo), y2: s.y(s.lo), class: "axis" }));
  svg.append(el("line", { x1: PAD.left, x2: PAD.left, y1: PAD.top, y2: H - PAD.bottom, class: "axis" }));
  for (const v of [s.lo, s.hi]) {
    svg.append(el("text", { x: PAD.left - 4, y: s.y(v) + 4, "text-anchor": "end", class: "tick" }, fmt(v, digits)));
  }
  if (s.lo < 0 && s.hi > 0) {
    svg.append(el("line", { x1: PAD.left, x2: W - PAD.right, y1: s.y(0), y2: s.y(0), class: "grid" }));
  }
  if (labels.length) {
    const last = labels.length - 1;
    svg.append(el("text", { x: s.x(0), y: H - 6, "text-anchor": "start", class: "tick" }, labels[0]));
    svg.append(el("text", { x: s.x(last), y: H - 6, "text-anchor": "end", class: "tick" }, labels[last]));
  }
}

function noData(svg) {
  svg.append(el("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "nodata" }, "No data yet"));
}

/** A line through the known points; a missing value breaks the line instead of inventing one. */
export function lineChart(values, labels, { title, min, max, digits = 1 } = {}) {
  const svg = frame(title);
  const s = scales(values, values.length, { min, max });
  axes(svg, s, labels, digits);
  let run = [];
  const flush = () => {
    if (run.length > 1) svg.append(el("polyline", { points: run.join(" "), class: "line" }));
    run = [];
  };
  values.forEach((v, i) => {
    if (v === null || v === undefined) return flush();
    run.push(`${s.x(i).toFixed(1)},${s.y(v).toFixed(1)}`);
    const dot = el("circle", { cx: s.x(i), cy: s.y(v), r: 2.5, class: "dot" });
    dot.append(el("title", {}, `${labels[i]}: ${fmt(v, digits)}`));
    svg.append(dot);
  });
  flush();
  if (!values.some((v) => v !== null && v !== undefined)) noData(svg);
  return svg;
}

/** Bars from zero: counts per period. */
export function barChart(values, labels, { title } = {}) {
  const svg = frame(title);
  const counts = values.map((v) => v ?? 0);
  const s = scales(counts, counts.length, { zero: true, min: 0 });
  axes(svg, s, labels, 0);
  const width = Math.max(s.step * 0.7, 1);
  counts.forEach((v, i) => {
    if (!v) return;
    const x = counts.length <= 1 ? s.x(i) - width / 2 : PAD.left + i * s.step + (s.step - width) / 2;
    const bar = el("rect", { x, y: s.y(v), width, height: s.y(0) - s.y(v), class: "bar" });
    bar.append(el("title", {}, `${labels[i]}: ${v}`));
    svg.append(bar);
  });
  if (!counts.some(Boolean)) noData(svg);
  return svg;
}

/** One horizontal bar split into parts: [{label, value, cls}]. */
export function stackBar(parts, { title } = {}) {
  const total = parts.reduce((sum, p) => sum + (p.value || 0), 0);
  const svg = el("svg", { viewBox: `0 0 ${W} 24`, preserveAspectRatio: "none", role: "img", "aria-label": title, class: "stack" });
  if (!total) {
    svg.append(el("rect", { x: 0, y: 0, width: W, height: 24, class: "empty" }));
    return svg;
  }
  let x = 0;
  for (const part of parts) {
    const width = ((part.value || 0) / total) * W;
    if (!width) continue;
    const rect = el("rect", { x, y: 0, width, height: 24, class: part.cls });
    rect.append(el("title", {}, `${part.label}: ${part.value}`));
    svg.append(rect);
    x += width;
  }
  return svg;
}
