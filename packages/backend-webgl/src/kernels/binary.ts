import { DTypeError, broadcastShapes, type BinaryOp, type KernelImpl } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { glslMath } from '../glsl-math.js';
import { NUMERIC, requireDType, requireSameDType } from './checks.js';
import { broadcastIndices } from './elementwise-glsl.js';

/** Float ops as GLSL expressions of `a` and `b`, with the glsl-math groups they need. */
const FLOAT: Record<BinaryOp, [expr: string, needs: string[]]> = {
  add: ['a + b', []],
  sub: ['a - b', []],
  mul: ['a * b', []],
  div: ['a / b', []],
  pow: ['pm_pow(a, b)', ['pow']],
  maximum: ['pm_isnan(a) || pm_isnan(b) ? pm_nan() : max(a, b)', []],
  minimum: ['pm_isnan(a) || pm_isnan(b) ? pm_nan() : min(a, b)', []],
  mod: ['pm_pymod(a, b)', ['fmod']],
  floorDiv: ['pm_floordiv(a, b)', ['fmod']],
  atan2: ['pm_atan2(a, b)', ['inverseTrig']],
};

/**
 * int32 (and uint8: the output keeps the low 8 bits) ops. Sums and products in uint, which wraps
 * modulo 2³² as the CPU backend's Int32Array does; division by zero gives 0.
 */
const INT: Partial<Record<BinaryOp, string>> = {
  add: 'int(uint(a) + uint(b))',
  sub: 'int(uint(a) - uint(b))',
  mul: 'int(uint(a) * uint(b))',
  div: 'pm_idiv(a, b)',
  pow: 'pm_ipow(a, b)',
  maximum: 'max(a, b)',
  minimum: 'min(a, b)',
  mod: 'pm_imod(a, b)',
  floorDiv: 'pm_ifloordiv(a, b)',
};

/** Elementwise arithmetic with broadcasting, in one pass. */
export const binary: KernelImpl<WebGLBackend, 'binary'> = (backend, { a, b }, { op }) => {
  const name = `binary ${op}`;
  requireSameDType(name, { a, b });
  requireDType(name, 'a', a, NUMERIC);
  const shape = broadcastShapes(name, a.shape, b.shape);
  const index = broadcastIndices(shape, { a: a.shape, b: b.shape });
  let body: string;
  if (a.dtype === 'float32') {
    const [expr, needs] = FLOAT[op];
    body = `${glslMath('special', ...needs)}
float compute(int index) {
  ${index}
  float a = get_a(a_i), b = get_b(b_i);
  return ${expr};
}`;
  } else {
    const expr = INT[op];
    if (!expr) throw new DTypeError(`${name}: needs float32, got ${a.dtype}`);
    body = `${glslMath('int')}
int compute(int index) {
  ${index}
  int a = get_a(a_i), b = get_b(b_i);
  return ${expr};
}`;
  }
  return backend.runShader({ kernel: name, inputs: { a, b }, output: { shape, dtype: a.dtype }, body });
};
