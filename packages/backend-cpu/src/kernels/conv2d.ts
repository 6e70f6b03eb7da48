import { conv2dShape } from '@pistil/backend';
import type { Conv2dAttrs, KernelImpl, TensorInfo } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { FLOAT_DTYPES, requireDType, requireSameDType } from '../helpers/checks.js';
import type { FloatArray } from '../helpers/gemm.js';
import { convChunk, convGeometry, imagesPerChunk, isPointwise } from '../helpers/im2col.js';
import { imageConvApplies, runBatchedConv, runImageConvs } from '../helpers/conv-batch.js';
import { applyEpilogue, epilogueOf, type Epilogue } from '../helpers/fused.js';

/**
 * out[Og, OH·OW] = w[Og, Cg·KH·KW] · im2col(x)[Cg·KH·KW, OH·OW] per image and group.
 *
 * float32 with the SIMD kernels (not pointwise), stride 1 along the width: no column matrix at
 * all; per image, the GEMM packs its panels straight from a padded copy of the image
 * (wasm/conv-image.ts), the threads taking images one at a time. Measured against the chunks
 * below: LeNet's training step at batch 64, 1 thread, 11.8 ms against 13.2; its inference at
 * batch 64, 3.0 ms against 3.7.
 * Other strides: batched. A chunk of images (≤ CONV_CHUNK_BYTES of scratch) is unrolled into one
 * column matrix [Cg·KH·KW, images·OH·OW] and multiplied in ONE GEMM per group (a wide N: full
 * micro-kernel tiles, and the worker pool splits it by columns); the result [Og, images·OH·OW]
 * is then copied into each image's [Og, OH·OW] block of the output. Every output element is the
 * same float32 sum, in the same order, as the per-image product.
 */
export const conv2d: KernelImpl<CpuBackend, 'conv2d'> = (backend, { x, w }, attrs) => convolve(backend, 'conv2d', x, w, attrs);

/** act(conv2d(x, w) + bias): the epilogue runs on each chunk's GEMM result while it is in cache. */
export const fusedConv2d: KernelImpl<CpuBackend, 'fusedConv2d'> = (backend, { x, w, bias }, attrs) =>
  convolve(backend, 'fusedConv2d', x, w, attrs, epilogueOf('fusedConv2d', x, bias, w.shape[0]!, attrs.activation));

function convolve(backend: CpuBackend, name: string, x: TensorInfo, w: TensorInfo, attrs: Conv2dAttrs, e?: Epilogue): TensorInfo {
  requireSameDType(name, { x, w });
  requireDType(name, 'x', x, FLOAT_DTYPES);
  const shape = conv2dShape(x.shape, w.shape, attrs);
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [o, cg, kh, kw] = w.shape as [number, number, number, number];
  const [, , oh, ow] = shape as [number, number, number, number];
  const groups = attrs.groups, og = o / groups;
  const geo = convGeometry(x.shape, cg, [kh, kw], [oh, ow], attrs);
  const pointwise = isPointwise(geo);
  const p = oh * ow, kdim = cg * kh * kw;

  const out = backend.output(shape, x.dtype);
  const simd = x.dtype === 'float32' && !pointwise && n > 0 ? backend.simdOn() : undefined;
  const ptr = (t: TensorInfo): number => backend.allocation(t.dataId).ptr;
  // The epilogue in WebAssembly: bias pointer (0: none) and activation code.
  const bias = e?.bias ? ptr(e.bias) : 0, act = e?.act ?? 0, epilogue = bias !== 0 || act !== 0;
  const overThreads = convChunk.imageThreads && n > 1;
  if (simd && convChunk.direct && imageConvApplies(geo)) {
    runImageConvs(backend, simd, { images: ptr(x), other: ptr(out), weights: ptr(w), n, c, h, w: wd, geo, groups, o, bias, act }, overThreads);
    return out;
  }
  if (simd && overThreads) {
    runBatchedConv(backend, simd, 'convForward', { images: ptr(x), other: ptr(out), weights: ptr(w), n, c, h, w: wd, geo, groups, o, bias, act });
    return out;
  }
  if (simd) {
    const b = imagesPerChunk(n, (kdim + og) * p);
    const col = backend.scratch('float32', kdim * b * p);
    const res = backend.scratch('float32', b > 1 ? og * b * p : 0);
    try {
      const xp = backend.allocation(x.dataId).ptr, op = backend.allocation(out.dataId).ptr;
      const wv = backend.view(w) as Float32Array, ov = backend.view(out) as Float32Array;
      const cv = col.view() as Float32Array, rv = res.view() as Float32Array;
      for (let i0 = 0; i0 < n; i0 += b) {
        const nb = Math.min(b, n - i0), cols = nb * p;
        for (let g = 0; g < groups; g++) {
          for (let j = 0; j < nb; j++) simd.im2col(xp + 4 * ((i0 + j) * c + g * cg) * h * wd, geo, col.ptr + 4 * j * p, cols);
          const wg = { data: wv, offset: g * og * kdim, rowStride: kdim, colStride: 1 };
          const bm = { data: cv, offset: 0, rowStride: cols, colStride: 1 };
          const outOff = (i0 * o + g * og) * p;
          const bg = bias && bias + 4 * g * og;
          if (nb === 1) {
            backend.gemm(og, p, kdim, wg, bm, ov, outOff, p, false);
            if (epilogue) simd.biasAct(op + 4 * outOff, og, p, p, bg, true, act);
          } else {
            backend.gemm(og, cols, kdim, wg, bm, rv, 0, cols, false);
            if (epilogue) simd.biasAct(res.ptr, og, cols, cols, bg, true, act);
            simd.copyBlocks(res.ptr, p, cols, op + 4 * outOff, o * p, p, nb, og, p);
          }
        }
      }
    } finally {
      res.free();
      col.free();
    }
    return out;
  }

  const col = backend.scratch(x.dtype, pointwise ? 0 : kdim * p);
  try {
    const xv = backend.view(x) as FloatArray, wv = backend.view(w) as FloatArray, ov = backend.view(out) as FloatArray;
    const cv = col.view() as FloatArray;
    for (let i = 0; i < n; i++) {
      for (let g = 0; g < groups; g++) {
        const xOff = (i * c + g * cg) * h * wd;
        if (!pointwise) backend.im2col(xv, xOff, geo, cv, 0);
        const b = pointwise ? { data: xv, offset: xOff, rowStride: p, colStride: 1 } : { data: cv, offset: 0, rowStride: p, colStride: 1 };
        backend.gemm(og, p, kdim, { data: wv, offset: g * og * kdim, rowStride: kdim, colStride: 1 }, b, ov, (i * o + g * og) * p, p, false);
      }
    }
  } finally {
    col.free();
  }
  if (e) applyEpilogue(backend, out, e, n, o, p, true);
  return out;
}
