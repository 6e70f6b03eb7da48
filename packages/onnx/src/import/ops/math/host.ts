/**
 * Elementwise arithmetic on host tensors with NumPy broadcasting, for the shape arithmetic that
 * exporters emit (Shape → Gather → Mul → Concat → Reshape) and the importer folds on the host.
 * Results are stored as their ONNX type stores them: integers wrap to their width, half floats round.
 */
import { fmtShape } from '@pistil/backend';
import type { ElemType } from '../../../elem-types.js';
import { isFloatElem } from '../../../elem-types.js';
import { HostTensor, allocFor, sizeOfShape } from '../../../host-tensor.js';
import type { OpContext } from '../../op-types.js';
import { HALF, BFLOAT16, roundToFormat } from './float-formats.js';

/** The NumPy broadcast of `shapes`; a mismatch fails naming the node. */
export function broadcastShapes(ctx: OpContext, shapes: readonly (readonly number[])[]): number[] {
  const rank = Math.max(0, ...shapes.map((s) => s.length));
  const out: number[] = [];
  for (let d = 0; d < rank; d++) {
    let dim = 1;
    for (const s of shapes) {
      const v = s[s.length - rank + d] ?? 1;
      if (v === 1 || v === dim) continue;
      if (dim !== 1) ctx.fail(`input shapes ${shapes.map((x) => fmtShape(x)).join(', ')} do not broadcast`);
      dim = v;
    }
    out.push(dim);
  }
  return out;
}

const INT_WIDTH: Partial<Record<ElemType, { bits: number; signed: boolean }>> = {
  int8: { bits: 8, signed: true }, uint8: { bits: 8, signed: false },
  int16: { bits: 16, signed: true }, uint16: { bits: 16, signed: false },
  int32: { bits: 32, signed: true }, uint32: { bits: 32, signed: false },
};

/** Wraps an integer to `bits` bits, as C narrowing conversions do. */
export function wrapInt(v: number, bits: number, signed: boolean): number {
  const m = 2 ** bits;
  let r = ((v % m) + m) % m;
  if (signed && r >= m / 2) r -= m;
  return r;
}

/**
 * The value `type` stores for the number v: floats round to their precision, bool is v ≠ 0,
 * integers truncate toward zero and wrap to their width as C conversions do; NaN and ±Infinity
 * become the type's minimum as onnxruntime's x86 conversions make them (INT32_MIN, wrapped for
 * 8- and 16-bit types; INT64_MIN for 64-bit ones).
 */
export function storeAs(type: ElemType, v: number): number {
  if (type === 'bool') return v !== 0 ? 1 : 0;
  if (type === 'float16') return roundToFormat(v, HALF);
  if (type === 'bfloat16') return roundToFormat(v, BFLOAT16);
  if (isFloatElem(type)) return v; // float32 rounds when stored in its Float32Array
  const width = INT_WIDTH[type];
  if (!width) return Number.isFinite(v) ? Math.trunc(v) + 0 : -(2 ** 63); // int64, uint64 (+ 0 turns −0 into 0)
  return wrapInt(Number.isFinite(v) ? Math.trunc(v) : -(2 ** 31), width.bits, width.signed);
}

/** Whether `type` is an integer type of at most 32 bits (a float converts to it through int32). */
export function isNarrowInt(type: ElemType): boolean {
  return INT_WIDTH[type] !== undefined;
}

/** Applies `fn` elementwise over the broadcast of `inputs`, storing results as `type`. */
export function hostMap(ctx: OpContext, inputs: readonly HostTensor[], type: ElemType, fn: (...values: number[]) => number): HostTensor {
  const shape = broadcastShapes(ctx, inputs.map((h) => h.shape));
  const n = sizeOfShape(shape);
  if (n < 0) ctx.fail(`broadcast shape ${fmtShape(shape)} is too large`);
  const rank = shape.length;
  // Per input, the step of its flat offset along each output dim (0 where it broadcasts).
  const strides = inputs.map((h) => {
    const st = new Array<number>(rank).fill(0);
    let step = 1;
    for (let d = h.shape.length - 1; d >= 0; d--) {
      if (h.shape[d] !== 1) st[rank - h.shape.length + d] = step;
      step *= h.shape[d]!;
    }
    return st;
  });
  const out = allocFor(type, n);
  const index = new Array<number>(rank).fill(0);
  const offsets = new Array<number>(inputs.length).fill(0);
  const values = new Array<number>(inputs.length);
  for (let i = 0; i < n; i++) {
    for (let k = 0; k < inputs.length; k++) values[k] = inputs[k]!.data[offsets[k]!]!;
    out[i] = storeAs(type, fn(...values));
    for (let d = rank - 1; d >= 0; d--) {
      index[d]!++;
      for (let k = 0; k < inputs.length; k++) offsets[k]! += strides[k]![d]!;
      if (index[d]! < shape[d]!) break;
      for (let k = 0; k < inputs.length; k++) offsets[k]! -= strides[k]![d]! * shape[d]!;
      index[d] = 0;
    }
  }
  return new HostTensor(type, shape, out);
}

/** The type a binary op on host tensors computes in: ONNX wants equal types; a float operand wins if they differ. */
export function commonType(inputs: readonly HostTensor[]): ElemType {
  return inputs.find((h) => isFloatElem(h.type))?.type ?? inputs[0]!.type;
}
