/**
 * Glue between the TypeScript kernels and the WebAssembly SIMD ones in wasm/elementwise.ts,
 * wasm/reduce.ts and wasm/pool.ts: op codes, the broadcast plans those kernels take, and one
 * `try…` per kernel that runs it in WebAssembly and returns true, or returns false (nothing
 * done) where it does not apply, for the caller's TypeScript path: no SIMD ('scalar' variant),
 * another dtype, a view off the heap, or a broadcast the WebAssembly loops do not cover.
 */
import { sizeOf } from '@pistil/backend';
import type { BinaryOp, CompareOp, Pool2dAttrs, UnaryOp } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import type { Strides3 } from '../wasm/simd.js';
import { broadcastStrides, collapse } from './strided.js';

// Op codes: must match the constants at the top of wasm/elementwise.ts.
export const SIMD_BINARY_OPS: Partial<Record<BinaryOp, number>> = { add: 0, sub: 1, mul: 2, div: 3, maximum: 4, minimum: 5 };
export const SIMD_COMPARE_OPS: Record<CompareOp, number> = { equal: 0, notEqual: 1, less: 2, lessEqual: 3, greater: 4, greaterEqual: 5 };
export const SIMD_UNARY_OPS: Partial<Record<UnaryOp, number>> = {
  relu: 0, neg: 1, abs: 2, sqrt: 3, square: 4, reciprocal: 5, floor: 6, ceil: 7, trunc: 8, round: 9,
};

/** Operands broadcast to an output, as at most three collapsed dims with per-operand strides. */
export interface Plan3 {
  dims: Strides3;
  strides: Strides3[];
}

function sameShape(s: readonly number[], t: readonly number[]): boolean {
  if (s.length !== t.length) return false;
  for (let i = 0; i < s.length; i++) if (s[i] !== t[i]) return false;
  return true;
}

/** `v` (length ≤ 3) left-padded with `fill` to three entries. */
function pad3(v: readonly number[], fill: number): Strides3 {
  const lead = 3 - v.length;
  return [lead > 0 ? fill : v[0 - lead]!, lead > 1 ? fill : v[1 - lead]!, lead > 2 ? fill : v[2 - lead]!] as Strides3;
}

/**
 * The plan for operands of `shapes` broadcast to a non-empty `outShape` (contiguous): undefined
 * when more than three dims remain after collapsing, or when an operand's innermost stride is
 * neither 0 nor 1. Same-shape and single-element operands need no collapsing: one row.
 */
export function plan3(outShape: readonly number[], shapes: readonly (readonly number[])[]): Plan3 | undefined {
  const n = sizeOf(outShape);
  if (shapes.every((s) => sameShape(s, outShape) || sizeOf(s) === 1)) {
    return { dims: [1, 1, n], strides: shapes.map((s): Strides3 => [0, 0, sameShape(s, outShape) ? 1 : 0]) };
  }
  const c = collapse(outShape, shapes.map((s) => broadcastStrides(s, outShape)));
  const rank = c.shape.length;
  if (rank > 3) return undefined;
  const strides = c.strides.map((s) => pad3(s, 0));
  if (strides.some((s) => s[2] !== 0 && s[2] !== 1)) return undefined;
  return { dims: pad3(c.shape, 1), strides };
}

const isF32 = (x: ArrayBufferView): x is Float32Array => x instanceof Float32Array;

/** float32 out = a op b (broadcast); false where WebAssembly does not apply. */
export function trySimdBinary(
  backend: CpuBackend, op: BinaryOp,
  a: ArrayBufferView, aShape: readonly number[], b: ArrayBufferView, bShape: readonly number[],
  out: ArrayBufferView, outShape: readonly number[],
): boolean {
  const code = SIMD_BINARY_OPS[op];
  if (code === undefined || !isF32(a) || !isF32(b) || !isF32(out)) return false;
  const simd = backend.simdOn(a, b, out);
  if (!simd) return false;
  if (out.length === 0) return true;
  const plan = plan3(outShape, [aShape, bShape]);
  if (!plan) return false;
  simd.binary(code, a.byteOffset, plan.strides[0]!, b.byteOffset, plan.strides[1]!, out.byteOffset, plan.dims);
  return true;
}

/** bool out = a op b (broadcast) of float32 a and b; false where WebAssembly does not apply. */
export function trySimdCompare(
  backend: CpuBackend, op: CompareOp,
  a: ArrayBufferView, aShape: readonly number[], b: ArrayBufferView, bShape: readonly number[],
  out: ArrayBufferView, outShape: readonly number[],
): boolean {
  if (!isF32(a) || !isF32(b) || !(out instanceof Uint8Array)) return false;
  const simd = backend.simdOn(a, b, out);
  if (!simd) return false;
  if (out.length === 0) return true;
  const plan = plan3(outShape, [aShape, bShape]);
  if (!plan) return false;
  simd.compare(SIMD_COMPARE_OPS[op], a.byteOffset, plan.strides[0]!, b.byteOffset, plan.strides[1]!, out.byteOffset, plan.dims);
  return true;
}

/** out = cond ? a : b (broadcast) for bool cond and float32 a, b; false where WebAssembly does not apply. */
export function trySimdWhere(
  backend: CpuBackend,
  cond: ArrayBufferView, cShape: readonly number[], a: ArrayBufferView, aShape: readonly number[],
  b: ArrayBufferView, bShape: readonly number[], out: ArrayBufferView, outShape: readonly number[],
): boolean {
  if (!(cond instanceof Uint8Array) || !isF32(a) || !isF32(b) || !isF32(out)) return false;
  const simd = backend.simdOn(cond, a, b, out);
  if (!simd) return false;
  if (out.length === 0) return true;
  const plan = plan3(outShape, [cShape, aShape, bShape]);
  if (!plan) return false;
  const [cs, as, bs] = plan.strides as [Strides3, Strides3, Strides3];
  simd.where(cond.byteOffset, cs, a.byteOffset, as, b.byteOffset, bs, out.byteOffset, plan.dims);
  return true;
}

/** float32 y = op(x), contiguous; false where WebAssembly does not apply. */
export function trySimdUnary(backend: CpuBackend, op: UnaryOp, x: ArrayBufferView, y: ArrayBufferView): boolean {
  const code = SIMD_UNARY_OPS[op];
  if (code === undefined || !isF32(x) || !isF32(y)) return false;
  const simd = backend.simdOn(x, y);
  if (!simd) return false;
  if (x.length > 0) simd.unary(code, x.byteOffset, y.byteOffset, x.length);
  return true;
}

/**
 * Max-pool forward (out = maxima) or backward (out = dx, dy given) of float32 NCHW x in
 * WebAssembly; false where it does not apply. The backward of a 2×2, stride-2, unpadded,
 * undilated pool whose windows fit takes the f32x4 path; every other window the scalar one.
 */
export function trySimdMaxPool(
  backend: CpuBackend, x: ArrayBufferView, xShape: readonly number[], outShape: readonly number[], attrs: Pool2dAttrs,
  out: ArrayBufferView, dy?: ArrayBufferView,
): boolean {
  if (!isF32(x) || !isF32(out) || (dy !== undefined && !isF32(dy))) return false;
  const simd = dy ? backend.simdOn(x, out, dy) : backend.simdOn(x, out);
  if (!simd) return false;
  const [n, c, h, w] = xShape as [number, number, number, number];
  const [, , oh, ow] = outShape as [number, number, number, number];
  const [kh, kw] = attrs.kernel, [sh, sw] = attrs.stride, [dh, dw] = attrs.dilation, [pt, pl] = attrs.pads;
  const planes = n * c;
  if (x.length === 0) return true;
  if (dy && kh === 2 && kw === 2 && sh === 2 && sw === 2 && dh === 1 && dw === 1 && pt === 0 && pl === 0 && 2 * oh <= h && 2 * ow <= w) {
    simd.maxPool2x2Backward(x.byteOffset, dy.byteOffset, planes, h, w, oh, ow, out.byteOffset);
    return true;
  }
  const g = { planes, h, w, oh, ow, kh, kw, sh, sw, pt, pl, dh, dw };
  if (dy) simd.maxPoolWindows(x.byteOffset, g, dy.byteOffset, out.byteOffset, true);
  else simd.maxPoolWindows(x.byteOffset, g, out.byteOffset, 0, false);
  return true;
}
