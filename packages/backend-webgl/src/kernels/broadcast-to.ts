import { ShapeError, broadcastShapes, fmtShape, type KernelImpl } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { broadcastIndices, glslType } from './elementwise-glsl.js';

/** Materialises a broadcast in one pass. */
export const broadcastTo: KernelImpl<WebGLBackend, 'broadcastTo'> = (backend, { x }, { shape }) => {
  const joint = broadcastShapes('broadcastTo', x.shape, shape);
  if (joint.length !== shape.length || joint.some((d, i) => d !== shape[i]))
    throw new ShapeError(`broadcastTo: ${fmtShape(x.shape)} cannot be broadcast to ${fmtShape(shape)}`);
  const body = `${glslType(x.dtype)} compute(int index) {
  ${broadcastIndices(shape, { x: x.shape })}
  return get_x(x_i);
}`;
  return backend.runShader({ kernel: 'broadcastTo', inputs: { x }, output: { shape, dtype: x.dtype }, body });
};
