/**
 * The two gradients of conv2d as packed products (packed-gemm.ts), per group g:
 *
 * - dw: C[g] = A·Bᵀ with A = dy's rows (the group's output channels o) and B = im2col(x)'s rows
 *   (c, ky, kx), both over the depth (n, oy, ox) — gathered from dy and x straight into the
 *   packed grids, four consecutive ox at a time. The depth is N·OH·OW, usually long: the engine
 *   splits it into slices.
 * - dx: dcol[g] = wᵀ·dy with rows (c, ky, kx), columns (n, oy, ox), over the group's output
 *   channels, folded back into dx by the unpack pass (col2im).
 */
import { sizeOf, type Conv2dAttrs, type TensorInfo } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { divInt } from '../shader.js';
import { gemmPlan, packedGemm, preferPacked, stridedOperand } from './packed-gemm.js';

/** dw of `filterShape` from x and dy through the packed product, or undefined where the direct kernel should run. */
export function packedConv2dBackpropFilter(backend: WebGLBackend, kernel: string, x: TensorInfo, dy: TensorInfo, filterShape: readonly number[], attrs: Conv2dAttrs): TensorInfo | undefined {
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [o, cg, kh, kw] = filterShape as [number, number, number, number];
  const [, , oh, ow] = dy.shape as [number, number, number, number];
  const groups = attrs.groups;
  const og = o / groups;
  const taps = kh * kw, cols = cg * taps;
  const ohw = oh * ow, depth = n * ohw;
  if (sizeOf(filterShape) === 0 || !preferPacked('conv2d', o * cols * depth)) return undefined;
  const plan = gemmPlan({ m: og, n: cols, k: depth, batch: groups, aRows: o, bRows: groups * cols }, backend.maxTextureSize);
  if (!plan) return undefined;
  const [sh, sw] = attrs.stride, [dh, dw] = attrs.dilation, [pt, pl] = attrs.pads;
  const ragged = depth % 4 !== 0;
  const guard = (t: number) => (ragged && t > 0 ? `if (k + ${t} < ${depth}) ` : '');
  // dy[n, r, p …]: r is the output channel; p steps into the next image's plane past OH·OW
  const dyTerm = (t: number) => `
  ${t === 0 ? '' : `if (++p == ${ohw}) { p = 0; off += ${o * ohw}; }`}
  ${guard(t)}v[${t}] = get_dy(off + p);`;
  // x at (n, g·Cg + c, oy·sh − pt + ky·dh, ox·sw − pl + kx·dw), 0 outside; (n, oy, ox) carried along
  const xTerm = (t: number) => `
  ${t === 0 ? '' : `if (++ox == ${ow}) { ox = 0; if (++oy == ${oh}) { oy = 0; plane += ${c * h * wd}; } }`}
  ${guard(t)}{ int y = oy * ${sh} + ys; int xx = ox * ${sw} + xs; if (y >= 0 && y < ${h} && xx >= 0 && xx < ${wd}) v[${t}] = get_x(plane + y * ${wd} + xx); }`;
  return packedGemm(backend, {
    kernel, m: og, n: cols, k: depth, batch: groups,
    a: {
      rows: o,
      inputs: { dy },
      glsl: `vec4 pack(int r, int k) {
  int nb = ${divInt('k', ohw, depth)};
  int p = k - nb * ${ohw};
  int off = (nb * ${o} + r) * ${ohw};
  vec4 v = vec4(0.0);${[0, 1, 2, 3].map(dyTerm).join('')}
  return v;
}`,
    },
    b: {
      rows: groups * cols,
      inputs: { x },
      glsl: `vec4 pack(int r, int k) {
  ${groups > 1 ? `int g = ${divInt('r', cols, groups * cols)}; int e = r - g * ${cols};` : 'int g = 0; int e = r;'}
  int ci = ${divInt('e', taps, cols)};
  int tap = e - ci * ${taps};
  int ky = ${divInt('tap', kw, taps)};
  int ys = ky * ${dh} - ${pt};
  int xs = (tap - ky * ${kw}) * ${dw} - ${pl};
  int nb = ${divInt('k', ohw, depth)};
  int p = k - nb * ${ohw};
  int oy = ${divInt('p', ow, ohw)};
  int ox = p - oy * ${ow};
  int plane = (nb * ${c} + g * ${cg} + ci) * ${h * wd};
  vec4 v = vec4(0.0);${[0, 1, 2, 3].map(xTerm).join('')}
  return v;
}`,
    },
    mats: 'int am = bo; int bm = bo;',
    output: { shape: filterShape, dtype: 'float32' },
    unpack: `float compute(int index) {
  int oc = ${divInt('index', cols, o * cols)};
  int g = ${divInt('oc', og, o)};
  return product(g, oc - g * ${og}, index - oc * ${cols});
}`,
  }, plan);
}

/**
 * dx of `inputShape` from dy and w through the packed product, or undefined where the direct
 * kernel should run. The product is dcol[g] = wᵀ·dy per group — rows (c, ky, kx), columns
 * (n, oy, ox), depth the group's output channels: both operands packed as they are, nothing
 * expanded — and the unpack pass folds it back (col2im): dx[n, c, y, x] adds dcol at each tap
 * (ky, kx) whose window (oy, ox) covers (y, x).
 */
export function packedConv2dBackpropInput(backend: WebGLBackend, kernel: string, dy: TensorInfo, w: TensorInfo, inputShape: readonly number[], attrs: Conv2dAttrs): TensorInfo | undefined {
  const [n, c, h, wd] = inputShape as [number, number, number, number];
  const [o, cg, kh, kw] = w.shape as [number, number, number, number];
  const [, , oh, ow] = dy.shape as [number, number, number, number];
  const groups = attrs.groups;
  const og = o / groups;
  const taps = kh * kw, rows = cg * taps, ohw = oh * ow, cols = n * ohw;
  if (sizeOf(inputShape) === 0 || !preferPacked('conv2d', groups * rows * cols * og)) return undefined;
  const plan = gemmPlan({ m: rows, n: cols, k: og, batch: groups, aRows: groups * rows, bRows: groups * cols }, backend.maxTextureSize);
  if (!plan) return undefined;
  const [sh, sw] = attrs.stride, [dh, dw] = attrs.dilation, [pt, pl] = attrs.pads;
  // the window o covering input v at tap t: o = (v + pad − t·d) / s when that divides exactly and lands in [0, out)
  const solve = (v: string, size: number, pad: number, tap: string, d: number, s: number, out: number, o: string) =>
    s === 1
      ? `int ${o} = ${v} + ${pad} - ${tap} * ${d}; bool ${o}ok = ${o} >= 0 && ${o} < ${out};`
      : `int ${o}n = ${v} + ${pad} - ${tap} * ${d}; int ${o} = ${o}n >= 0 ? ${divInt(`${o}n`, s, size + pad)} : -1; bool ${o}ok = ${o} >= 0 && ${o} < ${out} && ${o} * ${s} == ${o}n;`;
  const bGuard = (t: number) => (og % 4 !== 0 && t > 0 ? `k + ${t} < ${og} ? ` : '');
  return packedGemm(backend, {
    kernel, m: rows, n: cols, k: og, batch: groups,
    // w[g·og + oc, c, ky, kx]: row (g, c, ky, kx), depth oc
    a: stridedOperand(w, { mats: groups, rows, depth: og, matStride: og * rows, rowStride: 1, depthStride: rows }),
    // dy[nb, g·og + oc, oy, ox]: row (g, nb, oy, ox), depth oc
    b: {
      rows: groups * cols,
      inputs: { dy },
      glsl: `vec4 pack(int r, int k) {
  ${groups > 1 ? `int g = ${divInt('r', cols, groups * cols)}; int q = r - g * ${cols};` : 'int g = 0; int q = r;'}
  int nb = ${divInt('q', ohw, cols)};
  int off = (nb * ${o} + g * ${og} + k) * ${ohw} + q - nb * ${ohw};
  return vec4(${[0, 1, 2, 3].map((t) => (t === 0 ? 'get_dy(off)' : `${bGuard(t)}get_dy(off + ${t * ohw})${bGuard(t) ? ' : 0.0' : ''}`)).join(', ')});
}`,
    },
    mats: 'int am = bo; int bm = bo;',
    output: { shape: inputShape, dtype: 'float32' },
    unpack: `float compute(int index) {
  int nb = ${divInt('index', c * h * wd, sizeOf(inputShape))};
  int r0 = index - nb * ${c * h * wd};
  int ci = ${divInt('r0', h * wd, c * h * wd)};
  int p = r0 - ci * ${h * wd};
  int y = ${divInt('p', wd, h * wd)};
  int xx = p - y * ${wd};
  int g = ${divInt('ci', cg, c)};
  int row = (ci - g * ${cg}) * ${taps};
  int col = nb * ${ohw};
  float acc = 0.0;
  for (int ky = 0; ky < ${kh}; ky++) {
    ${solve('y', h, pt, 'ky', dh, sh, oh, 'oy')}
    if (!oyok) continue;
    for (int kx = 0; kx < ${kw}; kx++) {
      ${solve('xx', wd, pl, 'kx', dw, sw, ow, 'ox')}
      if (oxok) acc += product(g, row + ky * ${kw} + kx, col + oy * ${ow} + ox);
    }
  }
  return acc;
}`,
  }, plan);
}
