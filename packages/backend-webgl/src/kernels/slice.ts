import { sliceView, type KernelImpl } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { coordNames, coordsOf, glslInt, offsetExpr } from '../glsl.js';
import { glslType } from './elementwise-glsl.js';

/** A strided slice in one pass: a view (offset, strides) of x read at the output's coordinates; negative steps are negative strides. */
export const slice: KernelImpl<WebGLBackend, 'slice'> = (backend, { x }, { begin, size, step }) => {
  const rank = x.shape.length;
  const { offset, strides } = sliceView(x.shape, begin, size, step);
  const read = offsetExpr(coordNames('c', rank), strides);
  const body = `${glslType(x.dtype)} compute(int index) {
  ${coordsOf(size, 'index', 'c')}
  return get_x(${offset === 0 ? read : `${glslInt(offset)} + ${read}`});
}`;
  return backend.runShader({ kernel: 'slice', inputs: { x }, output: { shape: size, dtype: x.dtype }, body });
};
