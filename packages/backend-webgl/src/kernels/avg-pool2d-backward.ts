import { pool2dShape, sizeOf } from '@pistil/backend';
import type { KernelImpl } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { WEBGL_FLOAT, requireDType, requireRank, requireShape } from './checks.js';
import { texelReader } from './texel.js';
import { axesOf, tapOf, tapRange, windowsOver } from './window.js';

/**
 * One pass: each dx element loops over the windows with a tap on it and adds dy / divisor of
 * each (the divisor of a window without countIncludePad is its count of in-bounds taps).
 */
export const avgPool2dBackward: KernelImpl<WebGLBackend, 'avgPool2dBackward'> = (backend, { dy }, attrs) => {
  const op = 'avgPool2dBackward';
  requireDType(op, 'dy', dy, WEBGL_FLOAT);
  requireRank(op, 'inputShape', attrs.inputShape, 4, '[N, C, H, W]');
  requireShape(op, 'dy', dy.shape, pool2dShape(op, attrs.inputShape, attrs));
  const shape = attrs.inputShape;
  if (sizeOf(shape) === 0) return backend.empty(shape, dy.dtype);
  const [, , h, w] = shape as [number, number, number, number];
  const [, , oh, ow] = dy.shape as [number, number, number, number];
  const [ay, ax] = axesOf([h, w], [oh, ow], attrs.kernel, attrs.stride, attrs.pads, attrs.dilation);
  const inc = attrs.countIncludePad;
  const rd = texelReader(backend, 'dy', dy);
  const body = `${rd.helpers}
float compute(int index) {
  int plane = index / ${h * w};
  int r = index - plane * ${h * w};
  int y = r / ${w};
  int x = r - y * ${w};
  ${windowsOver('y', ay, 'oy')}
  ${windowsOver('x', ax, 'ox')}
  float acc = 0.0;
  ${rd.type} row = ${rd.at(`plane * ${oh * ow} + oy0 * ${ow} + ox0`)};
  for (int oy = oy0; oy <= oy1; oy++) {
    ${rd.type} c = row;
    ${rd.step('row', ow)}
    ${tapOf('y', 'oy', ay, 'ty')}
    ${inc ? '' : tapRange('oy', ay, 'ky')}
    for (int ox = ox0; ox <= ox1; ox++) {
      ${rd.type} here = c;
      ${rd.step('c', 1)}
      ${tapOf('x', 'ox', ax, 'tx')}
      ${inc ? '' : tapRange('ox', ax, 'kx')}
      acc += ${rd.read('here')} / ${inc ? `${ay.kernel * ax.kernel}.0` : 'float((ky1 - ky0) * (kx1 - kx0))'};
    }
  }
  return acc;
}`;
  return backend.runShader({ kernel: op, inputs: { dy }, output: { shape, dtype: dy.dtype }, body });
};
