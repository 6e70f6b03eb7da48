import { ShapeError, broadcastShapes, fmtShape } from '@pistil/backend';
import type { KernelImpl } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { broadcastStrides, stridedCopy } from '../helpers/strided.js';

export const broadcastTo: KernelImpl<CpuBackend, 'broadcastTo'> = (backend, { x }, { shape }) => {
  const joint = broadcastShapes('broadcastTo', x.shape, shape);
  if (joint.length !== shape.length || joint.some((d, i) => d !== shape[i]))
    throw new ShapeError(`broadcastTo: ${fmtShape(x.shape)} cannot be broadcast to ${fmtShape(shape)}`);
  const out = backend.output(shape, x.dtype);
  stridedCopy(backend.view(x), 0, shape, broadcastStrides(x.shape, shape), backend.view(out));
  return out;
};
