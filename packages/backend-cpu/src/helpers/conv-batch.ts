/**
 * The batched float32 convolution passes that run wholly in WebAssembly, spread across images:
 * wasm/im2col.ts convForward and convBackpropInput (each thread claims chunks of images, at most
 * a quarter of its share, as it goes and runs the pass on them with its own column and result
 * scratch), and wasm/conv-image.ts convImages and convFilterImages (the forward pass and the
 * filter gradient one image at a time, without a column matrix). Without a pool, everything runs
 * on this thread.
 */
import { sizeOf } from '@pistil/backend';
import type { TensorInfo } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import type { SimdKernels } from '../wasm/simd.js';
import { splitRange } from '../threads/split.js';
import { imagesPerChunk } from './im2col.js';
import type { ConvGeometry } from './im2col.js';

export interface BatchedConv {
  /** Pointers of the image-side tensor (x, or dx) and of the other one (out, or dy). */
  readonly images: number;
  readonly other: number;
  readonly weights: number;
  /** Batch size, input channels and spatial size of the image-side tensor. */
  readonly n: number;
  readonly c: number;
  readonly h: number;
  readonly w: number;
  readonly geo: ConvGeometry;
  readonly groups: number;
  /** Output channels. */
  readonly o: number;
  /** convForward's fused epilogue (wasm/epilogue.ts): bias pointer (0: none) and activation code. */
  readonly bias?: number;
  readonly act?: number;
}

export function runBatchedConv(backend: CpuBackend, simd: SimdKernels, pass: 'convForward' | 'convBackpropInput', conv: BatchedConv): void {
  const { n, geo, groups, o } = conv;
  const og = o / groups;
  const p = geo.oh * geo.ow, kdim = geo.c * geo.kh * geo.kw;
  const threads = backend.threads;
  const b = Math.min(imagesPerChunk(n, (kdim + og) * p), threads > 1 ? Math.ceil(n / (4 * threads)) : n);
  const ranges = splitRange(Math.ceil(n / b), threads, 1);
  const cols = ranges.map(() => backend.scratch('float32', kdim * b * p));
  const results = ranges.map(() => backend.scratch('float32', b > 1 ? og * b * p : 0));
  try {
    const params = setParams(simd, conv, b);
    const ran = backend.runOnThreads(pass, ranges.length, (i, ws) => [params, 0, n, cols[i]!.ptr, results[i]!.ptr, ws]);
    if (!ran) simd[pass](params, 0, n, cols[0]!.ptr, results[0]!.ptr);
  } finally {
    for (const s of [...results, ...cols]) s.free();
  }
}

/** Writes the parameter block wasm/im2col.ts reads (convForward's layout, 23 i32) for chunks of `chunk` images; returns its address. */
function setParams(simd: SimdKernels, conv: BatchedConv, chunk: number): number {
  const { geo } = conv;
  return simd.setParams([
    conv.images, conv.c, conv.h, conv.w, geo.c, geo.kh, geo.kw, geo.oh, geo.ow, geo.sh, geo.sw, geo.pt, geo.pl, geo.dh, geo.dw,
    conv.groups, conv.o, conv.weights, conv.other, chunk, 0, conv.bias ?? 0, conv.act ?? 0,
  ]);
}

/** Whether `runImageConvs` applies: stride 1 along the width (the packing reads rows of pixels). */
export function imageConvApplies(geo: ConvGeometry): boolean {
  return geo.sw === 1;
}

/**
 * The forward pass image by image, each without an im2col matrix (wasm/conv-image.ts), the
 * threads (with `overThreads`) taking images one at a time; each has its own padded-image scratch.
 */
export function runImageConvs(backend: CpuBackend, simd: SimdKernels, conv: BatchedConv, overThreads: boolean): void {
  const params = setParams(simd, conv, 1);
  const bytes = simd.convImageBytes(params);
  const parts = overThreads ? Math.min(backend.threads, conv.n) : 1;
  const scratch = Array.from({ length: parts }, () => backend.scratch('float32', Math.ceil(bytes / 4)));
  try {
    const ran = backend.runOnThreads('convImages', parts, (i, ws) => [params, 0, conv.n, scratch[i]!.ptr, ws]);
    if (!ran) simd.convImages(params, 0, conv.n, scratch[0]!.ptr);
  } finally {
    for (const s of scratch) s.free();
  }
}

/**
 * The filter gradient image by image without an im2col matrix (wasm/conv-image.ts
 * convFilterImages) into dw (zeroed here): with `overThreads`, each thread sums a fixed share of
 * the images (thread 0 into dw, the others into partial buffers added in afterwards, in thread
 * order), as wasm convBackpropFilter's path does.
 */
export function runFilterImages(backend: CpuBackend, simd: SimdKernels, conv: BatchedConv, dw: TensorInfo, overThreads: boolean): void {
  const params = setParams(simd, conv, 1);
  const bytes = simd.convImageBytes(params);
  const ranges = splitRange(conv.n, overThreads ? backend.threads : 1, 1);
  const scratch = ranges.map(() => backend.scratch('float32', Math.ceil(bytes / 4)));
  const parts = ranges.map((_, i) => backend.scratch('float32', i === 0 ? 0 : sizeOf(dw.shape)));
  try {
    // Views after the allocations (which may grow the heap).
    const dwv = (backend.view(dw) as Float32Array).fill(0), dwp = backend.allocation(dw.dataId).ptr;
    const pv = parts.map((s) => (s.view() as Float32Array).fill(0));
    const ran = backend.runOnThreads('convFilterImages', ranges.length, (i, ws) => [params, ranges[i]![0], ranges[i]![1], scratch[i]!.ptr, i === 0 ? dwp : parts[i]!.ptr, ws]);
    if (!ran) simd.convFilterImages(params, 0, conv.n, scratch[0]!.ptr, dwp);
    else for (let i = 1; i < pv.length; i++) for (let j = 0, v = pv[i]!; j < v.length; j++) dwv[j] += v[j]!;
  } finally {
    for (const s of [...parts, ...scratch]) s.free();
  }
}
