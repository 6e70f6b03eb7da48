import { conv2dShape } from '@pistil/backend';
import type { KernelImpl } from '@pistil/backend';
import type { CpuBackend } from '../backend.js';
import { FLOAT_DTYPES, requireDType, requireRank, requireSameDType, requireShape } from '../helpers/checks.js';
import type { FloatArray } from '../helpers/gemm.js';
import { convGeometry, isPointwise } from '../helpers/im2col.js';

/**
 * Per group: dw[Og, Cg·KH·KW] = Σ over images of dy[Og, OH·OW] · im2col(x)ᵀ. The TypeScript
 * kernels sum the images in float64; with SIMD kernels a float32 dw is summed in place in
 * float32 (as oneDNN does), so every image's product runs in WebAssembly on heap memory.
 */
export const conv2dBackpropFilter: KernelImpl<CpuBackend, 'conv2dBackpropFilter'> = (backend, { x, dy }, attrs) => {
  const op = 'conv2dBackpropFilter';
  requireSameDType(op, { x, dy });
  requireDType(op, 'x', x, FLOAT_DTYPES);
  requireRank(op, 'filterShape', attrs.filterShape, 4, '[O, C/groups, KH, KW]');
  requireShape(op, 'dy', dy.shape, conv2dShape(x.shape, attrs.filterShape, attrs));
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [o, cg, kh, kw] = attrs.filterShape as [number, number, number, number];
  const [, , oh, ow] = dy.shape as [number, number, number, number];
  const groups = attrs.groups, og = o / groups;
  const geo = convGeometry(x.shape, cg, [kh, kw], [oh, ow], attrs);
  const pointwise = isPointwise(geo);
  const p = oh * ow, kdim = cg * kh * kw;

  const dw = backend.output(attrs.filterShape, x.dtype);
  const col = backend.scratch(x.dtype, pointwise ? 0 : kdim * p);
  const inPlace = x.dtype === 'float32' && backend.kernelVariant === 'simd';
  try {
    const xv = backend.view(x) as FloatArray, dyv = backend.view(dy) as FloatArray, dwv = backend.view(dw) as FloatArray;
    const cv = col.view() as FloatArray;
    const sums = inPlace ? dwv.fill(0) : new Float64Array(o * kdim);
    for (let i = 0; i < n; i++) {
      for (let g = 0; g < groups; g++) {
        const xOff = (i * c + g * cg) * h * wd;
        if (!pointwise) backend.im2col(xv, xOff, geo, cv, 0);
        const colT = pointwise ? { data: xv, offset: xOff, rowStride: 1, colStride: p } : { data: cv, offset: 0, rowStride: 1, colStride: p };
        backend.gemm(og, kdim, p, { data: dyv, offset: (i * o + g * og) * p, rowStride: p, colStride: 1 }, colT, sums, g * og * kdim, kdim, true);
      }
    }
    if (!inPlace) dwv.set(sums);
  } finally {
    col.free();
  }
  return dw;
};
