/**
 * The batched float32 convolution passes that run wholly in WebAssembly (wasm/im2col.ts
 * convForward and convBackpropInput), spread across images: each thread claims chunks of images
 * (at most a quarter of its share) as it goes and runs the pass on them with its own column and
 * result scratch. Without a pool, everything runs on this thread.
 */
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
}

export function runBatchedConv(backend: CpuBackend, simd: SimdKernels, pass: 'convForward' | 'convBackpropInput', conv: BatchedConv): void {
  const { n, geo, groups, o } = conv;
  const og = o / groups;
  const p = geo.oh * geo.ow, kdim = geo.c * geo.kh * geo.kw;
  const threads = backend.threads;
  const b = Math.min(imagesPerChunk(n, (kdim + og) * p), threads > 1 ? Math.ceil(n / (4 * threads)) : n);
  const ranges = splitRange(Math.ceil(n / b), threads, 1);
  const params = backend.scratch('int32', 21);
  const cols = ranges.map(() => backend.scratch('float32', kdim * b * p));
  const results = ranges.map(() => backend.scratch('float32', b > 1 ? og * b * p : 0));
  try {
    // The parameter block wasm/im2col.ts reads (its ConvParams layout).
    (params.view() as Int32Array).set([conv.images, conv.c, conv.h, conv.w, geo.c, geo.kh, geo.kw, geo.oh, geo.ow, geo.sh, geo.sw, geo.pt, geo.pl, geo.dh, geo.dw, groups, o, conv.weights, conv.other, b, 0]);
    const ran = backend.runOnThreads(pass, ranges.length, (i, ws) => [params.ptr, 0, n, cols[i]!.ptr, results[i]!.ptr, ws]);
    if (!ran) simd[pass](params.ptr, 0, n, cols[0]!.ptr, results[0]!.ptr);
  } finally {
    for (const s of [...results, ...cols, params]) s.free();
  }
}
