/**
 * Ops whose output is built from shapes and host scalars rather than moved data: Range, EyeLike,
 * NonZero (host only: its output shape depends on the data), OneHot.
 */
import { arange, eq, full, permute, unsqueeze, where } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { deviceDType, elemOfDType, elemTypeName, elemTypeOf } from '../../../elem-types.js';
import type { ElemType } from '../../../elem-types.js';
import { HostTensor, MAX_ELEMENTS, allocFor } from '../../../host-tensor.js';
import type { OpContext, OpDef } from '../../op-types.js';
import { axisIn, int64Host, scalarOf, shapeOf } from './common.js';
import { wrapIndices } from './gather.js';
import { stridesOf } from './host-kernels.js';

/** Range(start, limit, delta): max(ceil((limit - start) / delta), 0) values start + i·delta, in the inputs' type. */
function range(ctx: OpContext): HostTensor {
  const [start, limit, delta] = (['start', 'limit', 'delta'] as const).map((name, i) => scalarOf(ctx, i, `input '${name}'`)) as [number, number, number];
  if (delta === 0 || !Number.isFinite(delta)) ctx.fail(`input 'delta' is ${delta}`);
  const n = Math.max(Math.ceil((limit - start) / delta), 0);
  if (!(n <= MAX_ELEMENTS)) ctx.fail(`Range(${start}, ${limit}, ${delta}) would hold ${n} values`);
  return HostTensor.of(ctx.host(0).type, [n], Array.from({ length: n }, (_, i) => start + i * delta));
}

/** The ONNX element type of input i without reading its data. */
function elemTypeOfInput(ctx: OpContext, i: number): ElemType {
  const v = ctx.value(i)!;
  return v instanceof HostTensor ? v.type : elemOfDType(v.dtype);
}

/** EyeLike: ones on diagonal k of a 2-D input's shape, in `dtype` (default: the input's type). */
function eyeLike(ctx: OpContext): HostTensor {
  const shape = shapeOf(ctx, 0);
  if (shape.length !== 2) ctx.fail(`input must be 2-D, got shape [${shape.join(', ')}]`);
  let type = elemTypeOfInput(ctx, 0);
  if (ctx.attrs.has('dtype')) {
    const code = ctx.attrs.int('dtype');
    type = elemTypeOf(code) ?? ctx.unsupported(`attribute 'dtype' = ${elemTypeName(code)}`);
  }
  const [rows, cols] = shape as [number, number];
  const k = ctx.attrs.int('k', 0);
  const data = allocFor(type, rows * cols);
  for (let i = 0; i < rows; i++) if (i + k >= 0 && i + k < cols) data[i * cols + i + k] = 1;
  return new HostTensor(type, [rows, cols], data);
}

/** NonZero: int64 [rank, count] coordinates of the non-zero elements, in row-major order (a 0-d input counts as 1-D). */
function nonZero(ctx: OpContext): HostTensor {
  const x = ctx.host(0);
  const shape = x.shape.length === 0 ? [1] : x.shape;
  const strides = stridesOf(shape);
  const hits: number[] = [];
  x.data.forEach((v, i) => v !== 0 && hits.push(i));
  const coords = shape.flatMap((n, d) => hits.map((i) => Math.floor(i / strides[d]!) % n));
  return int64Host([shape.length, hits.length], coords);
}

/**
 * OneHot(indices, depth, [off, on]): the new axis of size depth goes at `axis` (default -1);
 * negative indices wrap (opset 11). As onnxruntime and the reference, an index is hot where it
 * equals the position exactly, so a fractional float index matches nothing.
 */
function oneHotOp(ctx: OpContext): Tensor {
  const idx = ctx.tensor(0);
  const depth = Math.floor(scalarOf(ctx, 1, `input 'depth'`));
  if (!(depth >= 1)) ctx.fail(`input 'depth' = ${depth} must be positive`);
  const values = ctx.host(2);
  if (values.size !== 2) ctx.fail(`input 'values' must hold [off_value, on_value], got shape [${values.shape.join(', ')}]`);
  const rank = idx.rank + 1;
  const axis = axisIn(ctx, ctx.attrs.int('axis', -1), rank);
  const positions = arange(0, depth, 1, { dtype: idx.dtype, device: idx.device });
  let hot = eq(unsqueeze(wrapIndices(idx, depth), -1), positions);
  if (axis !== rank - 1) hot = permute(hot, [...Array(rank).keys()].map((d) => (d < axis ? d : d === axis ? rank - 1 : d - 1)));
  const dtype = deviceDType(values.type);
  const [off, on] = [values.data[0]!, values.data[1]!].map((v) => full([], v, { dtype, device: idx.device }));
  return where(hot, on!, off!);
}

export const GENERATOR_OPS: readonly OpDef[] = [
  { opType: 'Range', since: 11, hostInputs: [0, 1, 2], run: range, runHost: range },
  { opType: 'EyeLike', since: 9, hostInputs: [0], run: eyeLike, runHost: eyeLike },
  {
    opType: 'NonZero',
    since: 9,
    // An initializer input stays on the host, where the data-dependent shape can be computed.
    hostInputs: [0],
    notes: 'host constants only (shape arithmetic): the output shape depends on the data',
    run: (ctx) =>
      ctx.value(0) instanceof HostTensor ? nonZero(ctx) : ctx.unsupported('NonZero of a computed tensor: its output shape depends on the data, so only constant inputs are folded'),
    runHost: nonZero,
  },
  { opType: 'OneHot', since: 9, hostInputs: [1, 2], run: oneHotOp },
];
