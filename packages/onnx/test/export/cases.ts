/**
 * Table-driven export checks: a case builds a module and its inputs at any batch size; it is
 * exported from batch 2, run in onnxruntime at batch 2 and (dynamic batch) at 1 and 5, and,
 * optionally, re-imported with importOnnx and run in Pistil.
 */
import { dispose, manualSeed } from '@pistil/nn';
import type { Module, Tensor } from '@pistil/nn';
import { expect } from 'vitest';
import { exportOnnx } from '../../src/index.js';
import { declaredDims, expectMatch, graphOf, opTypes, runExported, runImported, runPistil } from './helpers.js';

export interface ExportCase {
  readonly label: string;
  readonly make: () => Module;
  /** The inputs at batch size `batch`. */
  readonly input: (batch: number) => Tensor[];
  /** Op types the exported graph must contain (at a given opset). */
  readonly ops?: readonly string[] | ((opset: number) => readonly string[]);
  /** Op types it must not contain (a layer that should export as a unit). */
  readonly notOps?: readonly string[];
  /** false: exported for the sample's batch size only (the default is a symbolic batch, checked at three sizes). */
  readonly dynamicBatch?: boolean;
}

export const SAMPLE_BATCH = 2;
export const OTHER_BATCHES = [1, 5] as const;

/** Exports the case at `opset` and checks it in onnxruntime at the sample's and two other batch sizes. */
export async function checkInOrt(c: ExportCase, opset: number): Promise<Uint8Array> {
  manualSeed(1234);
  const module = c.make();
  const x = c.input(SAMPLE_BATCH);
  try {
    const dynamicBatch = c.dynamicBatch ?? true;
    const bytes = await exportOnnx(module, x, { opset, dynamicBatch });
    const ops = opTypes(bytes);
    for (const op of (typeof c.ops === 'function' ? c.ops(opset) : c.ops) ?? []) expect(ops, `${c.label}: graph ops`).toContain(op);
    for (const op of c.notOps ?? []) expect(ops, `${c.label}: graph ops`).not.toContain(op);
    expect(declaredDims(graphOf(bytes).input![0]!)[0]).toBe(dynamicBatch ? 'batch' : SAMPLE_BATCH);
    expectMatch(`${c.label} @${opset}`, await runExported(bytes, x), runPistil(module, x));
    for (const batch of dynamicBatch ? OTHER_BATCHES : []) {
      const y = c.input(batch);
      try {
        expectMatch(`${c.label} @${opset}`, await runExported(bytes, y), runPistil(module, y));
      } finally {
        dispose(y);
      }
    }
    return bytes;
  } finally {
    dispose(x);
    module.dispose();
  }
}

/** Exports at opset 13 and checks the re-imported module computes what the original does. */
export async function checkRoundTrip(c: ExportCase): Promise<void> {
  manualSeed(1234);
  const module = c.make();
  const x = c.input(SAMPLE_BATCH);
  const y = c.input(OTHER_BATCHES[1]);
  try {
    const dynamicBatch = c.dynamicBatch ?? true;
    const bytes = await exportOnnx(module, x, { dynamicBatch });
    expectMatch(`${c.label} round trip`, runImported(bytes, x), runPistil(module, x));
    if (dynamicBatch) expectMatch(`${c.label} round trip`, runImported(bytes, y), runPistil(module, y));
  } finally {
    dispose([...x, ...y]);
    module.dispose();
  }
}
