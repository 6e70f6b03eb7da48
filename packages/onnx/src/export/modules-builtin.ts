/**
 * Built-in module exporters for @pistil/nn's layers. Each returns null (trace the forward instead)
 * for the configurations its ONNX op cannot express exactly.
 */
import {
  AdaptiveAvgPool2d, AvgPool2d, BatchNorm1d, BatchNorm2d, Conv1d, Conv2d, ConvTranspose2d, Dropout, ELU, Flatten, LayerNorm,
  LeakyReLU, Linear, LogSoftmax, MaxPool2d, ReLU, Sigmoid, Softmax, Tanh,
} from '@pistil/nn';
import type { Module, PaddingMode, Tensor } from '@pistil/nn';
import { elemOfDType } from '../elem-types.js';
import { HostTensor } from '../host-tensor.js';
import { attr } from './graph-builder.js';
import type { AttrValue } from './graph-builder.js';
import { convAttrs } from './kernels-compute.js';
import type { BuiltinExportContext, ExportedValue, OnnxModuleExporter } from './module-exporters.js';
import { registerOnnxExporter } from './module-exporters.js';
import { planPool } from './pool-geometry.js';

const isFloat = (v: ExportedValue): boolean => v.dtype === 'float32' || v.dtype === 'float64';
const pair = (v: number | readonly [number, number]): [number, number] => (typeof v === 'number' ? [v, v] : [v[0], v[1]]);

/** The single float input of rank `rank` (any when omitted), or undefined. */
function floatInput(ctx: BuiltinExportContext, rank?: number): ExportedValue | undefined {
  const x = ctx.inputs.length === 1 ? ctx.inputs[0]! : undefined;
  return x && isFloat(x) && (rank === undefined || x.shape.length === rank) ? x : undefined;
}

/** Built-ins also use the sink (shape constants with roles); the export tracer always passes it. */
function register<M extends Module>(cls: abstract new (...args: never[]) => M, fn: (m: M, ctx: BuiltinExportContext) => string | null): void {
  registerOnnxExporter(cls, fn as unknown as OnnxModuleExporter<M>);
}

register(Linear, (m, ctx) => {
  const x = floatInput(ctx);
  if (!x || x.shape.length < 1) return null;
  const w = ctx.tensor(m.weight);
  const b = m.bias ? ctx.tensor(m.bias) : undefined;
  if (x.shape.length === 2) return ctx.node('Gemm', b ? [x.name, w, b] : [x.name, w], { transB: attr.int(1) });
  const y = ctx.node('MatMul', [x.name, ctx.node('Transpose', [w], { perm: attr.ints([1, 0]) })]);
  return b ? ctx.node('Add', [y, b]) : y;
});

interface ConvLayer {
  readonly weight: Tensor;
  readonly bias: Tensor | null;
  readonly groups: number;
  readonly paddingMode: PaddingMode;
}

/** Conv (after a Pad node for reflect/replicate padding) with explicit pads [begins…, ends…]. */
function conv(ctx: BuiltinExportContext, x: string, m: ConvLayer, kernel: number[], stride: number[], dilation: number[], pads: number[]): string | null {
  if (m.paddingMode === 'circular') return null; // Pad 'wrap' is opset 19: trace the slices and concat
  let input = x;
  let convPads = pads;
  if (m.paddingMode !== 'zeros') {
    const n = pads.length / 2;
    input = ctx.node('Pad', [x, ctx.int64s([0, 0, ...pads.slice(0, n), 0, 0, ...pads.slice(n)])], { mode: attr.string(m.paddingMode === 'replicate' ? 'edge' : 'reflect') });
    convPads = pads.map(() => 0);
  }
  const inputs = [input, ctx.tensor(m.weight), ...(m.bias ? [ctx.tensor(m.bias)] : [])];
  return ctx.node('Conv', inputs, convAttrs(kernel, stride, convPads, dilation, m.groups));
}

/** PyTorch's 'same' padding: dilation·(k − 1) in total, the odd one at the end. */
function samePads(kernel: readonly number[], dilation: readonly number[]): number[] {
  const total = kernel.map((k, i) => dilation[i]! * (k - 1));
  return [...total.map((t) => Math.floor(t / 2)), ...total.map((t) => t - Math.floor(t / 2))];
}

register(Conv2d, (m, ctx) => {
  const x = floatInput(ctx, 4);
  if (!x) return null;
  const kernel = m.kernelSize;
  const p = m.padding;
  const pads = p === 'same' ? samePads(kernel, m.dilation) : p === 'valid' ? [0, 0, 0, 0] : [...pair(p), ...pair(p)];
  return conv(ctx, x.name, m, kernel, m.stride, m.dilation, pads);
});

register(Conv1d, (m, ctx) => {
  const x = floatInput(ctx, 3);
  if (!x) return null;
  const p = m.padding;
  const pads = p === 'same' ? samePads([m.kernelSize], [m.dilation]) : p === 'valid' ? [0, 0] : [p, p];
  return conv(ctx, x.name, m, [m.kernelSize], [m.stride], [m.dilation], pads);
});

register(ConvTranspose2d, (m, ctx) => {
  const x = floatInput(ctx, 4);
  if (!x) return null;
  const inputs = [x.name, ctx.tensor(m.weight), ...(m.bias ? [ctx.tensor(m.bias)] : [])];
  const attrs = convAttrs(m.kernelSize, m.stride, [...m.padding, ...m.padding], m.dilation, m.groups);
  return ctx.node('ConvTranspose', inputs, { ...attrs, output_padding: attr.ints(m.outputPadding) });
});

register(MaxPool2d, (m, ctx) => {
  const x = floatInput(ctx, 4);
  if (!x) return null;
  const o = m.options;
  const plan = planPool(x.shape, m.kernelSize, o.stride, o.padding, o.dilation, o.ceilMode ?? false);
  // ceilMode's extra windows are explicit bottom/right pads (−∞), exactly PyTorch's rule.
  if (!plan || !plan.pads.every((p, i) => p < plan.kernel[i % 2]!)) return null;
  return ctx.node('MaxPool', [x.name], {
    kernel_shape: attr.ints(plan.kernel), strides: attr.ints(plan.stride), pads: attr.ints(plan.pads), dilations: attr.ints(plan.dilation),
  });
});

register(AvgPool2d, (m, ctx) => {
  const x = floatInput(ctx, 4);
  const o = m.options;
  if (!x || o.divisorOverride !== undefined) return null;
  const plan = planPool(x.shape, m.kernelSize, o.stride, o.padding, 1, o.ceilMode ?? false);
  // With ceilMode's extra windows PyTorch's divisor differs from any AveragePool's: trace it.
  if (!plan || plan.extra.some((e) => e > 0)) return null;
  return ctx.node('AveragePool', [x.name], {
    kernel_shape: attr.ints(plan.kernel), strides: attr.ints(plan.stride), pads: attr.ints(plan.pads), count_include_pad: attr.int(o.countIncludePad ?? true ? 1 : 0),
  });
});

register(AdaptiveAvgPool2d, (m, ctx) => {
  const x = floatInput(ctx, 4);
  const size = m.outputSize;
  const [oh, ow] = typeof size === 'number' ? [size, size] : [size[0] ?? x?.shape[2], size[1] ?? x?.shape[3]];
  return x && oh === 1 && ow === 1 ? ctx.node('GlobalAveragePool', [x.name]) : null;
});

function batchNorm(m: BatchNorm1d | BatchNorm2d, ctx: BuiltinExportContext): string | null {
  const x = floatInput(ctx);
  if (!x || m.training || !m.runningMean || !m.runningVar || x.shape.length < 2) return null;
  const c = m.numFeatures;
  const scale = m.weight ? ctx.tensor(m.weight) : ctx.sink.constant(filled(x, [c], 1));
  const shift = m.bias ? ctx.tensor(m.bias) : ctx.sink.constant(filled(x, [c], 0));
  return ctx.node('BatchNormalization', [x.name, scale, shift, ctx.tensor(m.runningMean), ctx.tensor(m.runningVar)], { epsilon: attr.float(m.eps) });
}
register(BatchNorm1d, batchNorm);
register(BatchNorm2d, batchNorm);

/** The scale or shift a normalization layer without affine parameters stands for. */
function filled(x: ExportedValue, shape: readonly number[], value: number): HostTensor {
  const size = shape.reduce((p, q) => p * q, 1);
  return HostTensor.of(elemOfDType(x.dtype), shape, new Array<number>(size).fill(value));
}

// LayerNormalization exists from opset 17; before, the forward's mean/variance ops are traced.
register(LayerNorm, (m, ctx) => {
  const x = floatInput(ctx);
  const k = m.normalizedShape.length;
  if (!x || ctx.opset < 17 || x.shape.length < k) return null;
  const scale = m.weight ? ctx.tensor(m.weight) : ctx.sink.constant(filled(x, m.normalizedShape, 1));
  const inputs = [x.name, scale, ...(m.bias ? [ctx.tensor(m.bias)] : [])];
  return ctx.node('LayerNormalization', inputs, { axis: attr.int(-k), epsilon: attr.float(m.eps) });
});

// Eval-mode dropout is the identity.
register(Dropout, (m, ctx) => (m.training || !ctx.inputs[0] ? null : ctx.inputs[0].name));

register(Flatten, (m, ctx) => {
  const x = ctx.inputs.length === 1 ? ctx.inputs[0]! : undefined;
  const rank = x?.shape.length ?? 0;
  const norm = (d: number): number => (d < 0 ? d + rank : d);
  // ONNX Flatten always makes 2-D [prod(dims < axis), prod(dims ≥ axis)]: that is flatten(1, −1).
  return x && rank >= 2 && norm(m.startDim) === 1 && norm(m.endDim) === rank - 1 ? ctx.node('Flatten', [x.name], { axis: attr.int(1) }) : null;
});

const activation = (opType: string, attrs: (m: Module) => Record<string, AttrValue> = () => ({})) =>
  (m: Module, ctx: BuiltinExportContext): string | null => {
    const x = floatInput(ctx);
    return x ? ctx.node(opType, [x.name], attrs(m)) : null;
  };
register(ReLU, activation('Relu'));
register(Sigmoid, activation('Sigmoid'));
register(Tanh, activation('Tanh'));
register(LeakyReLU, activation('LeakyRelu', (m) => ({ alpha: attr.float((m as LeakyReLU).negativeSlope) })));
register(ELU, activation('Elu', (m) => ({ alpha: attr.float((m as ELU).alpha) })));

/** Softmax/LogSoftmax: any axis from opset 13; before, ONNX flattens at the axis, which is the same only for the last one. */
function softmaxLike(opType: string) {
  return (m: Softmax | LogSoftmax, ctx: BuiltinExportContext): string | null => {
    const x = floatInput(ctx);
    if (!x || x.shape.length === 0) return null;
    const rank = x.shape.length;
    const axis = m.dim < 0 ? m.dim + rank : m.dim;
    if (axis < 0 || axis >= rank || (ctx.opset < 13 && axis !== rank - 1)) return null;
    return ctx.node(opType, [x.name], { axis: attr.int(axis) });
  };
}
register(Softmax, softmaxLike('Softmax'));
register(LogSoftmax, softmaxLike('LogSoftmax'));
