import { checkPadArgs, padShape, sizeOf, stridesOf } from '@pistil/backend';
import type { KernelImpl } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { convertTo } from '../helpers/convert.js';
import { forEachRow } from '../helpers/strided.js';

/** For each output index along one dim, the input index it copies (reflect or replicate). */
function sourceIndices(dim: number, before: number, outDim: number, mode: 'reflect' | 'replicate'): Int32Array {
  const src = new Int32Array(outDim);
  for (let i = 0; i < outDim; i++) {
    const j = i - before;
    if (j < 0) src[i] = mode === 'reflect' ? -j : 0;
    else if (j >= dim) src[i] = mode === 'reflect' ? 2 * (dim - 1) - j : dim - 1;
    else src[i] = j;
  }
  return src;
}

export const pad: KernelImpl<CpuBackend, 'pad'> = (backend, { x }, { pads, mode, value }) => {
  checkPadArgs(x.shape, pads, mode);
  const shape = padShape(x.shape, pads);
  const out = backend.output(shape, x.dtype);
  const xv = backend.view(x), ov = backend.view(out);
  const rank = shape.length;
  if (mode === 'constant' || sizeOf(shape) === 0 || rank === 0) {
    ov.fill(convertTo(x.dtype, value));
    if (sizeOf(x.shape) === 0) return out;
    const outStrides = stridesOf(shape);
    const start = pads.reduce((s, [before], d) => s + before * outStrides[d]!, 0);
    const len = x.shape[rank - 1] ?? 1;
    forEachRow(rank === 0 ? [1] : x.shape, [stridesOf(x.shape), outStrides], [0, start], ([xo, oo]) => {
      ov.set(xv.subarray(xo!, xo! + len), oo!);
    });
    return out;
  }
  // Reflect/replicate: output element = x[Σ table_d[i_d]], with one offset table per dim.
  const inStrides = stridesOf(x.shape);
  const tables = shape.map((n, d) => sourceIndices(x.shape[d]!, pads[d]![0], n, mode).map((i) => i * inStrides[d]!));
  const inner = tables[rank - 1]!, len = shape[rank - 1]!;
  const idx = new Array<number>(rank - 1).fill(0);
  const rows = sizeOf(shape.slice(0, -1));
  for (let r = 0, o = 0; r < rows; r++, o += len) {
    let base = 0;
    for (let d = 0; d < rank - 1; d++) base += tables[d]![idx[d]!]!;
    for (let j = 0; j < len; j++) ov[o + j] = xv[base + inner[j]!]!;
    for (let d = rank - 2; d >= 0 && ++idx[d]! >= shape[d]!; d--) idx[d] = 0;
  }
  return out;
};
