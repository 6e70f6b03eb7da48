/** Small formatters for progress lines. */

/** `0:07`, `12:34`, `1:02:03`; '?' when unknown. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/** A loss-like number: 4 significant decimals, scientific when tiny or huge. */
export function formatNumber(v: number): string {
  if (!Number.isFinite(v)) return String(v);
  const a = Math.abs(v);
  return a !== 0 && (a < 1e-3 || a >= 1e5) ? v.toExponential(3) : v.toFixed(4);
}

export function formatPercent(v: number, digits = 2): string {
  return Number.isFinite(v) ? `${(100 * v).toFixed(digits)}%` : String(v);
}

export function formatRate(v: number): string {
  return Number.isFinite(v) ? `${v >= 100 ? Math.round(v) : v.toPrecision(3)}` : '?';
}
