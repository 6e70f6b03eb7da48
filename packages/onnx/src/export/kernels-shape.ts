/**
 * Layout kernels → ONNX: transpose, broadcastTo, pad, slice, concat, gather, scatterAdd, and the
 * Reshape that stands for a view. Shape constants carry a role so that dynamic batch can rewrite them.
 */
import type { DType } from '@pistil/nn';
import { elemOfDType } from '../elem-types.js';
import { HostTensor } from '../host-tensor.js';
import { attr } from './graph-builder.js';
import type { IrSink } from './ir-sink.js';
import type { KernelCall } from './kernel-call.js';

/** Reshape `x` of shape `from` to `to` (`to` written as-is: the export decides on 0 / -1 later). */
export function reshapeNode(sink: IrSink, x: string, from: readonly number[], to: readonly number[]): string {
  return sink.node('Reshape', [x, sink.int64s(to, { kind: 'reshape', input: from })]);
}

export function exportTranspose(call: KernelCall & { name: 'transpose' }, sink: IrSink): string {
  return sink.node('Transpose', [call.input('x')], { perm: attr.ints(call.attrs.perm) });
}

export function exportBroadcastTo(call: KernelCall & { name: 'broadcastTo' }, sink: IrSink): string {
  const x = call.tensor('x');
  return sink.node('Expand', [call.input('x'), sink.int64s(call.attrs.shape, { kind: 'expand', input: x.shape })]);
}

export function exportPad(call: KernelCall & { name: 'pad' }, sink: IrSink): string {
  const { pads, mode, value } = call.attrs;
  const x = call.tensor('x');
  const onnxPads = [...pads.map((p) => p[0]), ...pads.map((p) => p[1])];
  const inputs = [call.input('x'), sink.int64s(onnxPads)];
  if (mode === 'constant') inputs.push(sink.scalar(value, x.dtype));
  return sink.node('Pad', inputs, { mode: attr.string(mode === 'replicate' ? 'edge' : mode) });
}

export function exportSlice(call: KernelCall & { name: 'slice' }, sink: IrSink): string {
  const { begin, size, step } = call.attrs;
  const shape = call.tensor('x').shape;
  // Every axis is listed, so both traces of a dynamic-batch export have the same constants' layout.
  // A negative-step slice ending before index 0 has end −1, which ONNX would read as dim − 1: INT64_MIN.
  const ends = begin.map((b, d) => {
    const end = b + size[d]! * step[d]!;
    return step[d]! < 0 && end < 0 ? -Infinity : end;
  });
  return sink.node('Slice', [
    call.input('x'),
    sink.int64s(begin, { kind: 'sliceStarts', input: shape }),
    sink.int64s(ends, { kind: 'sliceEnds', input: shape }),
    sink.int64s(shape.map((_, d) => d)),
    sink.int64s(step),
  ]);
}

export function exportConcat(call: KernelCall & { name: 'concat' }, sink: IrSink): string {
  return sink.node('Concat', call.inputList('xs'), { axis: attr.int(call.attrs.axis) });
}

/** The kernel is NumPy `take` along an axis: ONNX Gather exactly (int32 indices are allowed). */
export function exportGather(call: KernelCall & { name: 'gather' }, sink: IrSink): string {
  return sink.node('Gather', [call.input('x'), call.input('indices')], { axis: attr.int(call.attrs.axis) });
}

/**
 * Zeros of `shape` with updates added at `indices` along `axis`: ScatterElements with reduction
 * 'add' (opset 16), its indices expanded to the updates' shape with the index dims merged into one.
 */
export function exportScatterAdd(call: KernelCall & { name: 'scatterAdd' }, sink: IrSink): string {
  if (sink.opset < 16) sink.fail('scatterAdd becomes ScatterElements with reduction "add", which needs opset 16 or later');
  const { axis, shape } = call.attrs;
  const updates = call.tensor('updates');
  const indices = call.tensor('indices');
  const before = shape.slice(0, axis);
  const after = shape.slice(axis + 1);
  const merged = [...before, indices.size, ...after];
  const flatUpdates = reshapeNode(sink, call.input('updates'), updates.shape, merged);
  const columnShape = [...before.map(() => 1), indices.size, ...after.map(() => 1)];
  const column = reshapeNode(sink, call.input('indices'), indices.shape, columnShape);
  const spread = sink.node('Expand', [column, sink.int64s(merged, { kind: 'expand', input: columnShape })]);
  const zeros = sink.node('ConstantOfShape', [sink.int64s(shape)], { value: attr.tensor(zeroOf(updates.dtype)) });
  return sink.node('ScatterElements', [zeros, spread, flatUpdates], { axis: attr.int(axis), reduction: attr.string('add') });
}


function zeroOf(dtype: DType): HostTensor {
  return HostTensor.of(elemOfDType(dtype), [1], [0]);
}
