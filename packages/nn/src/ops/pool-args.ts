import type { Pads2d, Pair } from '@pistil/backend';
import { ShapeError, fmtShape } from '@pistil/backend';
import type { Tensor } from '../tensor.js';
import { pairOf } from './conv-args.js';
import type { IntPair } from './conv-args.js';
import { padSpatial } from './spatial-pad.js';

export interface MaxPool2dOptions {
  /** Defaults to the kernel size (PyTorch's `stride=None`). */
  stride?: IntPair | null;
  padding?: IntPair;
  dilation?: IntPair;
  /** Use ceil instead of floor for the output size (the last window must still start inside the input or left padding). */
  ceilMode?: boolean;
}

export interface AvgPool2dOptions {
  stride?: IntPair | null;
  padding?: IntPair;
  ceilMode?: boolean;
  /** Count zero padding in the divisor (default true, as PyTorch). */
  countIncludePad?: boolean;
  /** Divide every window sum by this instead. */
  divisorOverride?: number;
}

/** Geometry of one 2-D pooling call, resolved with PyTorch's output-size rule. */
export interface PoolPlan {
  kernel: Pair;
  stride: Pair;
  /** Symmetric padding [h, w]. */
  padding: Pair;
  dilation: Pair;
  out: Pair;
  /** Extra bottom/right padding that ceilMode adds so the kernel sees the last windows whole. */
  extra: Pair;
}

/** PyTorch's `pooling_output_shape` for one spatial dim. */
export function poolOutSize(size: number, k: number, s: number, p: number, d: number, ceilMode: boolean): number {
  let out = Math.floor((size + 2 * p - d * (k - 1) - 1 + (ceilMode ? s - 1 : 0)) / s) + 1;
  if (ceilMode && (out - 1) * s >= size + p) out--;
  return out;
}

/** Resolves and validates a pooling call over spatial dims `hw` (messages name `op` and `shape`). */
export function planPool2d(
  op: string, shape: readonly number[], hw: readonly [number, number],
  kernelSize: IntPair, stride: IntPair | null | undefined, padding: IntPair | undefined, dilation: IntPair | undefined, ceilMode: boolean,
): PoolPlan {
  const kernel = pairOf(op, 'kernelSize', kernelSize, 1);
  const st = pairOf(op, 'stride', stride ?? kernel, 1);
  const pad = pairOf(op, 'padding', padding ?? 0, 0);
  const dil = pairOf(op, 'dilation', dilation ?? 1, 1);
  if (hw[0] < 1 || hw[1] < 1) throw new ShapeError(`${op}: spatial dims of input ${fmtShape(shape)} must be non-empty`);
  if (pad[0] > Math.floor(kernel[0] / 2) || pad[1] > Math.floor(kernel[1] / 2))
    throw new ShapeError(`${op}: padding [${pad.join(', ')}] must be at most half the kernel size [${kernel.join(', ')}]`);
  const out: Pair = [poolOutSize(hw[0], kernel[0], st[0], pad[0], dil[0], ceilMode), poolOutSize(hw[1], kernel[1], st[1], pad[1], dil[1], ceilMode)];
  if (out[0] < 1 || out[1] < 1)
    throw new ShapeError(`${op}: input ${fmtShape(shape)} is too small for kernel [${kernel.join(', ')}] (dilation [${dil.join(', ')}], padding [${pad.join(', ')}]): output would be ${out[0]}×${out[1]}`);
  const extra = [0, 1].map((i) => Math.max(0, (out[i]! - 1) * st[i]! + dil[i]! * (kernel[i]! - 1) + 1 - (hw[i]! + 2 * pad[i]!))) as unknown as Pair;
  return { kernel, stride: st, padding: pad, dilation: dil, out, extra };
}

/**
 * The input and [top, left, bottom, right] pads to give a pool kernel for `plan`: the ceilMode
 * extra goes into the kernel's bottom/right pads when the kernel allows that much padding (at most
 * ⌊k/2⌋·dilation), otherwise `x` is padded explicitly with `fill` (−∞ for max, 0 for sums).
 * Returns whether an explicit pad was made (the caller owns it).
 */
export function poolInput(x: Tensor, plan: PoolPlan, fill: number): { input: Tensor; pads: Pads2d; padded: boolean } {
  const [ph, pw] = plan.padding;
  const [eh, ew] = plan.extra;
  const limit = (i: 0 | 1): number => Math.floor(plan.kernel[i] / 2) * plan.dilation[i];
  if (ph + eh <= limit(0) && pw + ew <= limit(1)) return { input: x, pads: [ph, pw, ph + eh, pw + ew], padded: false };
  return { input: padSpatial(x, eh, ew, fill), pads: [ph, pw, ph, pw], padded: true };
}

function divisors1d(size: number, plan: PoolPlan, i: 0 | 1, countIncludePad: boolean): number[] {
  const out: number[] = [];
  for (let o = 0; o < plan.out[i]; o++) {
    const start = o * plan.stride[i] - plan.padding[i];
    const end = Math.min(start + plan.kernel[i], size + plan.padding[i]);
    out.push(countIncludePad ? end - start : Math.min(end, size) - Math.max(start, 0));
  }
  return out;
}

/**
 * PyTorch's avg-pool divisor of every output cell, [OH·OW] row-major: windows count the
 * symmetric padding when `countIncludePad`, but never the part hanging past it (ceilMode).
 */
export function avgPoolDivisors(hw: readonly [number, number], plan: PoolPlan, countIncludePad: boolean): number[] {
  const dh = divisors1d(hw[0], plan, 0, countIncludePad);
  const dw = divisors1d(hw[1], plan, 1, countIncludePad);
  return dh.flatMap((a) => dw.map((b) => a * b));
}
