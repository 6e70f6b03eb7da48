import { broadcastShapes } from '@pistil/backend';
import type { KernelImpl, LogicalOp } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { requireDType } from '../helpers/checks.js';
import { broadcast2, type Row2 } from '../helpers/elementwise.js';

// Bools are stored as 0/1 bytes; any non-zero byte (written by a raw view) still counts as true.
const ROWS: Record<LogicalOp, Row2<Uint8Array, Uint8Array>> = {
  logicalAnd: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = a[ai]! !== 0 && b[bi]! !== 0 ? 1 : 0; },
  logicalOr: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = a[ai]! !== 0 || b[bi]! !== 0 ? 1 : 0; },
  logicalXor: (a, ai, as, b, bi, bs, o, oi, n) => { for (let j = 0; j < n; j++, ai += as, bi += bs) o[oi + j] = (a[ai]! !== 0) !== (b[bi]! !== 0) ? 1 : 0; },
};

export const logical: KernelImpl<CpuBackend, 'logical'> = (backend, { a, b }, { op }) => {
  const name = `logical ${op}`;
  requireDType(name, 'a', a, ['bool']);
  requireDType(name, 'b', b, ['bool']);
  const shape = broadcastShapes(name, a.shape, b.shape);
  const out = backend.output(shape, 'bool');
  broadcast2(ROWS[op], backend.view(a) as Uint8Array, a.shape, backend.view(b) as Uint8Array, b.shape, backend.view(out) as Uint8Array, shape);
  return out;
};
