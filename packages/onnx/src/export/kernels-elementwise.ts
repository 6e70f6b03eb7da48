/**
 * Elementwise kernels → ONNX: unary, binary, compare, logical, where, cast, fill. Ops ONNX lacks
 * (expm1, trunc, atan2, Python's mod/floorDiv…) are written as the compositions their kernel
 * semantics define (packages/backend/src/kernels.ts).
 */
import type { BinaryOp, CompareOp, UnaryOp } from '@pistil/backend';
import type { DType } from '@pistil/nn';
import { elemCode, elemOfDType } from '../elem-types.js';
import { HostTensor } from '../host-tensor.js';
import { attr } from './graph-builder.js';
import type { IrSink } from './ir-sink.js';
import type { KernelCall } from './kernel-call.js';

const SAME_NAME_UNARY: Partial<Record<UnaryOp, string>> = {
  neg: 'Neg', abs: 'Abs', sign: 'Sign', exp: 'Exp', log: 'Log', sqrt: 'Sqrt', reciprocal: 'Reciprocal',
  sin: 'Sin', cos: 'Cos', tan: 'Tan', asin: 'Asin', acos: 'Acos', atan: 'Atan', sinh: 'Sinh', cosh: 'Cosh', tanh: 'Tanh',
  asinh: 'Asinh', acosh: 'Acosh', atanh: 'Atanh', sigmoid: 'Sigmoid', softplus: 'Softplus', erf: 'Erf',
  floor: 'Floor', ceil: 'Ceil', round: 'Round', logicalNot: 'Not', isNaN: 'IsNaN', isInf: 'IsInf',
};

/** Fills of up to this many elements become initializers; larger ones ConstantOfShape. */
const MAX_FILL_INITIALIZER = 1024;

export function exportUnary(call: KernelCall & { name: 'unary' }, sink: IrSink): string {
  const x = call.input('x');
  const dtype = call.tensor('x').dtype;
  const { op, alpha, beta } = call.attrs;
  const simple = SAME_NAME_UNARY[op];
  if (simple) return sink.node(simple, [x]);
  const one = (): string => sink.scalar(1, dtype);
  switch (op) {
    case 'square': return sink.node('Mul', [x, x]);
    // Integer Relu (opset 14) followed by Clip trips onnxruntime's Relu–Clip fusion: use max(x, 0).
    case 'relu': return dtype === 'int32' ? intBound(sink, 'Max', x, sink.scalar(0, dtype)) : sink.node('Relu', [x]);
    case 'expm1': return sink.node('Sub', [sink.node('Exp', [x]), one()]);
    case 'log1p': return sink.node('Log', [sink.node('Add', [x, one()])]);
    case 'rsqrt': return sink.node('Reciprocal', [sink.node('Sqrt', [x])]);
    case 'leakyRelu': return sink.node('LeakyRelu', [x], { alpha: attr.float(alpha ?? 0.01) });
    case 'elu': return sink.node('Elu', [x], { alpha: attr.float(alpha ?? 1) });
    case 'gelu': {
      // x·Φ(x) = x · 0.5 · (1 + erf(x/√2)); ONNX has Gelu only from opset 20.
      const cdf = sink.node('Add', [sink.node('Erf', [sink.node('Mul', [x, sink.scalar(Math.SQRT1_2, dtype)])]), one()]);
      return sink.node('Mul', [x, sink.node('Mul', [cdf, sink.scalar(0.5, dtype)])]);
    }
    case 'clamp': return clamp(sink, x, dtype, alpha ?? -Infinity, beta ?? Infinity);
    case 'trunc': return sink.node('Mul', [sink.node('Sign', [x]), sink.node('Floor', [sink.node('Abs', [x])])]);
    case 'isFinite': return sink.node('Not', [sink.node('Or', [sink.node('IsNaN', [x]), sink.node('IsInf', [x])])]);
    default: return sink.fail(`unary op '${op}' has no ONNX equivalent`);
  }
}

/** min(max(x, lo), hi); integer bounds round inwards as the int32 kernel does. */
function clamp(sink: IrSink, x: string, dtype: DType, lo: number, hi: number): string {
  const isInt = dtype !== 'float32' && dtype !== 'float64';
  const [l, h] = isInt ? [Math.ceil(lo), Math.floor(hi)] : [lo, hi];
  const bound = (v: number): string => (Number.isFinite(v) ? sink.scalar(v, dtype) : '');
  if (!isInt || sink.opset >= 12) {
    const inputs = [x, bound(l), bound(h)];
    while (inputs[inputs.length - 1] === '') inputs.pop();
    return sink.node('Clip', inputs);
  }
  // Clip takes integers from opset 12.
  let y = x;
  if (Number.isFinite(l)) y = intBound(sink, 'Max', y, bound(l));
  if (Number.isFinite(h)) y = intBound(sink, 'Min', y, bound(h));
  return y === x ? sink.node('Identity', [x]) : y;
}

/** max(x, b) or min(x, b) on integers: Max/Min take them from opset 12, Where before. */
function intBound(sink: IrSink, op: 'Max' | 'Min', x: string, b: string): string {
  if (sink.opset >= 12) return sink.node(op, [x, b]);
  return sink.node('Where', [sink.node(op === 'Max' ? 'Less' : 'Greater', [x, b]), b, x]);
}

const SAME_NAME_BINARY: Partial<Record<BinaryOp, string>> = { add: 'Add', sub: 'Sub', mul: 'Mul', div: 'Div', pow: 'Pow', maximum: 'Max', minimum: 'Min' };

export function exportBinary(call: KernelCall & { name: 'binary' }, sink: IrSink): string {
  const [a, b] = [call.input('a'), call.input('b')];
  const dtype = call.output.dtype;
  const isInt = dtype === 'int32' || dtype === 'uint8';
  const { op } = call.attrs;
  if (op === 'pow' && isInt && sink.opset < 12) sink.fail('integer pow needs opset 12 or later');
  const simple = SAME_NAME_BINARY[op];
  if (simple) return sink.node(simple, [a, b]);
  switch (op) {
    case 'mod':
      // Python's remainder (sign of the divisor): ONNX Mod fmod=0 for integers; a − ⌊a/b⌋·b for floats.
      if (isInt) return sink.node('Mod', [a, b], { fmod: attr.int(0) });
      return sink.node('Sub', [a, sink.node('Mul', [sink.node('Floor', [sink.node('Div', [a, b])]), b])]);
    case 'floorDiv': return isInt ? intFloorDiv(sink, a, b, dtype) : sink.node('Floor', [sink.node('Div', [a, b])]);
    case 'atan2': return atan2(sink, a, b, dtype);
    default: return sink.fail(`binary op '${op}' has no ONNX equivalent`);
  }
}

/** ⌊a/b⌋ on integers: ONNX Div truncates, so step down when the remainder is non-zero and the signs differ. */
function intFloorDiv(sink: IrSink, a: string, b: string, dtype: DType): string {
  const zero = sink.scalar(0, dtype);
  const q = sink.node('Div', [a, b]);
  const r = sink.node('Sub', [a, sink.node('Mul', [q, b])]);
  const signsDiffer = sink.node('Xor', [sink.node('Less', [r, zero]), sink.node('Less', [b, zero])]);
  const adjust = sink.node('And', [sink.node('Not', [sink.node('Equal', [r, zero])]), signsDiffer]);
  return sink.node('Sub', [q, sink.node('Cast', [adjust], { to: attr.int(elemCode(elemOfDType(dtype))) })]);
}

/** atan2(a, b) from atan(a/b) with the quadrant corrections (atan2(0, 0) = 0). */
function atan2(sink: IrSink, a: string, b: string, dtype: DType): string {
  const c = (v: number): string => sink.scalar(v, dtype);
  const zero = c(0);
  const t = sink.node('Atan', [sink.node('Div', [a, b])]);
  const shift = sink.node('Where', [sink.node('Less', [a, zero]), c(-Math.PI), c(Math.PI)]);
  const onAxis = sink.node('Where', [sink.node('Greater', [a, zero]), c(Math.PI / 2), sink.node('Where', [sink.node('Less', [a, zero]), c(-Math.PI / 2), zero])]);
  const leftHalf = sink.node('Where', [sink.node('Less', [b, zero]), sink.node('Add', [t, shift]), onAxis]);
  return sink.node('Where', [sink.node('Greater', [b, zero]), t, leftHalf]);
}

export function exportCompare(call: KernelCall & { name: 'compare' }, sink: IrSink): string {
  const [a, b] = [call.input('a'), call.input('b')];
  const op: CompareOp = call.attrs.op;
  switch (op) {
    case 'equal': return sink.node('Equal', [a, b]);
    case 'notEqual': return sink.node('Not', [sink.node('Equal', [a, b])]);
    case 'less': return sink.node('Less', [a, b]);
    case 'greater': return sink.node('Greater', [a, b]);
    // LessOrEqual/GreaterOrEqual exist from opset 12; before, Or keeps NaN false.
    case 'lessEqual': return sink.opset >= 12 ? sink.node('LessOrEqual', [a, b]) : sink.node('Or', [sink.node('Less', [a, b]), sink.node('Equal', [a, b])]);
    case 'greaterEqual': return sink.opset >= 12 ? sink.node('GreaterOrEqual', [a, b]) : sink.node('Or', [sink.node('Greater', [a, b]), sink.node('Equal', [a, b])]);
  }
}

export function exportLogical(call: KernelCall & { name: 'logical' }, sink: IrSink): string {
  const opType = { logicalAnd: 'And', logicalOr: 'Or', logicalXor: 'Xor' }[call.attrs.op];
  return sink.node(opType, [call.input('a'), call.input('b')]);
}

export function exportWhere(call: KernelCall & { name: 'where' }, sink: IrSink): string {
  return sink.node('Where', [call.input('condition'), call.input('a'), call.input('b')]);
}

export function exportCast(call: KernelCall & { name: 'cast' }, sink: IrSink): string {
  const x = call.input('x');
  if (call.tensor('x').dtype === call.attrs.dtype) return sink.node('Identity', [x]);
  return sink.node('Cast', [x], { to: attr.int(elemCode(elemOfDType(call.attrs.dtype))) });
}

export function exportFill(call: KernelCall & { name: 'fill' }, sink: IrSink): string {
  const { shape, dtype, value } = call.attrs;
  const type = elemOfDType(dtype);
  const size = shape.reduce((p, q) => p * q, 1);
  if (size <= MAX_FILL_INITIALIZER) return sink.constant(HostTensor.of(type, shape, new Array<number>(size).fill(value)));
  return sink.node('ConstantOfShape', [sink.int64s(shape)], { value: attr.tensor(HostTensor.of(type, [1], [value])) });
}
