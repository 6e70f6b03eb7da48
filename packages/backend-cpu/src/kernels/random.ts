import { DTypeError, ShapeError, fmtShape, normalAt, uniformAt } from '@pistil/backend';
import type { KernelImpl } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';

/** Element i is a function of (seed, i) only: the same stream on every backend (see random.ts in @pistil/backend). */
export const random: KernelImpl<CpuBackend, 'random'> = (backend, _inputs, { shape, dtype, distribution, a, b, seed }) => {
  if (dtype !== 'float32' && dtype !== 'float64') throw new DTypeError(`random: dtype ${String(dtype)}, expected float32 or float64`);
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw new ShapeError(`random: invalid shape ${fmtShape(shape)}`);
  const out = backend.output(shape, dtype);
  const ov = backend.view(out);
  const n = ov.length;
  if (distribution === 'uniform') {
    const span = b - a;
    for (let i = 0; i < n; i++) ov[i] = a + span * uniformAt(seed, i);
  } else {
    for (let i = 0; i < n; i++) ov[i] = a + b * normalAt(seed, i);
  }
  return out;
};
