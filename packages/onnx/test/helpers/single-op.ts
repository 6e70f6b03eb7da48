/**
 * Single-op ONNX models for tests: build one with the production GraphBuilder, run it in
 * onnxruntime-node (the independent reference) and in Pistil, and compare.
 */
import { Tensor, noGrad } from '@pistil/nn';
import * as ort from 'onnxruntime-node';
import { expect } from 'vitest';
import { HostTensor, importOnnx } from '../../src/index.js';
import type { ElemType } from '../../src/elem-types.js';
import { GraphBuilder } from '../../src/export/graph-builder.js';
import { toDevice, toHost } from '../../src/import/values.js';
import type { AttrValue } from '../../src/export/graph-builder.js';

export interface OpCase {
  readonly opType: string;
  readonly opset?: number;
  readonly attrs?: Readonly<Record<string, AttrValue>>;
  /** The node's input names in order; '' skips an optional input. */
  readonly inputs: readonly string[];
  /** Values fed at run time, by input name. */
  readonly feeds?: Readonly<Record<string, HostTensor>>;
  /** Values stored in the model as initializers, by input name. */
  readonly initializers?: Readonly<Record<string, HostTensor>>;
  /** Number of node outputs (default 1). */
  readonly outputs?: number;
}

export function buildOpModel(c: OpCase): Uint8Array {
  const g = new GraphBuilder();
  for (const [name, h] of Object.entries(c.feeds ?? {})) g.input(name, h.type, h.shape);
  for (const [name, h] of Object.entries(c.initializers ?? {})) g.initializer(name, h);
  const outputs = Array.from({ length: c.outputs ?? 1 }, (_, i) => `y${i}`);
  g.node({ opType: c.opType, inputs: c.inputs, outputs, attrs: c.attrs, name: 'under_test' });
  // Output types are left for the runtimes to infer.
  for (const o of outputs) g.outputs.push({ name: o });
  return g.encode({ opset: c.opset ?? 13 });
}

// onnxruntime warns about old opsets its graph optimizers skip; only errors matter here.
ort.env.logLevel = 'error';

const ORT_TYPES: Partial<Record<ElemType, ort.Tensor.Type>> = { float32: 'float32', float64: 'float64', int64: 'int64', int32: 'int32', uint8: 'uint8', bool: 'bool', int8: 'int8' };

function toOrt(h: HostTensor): ort.Tensor {
  const type = ORT_TYPES[h.type];
  if (!type) throw new Error(`toOrt: ${h.type}`);
  const data =
    h.type === 'int64' ? BigInt64Array.from(h.numbers(), (v) => BigInt(v)) :
    h.type === 'float32' ? Float32Array.from(h.data) :
    h.type === 'float64' ? Float64Array.from(h.data) :
    h.type === 'int32' ? Int32Array.from(h.data) :
    h.type === 'int8' ? Int8Array.from(h.data) :
    h.type === 'bool' ? Uint8Array.from(h.data) : Uint8Array.from(h.data);
  return new ort.Tensor(type, data as never, [...h.shape]);
}

function fromOrt(t: ort.Tensor): HostTensor {
  const data = t.data as ArrayLike<number | bigint>;
  const values = Array.from(data, (v) => Number(v));
  const type: ElemType = t.type === 'float32' ? 'float32' : t.type === 'float64' ? 'float64' : t.type === 'bool' ? 'bool' : t.type === 'uint8' ? 'uint8' : t.type === 'int64' ? 'int64' : 'int32';
  return HostTensor.of(type, t.dims, values);
}

export async function runOrt(bytes: Uint8Array, feeds: Readonly<Record<string, HostTensor>>): Promise<HostTensor[]> {
  const session = await ort.InferenceSession.create(bytes, { intraOpNumThreads: 1, interOpNumThreads: 1 });
  try {
    const out = await session.run(Object.fromEntries(Object.entries(feeds).map(([k, v]) => [k, toOrt(v)])));
    return session.outputNames.map((n) => fromOrt(out[n]!));
  } finally {
    await session.release();
  }
}

/** Runs the model in Pistil (eval mode unless `training`) and reads the outputs back. */
export function runPistil(bytes: Uint8Array, feeds: Readonly<Record<string, HostTensor>>, options: { training?: boolean } = {}): HostTensor[] {
  const model = importOnnx(bytes);
  model.train(options.training ?? false);
  const inputs: Record<string, Tensor> = {};
  for (const [k, h] of Object.entries(feeds)) inputs[k] = toPistil(h);
  try {
    const out = noGrad(() => model.run(inputs));
    return model.outputNames.map((n) => {
      const t = out[n]!;
      const h = toHost(t);
      t.dispose();
      return h;
    });
  } finally {
    for (const t of Object.values(inputs)) t.dispose();
    model.dispose();
  }
}

export function toPistil(h: HostTensor): Tensor {
  return toDevice(h, 'cpu', 'test input');
}

/** Max |a - e| ≤ atol + rtol · max|e|, over shapes that must match exactly. */
export function expectClose(actual: HostTensor, expected: HostTensor, options: { rtol?: number; atol?: number; what?: string } = {}): void {
  const what = options.what ?? 'output';
  expect(actual.shape, `${what} shape`).toEqual(expected.shape);
  const scale = Math.max(1e-30, ...Array.from(expected.data as ArrayLike<number>, (v) => (Number.isFinite(v) ? Math.abs(v) : 0)));
  const tol = (options.atol ?? 1e-6) + (options.rtol ?? 1e-5) * scale;
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.size; i++) {
    const a = actual.data[i]!;
    const e = expected.data[i]!;
    if (Number.isNaN(e) && Number.isNaN(a)) continue;
    if (a === e) continue;
    const d = Math.abs(a - e);
    if (!(d <= worst)) [worst, at] = [Number.isNaN(d) ? Infinity : d, i];
  }
  expect(worst, `${what}: worst error at flat index ${at}: got ${actual.data[at]}, expected ${expected.data[at]}`).toBeLessThanOrEqual(tol);
}

/** Runs a single-op case in both runtimes and compares every output. */
export async function checkAgainstOrt(c: OpCase, options: { rtol?: number; atol?: number } = {}): Promise<void> {
  const bytes = buildOpModel(c);
  const expected = await runOrt(bytes, c.feeds ?? {});
  const actual = runPistil(bytes, c.feeds ?? {});
  expected.forEach((e, i) => expectClose(actual[i]!, e, { ...options, what: `${c.opType} output ${i}` }));
}

/** A deterministic pseudo-random host tensor with values in [lo, hi). */
export function randomHost(shape: readonly number[], seed = 1, lo = -1, hi = 1, type: ElemType = 'float32'): HostTensor {
  let s = seed >>> 0 || 1;
  const n = shape.reduce((a, b) => a * b, 1);
  const values = Array.from({ length: n }, () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return lo + ((s >>> 0) / 2 ** 32) * (hi - lo);
  });
  return HostTensor.of(type, shape, type === 'float32' || type === 'float64' ? values : values.map(Math.floor));
}

export const host = {
  f32: (shape: readonly number[], values: readonly number[]) => HostTensor.of('float32', shape, values),
  i64: (values: readonly number[], shape: readonly number[] = [values.length]) => HostTensor.of('int64', shape, values),
};
