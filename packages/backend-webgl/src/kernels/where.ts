import { broadcastShapes, type KernelImpl } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { requireDType, requireSameDType } from './checks.js';
import { broadcastIndices, glslType } from './elementwise-glsl.js';

/** `condition ? a : b` with all three broadcast together, in one pass (values are copied bit for bit). */
export const where: KernelImpl<WebGLBackend, 'where'> = (backend, { condition, a, b }) => {
  requireDType('where', 'condition', condition, ['bool']);
  requireSameDType('where', { a, b });
  const shape = broadcastShapes('where', condition.shape, a.shape, b.shape);
  const type = glslType(a.dtype);
  const body = `${type} compute(int index) {
  ${broadcastIndices(shape, { c: condition.shape, a: a.shape, b: b.shape })}
  return get_c(c_i) != 0 ? get_a(a_i) : get_b(b_i);
}`;
  return backend.runShader({ kernel: 'where', inputs: { c: condition, a, b }, output: { shape, dtype: a.dtype }, body });
};
