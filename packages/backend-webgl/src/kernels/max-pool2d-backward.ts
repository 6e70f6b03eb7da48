import { pool2dShape, sizeOf } from '@pistil/backend';
import type { KernelImpl } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { WEBGL_FLOAT, requireDType, requireSameDType, requireShape } from './checks.js';
import { maxWindowGlsl } from './max-window.js';
import { texelReader } from './texel.js';
import { axesOf, windowsOver } from './window.js';

/**
 * Two passes. 1: the flat x index of each window's first maximum (int32, shaped as dy; −1 for a
 * window of padding). 2: each dx element loops over the windows that span it and adds the dy of
 * those whose maximum it is — overlapping windows add up, padding never receives anything.
 */
export const maxPool2dBackward: KernelImpl<WebGLBackend, 'maxPool2dBackward'> = (backend, { dy, x }, attrs) => {
  const op = 'maxPool2dBackward';
  requireSameDType(op, { dy, x });
  requireDType(op, 'dy', dy, WEBGL_FLOAT);
  requireShape(op, 'dy', dy.shape, pool2dShape(op, x.shape, attrs));
  if (sizeOf(x.shape) === 0) return backend.empty(x.shape, x.dtype);
  const [, , h, w] = x.shape as [number, number, number, number];
  const [, , oh, ow] = dy.shape as [number, number, number, number];
  if (oh * ow === 0) return backend.runShader({ kernel: op, inputs: {}, output: { shape: x.shape, dtype: x.dtype }, body: 'float compute(int index) { return 0.0; }' });
  const arg = backend.runShader({
    kernel: op,
    inputs: { x },
    output: { shape: dy.shape, dtype: 'int32' },
    body: `${maxWindowGlsl(backend, x, dy.shape, attrs)}
int compute(int index) { return argOfWindow(index); }`,
  });
  try {
    // arg has dy's shape, so its texture is dy's: one cursor walks both
    const rd = texelReader(backend, 'dy', dy), ra = texelReader(backend, 'arg', arg);
    const [ay, ax] = axesOf([h, w], [oh, ow], attrs.kernel, attrs.stride, attrs.pads, attrs.dilation);
    return backend.runShader({
      kernel: op,
      inputs: { dy, arg },
      output: { shape: x.shape, dtype: x.dtype },
      body: `${rd.helpers}
${ra.helpers}
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
    for (int ox = ox0; ox <= ox1; ox++) {
      if (${ra.read('c')} == index) acc += ${rd.read('c')};
      ${rd.step('c', 1)}
    }
    ${rd.step('row', ow)}
  }
  return acc;
}`,
    });
  } finally {
    backend.dispose(arg.dataId);
  }
};
