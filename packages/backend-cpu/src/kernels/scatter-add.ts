import { ShapeError, fmtShape, gatherShape, sizeOf } from '@pistil/backend';
import type { KernelImpl } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { NUMERIC_DTYPES, requireDType, requireShape } from '../helpers/checks.js';
import { checkIndices } from './gather.js';

export const scatterAdd: KernelImpl<CpuBackend, 'scatterAdd'> = (backend, { updates, indices }, { axis, shape }) => {
  requireDType('scatterAdd', 'updates', updates, NUMERIC_DTYPES);
  requireDType('scatterAdd', 'indices', indices, ['int32']);
  if (!(Number.isInteger(axis) && axis >= 0 && axis < shape.length)) throw new ShapeError(`scatterAdd: axis ${axis} is out of range for ${fmtShape(shape)}`);
  requireShape('scatterAdd', 'updates', updates.shape, gatherShape(shape, indices.shape, axis));
  const dim = shape[axis]!;
  checkIndices('scatterAdd', backend.view(indices), indices.shape, dim, axis);
  const out = backend.output(shape, updates.dtype);
  const uv = backend.view(updates), iv = backend.view(indices), ov = backend.view(out);
  ov.fill(0);
  const outer = sizeOf(shape.slice(0, axis)), inner = sizeOf(shape.slice(axis + 1)), count = iv.length;
  for (let o = 0, at = 0; o < outer; o++) {
    for (let t = 0; t < count; t++, at += inner) {
      const dst = (o * dim + iv[t]!) * inner;
      for (let j = 0; j < inner; j++) ov[dst + j] += uv[at + j]!;
    }
  }
  return out;
};
