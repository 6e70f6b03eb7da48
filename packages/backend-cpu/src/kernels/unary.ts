import { DTypeError, INT_UNARY_OPS, sizeOf } from '@pistil/backend';
import type { KernelImpl, UnaryOp } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { erf, erfc } from '../helpers/erf.js';
import type { FloatArray } from '../helpers/gemm.js';
import { roundHalfEven } from '../helpers/round.js';
import { trySimdUnary } from '../helpers/simd-ops.js';

type FloatOp = Exclude<UnaryOp, 'logicalNot' | 'isNaN' | 'isInf' | 'isFinite'>;
type Loop<A> = (x: A, y: A, n: number, alpha: number, beta: number) => void;

// One function per op (not one loop calling an op function): each loop stays monomorphic and
// V8 inlines the arithmetic instead of making a call per element.
const FLOAT: Record<FloatOp, Loop<FloatArray>> = {
  neg: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = -x[i]!; },
  abs: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.abs(x[i]!); },
  sign: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.sign(x[i]!); },
  square: (x, y, n) => { for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = v * v; } },
  relu: (x, y, n) => { for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = v < 0 ? 0 : v; } },
  exp: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.exp(x[i]!); },
  expm1: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.expm1(x[i]!); },
  log: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.log(x[i]!); },
  log1p: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.log1p(x[i]!); },
  sqrt: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.sqrt(x[i]!); },
  rsqrt: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = 1 / Math.sqrt(x[i]!); },
  reciprocal: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = 1 / x[i]!; },
  sin: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.sin(x[i]!); },
  cos: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.cos(x[i]!); },
  tan: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.tan(x[i]!); },
  asin: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.asin(x[i]!); },
  acos: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.acos(x[i]!); },
  atan: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.atan(x[i]!); },
  sinh: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.sinh(x[i]!); },
  cosh: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.cosh(x[i]!); },
  tanh: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.tanh(x[i]!); },
  asinh: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.asinh(x[i]!); },
  acosh: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.acosh(x[i]!); },
  atanh: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.atanh(x[i]!); },
  sigmoid: (x, y, n) => {
    for (let i = 0; i < n; i++) {
      const v = x[i]!;
      if (v >= 0) y[i] = 1 / (1 + Math.exp(-v));
      else { const e = Math.exp(v); y[i] = e / (1 + e); }
    }
  },
  leakyRelu: (x, y, n, alpha) => { for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = v < 0 ? alpha * v : v; } },
  elu: (x, y, n, alpha) => { for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = v < 0 ? alpha * Math.expm1(v) : v; } },
  // x·Φ(x) = x·erfc(−x/√2)/2: no cancellation for negative x.
  gelu: (x, y, n) => { for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = 0.5 * v * erfc(-v * Math.SQRT1_2); } },
  softplus: (x, y, n) => { for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v))); } },
  erf: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = erf(x[i]!); },
  clamp: (x, y, n, lo, hi) => { for (let i = 0; i < n; i++) y[i] = Math.min(Math.max(x[i]!, lo), hi); },
  floor: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.floor(x[i]!); },
  ceil: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.ceil(x[i]!); },
  round: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = roundHalfEven(x[i]!); },
  trunc: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.trunc(x[i]!); },
};

const INT: Partial<Record<UnaryOp, Loop<Int32Array>>> = {
  neg: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = -x[i]! | 0; },
  abs: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.abs(x[i]!) | 0; },
  sign: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.sign(x[i]!); },
  square: (x, y, n) => { for (let i = 0; i < n; i++) y[i] = Math.imul(x[i]!, x[i]!); },
  relu: (x, y, n) => { for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = v < 0 ? 0 : v; } },
  clamp: (x, y, n, lo, hi) => { for (let i = 0; i < n; i++) y[i] = Math.min(Math.max(x[i]!, Math.ceil(lo)), Math.floor(hi)); },
};

type TestOp = 'isNaN' | 'isInf' | 'isFinite';
const TESTS: Record<TestOp, (x: FloatArray, y: Uint8Array, n: number) => void> = {
  isNaN: (x, y, n) => { for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = v !== v ? 1 : 0; } },
  isInf: (x, y, n) => { for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = v === Infinity || v === -Infinity ? 1 : 0; } },
  isFinite: (x, y, n) => { for (let i = 0; i < n; i++) { const v = x[i]!; y[i] = v - v === 0 ? 1 : 0; } },
};

const DEFAULT_ALPHA: Partial<Record<UnaryOp, number>> = { leakyRelu: 0.01, elu: 1, clamp: -Infinity };

export const unary: KernelImpl<CpuBackend, 'unary'> = (backend, { x }, { op, alpha, beta }) => {
  const a = alpha ?? DEFAULT_ALPHA[op] ?? 0;
  const b = beta ?? Infinity;
  const n = sizeOf(x.shape);
  if (op === 'logicalNot') {
    if (x.dtype !== 'bool') throw new DTypeError(`unary logicalNot: x has dtype ${x.dtype}, expected bool`);
    const out = backend.output(x.shape, 'bool');
    const xv = backend.view(x), yv = backend.view(out);
    for (let i = 0; i < n; i++) yv[i] = xv[i] ? 0 : 1;
    return out;
  }
  if (x.dtype === 'int32' && INT_UNARY_OPS.includes(op)) {
    const out = backend.output(x.shape, 'int32');
    INT[op]!(backend.view(x) as Int32Array, backend.view(out) as Int32Array, n, a, b);
    return out;
  }
  if (x.dtype !== 'float32' && x.dtype !== 'float64') {
    const allowed = INT_UNARY_OPS.includes(op) ? 'float32, float64 or int32' : 'float32 or float64';
    throw new DTypeError(`unary ${op}: x has dtype ${x.dtype}, expected ${allowed}`);
  }
  if (op === 'isNaN' || op === 'isInf' || op === 'isFinite') {
    const out = backend.output(x.shape, 'bool');
    TESTS[op](backend.view(x) as FloatArray, backend.view(out) as Uint8Array, n);
    return out;
  }
  const out = backend.output(x.shape, x.dtype);
  const xv = backend.view(x) as FloatArray, yv = backend.view(out) as FloatArray;
  if (!trySimdUnary(backend, op, xv, yv)) FLOAT[op](xv, yv, n, a, b);
  return out;
};
