import { pool2dShape } from '@pistil/backend';
import type { KernelImpl, Pool2dAttrs, TypedArray } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { NUMERIC_DTYPES, requireDType } from '../helpers/checks.js';
import { trySimdMaxPool } from '../helpers/simd-ops.js';
import { tapRange } from '../helpers/window.js';

/**
 * Calls `visit(outIndex, argIndex)` for every window, where argIndex is the input index of
 * the window's first maximum (the first NaN if any; −1 if every tap is padding). Padded taps
 * count as −Inf, so they never win.
 */
export function forEachMaxWindow(
  xv: TypedArray, xShape: readonly number[], outShape: readonly number[], attrs: Pool2dAttrs,
  visit: (outIndex: number, argIndex: number) => void,
): void {
  const [n, c, h, w] = xShape as [number, number, number, number];
  const [, , oh, ow] = outShape as [number, number, number, number];
  const [kh, kw] = attrs.kernel, [sh, sw] = attrs.stride, [dh, dw] = attrs.dilation;
  const [pt, pl] = attrs.pads;
  let outIndex = 0;
  for (let plane = 0; plane < n * c; plane++) {
    const base = plane * h * w;
    for (let oy = 0; oy < oh; oy++) {
      const [k0, k1] = tapRange(oy, sh, pt, dh, kh, h);
      const y0 = oy * sh - pt;
      for (let ox = 0; ox < ow; ox++, outIndex++) {
        const [j0, j1] = tapRange(ox, sw, pl, dw, kw, w);
        const x0 = ox * sw - pl;
        let best = -Infinity, arg = -1;
        search: for (let ki = k0; ki < k1; ki++) {
          const row = base + (y0 + ki * dh) * w + x0;
          for (let kj = j0; kj < j1; kj++) {
            const at = row + kj * dw;
            const v = xv[at]!;
            if (v > best || arg < 0) { best = v; arg = at; }
            if (v !== v) { arg = at; break search; }
          }
        }
        visit(outIndex, arg);
      }
    }
  }
}

export const maxPool2d: KernelImpl<CpuBackend, 'maxPool2d'> = (backend, { x }, attrs) => {
  requireDType('maxPool2d', 'x', x, NUMERIC_DTYPES);
  const shape = pool2dShape('maxPool2d', x.shape, attrs);
  const out = backend.output(shape, x.dtype);
  const xv = backend.view(x), ov = backend.view(out);
  const [n, c, h, w] = x.shape as [number, number, number, number];
  const [, , oh, ow] = shape as [number, number, number, number];
  const { kernel: kk, stride: ks, dilation: kd, pads: kp } = attrs;
  const plain2x2 = kk[0] === 2 && kk[1] === 2 && ks[0] === 2 && ks[1] === 2 && kd[0] === 1 && kd[1] === 1 && kp[0] === 0 && kp[1] === 0 && kp[2] === 0 && kp[3] === 0;
  if (plain2x2 && backend.maxPool2x2(xv, n * c, h, w, oh, ow, ov)) return out;
  if (trySimdMaxPool(backend, xv, x.shape, shape, attrs, ov)) return out;
  forEachMaxWindow(xv, x.shape, shape, attrs, (o, arg) => { ov[o] = arg < 0 ? -Infinity : xv[arg]!; });
  return out;
};
