/**
 * conv2d (and fusedConv2d) as a packed product (packed-gemm.ts): per group g, C[g] = A[g]·B[g]ᵀ
 * where A's rows are the output positions (n, oy, ox) and its depth the receptive field
 * (c, ky, kx), gathered from x straight into the packed grid (zeros on the padding; no im2col
 * matrix is ever written unpacked), and B's rows are the group's filters w[o] (already
 * [O, C/g·KH·KW] in memory). The unpack pass writes [N, O, OH, OW] with the epilogue.
 */
import { sizeOf, type Conv2dAttrs, type TensorInfo } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { divInt } from '../shader.js';
import { epilogueGlsl, type Epilogue } from './epilogue.js';
import { gemmPlan, packedGemm, preferPacked, stridedOperand, type GemmOperand } from './packed-gemm.js';

/** The output through the packed product, or undefined where the direct convolution should run instead. */
export function packedConv2d(backend: WebGLBackend, kernel: string, x: TensorInfo, w: TensorInfo, attrs: Conv2dAttrs, shape: readonly number[], epi: Epilogue | undefined): TensorInfo | undefined {
  const n = x.shape[0]!;
  const [o, cg, kh, kw] = w.shape as [number, number, number, number];
  const [, , oh, ow] = shape as [number, number, number, number];
  const groups = attrs.groups;
  const og = o / groups;
  const m = n * oh * ow, k = cg * kh * kw;
  if (sizeOf(shape) === 0 || !preferPacked('conv2d', groups * m * og * k)) return undefined;
  const plan = gemmPlan({ m, n: og, k, batch: groups, aRows: groups * m, bRows: o }, backend.maxTextureSize);
  if (!plan) return undefined;
  return packedGemm(backend, {
    kernel, m, n: og, k, batch: groups,
    a: im2colOperand(x, attrs, [o, cg, kh, kw], [oh, ow]),
    b: stridedOperand(w, { mats: 1, rows: o, depth: k, matStride: o * k, rowStride: k, depthStride: 1 }),
    mats: 'int am = bo; int bm = bo;',
    output: { shape, dtype: 'float32' },
    unpackInputs: epi?.bias ? { bias: epi.bias } : {},
    unpack: `float compute(int index) {
  int nb = ${divInt('index', o * oh * ow, sizeOf(shape))};
  int r0 = index - nb * ${o * oh * ow};
  int oc = ${divInt('r0', oh * ow, o * oh * ow)};
  int p = r0 - oc * ${oh * ow};
  int g = ${divInt('oc', og, o)};
  float acc = product(g, nb * ${oh * ow} + p, oc - g * ${og});
  ${epilogueGlsl(epi, 'oc')}
  return acc;
}`,
  }, plan);
}

/**
 * A[g] row (n, oy, ox), depth (c, ky, kx) = x[n, g·C/g + c, oy·sh − pt + ky·dh, ox·sw − pl + kx·dw],
 * 0 outside x. Row r of the operand is g·(N·OH·OW) + (n·OH + oy)·OW + ox.
 */
function im2colOperand(x: TensorInfo, attrs: Conv2dAttrs, [, cg, kh, kw]: readonly number[], [oh, ow]: readonly number[]): GemmOperand {
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const groups = attrs.groups;
  const [sh, sw] = attrs.stride, [dh, dw] = attrs.dilation, [pt, pl] = attrs.pads;
  const m = n * oh * ow, k = cg * kh! * kw!;
  const taps = kh! * kw!;
  // four consecutive (c, ky, kx), carried along; each read only when inside x (and k + t < K)
  const term = (t: number) => `
  ${t === 0 ? '' : `if (++kx == ${kw}) { kx = 0; if (++ky == ${kh}) { ky = 0; plane += ${h * wd}; } }`}
  ${k % 4 === 0 || t === 0 ? '' : `if (k + ${t} < ${k}) `}{ int y = ys + ky * ${dh}; int xx = xs + kx * ${dw}; if (y >= 0 && y < ${h} && xx >= 0 && xx < ${wd}) v[${t}] = get_x(plane + y * ${wd} + xx); }`;
  return {
    rows: groups * m,
    inputs: { x },
    glsl: `vec4 pack(int r, int k) {
  ${groups > 1 ? `int g = ${divInt('r', m, groups * m)}; int q = r - g * ${m};` : 'int g = 0; int q = r;'}
  int nb = ${divInt('q', oh * ow, m)};
  int p = q - nb * ${oh * ow};
  int oy = ${divInt('p', ow, oh * ow)};
  int ys = oy * ${sh} - ${pt};
  int xs = (p - oy * ${ow}) * ${sw} - ${pl};
  int ci = ${divInt('k', taps, k)};
  int t = k - ci * ${taps};
  int ky = ${divInt('t', kw!, taps)};
  int kx = t - ky * ${kw};
  int plane = (nb * ${c} + g * ${cg} + ci) * ${h * wd};
  vec4 v = vec4(0.0);${[0, 1, 2, 3].map(term).join('')}
  return v;
}`,
  };
}
