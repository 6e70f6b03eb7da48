/**
 * The window attributes of Conv, ConvTranspose and the pools (kernel_shape, strides, dilations,
 * pads, auto_pad), validated, and the per-dim geometry they give.
 */
import type { OpContext } from '../../op-types.js';

export interface Window {
  readonly kernel: readonly number[];
  readonly strides: readonly number[];
  readonly dilations: readonly number[];
}

/** Explicit pads per spatial dim: `begin[i]` before and `end[i]` after dim i (negative crops). */
export interface Pads {
  readonly begin: readonly number[];
  readonly end: readonly number[];
}

export type AutoPad = 'NOTSET' | 'SAME_UPPER' | 'SAME_LOWER' | 'VALID';

const AUTO_PADS: readonly string[] = ['NOTSET', 'SAME_UPPER', 'SAME_LOWER', 'VALID'];

/** An INTS attribute of `n` integers ≥ `min` (default: `n` copies of `fallback`). */
export function intsOfLength(ctx: OpContext, name: string, n: number, fallback: number, min: number): number[] {
  const v = ctx.attrs.ints(name, new Array<number>(n).fill(fallback));
  if (v.length !== n) ctx.fail(`attribute '${name}' = [${v.join(', ')}] must hold ${n} values (one per spatial dim)`);
  if (!v.every((x) => Number.isInteger(x) && x >= min)) ctx.fail(`attribute '${name}' = [${v.join(', ')}] must hold integers ≥ ${min}`);
  return v;
}

/**
 * kernel_shape, strides and dilations for `spatial` dims. `weightKernel` (Conv) is the default
 * kernel and must agree with a kernel_shape attribute; pools require kernel_shape.
 */
export function readWindow(ctx: OpContext, spatial: number, weightKernel?: readonly number[]): Window {
  let kernel: number[];
  if (ctx.attrs.has('kernel_shape') || !weightKernel) {
    kernel = ctx.attrs.ints('kernel_shape');
    if (kernel.length !== spatial || !kernel.every((k) => Number.isInteger(k) && k >= 1))
      ctx.fail(`attribute 'kernel_shape' = [${kernel.join(', ')}] must hold ${spatial} positive integers (one per spatial dim)`);
    if (weightKernel && kernel.some((k, i) => k !== weightKernel[i]))
      ctx.fail(`attribute 'kernel_shape' = [${kernel.join(', ')}] does not match the weight's kernel [${weightKernel.join(', ')}]`);
  } else {
    kernel = [...weightKernel];
  }
  const strides = intsOfLength(ctx, 'strides', spatial, 1, 1);
  const dilations = intsOfLength(ctx, 'dilations', spatial, 1, 1);
  return { kernel, strides, dilations };
}

export function autoPadOf(ctx: OpContext): AutoPad {
  const v = ctx.attrs.string('auto_pad', 'NOTSET');
  if (!AUTO_PADS.includes(v)) ctx.fail(`attribute 'auto_pad' = '${v}' is not one of ${AUTO_PADS.join(', ')}`);
  return v as AutoPad;
}

/** Extent of a dilated kernel. */
export function span(w: Window, i: number): number {
  return (w.kernel[i]! - 1) * w.dilations[i]! + 1;
}

/**
 * Pads of a Conv or pool over `inSizes`: the `pads` attribute, or auto_pad's: SAME keeps
 * output = ⌈in / stride⌉, the odd pixel at the end (SAME_UPPER) or start (SAME_LOWER).
 */
export function windowPads(ctx: OpContext, inSizes: readonly number[], w: Window): Pads {
  const n = inSizes.length;
  const auto = autoPadOf(ctx);
  if (auto === 'VALID') return { begin: new Array<number>(n).fill(0), end: new Array<number>(n).fill(0) };
  if (auto === 'NOTSET') {
    const pads = intsOfLength2(ctx, 'pads', 2 * n);
    return { begin: pads.slice(0, n), end: pads.slice(n) };
  }
  const begin: number[] = [];
  const end: number[] = [];
  inSizes.forEach((size, i) => {
    const out = Math.ceil(size / w.strides[i]!);
    const total = (out - 1) * w.strides[i]! + span(w, i) - size;
    // C++ integer division, as onnxruntime: a negative total (stride > kernel) crops.
    const head = auto === 'SAME_LOWER' ? Math.trunc((total + 1) / 2) : Math.trunc(total / 2);
    begin.push(head);
    end.push(total - head);
  });
  return { begin, end };
}

/** The `pads` attribute: 2·n non-negative integers, default zeros. */
function intsOfLength2(ctx: OpContext, name: string, n: number): number[] {
  const v = ctx.attrs.ints(name, new Array<number>(n).fill(0));
  if (v.length !== n) ctx.fail(`attribute '${name}' = [${v.join(', ')}] must hold ${n} values ([begin..., end...] per spatial dim)`);
  if (!v.every((x) => Number.isInteger(x) && x >= 0)) ctx.fail(`attribute '${name}' = [${v.join(', ')}] must hold non-negative integers`);
  return v;
}

/**
 * Output size of a window op along one dim. In ceil mode a last window must start inside the
 * input or its begin padding (onnxruntime and PyTorch drop one starting in the end padding).
 */
export function windowOutSize(size: number, begin: number, end: number, w: Window, i: number, ceilMode: boolean): number {
  const room = size + begin + end - span(w, i);
  const s = w.strides[i]!;
  if (!ceilMode) return Math.floor(room / s) + 1;
  let out = Math.ceil(room / s) + 1;
  if ((out - 1) * s >= size + begin) out--;
  return out;
}

/** Output sizes of a window op, failing when a dim would be empty. */
export function windowOutSizes(ctx: OpContext, inSizes: readonly number[], pads: Pads, w: Window, ceilMode: boolean): number[] {
  const out = inSizes.map((size, i) => windowOutSize(size, pads.begin[i]!, pads.end[i]!, w, i, ceilMode));
  if (out.some((o) => o < 1))
    ctx.fail(`input spatial dims [${inSizes.join(', ')}] are too small for kernel [${w.kernel.join(', ')}] (dilations [${w.dilations.join(', ')}], pads [${[...pads.begin, ...pads.end].join(', ')}]): output would be [${out.join(', ')}]`);
  return out;
}

/** nn `pad` order ([before, after] pairs from the last dim) for spatial pads of an [N, C, ...] tensor. */
export function torchPadOrder(begin: readonly number[], end: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = begin.length - 1; i >= 0; i--) out.push(begin[i]!, end[i]!);
  return out;
}
