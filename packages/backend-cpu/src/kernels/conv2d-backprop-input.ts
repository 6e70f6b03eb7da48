import { conv2dShape } from '@pistil/backend';
import type { Conv2dAttrs, KernelImpl, TensorInfo } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { FLOAT_DTYPES, requireDType, requireRank, requireSameDType, requireShape } from '../helpers/checks.js';
import type { FloatArray } from '../helpers/gemm.js';
import { convGeometry, isPointwise } from '../helpers/im2col.js';

/**
 * dx of `inputShape` from dy [N, O, OH, OW] and w [O, C/g, KH, KW]: per image and group,
 * columns = wᵀ · dy, then col2im adds each column entry back onto its pixel. OH and OW are taken
 * from dy as given, so conv2dTranspose (whose output may be taller than any conv input that maps
 * onto dy) uses this unchanged.
 */
export function convBackpropInput(backend: CpuBackend, dy: TensorInfo, w: TensorInfo, inputShape: readonly number[], attrs: Conv2dAttrs): TensorInfo {
  const [n, c, h, wd] = inputShape as [number, number, number, number];
  const [o, cg, kh, kw] = w.shape as [number, number, number, number];
  const [, , oh, ow] = dy.shape as [number, number, number, number];
  const groups = attrs.groups, og = o / groups;
  const geo = convGeometry(inputShape, cg, [kh, kw], [oh, ow], attrs);
  const pointwise = isPointwise(geo);
  const p = oh * ow, kdim = cg * kh * kw;

  const dx = backend.output(inputShape, dy.dtype);
  const col = backend.scratch(dy.dtype, pointwise ? 0 : kdim * p);
  try {
    const dyv = backend.view(dy) as FloatArray, wv = backend.view(w) as FloatArray, dxv = backend.view(dx) as FloatArray;
    const cv = col.view() as FloatArray;
    if (!pointwise) dxv.fill(0);
    for (let i = 0; i < n; i++) {
      for (let g = 0; g < groups; g++) {
        const xOff = (i * c + g * cg) * h * wd;
        const wT = { data: wv, offset: g * og * kdim, rowStride: 1, colStride: kdim };
        const dyg = { data: dyv, offset: (i * o + g * og) * p, rowStride: p, colStride: 1 };
        if (pointwise) {
          backend.gemm(kdim, p, og, wT, dyg, dxv, xOff, p, false);
        } else {
          backend.gemm(kdim, p, og, wT, dyg, cv, 0, p, false);
          backend.col2im(cv, 0, geo, dxv, xOff);
        }
      }
    }
  } finally {
    col.free();
  }
  return dx;
}

export const conv2dBackpropInput: KernelImpl<CpuBackend, 'conv2dBackpropInput'> = (backend, { dy, w }, attrs) => {
  const op = 'conv2dBackpropInput';
  requireSameDType(op, { dy, w });
  requireDType(op, 'dy', dy, FLOAT_DTYPES);
  requireRank(op, 'inputShape', attrs.inputShape, 4, '[N, C, H, W]');
  requireShape(op, 'dy', dy.shape, conv2dShape(attrs.inputShape, w.shape, attrs));
  return convBackpropInput(backend, dy, w, attrs.inputShape, attrs);
};
