/**
 * Test helpers of the shape family: every case is checked against onnxruntime on the device path
 * (the import as a model runs it) and, for ops with a host implementation, on the host path too
 * (runHost with every input a HostTensor, as in folded shape arithmetic); plus gradient checks.
 */
import { concat, gradcheck, reshape } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { expect } from 'vitest';
import { HostTensor, importOnnx } from '../../src/index.js';
import { encodeAttribute } from '../../src/export/graph-builder.js';
import { Attributes } from '../../src/import/attributes.js';
import { NodeContext } from '../../src/import/node-context.js';
import { findOp } from '../../src/import/ops/index.js';
import { buildOpModel, expectClose, runOrt, runPistil, toPistil } from '../helpers/single-op.js';
import type { OpCase } from '../helpers/single-op.js';

export { attr } from '../../src/export/graph-builder.js';
export { host, randomHost } from '../helpers/single-op.js';
export type { OpCase } from '../helpers/single-op.js';

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

/** Compares Pistil with onnxruntime on the device path, and on the host path where the op has one. */
export async function checkOp(c: OpCase, options: { rtol?: number; atol?: number; hostPath?: boolean } = {}): Promise<HostTensor[]> {
  const bytes = buildOpModel(c);
  const expected = await runOrt(bytes, c.feeds ?? {});
  const device = runPistil(bytes, c.feeds ?? {});
  expected.forEach((e, i) => expectClose(device[i]!, e, { ...options, what: `${c.opType} output ${i} (device)` }));
  expect(device.length).toBe(expected.length);
  if (options.hostPath ?? findOp(c.opType)?.runHost !== undefined) {
    const onHost = runHostOp(c);
    expected.forEach((e, i) => expectClose(onHost[i]!, e, { ...options, what: `${c.opType} output ${i} (host)` }));
  }
  return expected;
}

/** The error Pistil raises for a case (import or run), for checking its type and message. */
export function pistilError(c: OpCase): unknown {
  try {
    runPistil(buildOpModel(c), c.feeds ?? {});
  } catch (err) {
    return err;
  }
  throw new Error(`${c.opType}: expected an error`);
}

/** Asserts the case fails with `type`, naming the node and matching `message`. */
export function expectOpError(c: OpCase, type: new (...args: never[]) => Error, message: RegExp): void {
  const err = pistilError(c);
  expect(err).toBeInstanceOf(type);
  expect((err as Error).message).toMatch(/node 'under_test'/);
  expect((err as Error).message).toMatch(message);
}

/**
 * Finite-difference gradient check of the imported single-op model in float64, with respect to
 * the feeds named in `wrt` (the others are fixed); every output takes part, flattened and joined.
 */
export function gradcheckOp(c: OpCase, wrt: readonly string[]): void {
  const model = importOnnx(buildOpModel(c));
  model.eval();
  model.double();
  const fixed: Record<string, Tensor> = {};
  for (const [k, h] of Object.entries(c.feeds ?? {})) if (!wrt.includes(k)) fixed[k] = toPistil(h);
  const inputs = wrt.map((k) => toPistil(c.feeds![k]!).double());
  try {
    const f = (...xs: Tensor[]): Tensor => {
      const out = model.run({ ...fixed, ...Object.fromEntries(wrt.map((k, i) => [k, xs[i]!])) });
      return concat(model.outputNames.map((n) => reshape(out[n]!, [out[n]!.size])));
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
