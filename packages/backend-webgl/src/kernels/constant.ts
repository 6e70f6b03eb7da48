import type { DType, TensorInfo } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';

/**
 * A tensor of `shape` holding `value` (a uniform, so ±Infinity and NaN work): the identities of
 * empty reductions and the zeros of products over nothing.
 */
export function constant(backend: WebGLBackend, kernel: string, shape: readonly number[], dtype: DType, value: number): TensorInfo {
  const float = dtype === 'float32';
  return backend.runShader({
    kernel,
    inputs: {},
    output: { shape, dtype },
    uniforms: { value: { type: float ? 'float' : 'int', value: float ? value : value | 0 } },
    body: `${float ? 'float' : 'int'} compute(int index) { return value; }`,
  });
}
