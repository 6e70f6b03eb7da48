/** Python's `slice.indices`: resolves (start, end, step) against a dim of length `n`. */
import { ShapeError } from '@pistil/backend';

export interface SliceRange {
  begin: number;
  size: number;
  step: number;
}

export function sliceRange(op: string, n: number, start: number | null | undefined, end: number | null | undefined, step: number): SliceRange {
  if (!Number.isInteger(step) || step === 0) throw new ShapeError(`${op}: step must be a non-zero integer, got ${step}`);
  for (const [name, v] of [['start', start], ['end', end]] as const)
    if (v !== null && v !== undefined && !Number.isInteger(v)) throw new ShapeError(`${op}: ${name} must be an integer, got ${v}`);
  const lower = step < 0 ? -1 : 0;
  const upper = step < 0 ? n - 1 : n;
  const clampIdx = (v: number | null | undefined, dflt: number): number => {
    if (v === null || v === undefined) return dflt;
    if (v < 0) return Math.max(v + n, lower);
    return Math.min(v, upper);
  };
  const b = clampIdx(start, step < 0 ? upper : lower);
  const e = clampIdx(end, step < 0 ? lower : upper);
  const size = step < 0 ? (e < b ? Math.floor((b - e - 1) / -step) + 1 : 0) : b < e ? Math.floor((e - b - 1) / step) + 1 : 0;
  return { begin: size === 0 ? 0 : b, size, step };
}
