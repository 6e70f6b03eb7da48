/** Reductions, matrix products, convolutions and pooling kernels → ONNX. */
import type { Pads2d, Pool2dAttrs } from '@pistil/backend';
import type { DType } from '@pistil/nn';
import { elemCode } from '../elem-types.js';
import { attr } from './graph-builder.js';
import type { AttrValue } from './graph-builder.js';
import type { IrSink } from './ir-sink.js';
import type { KernelCall } from './kernel-call.js';

const INT32 = elemCode('int32');
const BOOL = elemCode('bool');

/** ReduceX keeping dims, with the axes as an input where the opset wants one (ReduceSum from 13, the rest from 18). */
function reduceNode(sink: IrSink, opType: string, x: string, axes: readonly number[]): string {
  const axesAsInput = opType === 'ReduceSum' ? sink.opset >= 13 : sink.opset >= 18;
  if (axesAsInput) return sink.node(opType, [x, sink.int64s(axes)], { keepdims: attr.int(1) });
  return sink.node(opType, [x], { axes: attr.ints(axes), keepdims: attr.int(1) });
}

export function exportReduce(call: KernelCall & { name: 'reduce' }, sink: IrSink): string {
  const { op, axes } = call.attrs;
  const dtype = call.tensor('x').dtype;
  let x = call.input('x');
  const small = dtype === 'bool' || dtype === 'uint8';
  if (op === 'any' || op === 'all') {
    // ReduceMax/Min take bool only from opset 20: reduce 0/1 as int32.
    const asInt = sink.node('Cast', [x], { to: attr.int(INT32) });
    const reduced = axes.length === 0 ? asInt : reduceNode(sink, op === 'any' ? 'ReduceMax' : 'ReduceMin', asInt, axes);
    return sink.node('Cast', [reduced], { to: attr.int(BOOL) });
  }
  // sum/prod of bool or uint8 count in int32, as the kernel does.
  if ((op === 'sum' || op === 'prod') && small) x = sink.node('Cast', [x], { to: attr.int(INT32) });
  if (axes.length === 0) return sink.node('Identity', [x]);
  const opType = { sum: 'ReduceSum', prod: 'ReduceProd', max: 'ReduceMax', min: 'ReduceMin', mean: 'ReduceMean' }[op];
  return reduceNode(sink, opType, x, axes);
}

export function exportArgReduce(call: KernelCall & { name: 'argReduce' }, sink: IrSink): string {
  const { op, axis } = call.attrs;
  const index = sink.node(op === 'argmax' ? 'ArgMax' : 'ArgMin', [call.input('x')], { axis: attr.int(axis), keepdims: attr.int(1) });
  return sink.node('Cast', [index], { to: attr.int(INT32) }); // ONNX gives int64
}

/** Swaps the last two axes of a value of rank `rank`. */
function transposeLast2(sink: IrSink, x: string, rank: number): string {
  const perm = [...Array(rank).keys()];
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1]!, perm[rank - 2]!];
  return sink.node('Transpose', [x], { perm: attr.ints(perm) });
}

export function exportMatmul(call: KernelCall & { name: 'matmul' }, sink: IrSink): string {
  const { transposeA, transposeB } = call.attrs;
  let [a, b] = [call.input('a'), call.input('b')];
  const [ra, rb] = [call.tensor('a').rank, call.tensor('b').rank];
  if (ra === 2 && rb === 2) return sink.node('Gemm', [a, b], { transA: attr.int(transposeA ? 1 : 0), transB: attr.int(transposeB ? 1 : 0) });
  if (transposeA) a = transposeLast2(sink, a, ra);
  if (transposeB) b = transposeLast2(sink, b, rb);
  return sink.node('MatMul', [a, b]);
}

/** Attributes of Conv/ConvTranspose from resolved 2-D attrs and the weight's kernel size. */
export function convAttrs(kernel: readonly number[], stride: readonly number[], pads: readonly number[], dilation: readonly number[], groups: number): Record<string, AttrValue> {
  return {
    kernel_shape: attr.ints(kernel), strides: attr.ints(stride), pads: attr.ints(pads), dilations: attr.ints(dilation), group: attr.int(groups),
  };
}

export function exportConv2d(call: KernelCall & { name: 'conv2d' }, sink: IrSink): string {
  const { stride, pads, dilation, groups } = call.attrs;
  const w = call.tensor('w');
  return sink.node('Conv', [call.input('x'), call.input('w')], convAttrs(w.shape.slice(2), stride, pads, dilation, groups));
}

export function exportConv2dTranspose(call: KernelCall & { name: 'conv2dTranspose' }, sink: IrSink): string {
  const { stride, pads, dilation, groups, outputPadding } = call.attrs;
  const w = call.tensor('w');
  const attrs = { ...convAttrs(w.shape.slice(2), stride, pads, dilation, groups), output_padding: attr.ints(outputPadding) };
  return sink.node('ConvTranspose', [call.input('x'), call.input('w')], attrs);
}

/** Pads ONNX pooling accepts (each smaller than the kernel, as onnxruntime requires); else undefined. */
function kernelPads(a: Pool2dAttrs): Pads2d | undefined {
  const [kh, kw] = a.kernel;
  return a.pads.every((p, i) => p < (i % 2 === 0 ? kh : kw)) ? a.pads : undefined;
}

/** Pads x [N, C, H, W] by [top, left, bottom, right] with `value` as a Pad node. */
function padSpatial(sink: IrSink, x: string, pads: Pads2d, value: number, dtype: DType): string {
  const [t, l, b, r] = pads;
  return sink.node('Pad', [x, sink.int64s([0, 0, t, l, 0, 0, b, r]), sink.scalar(value, dtype)], { mode: attr.string('constant') });
}

function poolAttrs(a: Pool2dAttrs, pads: Pads2d): Record<string, AttrValue> {
  return { kernel_shape: attr.ints(a.kernel), strides: attr.ints(a.stride), pads: attr.ints(pads) };
}

export function exportMaxPool2d(call: KernelCall & { name: 'maxPool2d' }, sink: IrSink): string {
  const a = call.attrs;
  let x = call.input('x');
  let pads = kernelPads(a);
  if (!pads) {
    x = padSpatial(sink, x, a.pads, -Infinity, call.tensor('x').dtype);
    pads = [0, 0, 0, 0];
  }
  return sink.node('MaxPool', [x], { ...poolAttrs(a, pads), dilations: attr.ints(a.dilation) });
}

export function exportAvgPool2d(call: KernelCall & { name: 'avgPool2d' }, sink: IrSink): string {
  const a = call.attrs;
  if (a.dilation[0] !== 1 || a.dilation[1] !== 1) sink.fail('AveragePool takes dilations only from opset 19');
  let x = call.input('x');
  let pads = kernelPads(a);
  if (!pads) {
    // Padding first is the same average only when padded positions count in the divisor.
    if (!a.countIncludePad) sink.fail(`pads [${a.pads.join(', ')}] as large as the kernel [${a.kernel.join(', ')}] with countIncludePad false have no ONNX AveragePool equivalent`);
    x = padSpatial(sink, x, a.pads, 0, call.tensor('x').dtype);
    pads = [0, 0, 0, 0];
  }
  return sink.node('AveragePool', [x], { ...poolAttrs(a, pads), count_include_pad: attr.int(a.countIncludePad ? 1 : 0) });
}
