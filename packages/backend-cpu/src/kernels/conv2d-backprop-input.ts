import { checkConv2dBackpropInputArgs } from '@pistil/backend';
import type { Conv2dAttrs, KernelImpl, TensorInfo } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { FLOAT_DTYPES } from '../helpers/checks.js';
import type { FloatArray } from '../helpers/gemm.js';
import { convChunk, convGeometry, imagesPerChunk, isPointwise } from '../helpers/im2col.js';
import { runBatchedConv } from '../helpers/conv-batch.js';

/**
 * dx of `inputShape` from dy [N, O, OH, OW] and w [O, C/g, KH, KW]: per image and group,
 * columns = wᵀ · dy, then col2im adds each column entry back onto its pixel. OH and OW are taken
 * from dy as given, so conv2dTranspose (whose output may be taller than any conv input that maps
 * onto dy) uses this unchanged.
 *
 * float32 with the SIMD kernels (not pointwise): a chunk of images is one product per group,
 * columns [Cg·KH·KW, images·OH·OW] = wᵀ · dy gathered into [Og, images·OH·OW], then col2im per
 * image (see conv2d.ts).
 */
export function convBackpropInput(backend: CpuBackend, dy: TensorInfo, w: TensorInfo, inputShape: readonly number[], attrs: Conv2dAttrs): TensorInfo {
  const [n, c, h, wd] = inputShape as [number, number, number, number];
  const [o, cg, kh, kw] = w.shape as [number, number, number, number];
  const [, , oh, ow] = dy.shape as [number, number, number, number];
  const groups = attrs.groups, og = o / groups;
  const geo = convGeometry(inputShape, cg, [kh, kw], [oh, ow], attrs);
  const pointwise = isPointwise(geo);
  const p = oh * ow, kdim = cg * kh * kw;

  const dx = backend.output(inputShape, dy.dtype);
  const simd = dy.dtype === 'float32' && !pointwise && n > 0 ? backend.simdOn() : undefined;
  if (simd && convChunk.imageThreads && n > 1) {
    const ptr = (t: TensorInfo): number => backend.allocation(t.dataId).ptr;
    (backend.view(dx) as Float32Array).fill(0);
    runBatchedConv(backend, simd, 'convBackpropInput', { images: ptr(dx), other: ptr(dy), weights: ptr(w), n, c, h, w: wd, geo, groups, o });
    return dx;
  }
  if (simd) {
    const b = imagesPerChunk(n, (kdim + og) * p);
    const col = backend.scratch('float32', kdim * b * p);
    const dys = backend.scratch('float32', b > 1 ? og * b * p : 0);
    try {
      const dxp = backend.allocation(dx.dataId).ptr, dyp = backend.allocation(dy.dataId).ptr;
      const dyv = backend.view(dy) as Float32Array, wv = backend.view(w) as Float32Array;
      (backend.view(dx) as Float32Array).fill(0);
      const cv = col.view() as Float32Array, sv = dys.view() as Float32Array;
      for (let i0 = 0; i0 < n; i0 += b) {
        const nb = Math.min(b, n - i0), cols = nb * p;
        for (let g = 0; g < groups; g++) {
          const dyOff = (i0 * o + g * og) * p;
          if (nb > 1) simd.copyBlocks(dyp + 4 * dyOff, o * p, p, dys.ptr, p, cols, nb, og, p);
          const dyg = nb > 1 ? { data: sv, offset: 0, rowStride: cols, colStride: 1 } : { data: dyv, offset: dyOff, rowStride: p, colStride: 1 };
          backend.gemm(kdim, cols, og, { data: wv, offset: g * og * kdim, rowStride: 1, colStride: kdim }, dyg, cv, 0, cols, false);
          for (let j = 0; j < nb; j++) simd.col2im(col.ptr + 4 * j * p, geo, dxp + 4 * ((i0 + j) * c + g * cg) * h * wd, cols);
        }
      }
    } finally {
      dys.free();
      col.free();
    }
    return dx;
  }
  const col = backend.scratch(dy.dtype, pointwise ? 0 : kdim * p);
  try {
    const dyv = backend.view(dy) as FloatArray, wv = backend.view(w) as FloatArray, dxv = backend.view(dx) as FloatArray;
    const cv = col.view() as FloatArray;
    if (!pointwise) dxv.fill(0);
    for (let i = 0; i < n; i++) {
      for (let g = 0; g < groups; g++) {
        const xOff = (i * c + g * cg) * h * wd;
        const wT = { data: wv, offset: g * og * kdim, rowStride: 1, colStride: kdim };
        const dyg = { data: dyv, offset: (i * o + g * og) * p, rowStride: p, colStride: 1 };
        if (pointwise) {
          backend.gemm(kdim, p, og, wT, dyg, dxv, xOff, p, false);
        } else {
          backend.gemm(kdim, p, og, wT, dyg, cv, 0, p, false);
          backend.col2im(cv, 0, geo, dxv, xOff);
        }
      }
    }
  } finally {
    col.free();
  }
  return dx;
}

export const conv2dBackpropInput: KernelImpl<CpuBackend, 'conv2dBackpropInput'> = (backend, { dy, w }, attrs) => {
  checkConv2dBackpropInputArgs(dy, w, attrs, FLOAT_DTYPES);
  return convBackpropInput(backend, dy, w, attrs.inputShape, attrs);
};
