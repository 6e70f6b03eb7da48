/** Reference for the elementwise kernels: unary, binary, compare, logical, where. */
import type { DType } from '../../dtypes.js';
import type { BinaryOp, CompareOp, KernelAttrs, LogicalOp, UnaryOp } from '../../kernels.js';
import type { HostTensor } from '../host.js';
import { broadcastOffset, broadcastShapes, forEachIndex, newHost } from './indexing.js';
import { cPow, erf, int32Pow, pythonMod, roundHalfEven } from './special.js';

type UnaryFn = (x: number, alpha: number, beta: number) => number;

const UNARY: Record<UnaryOp, UnaryFn> = {
  neg: (x) => -x,
  abs: (x) => Math.abs(x),
  sign: (x) => (x > 0 ? 1 : x < 0 ? -1 : x === 0 ? 0 : NaN),
  square: (x) => x * x,
  relu: (x) => (Number.isNaN(x) ? NaN : x > 0 ? x : 0),
  exp: (x) => Math.exp(x),
  expm1: (x) => Math.expm1(x),
  log: (x) => Math.log(x),
  log1p: (x) => Math.log1p(x),
  sqrt: (x) => Math.sqrt(x),
  rsqrt: (x) => 1 / Math.sqrt(x),
  reciprocal: (x) => 1 / x,
  sin: (x) => Math.sin(x),
  cos: (x) => Math.cos(x),
  tan: (x) => Math.tan(x),
  asin: (x) => Math.asin(x),
  acos: (x) => Math.acos(x),
  atan: (x) => Math.atan(x),
  sinh: (x) => Math.sinh(x),
  cosh: (x) => Math.cosh(x),
  tanh: (x) => Math.tanh(x),
  asinh: (x) => Math.asinh(x),
  acosh: (x) => Math.acosh(x),
  atanh: (x) => Math.atanh(x),
  sigmoid: (x) => 1 / (1 + Math.exp(-x)),
  leakyRelu: (x, alpha) => (x < 0 ? alpha * x : x),
  elu: (x, alpha) => (x < 0 ? alpha * Math.expm1(x) : x),
  gelu: (x) => 0.5 * x * (1 + erf(x / Math.SQRT2)),
  softplus: (x) => (x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x))),
  erf: (x) => erf(x),
  clamp: (x, alpha, beta) => Math.min(Math.max(x, alpha), beta),
  floor: (x) => Math.floor(x),
  ceil: (x) => Math.ceil(x),
  round: (x) => roundHalfEven(x),
  trunc: (x) => Math.trunc(x),
  logicalNot: (x) => (x === 0 ? 1 : 0),
  isNaN: (x) => (Number.isNaN(x) ? 1 : 0),
  isInf: (x) => (x === Infinity || x === -Infinity ? 1 : 0),
  isFinite: (x) => (Number.isFinite(x) ? 1 : 0),
};

export function unaryOutDType(op: UnaryOp, x: DType): DType {
  return op === 'isNaN' || op === 'isInf' || op === 'isFinite' ? 'bool' : x;
}

export function unary({ x }: { x: HostTensor }, attrs: KernelAttrs<'unary'>): HostTensor {
  const fn = UNARY[attrs.op];
  const alpha = attrs.alpha ?? (attrs.op === 'clamp' ? -Infinity : attrs.op === 'elu' ? 1 : 0.01);
  const beta = attrs.beta ?? Infinity;
  const out = newHost(x.shape, unaryOutDType(attrs.op, x.dtype));
  for (let i = 0; i < x.data.length; i++) out.data[i] = fn(x.data[i]!, alpha, beta);
  return out;
}

function isInt(dtype: DType): boolean {
  return dtype === 'int32' || dtype === 'uint8';
}

function binaryFn(op: BinaryOp, int: boolean): (a: number, b: number) => number {
  switch (op) {
    case 'add': return (a, b) => a + b;
    case 'sub': return (a, b) => a - b;
    case 'mul': return (a, b) => a * b;
    case 'div': return int ? (a, b) => Math.trunc(a / b) : (a, b) => a / b;
    case 'pow': return int ? int32Pow : cPow;
    case 'maximum': return (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.max(a, b));
    case 'minimum': return (a, b) => (Number.isNaN(a) || Number.isNaN(b) ? NaN : Math.min(a, b));
    case 'mod': return int ? (a, b) => a - Math.floor(a / b) * b : pythonMod;
    case 'floorDiv': return (a, b) => Math.floor(a / b);
    case 'atan2': return (a, b) => Math.atan2(a, b);
  }
}

const COMPARE: Record<CompareOp, (a: number, b: number) => boolean> = {
  equal: (a, b) => a === b,
  notEqual: (a, b) => a !== b,
  less: (a, b) => a < b,
  lessEqual: (a, b) => a <= b,
  greater: (a, b) => a > b,
  greaterEqual: (a, b) => a >= b,
};

const LOGICAL: Record<LogicalOp, (a: boolean, b: boolean) => boolean> = {
  logicalAnd: (a, b) => a && b,
  logicalOr: (a, b) => a || b,
  logicalXor: (a, b) => a !== b,
};

/** Applies `fn` over the NumPy broadcast of all `xs`. */
function broadcastMap(xs: readonly HostTensor[], dtype: DType, fn: (vals: number[]) => number): HostTensor {
  const shape = broadcastShapes(...xs.map((x) => x.shape));
  const out = newHost(shape, dtype);
  forEachIndex(shape, (idx, flat) => {
    out.data[flat] = fn(xs.map((x) => x.data[broadcastOffset(idx, x.shape)]!));
  });
  return out;
}

export function binary({ a, b }: { a: HostTensor; b: HostTensor }, { op }: KernelAttrs<'binary'>): HostTensor {
  const fn = binaryFn(op, isInt(a.dtype));
  return broadcastMap([a, b], a.dtype, ([x, y]) => fn(x!, y!));
}

export function compare({ a, b }: { a: HostTensor; b: HostTensor }, { op }: KernelAttrs<'compare'>): HostTensor {
  const fn = COMPARE[op];
  return broadcastMap([a, b], 'bool', ([x, y]) => (fn(x!, y!) ? 1 : 0));
}

export function logical({ a, b }: { a: HostTensor; b: HostTensor }, { op }: KernelAttrs<'logical'>): HostTensor {
  const fn = LOGICAL[op];
  return broadcastMap([a, b], 'bool', ([x, y]) => (fn(x !== 0, y !== 0) ? 1 : 0));
}

export function where({ condition, a, b }: { condition: HostTensor; a: HostTensor; b: HostTensor }): HostTensor {
  return broadcastMap([condition, a, b], a.dtype, ([c, x, y]) => (c !== 0 ? x! : y!));
}
