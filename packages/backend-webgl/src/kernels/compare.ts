import { broadcastShapes, type CompareOp, type KernelImpl } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { glslMath } from '../glsl-math.js';
import { requireSameDType } from './checks.js';
import { broadcastIndices, glslType } from './elementwise-glsl.js';

const OPS: Record<CompareOp, string> = {
  equal: 'a == b',
  notEqual: 'a != b',
  less: 'a < b',
  lessEqual: 'a <= b',
  greater: 'a > b',
  greaterEqual: 'a >= b',
};

/**
 * Elementwise comparison with broadcasting, output bool, in one pass. NaN is tested on the bits
 * (false for every op but notEqual) rather than trusting the driver's unordered comparisons.
 */
export const compare: KernelImpl<WebGLBackend, 'compare'> = (backend, { a, b }, { op }) => {
  const name = `compare ${op}`;
  requireSameDType(name, { a, b });
  const shape = broadcastShapes(name, a.shape, b.shape);
  const type = glslType(a.dtype);
  const nanCheck = type === 'float' ? `if (pm_isnan(a) || pm_isnan(b)) return ${op === 'notEqual' ? 1 : 0};` : '';
  const body = `${type === 'float' ? glslMath('special') : ''}
int compute(int index) {
  ${broadcastIndices(shape, { a: a.shape, b: b.shape })}
  ${type} a = get_a(a_i), b = get_b(b_i);
  ${nanCheck}
  return ${OPS[op]} ? 1 : 0;
}`;
  return backend.runShader({ kernel: name, inputs: { a, b }, output: { shape, dtype: 'bool' }, body });
};
