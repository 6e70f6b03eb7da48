import { conv2dShape, sizeOf } from '@pistil/backend';
import type { Conv2dAttrs, KernelImpl, TensorInfo } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { WEBGL_FLOAT, requireDType, requireSameDType } from './checks.js';
import { constant } from './constant.js';
import { epilogueGlsl, epilogueOf, type Epilogue } from './epilogue.js';
import { packedConv2d } from './packed-conv2d.js';
import { texelReader } from './texel.js';
import { allInside, axesOf, tapRange } from './window.js';

/**
 * Direct convolution: each output element loops over its receptive field (the group's channels
 * × the in-bounds taps, found once per fragment), with offsets advanced by constant steps.
 */
function convolve(backend: WebGLBackend, kernel: string, x: TensorInfo, w: TensorInfo, attrs: Conv2dAttrs, epilogue?: () => Epilogue): TensorInfo {
  requireSameDType(kernel, { x, w });
  requireDType(kernel, 'x', x, WEBGL_FLOAT);
  const shape = conv2dShape(x.shape, w.shape, attrs);
  const epi = epilogue?.();
  const [, c, h, wd] = x.shape as [number, number, number, number];
  const [o, cg, kh, kw] = w.shape as [number, number, number, number];
  const [, , oh, ow] = shape as [number, number, number, number];
  if (sizeOf(shape) === 0) return backend.empty(shape, x.dtype);
  if (cg * kh * kw === 0 && !epi) return constant(backend, kernel, shape, x.dtype, 0);
  const packed = packedConv2d(backend, kernel, x, w, attrs, shape, epi);
  if (packed) return packed;
  const og = o / attrs.groups;
  const [ay, ax] = axesOf([h, wd], [oh, ow], [kh, kw], attrs.stride, attrs.pads, attrs.dilation);
  const rx = texelReader(backend, 'x', x), rw = texelReader(backend, 'w', w);
  // The receptive-field loops; with constant bounds (which the shader compiler unrolls) for a
  // window that lies wholly inside the input, dynamic ones for windows that overhang the padding.
  const loops = (full: boolean) => `for (int ci = 0; ci < ${cg}; ci++) {
    ${rx.type} xr = xc;
    ${rw.type} wr = wc;
    for (int ky = ${full ? `0; ky < ${kh}` : 'ky0; ky < ky1'}; ky++) {
      ${rx.type} xo = xr;
      ${rw.type} wo = wr;
      for (int kx = ${full ? `0; kx < ${kw}` : 'kx0; kx < kx1'}; kx++) {
        acc += ${rx.read('xo')} * ${rw.read('wo')};
        ${rx.step('xo', ax.dilation)}
        ${rw.step('wo', 1)}
      }
      ${rx.step('xr', ay.dilation * wd)}
      ${rw.step('wr', kw)}
    }
    ${rx.step('xc', h * wd)}
    ${rw.step('wc', kh * kw)}
  }`;
  const windowLoops = allInside(ay) && allInside(ax)
    ? loops(true)
    : `if (ky0 == 0 && ky1 == ${kh} && kx0 == 0 && kx1 == ${kw}) {\n  ${loops(true)}\n  } else {\n  ${loops(false)}\n  }`;
  const body = `${rx.helpers}
${rw.helpers}
float compute(int index) {
  int n = index / ${o * oh * ow};
  int r0 = index - n * ${o * oh * ow};
  int oc = r0 / ${oh * ow};
  int r1 = r0 - oc * ${oh * ow};
  int oy = r1 / ${ow};
  int ox = r1 - oy * ${ow};
  int g = oc / ${og};
  ${tapRange('oy', ay, 'ky')}
  ${tapRange('ox', ax, 'kx')}
  ${rx.type} xc = ${rx.at(`(n * ${c} + g * ${cg}) * ${h * wd} + (kys + ky0 * ${ay.dilation}) * ${wd} + kxs + kx0 * ${ax.dilation}`)};
  ${rw.type} wc = ${rw.at(`oc * ${cg * kh * kw} + ky0 * ${kw} + kx0`)};
  float acc = 0.0;
  ${windowLoops}
  ${epilogueGlsl(epi, 'oc')}
  return acc;
}`;
  const inputs: Record<string, TensorInfo> = epi?.bias ? { x, w, bias: epi.bias } : { x, w };
  return backend.runShader({ kernel, inputs, output: { shape, dtype: x.dtype }, body });
}

export const conv2d: KernelImpl<WebGLBackend, 'conv2d'> = (backend, { x, w }, attrs) => convolve(backend, 'conv2d', x, w, attrs);

/** act(conv2d(x, w) + bias), the epilogue inside the convolution's shader. */
export const fusedConv2d: KernelImpl<WebGLBackend, 'fusedConv2d'> = (backend, { x, w, bias }, attrs) =>
  convolve(backend, 'fusedConv2d', x, w, attrs, () => epilogueOf('fusedConv2d', x, bias, w.shape[0]!, attrs.activation));
