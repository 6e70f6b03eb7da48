import type { Conv2dAttrs, TensorInfo } from '@pistil/backend';
import { sizeOf } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { constant } from './constant.js';
import { packedConv2dBackpropInput } from './packed-conv-grads.js';
import { texelReader } from './texel.js';
import { axesOf, tapOf, windowsOver } from './window.js';

/**
 * dx of `inputShape` [N, C, H, W] from dy [N, O, OH, OW] and w [O, C/g, KH, KW]: each dx element
 * loops over the output positions whose window has a tap on it (found once per fragment), and
 * for each over the group's output channels. OH and OW are taken from dy as given, so
 * conv2dTranspose (x as dy) uses this unchanged.
 */
export function convInputGrad(backend: WebGLBackend, kernel: string, dy: TensorInfo, w: TensorInfo, inputShape: readonly number[], attrs: Conv2dAttrs): TensorInfo {
  const [, c, h, wd] = inputShape as [number, number, number, number];
  const [o, cg, kh, kw] = w.shape as [number, number, number, number];
  const [, , oh, ow] = dy.shape as [number, number, number, number];
  if (sizeOf(inputShape) === 0) return backend.empty(inputShape, dy.dtype);
  const og = o / attrs.groups;
  if (og * oh * ow * kh * kw === 0) return constant(backend, kernel, inputShape, dy.dtype, 0);
  const packed = packedConv2dBackpropInput(backend, kernel, dy, w, inputShape, attrs);
  if (packed) return packed;
  const [ay, ax] = axesOf([h, wd], [oh, ow], [kh, kw], attrs.stride, attrs.pads, attrs.dilation);
  const rdy = texelReader(backend, 'dy', dy), rw = texelReader(backend, 'w', w);
  // Without dilation every window over (y, x) has a tap on it, and the tap moves by −stride per
  // window: the weight is read through a cursor too. With dilation, windows without a tap are skipped.
  const plainTaps = ay.dilation === 1 && ax.dilation === 1;
  const body = `${rdy.helpers}
${rw.helpers}
float compute(int index) {
  int n = index / ${c * h * wd};
  int r0 = index - n * ${c * h * wd};
  int ci = r0 / ${h * wd};
  int r1 = r0 - ci * ${h * wd};
  int y = r1 / ${wd};
  int x = r1 - y * ${wd};
  int g = ci / ${cg};
  int cc = ci - g * ${cg};
  ${windowsOver('y', ay, 'oy')}
  ${windowsOver('x', ax, 'ox')}
  float acc = 0.0;
  ${rdy.type} dyRow = ${rdy.at(`(n * ${o} + g * ${og}) * ${oh * ow} + oy0 * ${ow} + ox0`)};
  int wPlane = (g * ${og} * ${cg} + cc) * ${kh * kw};
  ${plainTaps ? `${rw.type} wRow = ${rw.at(`wPlane + (y + ${ay.pad} - oy0 * ${ay.stride}) * ${kw} + x + ${ax.pad} - ox0 * ${ax.stride}`)};` : ''}
  for (int oy = oy0; oy <= oy1; oy++) {
    ${rdy.type} dyHere = dyRow;
    ${rdy.step('dyRow', ow)}
    ${plainTaps ? `${rw.type} wHere = wRow;
    ${rw.step('wRow', -ay.stride * kw)}` : tapOf('y', 'oy', ay, 'ky')}
    for (int ox = ox0; ox <= ox1; ox++) {
      ${rdy.type} d = dyHere;
      ${rdy.step('dyHere', 1)}
      ${plainTaps ? `${rw.type} v = wHere;
      ${rw.step('wHere', -ax.stride)}` : `${tapOf('x', 'ox', ax, 'kx')}
      ${rw.type} v = ${rw.at(`wPlane + ky * ${kw} + kx`)};`}
      for (int oc = 0; oc < ${og}; oc++) {
        acc += ${rdy.read('d')} * ${rw.read('v')};
        ${rdy.step('d', oh * ow)}
        ${rw.step('v', cg * kh * kw)}
      }
    }
  }
  return acc;
}`;
  return backend.runShader({ kernel, inputs: { dy, w }, output: { shape: inputShape, dtype: dy.dtype }, body });
}
