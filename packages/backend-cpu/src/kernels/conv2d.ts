import { conv2dShape } from '@pistil/backend';
import type { KernelImpl } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { FLOAT_DTYPES, requireDType, requireSameDType } from '../helpers/checks.js';
import type { FloatArray } from '../helpers/gemm.js';
import { convGeometry, isPointwise } from '../helpers/im2col.js';

/** Per image and group: out[Og, OH·OW] = w[Og, Cg·KH·KW] · im2col(x)[Cg·KH·KW, OH·OW]. */
export const conv2d: KernelImpl<CpuBackend, 'conv2d'> = (backend, { x, w }, attrs) => {
  requireSameDType('conv2d', { x, w });
  requireDType('conv2d', 'x', x, FLOAT_DTYPES);
  const shape = conv2dShape(x.shape, w.shape, attrs);
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [o, cg, kh, kw] = w.shape as [number, number, number, number];
  const [, , oh, ow] = shape as [number, number, number, number];
  const groups = attrs.groups, og = o / groups;
  const geo = convGeometry(x.shape, cg, [kh, kw], [oh, ow], attrs);
  const pointwise = isPointwise(geo);
  const p = oh * ow, kdim = cg * kh * kw;

  const out = backend.output(shape, x.dtype);
  const col = backend.scratch(x.dtype, pointwise ? 0 : kdim * p);
  try {
    const xv = backend.view(x) as FloatArray, wv = backend.view(w) as FloatArray, ov = backend.view(out) as FloatArray;
    const cv = col.view() as FloatArray;
    for (let i = 0; i < n; i++) {
      for (let g = 0; g < groups; g++) {
        const xOff = (i * c + g * cg) * h * wd;
        if (!pointwise) backend.im2col(xv, xOff, geo, cv, 0);
        const b = pointwise ? { data: xv, offset: xOff, rowStride: p, colStride: 1 } : { data: cv, offset: 0, rowStride: p, colStride: 1 };
        backend.gemm(og, p, kdim, { data: wv, offset: g * og * kdim, rowStride: kdim, colStride: 1 }, b, ov, (i * o + g * og) * p, p, false);
      }
    }
  } finally {
    col.free();
  }
  return out;
};
