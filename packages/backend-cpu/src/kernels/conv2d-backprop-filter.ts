import { checkConv2dBackpropFilterArgs } from '@pistil/backend';
import type { KernelImpl, TensorInfo } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { FLOAT_DTYPES } from '../helpers/checks.js';
import type { FloatArray } from '../helpers/gemm.js';
import { convChunk, convGeometry, imagesPerChunk, isPointwise } from '../helpers/im2col.js';
import { splitRange } from '../threads/split.js';
import { imageConvApplies, runFilterImages } from '../helpers/conv-batch.js';

/**
 * Per group: dw[Og, Cg·KH·KW] = Σ over images of dy[Og, OH·OW] · im2col(x)ᵀ. The TypeScript
 * kernels sum the images in float64; with SIMD kernels a float32 dw is summed in place in
 * float32 (as oneDNN does), so every product runs in WebAssembly on heap memory. There (not
 * pointwise), stride 1 along the width: image by image, im2col(x)ᵀ packed straight from the
 * image (wasm/conv-image.ts convFilterImages; with the forward pass's own, LeNet's training step
 * at batch 64 on 1 thread measured ~10.5 ms against ~13 through im2col). Other strides: a chunk
 * of images is one product with K = images·OH·OW: dy's rows of the chunk are gathered into
 * [Og, images·OH·OW] and multiplied by the chunk's column matrix [Cg·KH·KW, images·OH·OW]
 * transposed (see conv2d.ts).
 */
export const conv2dBackpropFilter: KernelImpl<CpuBackend, 'conv2dBackpropFilter'> = (backend, { x, dy }, attrs) => {
  checkConv2dBackpropFilterArgs(x, dy, attrs, FLOAT_DTYPES);
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [o, cg, kh, kw] = attrs.filterShape as [number, number, number, number];
  const [, , oh, ow] = dy.shape as [number, number, number, number];
  const groups = attrs.groups, og = o / groups;
  const geo = convGeometry(x.shape, cg, [kh, kw], [oh, ow], attrs);
  const pointwise = isPointwise(geo);
  const p = oh * ow, kdim = cg * kh * kw;

  const dw = backend.output(attrs.filterShape, x.dtype);
  const simd = x.dtype === 'float32' && !pointwise && n > 0 ? backend.simdOn() : undefined;
  if (simd && convChunk.direct && imageConvApplies(geo)) {
    const ptr = (t: TensorInfo): number => backend.allocation(t.dataId).ptr;
    runFilterImages(backend, simd, { images: ptr(x), other: ptr(dy), weights: 0, n, c, h, w: wd, geo, groups, o }, dw, convChunk.imageThreads && n > 1);
    return dw;
  }
  if (simd && convChunk.imageThreads && n > 1) {
    // The whole batch in WebAssembly (wasm convBackpropFilter), across images: each thread sums
    // a fixed share of the images' dw (thread 0 into dw, the others into
    // partial buffers added in afterwards, in thread order) with wasm convBackpropFilter.
    const ranges = splitRange(n, backend.threads, 1);
    const b = imagesPerChunk(Math.max(...ranges.map(([r0, r1]) => r1 - r0)), (kdim + og) * p, convChunk.filterBytes);
    const params = backend.scratch('int32', 21);
    const cols = ranges.map(() => backend.scratch('float32', kdim * b * p));
    const dyss = ranges.map(() => backend.scratch('float32', b > 1 ? og * b * p : 0));
    const parts = ranges.map((_, i) => backend.scratch('float32', i === 0 ? 0 : o * kdim));
    try {
      const xp = backend.allocation(x.dataId).ptr, dyp = backend.allocation(dy.dataId).ptr, dwp = backend.allocation(dw.dataId).ptr;
      const dwv = (backend.view(dw) as Float32Array).fill(0);
      const pv = parts.map((s) => (s.view() as Float32Array).fill(0));
      (params.view() as Int32Array).set([xp, c, h, wd, cg, kh, kw, oh, ow, geo.sh, geo.sw, geo.pt, geo.pl, geo.dh, geo.dw, groups, o, 0, dyp, b, 0]);
      const ran = backend.runOnThreads('convBackpropFilter', ranges.length,
        (i, ws) => [params.ptr, ranges[i]![0], ranges[i]![1], cols[i]!.ptr, dyss[i]!.ptr, i === 0 ? dwp : parts[i]!.ptr, ws]);
      if (!ran) simd.convBackpropFilter(params.ptr, 0, n, cols[0]!.ptr, dyss[0]!.ptr, dwp);
      else for (let i = 1; i < pv.length; i++) for (let j = 0, v = pv[i]!; j < v.length; j++) dwv[j] += v[j]!;
    } finally {
      for (const s of [...parts, ...dyss, ...cols, params]) s.free();
    }
    return dw;
  }
  if (simd) {
    const b = imagesPerChunk(n, (kdim + og) * p, convChunk.filterBytes);
    const col = backend.scratch('float32', kdim * b * p);
    const dys = backend.scratch('float32', b > 1 ? og * b * p : 0);
    try {
      const xp = backend.allocation(x.dataId).ptr, dyp = backend.allocation(dy.dataId).ptr;
      const dyv = backend.view(dy) as Float32Array, dwv = (backend.view(dw) as Float32Array).fill(0);
      const cv = col.view() as Float32Array, sv = dys.view() as Float32Array;
      for (let i0 = 0; i0 < n; i0 += b) {
        const nb = Math.min(b, n - i0), cols = nb * p;
        for (let g = 0; g < groups; g++) {
          for (let j = 0; j < nb; j++) simd.im2col(xp + 4 * ((i0 + j) * c + g * cg) * h * wd, geo, col.ptr + 4 * j * p, cols);
          const dyOff = (i0 * o + g * og) * p;
          if (nb > 1) simd.copyBlocks(dyp + 4 * dyOff, o * p, p, dys.ptr, p, cols, nb, og, p);
          const a = nb > 1 ? { data: sv, offset: 0, rowStride: cols, colStride: 1 } : { data: dyv, offset: dyOff, rowStride: p, colStride: 1 };
          backend.gemm(og, kdim, cols, a, { data: cv, offset: 0, rowStride: 1, colStride: cols }, dwv, g * og * kdim, kdim, true);
        }
      }
    } finally {
      dys.free();
      col.free();
    }
    return dw;
  }
  const col = backend.scratch(x.dtype, pointwise ? 0 : kdim * p);
  const inPlace = x.dtype === 'float32' && backend.kernelVariant === 'simd';
  try {
    const xv = backend.view(x) as FloatArray, dyv = backend.view(dy) as FloatArray, dwv = backend.view(dw) as FloatArray;
    const cv = col.view() as FloatArray;
    const sums = inPlace ? dwv.fill(0) : new Float64Array(o * kdim);
    for (let i = 0; i < n; i++) {
      for (let g = 0; g < groups; g++) {
        const xOff = (i * c + g * cg) * h * wd;
        if (!pointwise) backend.im2col(xv, xOff, geo, cv, 0);
        const colT = pointwise ? { data: xv, offset: xOff, rowStride: 1, colStride: p } : { data: cv, offset: 0, rowStride: 1, colStride: p };
        backend.gemm(og, kdim, p, { data: dyv, offset: (i * o + g * og) * p, rowStride: p, colStride: 1 }, colT, sums, g * og * kdim, kdim, true);
      }
    }
    if (!inPlace) dwv.set(sums);
  } finally {
    col.free();
  }
  return dw;
};
