import type { Pads2d } from '@pistil/backend';
import { ShapeError } from '@pistil/backend';

/** A size given once for both spatial dims, or as [h, w]. */
export type IntPair = number | readonly [number, number];

/** conv2d padding in PyTorch's forms: symmetric number or [h, w], 'same' (stride 1 only) or 'valid' (= 0). */
export type Conv2dPadding = IntPair | 'same' | 'valid';

/** conv1d padding: a number, 'same' or 'valid'. */
export type Conv1dPadding = number | 'same' | 'valid';

export interface Conv2dOptions {
  stride?: IntPair;
  padding?: Conv2dPadding;
  dilation?: IntPair;
  groups?: number;
}

/** A 1-D size: a number or a 1-element array (PyTorch accepts both). */
export type Int1 = number | readonly [number];

export interface Conv1dOptions {
  stride?: Int1;
  padding?: Conv1dPadding | readonly [number];
  dilation?: Int1;
  groups?: number;
}

export interface ConvTranspose2dOptions {
  stride?: IntPair;
  /** Padding of the matching conv2d: removes this many rows/columns from each side of the output. */
  padding?: IntPair;
  /** Extra rows/columns added on the bottom/right of the output (must be smaller than stride). */
  outputPadding?: IntPair;
  dilation?: IntPair;
  groups?: number;
}

export interface ConvTranspose1dOptions {
  stride?: Int1;
  padding?: Int1;
  outputPadding?: Int1;
  dilation?: Int1;
  groups?: number;
}

/** Resolves a 1-D size given as a number or a 1-element array. */
export function single(op: string, name: string, v: Int1): number {
  if (Array.isArray(v)) {
    if (v.length !== 1) throw new ShapeError(`${op}: ${name} must be a number or a 1-element array, got ${JSON.stringify(v)}`);
    return v[0] as number;
  }
  return v as number;
}

/** Resolves an `IntPair` argument, checking it holds integers ≥ `min`. */
export function pairOf(op: string, name: string, value: IntPair, min: number): [number, number] {
  const pair: readonly number[] = typeof value === 'number' ? [value, value] : value;
  if (!Array.isArray(pair) || pair.length !== 2 || !pair.every((v) => Number.isInteger(v) && v >= min))
    throw new ShapeError(`${op}: ${name} must be ${min > 0 ? 'a positive' : 'a non-negative'} integer or a pair of them, got ${JSON.stringify(value)}`);
  return [pair[0]!, pair[1]!];
}

/** Checks `groups` is a positive integer. */
export function groupsOf(op: string, groups: number): number {
  if (!(Number.isInteger(groups) && groups >= 1)) throw new ShapeError(`${op}: groups must be a positive integer, got ${groups}`);
  return groups;
}

/**
 * Explicit [top, left, bottom, right] pads of a convolution. 'same' pads dilation·(k − 1) in
 * total, the odd one on the bottom/right as PyTorch does, and needs stride 1 (as PyTorch).
 */
export function convPads(op: string, padding: Conv2dPadding, kernel: readonly [number, number], dilation: readonly [number, number], stride: readonly [number, number]): Pads2d {
  if (padding === 'valid') return [0, 0, 0, 0];
  if (padding === 'same') {
    if (stride[0] !== 1 || stride[1] !== 1) throw new ShapeError(`${op}: padding 'same' needs stride 1 (as PyTorch), got stride [${stride.join(', ')}]`);
    const th = dilation[0] * (kernel[0] - 1);
    const tw = dilation[1] * (kernel[1] - 1);
    return [Math.floor(th / 2), Math.floor(tw / 2), th - Math.floor(th / 2), tw - Math.floor(tw / 2)];
  }
  if (typeof padding === 'string') throw new ShapeError(`${op}: padding must be a number, a pair, 'same' or 'valid', got '${String(padding)}'`);
  const [ph, pw] = pairOf(op, 'padding', padding, 0);
  return [ph, pw, ph, pw];
}
