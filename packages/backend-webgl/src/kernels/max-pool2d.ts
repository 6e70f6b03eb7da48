import { pool2dShape, sizeOf } from '@pistil/backend';
import type { KernelImpl } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { formatOf } from '../layout.js';
import { requireDType } from './checks.js';
import { maxWindowGlsl } from './max-window.js';

/** One pass: each output finds its window's first maximum (NaN wins) over the in-bounds taps. */
export const maxPool2d: KernelImpl<WebGLBackend, 'maxPool2d'> = (backend, { x }, attrs) => {
  requireDType('maxPool2d', 'x', x, ['float32', 'int32', 'uint8']);
  const shape = pool2dShape('maxPool2d', x.shape, attrs);
  if (sizeOf(shape) === 0) return backend.empty(shape, x.dtype);
  const float = formatOf(x.dtype) === 'float';
  const body = `${maxWindowGlsl(backend, x, shape, attrs)}
${float ? 'float' : 'int'} compute(int index) {
  int a = argOfWindow(index);
  return a < 0 ? ${float ? '-inf_f()' : '0'} : get_x(a);
}`;
  return backend.runShader({ kernel: 'maxPool2d', inputs: { x }, output: { shape, dtype: x.dtype }, body });
};
