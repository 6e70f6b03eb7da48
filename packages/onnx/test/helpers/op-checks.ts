/**
 * Op test helpers: each case runs in onnxruntime (the reference) and in Pistil on
 * the device path (the imported model) and, for ops with a host implementation, on the host path
 * (runHost on HostTensors, as folded shape arithmetic runs); output types are checked too.
 */
import { concat, gradcheck, reshape } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { expect } from 'vitest';
import { HostTensor, importOnnx } from '../../src/index.js';
import { deviceDType } from '../../src/elem-types.js';
import type { ElemType } from '../../src/elem-types.js';
import { encodeAttribute } from '../../src/export/graph-builder.js';
import { Attributes } from '../../src/import/attributes.js';
import { NodeContext } from '../../src/import/node-context.js';
import { findOp } from '../../src/import/ops/index.js';
import { buildOpModel, expectClose, runOrt, runPistil, toPistil } from './single-op.js';
import type { OpCase } from './single-op.js';

export { attr } from '../../src/export/graph-builder.js';
export { host, randomHost } from './single-op.js';
export type { OpCase } from './single-op.js';

/** Runs the op's host implementation on the case's feeds and initializers, all as HostTensors. */
export function runHostOp(c: OpCase): HostTensor[] {
  const def = findOp(c.opType);
  if (!def?.runHost) throw new Error(`${c.opType} has no host implementation`);
  const where = `node 'under_test' (${c.opType})`;
  const attrs = new Attributes(where, Object.entries(c.attrs ?? {}).map(([k, v]) => encodeAttribute(k, v)));
  const outputs = Array.from({ length: c.outputs ?? 1 }, (_, i) => `y${i}`);
  const node = { index: 0, name: 'under_test', opType: c.opType, where, inputs: c.inputs, outputs, attrs, def };
  const values = c.inputs.map((n) => (n ? (c.feeds?.[n] ?? c.initializers?.[n]) : undefined));
  const r = def.runHost(new NodeContext(node, c.opset ?? 13, false, values, 'cpu', new Set()));
  return Array.isArray(r) ? [...r] : [r as HostTensor];
}

export interface CheckOptions {
  rtol?: number;
  atol?: number;
  /** Also run the host implementation (default: when the op has one). */
  hostPath?: boolean;
  /** The host result's type, where onnxruntime-node reports another (it hands int8/int16/uint16 back as int32). */
  hostType?: ElemType;
}

/**
 * Compares Pistil with onnxruntime: values on the device path, and the device dtype the ONNX
 * output type lives in; on the host path, values and the exact ONNX type.
 */
export async function checkOp(c: OpCase, options: CheckOptions = {}): Promise<HostTensor[]> {
  const bytes = buildOpModel(c);
  const expected = await runOrt(bytes, c.feeds ?? {});
  const device = runPistil(bytes, c.feeds ?? {});
  expect(device.length).toBe(expected.length);
  expected.forEach((e, i) => {
    expectClose(device[i]!, e, { ...options, what: `${c.opType} output ${i} (device)` });
    expect(device[i]!.type, `${c.opType} output ${i} device dtype`).toBe(deviceDType(e.type));
  });
  if (options.hostPath ?? findOp(c.opType)?.runHost !== undefined) {
    const onHost = runHostOp(c);
    expected.forEach((e, i) => {
      expectClose(onHost[i]!, e, { ...options, what: `${c.opType} output ${i} (host)` });
      expect(onHost[i]!.type, `${c.opType} output ${i} host type`).toBe(options.hostType ?? e.type);
    });
  }
  return expected;
}

/** The error Pistil raises for a case (import or run), for checking its type and message. */
export function pistilError(c: OpCase, run: () => unknown = () => runPistil(buildOpModel(c), c.feeds ?? {})): unknown {
  try {
    run();
  } catch (err) {
    return err;
  }
  throw new Error(`${c.opType}: expected an error`);
}

/** Asserts the case fails with `type` (on the device path, and the host path when given), naming the node and matching `message`. */
export function expectOpError(c: OpCase, type: new (...args: never[]) => Error, message: RegExp, options: { hostPath?: boolean } = {}): void {
  const runs = [() => runPistil(buildOpModel(c), c.feeds ?? {}), ...(options.hostPath ? [() => runHostOp(c)] : [])];
  for (const run of runs) {
    const err = pistilError(c, run);
    expect(err).toBeInstanceOf(type);
    expect((err as Error).message).toMatch(/node 'under_test'/);
    expect((err as Error).message).toMatch(message);
  }
}

/**
 * Finite-difference gradient check of the imported single-op model in float64, with respect to
 * the feeds named in `wrt` (the others are fixed); every float output takes part, flattened and joined.
 */
export function gradcheckOp(c: OpCase, wrt: readonly string[], options: { training?: boolean } = {}): void {
  const model = importOnnx(buildOpModel(c));
  model.train(options.training ?? false);
  model.double();
  const fixed: Record<string, Tensor> = {};
  for (const [k, h] of Object.entries(c.feeds ?? {})) if (!wrt.includes(k)) fixed[k] = toPistil(h);
  const inputs = wrt.map((k) => toPistil(c.feeds![k]!).double());
  try {
    const f = (...xs: Tensor[]): Tensor => {
      const out = model.run({ ...fixed, ...Object.fromEntries(wrt.map((k, i) => [k, xs[i]!])) });
      const floats = model.outputNames.map((n) => out[n]!).filter((t) => t.dtype === 'float64');
      return concat(floats.map((t) => reshape(t, [t.size])));
    };
    const r = gradcheck(f, inputs);
    expect(r.checkedElements).toBeGreaterThan(0);
  } finally {
    for (const t of [...inputs, ...Object.values(fixed)]) t.dispose();
    model.dispose();
  }
}

export const f64 = (shape: readonly number[], values: readonly number[]): HostTensor => HostTensor.of('float64', shape, values);
export const i32 = (values: readonly number[], shape: readonly number[] = [values.length]): HostTensor => HostTensor.of('int32', shape, values);
export const bool = (values: readonly number[], shape: readonly number[] = [values.length]): HostTensor => HostTensor.of('bool', shape, values);
export const u8 = (values: readonly number[], shape: readonly number[] = [values.length]): HostTensor => HostTensor.of('uint8', shape, values);
