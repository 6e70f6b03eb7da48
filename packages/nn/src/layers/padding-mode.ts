import { ShapeError, fmtShape } from '@pistil/backend';
import { concat } from '../ops/concat.js';
import { Temps } from '../ops/linalg-util.js';
import { pad } from '../ops/pad.js';
import { slice } from '../ops/slice.js';
import type { Tensor } from '../tensor.js';

/** How a convolution layer pads its input, as PyTorch's `padding_mode`. */
export type PaddingMode = 'zeros' | 'reflect' | 'replicate' | 'circular';

export function checkPaddingMode(op: string, mode: PaddingMode): PaddingMode {
  if (!['zeros', 'reflect', 'replicate', 'circular'].includes(mode))
    throw new TypeError(`${op}: paddingMode must be 'zeros', 'reflect', 'replicate' or 'circular', got '${String(mode)}'`);
  return mode;
}

/** Wraps the input around (pads dims from the last, [before, after] each), as `F.pad(mode='circular')`. */
function circularPad(op: string, x: Tensor, pads: readonly number[]): Tensor {
  const temps = new Temps();
  let y = x;
  for (let k = 0; k < pads.length / 2; k++) {
    const dim = x.rank - 1 - k;
    const [before, after] = [pads[2 * k]!, pads[2 * k + 1]!];
    const n = y.shape[dim]!;
    if (before > n || after > n) throw new ShapeError(`${op}: circular padding [${before}, ${after}] is larger than dim ${dim} of input ${fmtShape(x.shape)}`);
    if (before === 0 && after === 0) continue;
    const parts = [...(before > 0 ? [temps.add(slice(y, dim, n - before))] : []), y, ...(after > 0 ? [temps.add(slice(y, dim, 0, after))] : [])];
    if (y !== x) temps.add(y);
    y = concat(parts, dim);
  }
  return temps.finish(y);
}

/** Pads x for a convolution with a non-zero padding mode; `pads` as `F.pad` (last dim first). */
export function padForConv(op: string, x: Tensor, pads: readonly number[], mode: Exclude<PaddingMode, 'zeros'>): Tensor {
  return mode === 'circular' ? circularPad(op, x, pads) : pad(x, pads, mode);
}
