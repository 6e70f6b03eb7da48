/**
 * Cast and CastLike. Values land in the target type's device dtype (deviceDType) with the target's
 * own rules, as onnxruntime computes them on x86: float → integer truncates toward zero, with NaN,
 * ±Infinity and out-of-range values becoming INT32_MIN, then wrapping to 8/16-bit types; float16 and
 * bfloat16 round to their precision (while living in float32).
 */
import { abs, add, cast, lt, logicalNot, remainder, sub, where } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { deviceDType, elemOfDType, elemTypeName, elemTypeOf, isFloatElem } from '../../../elem-types.js';
import type { ElemType } from '../../../elem-types.js';
import { HostTensor } from '../../../host-tensor.js';
import type { OpContext, OpDef } from '../../op-types.js';
import { BFLOAT16, HALF, roundTensorToFormat } from './float-formats.js';
import { hostMap, isNarrowInt } from './host.js';

// TensorProto.DataType by name, for Cast before opset 6 (`to` was a string).
const TYPE_CODES: Record<string, number> = {
  FLOAT: 1, UINT8: 2, INT8: 3, UINT16: 4, INT16: 5, INT32: 6, INT64: 7, STRING: 8, BOOL: 9,
  FLOAT16: 10, DOUBLE: 11, UINT32: 12, UINT64: 13, COMPLEX64: 14, COMPLEX128: 15, BFLOAT16: 16,
};
// Valid ONNX types the importer has no representation for: strings, complex, float8/4, int4.
const UNREPRESENTED = new Set([8, 14, 15, 17, 18, 19, 20, 21, 22, 23]);

function targetOf(ctx: OpContext): ElemType {
  let code: number;
  if (ctx.opset < 6) {
    const name = ctx.attrs.string('to');
    const found = TYPE_CODES[name.toUpperCase()];
    if (found === undefined) ctx.fail(`attribute 'to' = '${name}' is not an ONNX data type`);
    code = found;
  } else {
    code = ctx.attrs.int('to');
  }
  const type = elemTypeOf(code);
  if (type) return type;
  if (UNREPRESENTED.has(code)) ctx.unsupported(`attribute 'to' = ${code} (${elemTypeName(code)}) is a type the importer does not support`);
  return ctx.fail(`attribute 'to' = ${code} is not an ONNX data type`);
}

const WIDTHS: Partial<Record<ElemType, { bits: number; signed: boolean }>> = {
  int8: { bits: 8, signed: true }, int16: { bits: 16, signed: true }, uint16: { bits: 16, signed: false }, uint8: { bits: 8, signed: false },
};

/** Wraps int32 values to a narrower integer type (two's complement, as C's conversions). */
function wrapNarrow(t: Tensor, type: ElemType): Tensor {
  const w = WIDTHS[type];
  if (!w) return t;
  const m = 2 ** w.bits;
  return w.signed ? sub(remainder(add(t, m / 2), m), m / 2) : remainder(t, m);
}

const isFloatTensor = (t: Tensor): boolean => t.dtype === 'float32' || t.dtype === 'float64';

/** Casts a device tensor to the ONNX type `to`. */
export function castTo(x: Tensor, to: ElemType): Tensor {
  if (to === 'float16') return roundTensorToFormat(x, HALF);
  if (to === 'bfloat16') return roundTensorToFormat(x, BFLOAT16);
  const dtype = deviceDType(to);
  if (dtype !== 'int32' && dtype !== 'uint8') return cast(x, dtype);
  let ints = cast(x, 'int32');
  if (isFloatTensor(x)) {
    // x86 conversions give INT32_MIN for NaN, ±Infinity and anything out of int32's range. For
    // 64-bit targets that is INT64_MIN, for NaN and ±Infinity only; INT32_MIN stands in for it, and
    // larger finite values saturate at int32, which is what the device holds.
    const limit = isNarrowInt(to) ? 2 ** 31 : Infinity;
    ints = where(logicalNot(lt(abs(x), limit)), -(2 ** 31), ints);
  }
  const wrapped = wrapNarrow(ints, to);
  return dtype === 'uint8' ? cast(wrapped, 'uint8') : wrapped;
}

/** The same cast on the host. */
function castHost(ctx: OpContext, x: HostTensor, to: ElemType): HostTensor {
  const fromFloat = isFloatElem(x.type);
  const narrow = isNarrowInt(to);
  // From a float, a value outside int32's range converts to INT32_MIN before wrapping.
  const pre = fromFloat && narrow ? (v: number): number => (Math.abs(v) < 2 ** 31 ? v : NaN) : (v: number): number => v;
  return hostMap(ctx, [x], to, pre);
}

/** CastLike's target: the ONNX type of input 1 (a device value is known only by its dtype). */
function likeType(ctx: OpContext): ElemType {
  const v = ctx.value(1);
  if (v === undefined) ctx.fail('input 1 (target_type) is required');
  return v instanceof HostTensor ? v.type : elemOfDType(v.dtype);
}

export const CAST_OPS: readonly OpDef[] = [
  {
    opType: 'Cast',
    since: 1,
    notes: 'no STRING/complex/float8 targets; 64-bit integers live as int32 on the device; float16/bfloat16 round to their precision but live as float32',
    run: (ctx) => castTo(ctx.tensor(0), targetOf(ctx)),
    runHost: (ctx) => castHost(ctx, ctx.host(0), targetOf(ctx)),
  },
  {
    opType: 'CastLike',
    since: 15,
    notes: 'a target computed on the device is known by its device dtype only (a float16 graph input casts as float32)',
    run: (ctx) => castTo(ctx.tensor(0), likeType(ctx)),
    runHost: (ctx) => castHost(ctx, ctx.host(0), ctx.host(1).type),
  },
];
