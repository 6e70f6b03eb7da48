import { stridesOf, transposeShape } from '@pistil/backend';
import type { KernelImpl, TypedArray } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { collapse, forEachRow, stridedCopy } from '../helpers/strided.js';

const TILE = 32;

/** dst[r·cols + c] = src[off + c·rows + r]: a [cols, rows] block written transposed, in tiles that stay in cache. */
function transposeBlock(src: TypedArray, off: number, rows: number, cols: number, dst: TypedArray, dOff: number): void {
  for (let r0 = 0; r0 < rows; r0 += TILE) {
    const r1 = Math.min(rows, r0 + TILE);
    for (let c0 = 0; c0 < cols; c0 += TILE) {
      const c1 = Math.min(cols, c0 + TILE);
      for (let r = r0; r < r1; r++) {
        const d = dOff + r * cols;
        for (let c = c0; c < c1; c++) dst[d + c] = src[off + c * rows + r]!;
      }
    }
  }
}

export const transpose: KernelImpl<CpuBackend, 'transpose'> = (backend, { x }, { perm }) => {
  const shape = transposeShape(x.shape, perm);
  const out = backend.output(shape, x.dtype);
  const xv = backend.view(x), ov = backend.view(out);
  const inStrides = stridesOf(x.shape);
  const srcStrides = perm.map((p) => inStrides[p]!);
  const c = collapse(shape, [srcStrides, stridesOf(shape)]);
  const r = c.shape.length;
  const [s] = c.strides as [number[], number[]];
  // The innermost two output dims swap two input dims ([…, A, B] read as […, B, A]): tile them.
  if (r >= 2 && s[r - 2] === 1 && s[r - 1] === c.shape[r - 2]) {
    const rows = c.shape[r - 2]!, cols = c.shape[r - 1]!;
    forEachRow(c.shape.slice(0, -1), [s.slice(0, -1), c.strides[1]!.slice(0, -1)], [0, 0], ([xo, oo]) => {
      transposeBlock(xv, xo!, rows, cols, ov, oo!);
    });
    return out;
  }
  stridedCopy(xv, 0, shape, srcStrides, ov);
  return out;
};
