/**
 * Every @pistil/nn layer ONNX can express, exported at opsets 13 and 18 and run in onnxruntime at
 * three batch sizes (dynamic batch); outputs within 1e-5 of Pistil's (relative, max-norm).
 */
import { LayerNorm, LogSoftmax, Softmax } from '@pistil/nn';
import { afterAll, describe, it } from 'vitest';
import { checkInOrt } from './cases.js';
import type { ExportCase } from './cases.js';
import { reportErrors } from './helpers.js';
import { LAYER_CASES, seq } from './layer-cases.js';

const OPSETS = [13, 18] as const;

describe('exportOnnx: layers match onnxruntime', () => {
  afterAll(() => reportErrors('layers'));
  for (const c of LAYER_CASES) {
    it.each(OPSETS)(`${c.label} at opset %i`, async (opset) => {
      await checkInOrt(c, opset);
    });
  }
});

/** Layers whose ONNX form changes before opset 13 (Softmax's axis) or that export fine at the oldest opset. */
const OPSET_11_CASES: readonly ExportCase[] = [
  { label: 'Softmax over a middle axis at opset 11 (traced)', make: () => new Softmax(1), input: seq(3, 4), ops: ['ReduceMax', 'Exp', 'ReduceSum'], notOps: ['Softmax'] },
  { label: 'LogSoftmax over the last axis at opset 11', make: () => new LogSoftmax(-1), input: seq(3, 4), ops: ['LogSoftmax'] },
  { label: 'LayerNorm at opset 11', make: () => new LayerNorm([4]), input: seq(2, 4), ops: ['ReduceMean'] },
  ...LAYER_CASES.filter((c) => ['Sequential CNN', 'Embedding', 'Conv2d reflect padding', 'AvgPool2d ceilMode (traced)'].includes(c.label)),
];

describe('exportOnnx: opset 11', () => {
  for (const c of OPSET_11_CASES) it(c.label, async () => void (await checkInOrt(c, 11)));
});
