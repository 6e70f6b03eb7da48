import { broadcastShapes, type KernelImpl, type LogicalOp } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { requireDType } from './checks.js';
import { broadcastIndices } from './elementwise-glsl.js';

const OPS: Record<LogicalOp, string> = {
  logicalAnd: 'a && b',
  logicalOr: 'a || b',
  logicalXor: 'a != b',
};

/** Elementwise logic on bools with broadcasting, in one pass; any non-zero stored value counts as true. */
export const logical: KernelImpl<WebGLBackend, 'logical'> = (backend, { a, b }, { op }) => {
  const name = `logical ${op}`;
  requireDType(name, 'a', a, ['bool']);
  requireDType(name, 'b', b, ['bool']);
  const shape = broadcastShapes(name, a.shape, b.shape);
  const body = `int compute(int index) {
  ${broadcastIndices(shape, { a: a.shape, b: b.shape })}
  bool a = get_a(a_i) != 0, b = get_b(b_i) != 0;
  return ${OPS[op]} ? 1 : 0;
}`;
  return backend.runShader({ kernel: name, inputs: { a, b }, output: { shape, dtype: 'bool' }, body });
};
