import { ShapeError, fmtShape, sizeOf } from '@pistil/backend';
import type { KernelImpl, TensorInfo } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { formatOf } from '../layout.js';
import { requireDType } from './checks.js';
import { FLOAT_BITS_GLSL } from './float-bits.js';
import { chunkFor } from './fold.js';
import { texelReader } from './texel.js';

interface Axis {
  outer: number;
  len: number;
  inner: number;
}

/**
 * One pass of argmax/argmin: output (q, p) is the axis index of the winner among the chunk
 * [p·chunk, min((p+1)·chunk, n)) of the candidates of output position q — the axis indices
 * themselves in the first pass, the winners of the previous pass (`cand` [outer·inner, n]) after.
 * Strictly better replaces, so ties keep the first; the first NaN wins and stays.
 */
function argPass(backend: WebGLBackend, op: 'argmax' | 'argmin', x: TensorInfo, ax: Axis, cand: TensorInfo | undefined, n: number, chunk: number, outShape: readonly number[]): TensorInfo {
  const parts = Math.ceil(n / chunk);
  const float = formatOf(x.dtype) === 'float';
  const better = op === 'argmax' ? '>' : '<';
  const type = float ? 'float' : 'int';
  const lines: string[] = [];
  lines.push(parts > 1 ? `int q = index / ${parts}; int p = index - q * ${parts};` : 'int q = index; int p = 0;');
  // q = o·inner + j → x offset of axis index k is o·len·inner + j + k·inner
  lines.push(`int o_ = q / ${ax.inner};`, `int base = q + o_ * ${(ax.len - 1) * ax.inner};`);
  lines.push(`int k0 = p * ${chunk};`, `int k1 = min(k0 + ${chunk}, ${n});`);
  lines.push(`int best = -1; ${type} bv = ${float ? '0.0' : '0'};`);
  if (float) lines.push('bool bnan = false;');
  // First pass: a cursor walks the axis. Later passes read x at each candidate's index.
  const rx = texelReader(backend, 'x', x);
  if (!cand) lines.push(`${rx.type} cx = ${rx.at(`base + k0 * ${ax.inner}`)};`);
  lines.push(`for (int t = k0; t < k1; t++) {`);
  if (cand) lines.push(`int k = get_cand(q * ${n} + t);`, `${type} v = get_x(base + k * ${ax.inner});`);
  else lines.push('int k = t;', `${type} v = ${rx.read('cx')};`, rx.step('cx', ax.inner));
  if (float) {
    lines.push('if (isnan_f(v)) { best = k; break; }');
    lines.push(`if (best < 0 || v ${better} bv) { best = k; bv = v; }`);
  } else {
    lines.push(`if (best < 0 || v ${better} bv) { best = k; bv = v; }`);
  }
  lines.push('}');
  const inputs: Record<string, TensorInfo> = cand ? { x, cand } : { x };
  return backend.runShader({
    kernel: op,
    inputs,
    output: { shape: parts > 1 ? [ax.outer * ax.inner, parts] : outShape, dtype: 'int32' },
    body: `${float ? FLOAT_BITS_GLSL : ''}
${cand ? '' : rx.helpers}
int compute(int index) {
  ${lines.join('\n  ')}
  return best;
}`,
  });
}

/** Index of the first max/min along one axis: one pass up to 4096 elements, else winners of chunks, then the winner of those. */
export const argReduce: KernelImpl<WebGLBackend, 'argReduce'> = (backend, { x }, { op, axis }) => {
  const name = `argReduce ${op}`;
  requireDType(name, 'x', x, ['float32', 'int32', 'uint8', 'bool']);
  if (!(Number.isInteger(axis) && axis >= 0 && axis < x.shape.length)) throw new ShapeError(`${name}: axis ${axis} is out of range for ${fmtShape(x.shape)}`);
  const outShape = x.shape.map((d, i) => (i === axis ? 1 : d));
  const ax = { outer: sizeOf(x.shape.slice(0, axis)), len: x.shape[axis]!, inner: sizeOf(x.shape.slice(axis + 1)) };
  if (ax.len === 0 && ax.outer * ax.inner > 0) throw new ShapeError(`${name}: axis ${axis} of ${fmtShape(x.shape)} is empty`);
  if (ax.outer * ax.inner === 0) return backend.empty(outShape, 'int32');
  let cand: TensorInfo | undefined;
  let n = ax.len;
  for (;;) {
    const chunk = chunkFor(n);
    const next = argPass(backend, op, x, ax, cand, n, chunk, outShape);
    if (cand) backend.dispose(cand.dataId);
    if (chunk >= n) return next;
    cand = next;
    n = Math.ceil(n / chunk);
  }
};
