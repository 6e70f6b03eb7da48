import { ShapeError, fmtShape, gatherShape, sizeOf, type KernelImpl, type TensorInfo } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { NUMERIC, requireDType, requireShape } from './checks.js';
import { glslType } from './elementwise-glsl.js';
import { readIndices } from './indices.js';

/** Most updates one pass adds into an output element (a fragment must not loop for too long on a real GPU). */
export const SCATTER_TERMS_PER_PASS = 4096;

function upload(backend: WebGLBackend, values: Int32Array): TensorInfo {
  const t = backend.empty([values.length], 'int32');
  backend.write(t.dataId, values);
  return t;
}

/**
 * Zeros of `shape`, then updates added at `indices` along `axis`. The indices are read back (to
 * check them, see indices.ts) and inverted on the CPU into, for each slot k of the axis, the list of
 * positions t with indices[t] = k, in increasing t. Each output element then sums only its own
 * updates, in the same order as the CPU backend (so float32 sums match it bit for bit). A slot hit
 * more than SCATTER_TERMS_PER_PASS times takes several passes, each adding the next terms to the
 * previous partial sums.
 */
export const scatterAdd: KernelImpl<WebGLBackend, 'scatterAdd'> = (backend, { updates, indices }, { axis, shape }) => {
  requireDType('scatterAdd', 'updates', updates, NUMERIC);
  requireDType('scatterAdd', 'indices', indices, ['int32']);
  if (!(Number.isInteger(axis) && axis >= 0 && axis < shape.length)) throw new ShapeError(`scatterAdd: axis ${axis} is out of range for ${fmtShape(shape)}`);
  requireShape('scatterAdd', 'updates', updates.shape, gatherShape(shape, indices.shape, axis));
  const dim = shape[axis]!;
  const idx = readIndices(backend, 'scatterAdd', indices, dim, axis);
  const dtype = updates.dtype;
  const type = glslType(dtype);
  if (sizeOf(shape) === 0) return backend.empty(shape, dtype);
  const count = idx.length;
  const zero = type === 'float' ? '0.0' : '0';
  if (count === 0 || sizeOf(updates.shape) === 0) {
    return backend.runShader({ kernel: 'scatterAdd', inputs: {}, output: { shape, dtype }, body: `${type} compute(int index) { return ${zero}; }` });
  }
  // CSR of the inverse map: positions of slot k are order[start[k] .. start[k+1]).
  const start = new Int32Array(dim + 1);
  for (const k of idx) start[k + 1]!++;
  let most = 0;
  for (let k = 0; k < dim; k++) {
    most = Math.max(most, start[k + 1]!);
    start[k + 1]! += start[k]!;
  }
  const order = new Int32Array(count);
  const fill = start.slice(0, dim);
  for (let t = 0; t < count; t++) order[fill[idx[t]!]!++] = t;

  const inner = sizeOf(shape.slice(axis + 1));
  const startT = upload(backend, start);
  const orderT = upload(backend, order);
  const add = type === 'float' ? 'acc += v;' : 'acc = int(uint(acc) + uint(v));'; // int sums wrap, as the CPU's Int32Array
  const passes = Math.ceil(most / SCATTER_TERMS_PER_PASS);
  let partial: TensorInfo | undefined;
  try {
    for (let pass = 0; pass < passes; pass++) {
      const inputs: Record<string, TensorInfo> = { u: updates, start: startT, order: orderT };
      if (partial) inputs.prev = partial;
      const body = `${type} compute(int index) {
  int o = index / ${dim * inner};
  int r = index - o * ${dim * inner};
  int k = r / ${inner};
  int j = r - k * ${inner};
  int p0 = get_start(k) + first;
  int p1 = min(get_start(k + 1), p0 + ${SCATTER_TERMS_PER_PASS});
  ${type} acc = ${partial ? 'get_prev(index)' : zero};
  for (int p = p0; p < p1; p++) {
    ${type} v = get_u((o * ${count} + get_order(p)) * ${inner} + j);
    ${add}
  }
  return acc;
}`;
      const next = backend.runShader({
        kernel: 'scatterAdd',
        inputs,
        output: { shape, dtype },
        uniforms: { first: { type: 'int', value: pass * SCATTER_TERMS_PER_PASS } },
        body,
      });
      if (partial) backend.dispose(partial.dataId);
      partial = next;
    }
  } finally {
    backend.dispose(startT.dataId);
    backend.dispose(orderT.dataId);
  }
  return partial!;
};
