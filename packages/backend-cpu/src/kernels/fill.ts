import { ShapeError, fmtShape } from '@pistil/backend';
import type { KernelImpl } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { convertTo } from '../helpers/convert.js';

/** `value` is stored as `cast` would store it in `dtype`. */
export const fill: KernelImpl<CpuBackend, 'fill'> = (backend, _inputs, { shape, dtype, value }) => {
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw new ShapeError(`fill: invalid shape ${fmtShape(shape)}`);
  const out = backend.output(shape, dtype);
  backend.view(out).fill(convertTo(dtype, value));
  return out;
};
