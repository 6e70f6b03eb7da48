import { DTypeError, ShapeError, fmtShape, hash32, type KernelImpl } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { glslMath } from '../glsl-math.js';

const UNIFORM = `
float compute(int index) {
  uint bits = pm_random_bits(uint(key), uint(index));
  return a + span * (float(bits >> 8) * 5.9604644775390625e-8);
}`;

// Box–Muller from elements 2i and 2i+1, as normalAt; cos(2πu) is reduced exactly on u.
const NORMAL = `
float compute(int index) {
  uint i = uint(index) * 2u;
  float u1 = (float(pm_random_bits(uint(key), i) >> 8) + 1.0) * 5.9604644775390625e-8;
  float u2 = float(pm_random_bits(uint(key), i + 1u) >> 8) * 5.9604644775390625e-8;
  return a + span * (sqrt(-2.0 * log(u1)) * pm_cos2pi(u2));
}`;

/**
 * Seeded random numbers in one pass, from the counter-based generator of @pistil/backend's
 * random.ts in uint arithmetic: the 24-bit uniforms are bit-exact with `uniformAt`; normals match
 * `normalAt` to float32 rounding of log/sqrt/cos.
 */
export const random: KernelImpl<WebGLBackend, 'random'> = (backend, _inputs, { shape, dtype, distribution, a, b, seed }) => {
  if (dtype !== 'float32') throw new DTypeError(`random: dtype ${String(dtype)}, expected float32 (webgl stores no float64)`);
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw new ShapeError(`random: invalid shape ${fmtShape(shape)}`);
  const key = hash32((seed ^ 0x9e3779b9) >>> 0) | 0;
  const uniform = distribution === 'uniform';
  return backend.runShader({
    kernel: `random ${distribution}`,
    inputs: {},
    output: { shape, dtype },
    uniforms: { key: { type: 'int', value: key }, a: { type: 'float', value: a }, span: { type: 'float', value: uniform ? b - a : b } },
    body: glslMath('random', ...(uniform ? [] : ['trig'])) + (uniform ? UNIFORM : NORMAL),
  });
};
