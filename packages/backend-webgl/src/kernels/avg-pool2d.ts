import { pool2dShape, sizeOf } from '@pistil/backend';
import type { KernelImpl } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { WEBGL_FLOAT, requireDType } from './checks.js';
import { texelReader } from './texel.js';
import { axesOf, tapRange } from './window.js';

/**
 * One pass: each output sums its window's in-bounds taps and divides by KH·KW (countIncludePad:
 * windows never reach past the padded input) or by the number of in-bounds taps.
 */
export const avgPool2d: KernelImpl<WebGLBackend, 'avgPool2d'> = (backend, { x }, attrs) => {
  requireDType('avgPool2d', 'x', x, WEBGL_FLOAT);
  const shape = pool2dShape('avgPool2d', x.shape, attrs);
  if (sizeOf(shape) === 0) return backend.empty(shape, x.dtype);
  const [, , h, w] = x.shape as [number, number, number, number];
  const [, , oh, ow] = shape as [number, number, number, number];
  const [ay, ax] = axesOf([h, w], [oh, ow], attrs.kernel, attrs.stride, attrs.pads, attrs.dilation);
  const divisor = attrs.countIncludePad ? `${ay.kernel * ax.kernel}.0` : 'float((ky1 - ky0) * (kx1 - kx0))';
  const rx = texelReader(backend, 'x', x);
  const body = `${rx.helpers}
float compute(int index) {
  int plane = index / ${oh * ow};
  int r = index - plane * ${oh * ow};
  int oy = r / ${ow};
  int ox = r - oy * ${ow};
  ${tapRange('oy', ay, 'ky')}
  ${tapRange('ox', ax, 'kx')}
  ${rx.type} row = ${rx.at(`plane * ${h * w} + (kys + ky0 * ${ay.dilation}) * ${w} + kxs + kx0 * ${ax.dilation}`)};
  float acc = 0.0;
  for (int ky = ky0; ky < ky1; ky++) {
    ${rx.type} c = row;
    for (int kx = kx0; kx < kx1; kx++) {
      acc += ${rx.read('c')};
      ${rx.step('c', ax.dilation)}
    }
    ${rx.step('row', ay.dilation * w)}
  }
  return acc / ${divisor};
}`;
  return backend.runShader({ kernel: 'avgPool2d', inputs: { x }, output: { shape, dtype: x.dtype }, body });
};
