import { gatherShape, sizeOf, type KernelImpl } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { requireDType } from './checks.js';
import { glslType } from './elementwise-glsl.js';
import { readIndices } from './indices.js';

/**
 * Takes slices of x along `axis` in one pass: output element (o, t, j) reads x at
 * (o, indices[t], j). The indices are read back once to check their range (see indices.ts).
 */
export const gather: KernelImpl<WebGLBackend, 'gather'> = (backend, { x, indices }, { axis }) => {
  requireDType('gather', 'indices', indices, ['int32']);
  const shape = gatherShape(x.shape, indices.shape, axis);
  const dim = x.shape[axis]!;
  readIndices(backend, 'gather', indices, dim, axis);
  if (sizeOf(shape) === 0) return backend.empty(shape, x.dtype);
  const inner = sizeOf(x.shape.slice(axis + 1));
  const count = sizeOf(indices.shape);
  const body = `${glslType(x.dtype)} compute(int index) {
  int o = index / ${count * inner};
  int r = index - o * ${count * inner};
  int t = r / ${inner};
  int j = r - t * ${inner};
  return get_x((o * ${dim} + get_indices(t)) * ${inner} + j);
}`;
  return backend.runShader({ kernel: 'gather', inputs: { x, indices }, output: { shape, dtype: x.dtype }, body });
};
