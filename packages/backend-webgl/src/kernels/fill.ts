import { ShapeError, fmtShape, type KernelImpl } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { storedValue } from './elementwise-glsl.js';

/**
 * Every element is `value`, stored as `cast` would store it in `dtype` (ints saturate). A uniform,
 * so NaN and ±Infinity need no literal and the program is shared.
 */
export const fill: KernelImpl<WebGLBackend, 'fill'> = (backend, _inputs, { shape, dtype, value }) => {
  if (!shape.every((d) => Number.isInteger(d) && d >= 0)) throw new ShapeError(`fill: invalid shape ${fmtShape(shape)}`);
  const uniform = storedValue(dtype, value);
  return backend.runShader({
    kernel: 'fill',
    inputs: {},
    output: { shape, dtype },
    uniforms: { value: uniform },
    body: `${uniform.type} compute(int index) { return value; }`,
  });
};
