import { ShapeError, fmtShape } from '@pistil/backend';
import { tensor } from '../creation.js';
import type { Tensor } from '../tensor.js';
import { avgPool2dCore } from './avg-pool2d-core.js';
import { Temps, requireFloats } from './linalg-util.js';
import { matmul } from './matmul.js';
import { reshape } from './reshape.js';

/** An adaptive pool's output size: one number for both dims, or [h, w] where null keeps the input's size. */
export type AdaptiveSize = number | readonly [number | null, number | null];

/**
 * Checks an adaptive pool's input ([N, C, H, W] or [C, H, W], float) and resolves its output size
 * against the input's spatial dims (null keeps the input's size).
 */
export function adaptiveGeometry(op: string, x: Tensor, outputSize: AdaptiveSize): { h: number; w: number; oh: number; ow: number } {
  requireFloats(op, x);
  if (x.rank !== 3 && x.rank !== 4) throw new ShapeError(`${op}: input must be [N, C, H, W] or [C, H, W], got ${fmtShape(x.shape)}`);
  const h = x.shape[x.rank - 2]!;
  const w = x.shape[x.rank - 1]!;
  const pair = typeof outputSize === 'number' ? [outputSize, outputSize] : outputSize;
  if (!Array.isArray(pair) || pair.length !== 2) throw new ShapeError(`${op}: outputSize must be a number or [h, w], got ${JSON.stringify(outputSize)}`);
  const [oh, ow] = pair.map((v: number | null, i) => (v === null ? [h, w][i]! : v)) as [number, number];
  if (![oh, ow].every((v) => Number.isInteger(v) && v >= 1)) throw new ShapeError(`${op}: outputSize must hold positive integers (or null), got ${JSON.stringify(outputSize)}`);
  if (h < 1 || w < 1) throw new ShapeError(`${op}: spatial dims of input ${fmtShape(x.shape)} must be non-empty`);
  return { h, w, oh, ow };
}

/** PyTorch's adaptive window of output cell i: [⌊i·size/out⌋, ⌈(i+1)·size/out⌉). */
export function adaptiveWindow(i: number, size: number, out: number): [number, number] {
  return [Math.floor((i * size) / out), Math.ceil(((i + 1) * size) / out)];
}

/** [out, size] matrix whose row i averages the adaptive window of cell i. */
function averagingRows(size: number, out: number): Float64Array {
  const m = new Float64Array(out * size);
  for (let i = 0; i < out; i++) {
    const [start, end] = adaptiveWindow(i, size, out);
    for (let j = start; j < end; j++) m[i * size + j] = 1 / (end - start);
  }
  return m;
}

/**
 * Adaptive average pooling of x [N, C, H, W] (or [C, H, W]) to `outputSize`, as
 * `torch.nn.functional.adaptive_avg_pool2d` (cell i averages rows ⌊i·H/OH⌋ … ⌈(i+1)·H/OH⌉ − 1).
 * When the input divides evenly it is one avgPool2d; otherwise the windows (which may overlap) are
 * applied as two constant averaging matrices: Aₕ · x · A_wᵀ.
 */
export function adaptiveAvgPool2d(x: Tensor, outputSize: AdaptiveSize): Tensor {
  const op = 'adaptiveAvgPool2d';
  const { h, w, oh, ow } = adaptiveGeometry(op, x, outputSize);
  const temps = new Temps();
  let y: Tensor;
  if (h % oh === 0 && w % ow === 0) {
    const kernel = [h / oh, w / ow] as const;
    const x4 = x.rank === 3 ? temps.add(reshape(x, [1, ...x.shape])) : x;
    y = avgPool2dCore(x4, { kernel, stride: kernel, pads: [0, 0, 0, 0], dilation: [1, 1], countIncludePad: true });
    if (x.rank === 3) y = reshape(temps.add(y), y.shape.slice(1));
  } else {
    const opts = { dtype: x.dtype, device: x.device };
    const rows = temps.add(tensor(averagingRows(h, oh), { ...opts, shape: [oh, h] }));
    const colsT = temps.add(tensor(transposed(averagingRows(w, ow), ow, w), { ...opts, shape: [w, ow] }));
    y = matmul(temps.add(matmul(rows, x)), colsT);
  }
  return temps.finish(y);
}

function transposed(m: Float64Array, rows: number, cols: number): Float64Array {
  const t = new Float64Array(m.length);
  for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) t[j * rows + i] = m[i * cols + j]!;
  return t;
}
