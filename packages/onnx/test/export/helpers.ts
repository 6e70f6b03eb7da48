/**
 * Export test helpers: run a module in Pistil and its exported bytes in onnxruntime-node, compare
 * at 1e-5 relative to the output's max-norm, and keep the worst error seen for the summary line.
 */
import { Tensor, noGrad, randn, tensor } from '@pistil/nn';
import type { Module } from '@pistil/nn';
import { expect } from 'vitest';
import { HostTensor, importOnnx, onnx } from '../../src/index.js';
import type { IGraphProto, IValueInfoProto } from '../../src/index.js';
import { toHost } from '../../src/import/values.js';
import { runOrt } from '../helpers/single-op.js';

export const RTOL = 1e-5;

/** Worst relative (max-norm) error per case, printed by `reportErrors`. */
export const measured = new Map<string, number>();

export { toHost };

/** The module's output in eval mode, as a host tensor (the module's mode is restored). */
export function runPistil(module: Module, inputs: readonly Tensor[]): HostTensor {
  const training = module.training;
  module.eval();
  try {
    const out = noGrad(() => module.call(...inputs));
    const h = toHost(out);
    if (!inputs.includes(out)) out.dispose();
    return h;
  } finally {
    module.train(training);
  }
}

/** Max |a − e| / max |e|, with shapes equal. */
export function relativeError(actual: HostTensor, expected: HostTensor): number {
  expect(actual.shape).toEqual(expected.shape);
  let worst = 0;
  let scale = 1e-30;
  for (let i = 0; i < expected.size; i++) {
    const [a, e] = [actual.data[i]!, expected.data[i]!];
    scale = Math.max(scale, Math.abs(e));
    const d = a === e ? 0 : Math.abs(a - e);
    worst = Number.isNaN(d) ? Infinity : Math.max(worst, d);
  }
  return worst / scale;
}

/** Checks `actual` against `expected` at RTOL and records the error under `label`. */
export function expectMatch(label: string, actual: HostTensor, expected: HostTensor): number {
  const err = relativeError(actual, expected);
  measured.set(label, Math.max(measured.get(label) ?? 0, err));
  expect(err, `${label}: relative error`).toBeLessThanOrEqual(RTOL);
  return err;
}

/** Runs the exported bytes in onnxruntime on `inputs` (by the graph's input names) and returns the first output. */
export async function runExported(bytes: Uint8Array, inputs: readonly Tensor[]): Promise<HostTensor> {
  const names = inputNames(bytes);
  const feeds = Object.fromEntries(inputs.map((t, i) => [names[i]!, toHost(t)]));
  return (await runOrt(bytes, feeds))[0]!;
}

export function inputNames(bytes: Uint8Array): string[] {
  const model = onnx.ModelProto.decode(bytes);
  const initializers = new Set((model.graph?.initializer ?? []).map((t) => t.name));
  return (model.graph?.input ?? []).map((v) => v.name ?? '').filter((n) => !initializers.has(n));
}

/** The decoded graph, for checks on its nodes. */
export function graphOf(bytes: Uint8Array): IGraphProto {
  return onnx.ModelProto.decode(bytes).graph!;
}

/** Op types of the graph's nodes, in order. */
export function opTypes(bytes: Uint8Array): string[] {
  return (graphOf(bytes).node ?? []).map((n) => n.opType ?? '');
}

/** The declared dims of a graph input or output ('batch' for a symbolic one). */
export function declaredDims(v: IValueInfoProto): (number | string)[] {
  return (v.type?.tensorType?.shape?.dim ?? []).map((d) => (d.dimParam ? d.dimParam : Number(d.dimValue)));
}

/** Runs the re-imported model (eval) on `inputs`. */
export function runImported(bytes: Uint8Array, inputs: readonly Tensor[]): HostTensor {
  const model = importOnnx(bytes);
  try {
    return runPistil(model, inputs);
  } finally {
    model.dispose();
  }
}

/** A float32 input with a fixed seed-independent pattern when `values` is omitted (randn otherwise uses the global generator). */
export function sample(shape: readonly number[]): Tensor {
  return randn(shape);
}

export function ints(values: readonly number[], shape: readonly number[]): Tensor {
  return tensor(Int32Array.from(values), { shape, dtype: 'int32' });
}

/** A one-line table of the worst errors measured, for the report. */
export function reportErrors(title: string): void {
  const rows = [...measured].map(([k, v]) => `${k}: ${v.toExponential(2)}`);
  if (rows.length > 0) console.log(`${title} — max relative error vs reference:\n  ${rows.join('\n  ')}`);
}
