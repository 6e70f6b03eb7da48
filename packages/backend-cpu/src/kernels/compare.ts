import { broadcastShapes } from '@pistil/backend';
import type { CompareOp, KernelImpl, TypedArray } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { requireSameDType } from '../helpers/checks.js';
import { broadcast2, type Row2 } from '../helpers/elementwise.js';
import { trySimdCompare } from '../helpers/simd-ops.js';

// JavaScript comparisons already treat NaN as IEEE does: false for all but `!==`.
const ROWS: Record<CompareOp, Row2<TypedArray, Uint8Array>> = {
  equal: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = a[ai]! === b[bi]! ? 1 : 0; },
  notEqual: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = a[ai]! !== b[bi]! ? 1 : 0; },
  less: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = a[ai]! < b[bi]! ? 1 : 0; },
  lessEqual: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = a[ai]! <= b[bi]! ? 1 : 0; },
  greater: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = a[ai]! > b[bi]! ? 1 : 0; },
  greaterEqual: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = a[ai]! >= b[bi]! ? 1 : 0; },
};

export const compare: KernelImpl<CpuBackend, 'compare'> = (backend, { a, b }, { op }) => {
  const name = `compare ${op}`;
  requireSameDType(name, { a, b });
  const shape = broadcastShapes(name, a.shape, b.shape);
  const out = backend.output(shape, 'bool');
  const av = backend.view(a), bv = backend.view(b), ov = backend.view(out) as Uint8Array;
  if (!trySimdCompare(backend, op, av, a.shape, bv, b.shape, ov, shape)) broadcast2(ROWS[op], av, a.shape, bv, b.shape, ov, shape);
  return out;
};
