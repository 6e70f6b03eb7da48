import { DTypeError, broadcastShapes } from '@pistil/backend';
import type { BinaryOp, KernelImpl } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { NUMERIC_DTYPES, requireDType, requireSameDType } from '../helpers/checks.js';
import { broadcast2, type Row2 } from '../helpers/elementwise.js';
import type { FloatArray } from '../helpers/gemm.js';
import { cPow } from '../helpers/c-pow.js';
import { trySimdBinary } from '../helpers/simd-ops.js';
import { floatFloorDiv, floatMod, intFloorDiv, intMod, intPow } from '../helpers/python-div.js';

type IntArray = Int32Array | Uint8Array;

// One row function per op, so that each loop inlines its arithmetic (see unary.ts).
const FLOAT: Record<BinaryOp, Row2<FloatArray, FloatArray>> = {
  add: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = a[ai]! + b[bi]!; },
  sub: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = a[ai]! - b[bi]!; },
  mul: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = a[ai]! * b[bi]!; },
  div: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = a[ai]! / b[bi]!; },
  pow: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = cPow(a[ai]!, b[bi]!); },
  maximum: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = Math.max(a[ai]!, b[bi]!); },
  minimum: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = Math.min(a[ai]!, b[bi]!); },
  mod: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = floatMod(a[ai]!, b[bi]!); },
  floorDiv: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = floatFloorDiv(a[ai]!, b[bi]!); },
  atan2: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = Math.atan2(a[ai]!, b[bi]!); },
};

// int32 results wrap like two's complement; uint8 shares these rows, its array keeps the low 8 bits.
// Division by zero gives 0 (integer kernels cannot raise mid-loop on a GPU either).
const INT: Partial<Record<BinaryOp, Row2<IntArray, IntArray>>> = {
  add: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = (a[ai]! + b[bi]!) | 0; },
  sub: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = (a[ai]! - b[bi]!) | 0; },
  mul: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = Math.imul(a[ai]!, b[bi]!); },
  div: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) { const y = b[bi]!; o[oi + j] = y === 0 ? 0 : (a[ai]! / y) | 0; } },
  pow: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = intPow(a[ai]!, b[bi]!); },
  maximum: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = Math.max(a[ai]!, b[bi]!); },
  minimum: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = Math.min(a[ai]!, b[bi]!); },
  mod: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = intMod(a[ai]!, b[bi]!); },
  floorDiv: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = intFloorDiv(a[ai]!, b[bi]!); },
};

export const binary: KernelImpl<CpuBackend, 'binary'> = (backend, { a, b }, { op }) => {
  const name = `binary ${op}`;
  requireSameDType(name, { a, b });
  requireDType(name, 'a', a, NUMERIC_DTYPES);
  const shape = broadcastShapes(name, a.shape, b.shape);
  if (a.dtype === 'float32' || a.dtype === 'float64') {
    const out = backend.output(shape, a.dtype);
    const av = backend.view(a) as FloatArray, bv = backend.view(b) as FloatArray, ov = backend.view(out) as FloatArray;
    if (!trySimdBinary(backend, op, av, a.shape, bv, b.shape, ov, shape)) broadcast2(FLOAT[op], av, a.shape, bv, b.shape, ov, shape);
    return out;
  }
  const row = INT[op];
  if (!row) throw new DTypeError(`${name}: needs float32 or float64, got ${a.dtype}`);
  const out = backend.output(shape, a.dtype);
  broadcast2(row, backend.view(a) as IntArray, a.shape, backend.view(b) as IntArray, b.shape, backend.view(out) as IntArray, shape);
  return out;
};
