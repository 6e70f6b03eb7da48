/** Small canvas charts: the ten probabilities as bars, and live line charts for the training curves. */

function context(canvas: HTMLCanvasElement): CanvasRenderingContext2D {
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('a 2D canvas is needed for the charts');
  return ctx;
}

/** Ten bars, one per digit, the most probable highlighted. */
export function drawBars(canvas: HTMLCanvasElement, probabilities: ArrayLike<number> | null, labels: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9']): void {
  const ctx = context(canvas);
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const n = labels.length;
  const left = 8;
  const bottom = height - 22;
  const top = 16;
  const slot = (width - 2 * left) / n;
  let best = -1;
  if (probabilities) for (let i = 0; i < n; i++) if (best < 0 || probabilities[i]! > probabilities[best]!) best = i;
  ctx.font = '12px system-ui, sans-serif';
  ctx.textAlign = 'center';
  for (let i = 0; i < n; i++) {
    const p = probabilities ? probabilities[i]! : 0;
    const h = Math.max(1, p * (bottom - top));
    const x = left + i * slot + slot * 0.15;
    ctx.fillStyle = i === best ? '#d62728' : '#1f77b4';
    ctx.fillRect(x, bottom - h, slot * 0.7, h);
    ctx.fillStyle = '#333';
    ctx.fillText(labels[i]!, left + (i + 0.5) * slot, height - 6);
    if (probabilities && p >= 0.005) ctx.fillText(p >= 0.995 ? '1' : p.toFixed(2).replace(/^0/, ''), left + (i + 0.5) * slot, bottom - h - 3);
  }
  ctx.strokeStyle = '#999';
  ctx.beginPath();
  ctx.moveTo(left, bottom + 0.5);
  ctx.lineTo(width - left, bottom + 0.5);
  ctx.stroke();
}

export interface Series {
  name: string;
  color: string;
  /** [x, y] points in order of x. */
  points: readonly (readonly [number, number])[];
  /** Draw dots instead of a line (sparse series such as test accuracy). */
  dots?: boolean;
  lineWidth?: number;
}

export interface LineChartOptions {
  /** Fixed y range; otherwise from the data. */
  yMin?: number;
  yMax?: number;
  xLabel?: string;
  /** Log scale on y (losses). */
  logY?: boolean;
}

/** A line chart of a few series sharing axes, redrawn whole (cheap for a few thousand points). */
export function drawLines(canvas: HTMLCanvasElement, series: readonly Series[], options: LineChartOptions = {}): void {
  const ctx = context(canvas);
  const { width, height } = canvas;
  ctx.clearRect(0, 0, width, height);
  const pad = { left: 44, right: 10, top: 18, bottom: 22 };
  const f = (y: number) => (options.logY ? Math.log10(y) : y);
  const usable = ([, y]: readonly [number, number]) => Number.isFinite(y) && (!options.logY || y > 0);
  // Loops rather than Math.min(...points): a long training run has more points than a call takes arguments.
  let xMax = 1;
  let lo = Infinity;
  let hi = -Infinity;
  for (const s of series) {
    for (const p of s.points) {
      if (!usable(p)) continue;
      xMax = Math.max(xMax, p[0]);
      lo = Math.min(lo, f(p[1]));
      hi = Math.max(hi, f(p[1]));
    }
  }
  const xMin = 0;
  let yMin = options.yMin ?? (Number.isFinite(lo) ? lo : 0);
  let yMax = options.yMax ?? (Number.isFinite(hi) ? hi : 1);
  if (options.logY) {
    yMin = Math.floor(yMin);
    yMax = Math.ceil(yMax);
  }
  if (yMax - yMin < 1e-9) yMax = yMin + 1;
  const X = (x: number) => pad.left + ((x - xMin) / (xMax - xMin)) * (width - pad.left - pad.right);
  const Y = (y: number) => height - pad.bottom - ((f(y) - yMin) / (yMax - yMin)) * (height - pad.top - pad.bottom);
  // Axes and a few ticks.
  ctx.strokeStyle = '#bbb';
  ctx.fillStyle = '#555';
  ctx.font = '11px system-ui, sans-serif';
  ctx.lineWidth = 1;
  ctx.beginPath();
  ctx.moveTo(pad.left, pad.top);
  ctx.lineTo(pad.left, height - pad.bottom);
  ctx.lineTo(width - pad.right, height - pad.bottom);
  ctx.stroke();
  ctx.textAlign = 'right';
  const ticks = options.logY ? Array.from({ length: yMax - yMin + 1 }, (_, k) => yMin + k) : [0, 0.25, 0.5, 0.75, 1].map((t) => yMin + t * (yMax - yMin));
  for (const t of ticks) {
    const y = height - pad.bottom - ((t - yMin) / (yMax - yMin)) * (height - pad.top - pad.bottom);
    ctx.fillText(options.logY ? String(10 ** t) : t.toFixed(yMax - yMin < 2 ? 2 : 1), pad.left - 4, y + 4);
  }
  ctx.textAlign = 'left';
  ctx.fillText(`${options.xLabel ?? 'step'} ${Math.round(xMax)}`, width - pad.right - 60, height - 6);
  // Series and a legend.
  let legendX = pad.left + 6;
  for (const s of series) {
    ctx.strokeStyle = s.color;
    ctx.fillStyle = s.color;
    ctx.lineWidth = s.lineWidth ?? 1.5;
    const pts = decimate(s.points.filter(usable), 2 * width);
    if (s.dots) {
      for (const [x, y] of pts) {
        ctx.beginPath();
        ctx.arc(X(x), Y(y), 3, 0, 2 * Math.PI);
        ctx.fill();
      }
    } else if (pts.length > 0) {
      ctx.beginPath();
      pts.forEach(([x, y], i) => (i === 0 ? ctx.moveTo(X(x), Y(y)) : ctx.lineTo(X(x), Y(y))));
      ctx.stroke();
    }
    ctx.fillText(s.name, legendX, 12);
    legendX += ctx.measureText(s.name).width + 14;
  }
}

/** At most about `max` points, every k-th one (the last one kept): enough for a canvas `max / 2` pixels wide. */
function decimate<T>(points: readonly T[], max: number): readonly T[] {
  if (points.length <= max) return points;
  const k = Math.ceil(points.length / max);
  const out = points.filter((_, i) => i % k === 0);
  if ((points.length - 1) % k !== 0) out.push(points.at(-1)!);
  return out;
}

/** Exponential moving average of a series (for the smoothed curves). */
export function smooth(points: readonly (readonly [number, number])[], alpha = 0.1): [number, number][] {
  let m: number | null = null;
  return points.map(([x, y]) => {
    m = m === null ? y : m + alpha * (y - m);
    return [x, m];
  });
}
