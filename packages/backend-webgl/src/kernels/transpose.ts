import { stridesOf, transposeShape, type KernelImpl } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { coordNames, coordsOf, offsetExpr } from '../glsl.js';
import { glslType } from './elementwise-glsl.js';

/** Permutes axes in one pass: output coordinate i reads input axis perm[i]. */
export const transpose: KernelImpl<WebGLBackend, 'transpose'> = (backend, { x }, { perm }) => {
  const shape = transposeShape(x.shape, perm);
  const inStrides = stridesOf(x.shape);
  const body = `${glslType(x.dtype)} compute(int index) {
  ${coordsOf(shape, 'index', 'c')}
  return get_x(${offsetExpr(coordNames('c', shape.length), perm.map((p) => inStrides[p]!))});
}`;
  return backend.runShader({ kernel: 'transpose', inputs: { x }, output: { shape, dtype: x.dtype }, body });
};
