import type { Pool2dAttrs } from '@pistil/backend';
import { arange, tensor } from '../creation.js';
import { runKernel } from '../engine.js';
import { Tensor } from '../tensor.js';

/**
 * Internal: pooling windows unrolled as gather indices, for ops the pool kernels do not cover
 * (adaptive max pooling, the gradient of max pooling's gradient). Tap t of window p reads flat
 * input position `indices[p·taps + t]` of an [N, C, H·W] plane, or the sentinel H·W for taps in
 * the padding (or past a shorter window); the sentinel is appended as −∞ (or 0) before gathering.
 */
export interface WindowMap {
  h: number;
  w: number;
  outH: number;
  outW: number;
  /** Taps per window. */
  taps: number;
  indices: Int32Array;
}

/** Windows of a max-pool kernel call with these attrs, row-major taps (the kernel's scan order). */
export function poolWindowMap(h: number, w: number, outH: number, outW: number, attrs: Pool2dAttrs): WindowMap {
  const [kh, kw] = attrs.kernel;
  const [sh, sw] = attrs.stride;
  const [dh, dw] = attrs.dilation;
  const [pt, pl] = attrs.pads;
  const taps = kh * kw;
  const indices = new Int32Array(outH * outW * taps);
  let q = 0;
  for (let oy = 0; oy < outH; oy++)
    for (let ox = 0; ox < outW; ox++)
      for (let i = 0; i < kh; i++)
        for (let j = 0; j < kw; j++) {
          const y = oy * sh - pt + i * dh;
          const x = ox * sw - pl + j * dw;
          indices[q++] = y >= 0 && y < h && x >= 0 && x < w ? y * w + x : h * w;
        }
  return { h, w, outH, outW, taps, indices };
}

/** PyTorch's adaptive windows [⌊i·H/OH⌋, ⌈(i+1)·H/OH⌉) × (same for W), padded with the sentinel to the largest window. */
export function adaptiveWindowMap(h: number, w: number, outH: number, outW: number): WindowMap {
  const bounds = (size: number, out: number): [number, number][] =>
    Array.from({ length: out }, (_, i) => [Math.floor((i * size) / out), Math.ceil(((i + 1) * size) / out)]);
  const rows = bounds(h, outH);
  const cols = bounds(w, outW);
  const mh = Math.max(...rows.map(([a, b]) => b - a));
  const mw = Math.max(...cols.map(([a, b]) => b - a));
  const taps = mh * mw;
  const indices = new Int32Array(outH * outW * taps);
  let q = 0;
  for (const [y0, y1] of rows)
    for (const [x0, x1] of cols)
      for (let i = 0; i < mh; i++)
        for (let j = 0; j < mw; j++) indices[q++] = y0 + i < y1 && x0 + j < x1 ? (y0 + i) * w + x0 + j : h * w;
  return { h, w, outH, outW, taps, indices };
}

/** What windowSelect/windowScatter share: the index tensor and a one-hot bool mask [N, C, P, taps] of each window's argmax. */
export interface WindowChoice {
  map: WindowMap;
  /** [N, C] of the pooled tensor. */
  lead: [number, number];
  indices: Tensor;
  oneHot: Tensor;
}

/**
 * Internal: unrolls x [N, C, H, W] into windows [N, C, P·taps] (unrecorded), the sentinel reading
 * `fill`. The caller owns the result and `indices`.
 */
export function gatherWindows(x: Tensor, map: WindowMap, indices: Tensor, fill: number): Tensor {
  const [n, c] = x.shape as [number, number];
  const sentinel = runKernel('fill', {}, { shape: [n, c, 1], dtype: x.dtype, value: fill }, x.device);
  const planes = Tensor.view(x, [n, c, map.h * map.w]);
  const padded = runKernel('concat', { xs: [planes, sentinel] }, { axis: 2 });
  for (const t of [sentinel, planes]) t.dispose();
  const out = runKernel('gather', { x: padded, indices }, { axis: 2 });
  padded.dispose();
  return out;
}

/**
 * Internal: the argmax tap of every window of x (first maximum; the sentinel is −∞), as a
 * one-hot mask, with the index tensor — everything windowSelect/windowScatter need. Unrecorded;
 * dispose `indices` and `oneHot` when done (or leave them to the tape's closures).
 */
export function chooseWindowMax(x: Tensor, map: WindowMap): WindowChoice {
  const [n, c] = x.shape as [number, number];
  const indices = tensor(map.indices, { dtype: 'int32', device: x.device });
  const windows = gatherWindows(x, map, indices, -Infinity);
  const grid = Tensor.view(windows, [n, c, map.outH * map.outW, map.taps]);
  const arg = runKernel('argReduce', { x: grid }, { op: 'argmax', axis: 3 });
  const taps = arange(map.taps, undefined, 1, { dtype: 'int32', device: x.device });
  const oneHot = runKernel('compare', { a: arg, b: taps }, { op: 'equal' });
  for (const t of [windows, grid, arg, taps]) t.dispose();
  return { map, lead: [n, c], indices, oneHot };
}
