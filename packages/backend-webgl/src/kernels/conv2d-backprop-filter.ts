import { checkConv2dBackpropFilterArgs, sizeOf } from '@pistil/backend';
import type { KernelImpl } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { WEBGL_FLOAT } from './checks.js';
import { constant } from './constant.js';
import { foldAll } from './fold.js';
import { packedConv2dBackpropFilter } from './packed-conv-grads.js';
import { texelReader } from './texel.js';

/** The sum over N·OH·OW is split when it has more terms than this. */
const SINGLE_PASS_TERMS = 4096;
/** Terms per fragment of the partial-sum pass are kept within [MIN, MAX] … */
const MIN_CHUNK_TERMS = 256;
const MAX_CHUNK_TERMS = 4096;
/** … and the partial sums within this many floats (the chunk grows instead). */
const MAX_PARTIALS = 1 << 22;

/**
 * Rows (pairs (n, oy), OW terms each) summed per fragment: all of them for a short sum, else
 * ≈ √terms terms (balancing the two passes), fewer chunks if the partials would be too many.
 */
function rowsPerChunk(rows: number, ow: number, filterSize: number): number {
  const terms = rows * ow;
  if (terms <= SINGLE_PASS_TERMS) return rows;
  const target = Math.min(MAX_CHUNK_TERMS, Math.max(MIN_CHUNK_TERMS, Math.round(Math.sqrt(terms))));
  const maxParts = Math.max(1, Math.floor(MAX_PARTIALS / filterSize));
  return Math.min(rows, Math.max(1, Math.round(target / ow), Math.ceil(rows / maxParts)));
}

/**
 * dw[oc, c, ky, kx] = Σ over n, oy, ox of dy[n, oc, oy, ox]·x[n, g·C/g + c, oy·sh − pt + ky·dh, ox·sw − pl + kx·dw].
 * The (n, oy) rows are cut into S chunks: pass 1 writes [S, dw] partial sums, each fragment one
 * chunk of rows with the in-bounds oy and ox ranges found once; pass 2 adds the S partials.
 * A short sum (≤ 4096 terms) is one pass.
 */
export const conv2dBackpropFilter: KernelImpl<WebGLBackend, 'conv2dBackpropFilter'> = (backend, { x, dy }, attrs) => {
  const op = 'conv2dBackpropFilter';
  checkConv2dBackpropFilterArgs(x, dy, attrs, WEBGL_FLOAT);
  const [n, c, h, wd] = x.shape as [number, number, number, number];
  const [o, cg, kh, kw] = attrs.filterShape as [number, number, number, number];
  const [, , oh, ow] = dy.shape as [number, number, number, number];
  const shape = attrs.filterShape;
  const size = sizeOf(shape);
  if (size === 0) return backend.empty(shape, x.dtype);
  const rows = n * oh;
  if (rows * ow === 0) return constant(backend, op, shape, x.dtype, 0);
  const packed = packedConv2dBackpropFilter(backend, op, x, dy, shape, attrs);
  if (packed) return packed;
  const og = o / attrs.groups;
  const [sh, sw] = attrs.stride, [dh, dw] = attrs.dilation, [pt, pl] = attrs.pads;
  const per = rowsPerChunk(rows, ow, size);
  const parts = Math.ceil(rows / per);
  const rx = texelReader(backend, 'x', x), rdy = texelReader(backend, 'dy', dy);
  const body = `${rx.helpers}
${rdy.helpers}
float compute(int index) {
  int s = index / ${size};
  int e = index - s * ${size};
  int oc = e / ${cg * kh * kw};
  int e1 = e - oc * ${cg * kh * kw};
  int cc = e1 / ${kh * kw};
  int e2 = e1 - cc * ${kh * kw};
  int ky = e2 / ${kw};
  int kx = e2 - ky * ${kw};
  int g = oc / ${og};
  // the oy with 0 <= oy*sh - pt + ky*dh < H, and the same for ox
  int ay = ${pt} - ky * ${dh};
  int oyLo = ay <= 0 ? 0 : (ay + ${sh - 1}) / ${sh};
  int by = ${h - 1 + pt} - ky * ${dh};
  int oyHi = by < 0 ? -1 : min(by / ${sh}, ${oh - 1});
  int ax = ${pl} - kx * ${dw};
  int oxLo = ax <= 0 ? 0 : (ax + ${sw - 1}) / ${sw};
  int bx = ${wd - 1 + pl} - kx * ${dw};
  int oxEnd = bx < 0 ? 0 : min(bx / ${sw}, ${ow - 1}) + 1;
  int t0 = s * ${per};
  int t1 = min(t0 + ${per}, ${rows});
  int nn = t0 / ${oh};
  int oy = t0 - nn * ${oh};
  ${rdy.type} dyRow = ${rdy.at(`(nn * ${o} + oc) * ${oh * ow} + oy * ${ow} + oxLo`)};
  ${rx.type} xRow = ${rx.at(`(nn * ${c} + g * ${cg} + cc) * ${h * wd} + (oy * ${sh} - ${pt} + ky * ${dh}) * ${wd} + oxLo * ${sw} - ${pl} + kx * ${dw}`)};
  float acc = 0.0;
  for (int t = t0; t < t1; t++) {
    if (oy >= oyLo && oy <= oyHi) {
      ${rdy.type} d = dyRow;
      ${rx.type} xo = xRow;
      for (int ox = oxLo; ox < oxEnd; ox++) {
        acc += ${rdy.read('d')} * ${rx.read('xo')};
        ${rdy.step('d', 1)}
        ${rx.step('xo', sw)}
      }
    }
    oy++;
    ${rdy.step('dyRow', ow)}
    ${rx.step('xRow', sh * wd)}
    if (oy == ${oh}) {
      oy = 0;
      ${rdy.step('dyRow', (o - 1) * oh * ow)}
      ${rx.step('xRow', c * h * wd - oh * sh * wd)}
    }
  }
  return acc;
}`;
  if (parts === 1) return backend.runShader({ kernel: op, inputs: { x, dy }, output: { shape, dtype: x.dtype }, body });
  const partial = backend.runShader({ kernel: op, inputs: { x, dy }, output: { shape: [parts, size], dtype: x.dtype }, body });
  try {
    return foldAll(backend, { kernel: op, x: partial, kept: [{ size, stride: 1 }], reduced: [{ size: parts, stride: size }], fold: 'sum', output: { shape, dtype: x.dtype } });
  } finally {
    backend.dispose(partial.dataId);
  }
};
