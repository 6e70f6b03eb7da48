import { broadcastShapes } from '@pistil/backend';
import type { KernelImpl, TypedArray } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { requireDType, requireSameDType } from '../helpers/checks.js';
import { broadcast3, type Row3 } from '../helpers/elementwise.js';

const select: Row3<Uint8Array, TypedArray> = (c, ci, cs, a, ai, as, b, bi, bs, o, oi, n) => {
  for (let j = 0; j < n; j++, ci += cs, ai += as, bi += bs) o[oi + j] = c[ci] ? a[ai]! : b[bi]!;
};

export const where: KernelImpl<CpuBackend, 'where'> = (backend, { condition, a, b }) => {
  requireDType('where', 'condition', condition, ['bool']);
  requireSameDType('where', { a, b });
  const shape = broadcastShapes('where', condition.shape, a.shape, b.shape);
  const out = backend.output(shape, a.dtype);
  broadcast3(select, backend.view(condition) as Uint8Array, condition.shape, backend.view(a), a.shape, backend.view(b), b.shape, backend.view(out), shape);
  return out;
};
