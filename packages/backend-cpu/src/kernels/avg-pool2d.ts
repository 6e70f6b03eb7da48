import { pool2dShape } from '@pistil/backend';
import type { KernelImpl, Pool2dAttrs } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { FLOAT_DTYPES, requireDType } from '../helpers/checks.js';
import { tapRange } from '../helpers/window.js';

/**
 * Calls `visit(outIndex, plane base, taps, divisor)` per window, where taps are the [first, end)
 * ranges of in-bounds kernel rows and columns. Padding adds nothing to the sum; it counts in the
 * divisor only with countIncludePad (windows never reach past the padded input, so that is KH·KW).
 */
export function forEachAvgWindow(
  inShape: readonly number[], outShape: readonly number[], attrs: Pool2dAttrs & { countIncludePad: boolean },
  visit: (outIndex: number, rowStarts: number, k0: number, k1: number, j0: number, j1: number, divisor: number) => void,
): void {
  const [n, c, h, w] = inShape as [number, number, number, number];
  const [, , oh, ow] = outShape as [number, number, number, number];
  const [kh, kw] = attrs.kernel, [sh, sw] = attrs.stride, [dh, dw] = attrs.dilation;
  const [pt, pl] = attrs.pads;
  let outIndex = 0;
  for (let plane = 0; plane < n * c; plane++) {
    for (let oy = 0; oy < oh; oy++) {
      const [k0, k1] = tapRange(oy, sh, pt, dh, kh, h);
      for (let ox = 0; ox < ow; ox++, outIndex++) {
        const [j0, j1] = tapRange(ox, sw, pl, dw, kw, w);
        const divisor = attrs.countIncludePad ? kh * kw : (k1 - k0) * (j1 - j0);
        visit(outIndex, plane * h * w + (oy * sh - pt) * w + ox * sw - pl, k0, k1, j0, j1, divisor);
      }
    }
  }
}

export const avgPool2d: KernelImpl<CpuBackend, 'avgPool2d'> = (backend, { x }, attrs) => {
  requireDType('avgPool2d', 'x', x, FLOAT_DTYPES);
  const shape = pool2dShape('avgPool2d', x.shape, attrs);
  const out = backend.output(shape, x.dtype);
  const xv = backend.view(x), ov = backend.view(out);
  const w = x.shape[3]!, [dh, dw] = attrs.dilation;
  forEachAvgWindow(x.shape, shape, attrs, (o, origin, k0, k1, j0, j1, divisor) => {
    let s = 0;
    for (let ki = k0; ki < k1; ki++) {
      const row = origin + ki * dh * w;
      for (let kj = j0; kj < j1; kj++) s += xv[row + kj * dw]!;
    }
    ov[o] = s / divisor;
  });
  return out;
};
