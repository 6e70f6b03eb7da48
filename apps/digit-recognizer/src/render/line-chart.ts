import { svgDocument, text, ticks } from './svg.js';

export interface Series {
  name: string;
  points: readonly (readonly [number, number])[];
  color: string;
}

export interface Panel {
  title: string;
  xLabel: string;
  series: readonly Series[];
  /** Fixed y range; by default the data's range with a margin. */
  yRange?: readonly [number, number];
}

const W = 460;
const H = 320;
const M = { left: 58, right: 16, top: 50, bottom: 46 };

function panelSvg(panel: Panel, offsetX: number): string {
  const all = panel.series.flatMap((s) => s.points).filter(([, y]) => Number.isFinite(y));
  const xs = all.map(([x]) => x);
  const ys = all.map(([, y]) => y);
  const [x0, x1] = xs.length ? [Math.min(...xs), Math.max(...xs, Math.min(...xs) + 1)] : [0, 1];
  let [y0, y1] = panel.yRange ?? (ys.length ? [Math.min(...ys), Math.max(...ys)] : [0, 1]);
  if (!panel.yRange) {
    const pad = (y1 - y0 || Math.abs(y1) || 1) * 0.08;
    [y0, y1] = [y0 - pad, y1 + pad];
  }
  const px = (x: number) => offsetX + M.left + ((x - x0) / (x1 - x0)) * (W - M.left - M.right);
  const py = (y: number) => M.top + (1 - (y - y0) / (y1 - y0)) * (H - M.top - M.bottom);
  let body = text(offsetX + W / 2, 20, panel.title, 'text-anchor="middle" font-size="15" font-weight="bold"');
  for (const t of ticks(y0, y1)) {
    body += `<line x1="${px(x0)}" x2="${px(x1)}" y1="${py(t)}" y2="${py(t)}" stroke="#e5e5e5"/>`;
    body += text(px(x0) - 6, py(t) + 4, String(t), 'text-anchor="end" font-size="11" fill="#444"');
  }
  for (const t of ticks(x0, x1).filter(Number.isInteger)) body += text(px(t), H - M.bottom + 16, String(t), 'text-anchor="middle" font-size="11" fill="#444"');
  body += `<rect x="${px(x0)}" y="${M.top}" width="${px(x1) - px(x0)}" height="${H - M.top - M.bottom}" fill="none" stroke="#999"/>`;
  body += text(offsetX + W / 2, H - 8, panel.xLabel, 'text-anchor="middle" font-size="12"');
  panel.series.forEach((s, i) => {
    const pts = s.points.filter(([, y]) => Number.isFinite(y));
    if (pts.length > 0) {
      body += `<polyline fill="none" stroke="${s.color}" stroke-width="2" points="${pts.map(([x, y]) => `${px(x).toFixed(1)},${py(y).toFixed(1)}`).join(' ')}"/>`;
      for (const [x, y] of pts) body += `<circle cx="${px(x).toFixed(1)}" cy="${py(y).toFixed(1)}" r="2.5" fill="${s.color}"/>`;
    }
    // Legend in the header, one entry per series from the left, clear of the data.
    const lx = offsetX + M.left + i * 110;
    body += `<line x1="${lx}" x2="${lx + 18}" y1="36" y2="36" stroke="${s.color}" stroke-width="3"/>`;
    body += text(lx + 22, 40, s.name, 'font-size="11"');
  });
  return body;
}

/** Side-by-side line charts (e.g. loss and accuracy per epoch) as one SVG. */
export function lineCharts(panels: readonly Panel[]): string {
  return svgDocument(W * panels.length, H, panels.map((p, i) => panelSvg(p, i * W)).join(''));
}
