import { broadcastShapes } from '@pistil/backend';
import type { KernelImpl, TypedArray } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { requireDType, requireSameDType } from '../helpers/checks.js';
import { broadcast3, type Row3 } from '../helpers/elementwise.js';
import { trySimdWhere } from '../helpers/simd-ops.js';

const select: Row3<Uint8Array, TypedArray> = (c, ci, cs, a, ai, as, b, bi, bs, o, oi, n) => {
  for (let j = 0; j < n; j++, ci += cs, ai += as, bi += bs) o[oi + j] = c[ci] ? a[ai]! : b[bi]!;
};

export const where: KernelImpl<CpuBackend, 'where'> = (backend, { condition, a, b }) => {
  requireDType('where', 'condition', condition, ['bool']);
  requireSameDType('where', { a, b });
  const shape = broadcastShapes('where', condition.shape, a.shape, b.shape);
  const out = backend.output(shape, a.dtype);
  const cv = backend.view(condition) as Uint8Array, av = backend.view(a), bv = backend.view(b), ov = backend.view(out);
  if (!trySimdWhere(backend, cv, condition.shape, av, a.shape, bv, b.shape, ov, shape)) broadcast3(select, cv, condition.shape, av, a.shape, bv, b.shape, ov, shape);
  return out;
};
