/**
 * Modules exported kernel by kernel (no module exporter applies): every kernel an inference pass
 * runs, checked in onnxruntime at three batch sizes (where the batch can be symbolic).
 */
import { afterAll, describe, it } from 'vitest';
import { checkInOrt } from './cases.js';
import { reportErrors } from './helpers.js';
import { BINARY_CASES, CUSTOM_CASES, LINALG_CASES, REDUCE_CASES, SCATTER_CASE, SHAPE_CASES, UNARY_CASES } from './kernel-cases.js';

const GROUPS = { unary: UNARY_CASES, binary: BINARY_CASES, reductions: REDUCE_CASES, linalg: LINALG_CASES, shape: SHAPE_CASES, custom: CUSTOM_CASES };

describe('exportOnnx: traced kernels match onnxruntime', () => {
  afterAll(() => reportErrors('kernels'));
  for (const [group, cases] of Object.entries(GROUPS)) {
    describe(group, () => {
      for (const c of cases) it.each([13])(`${c.label} at opset %i`, async (opset) => void (await checkInOrt(c, opset)));
    });
  }
  // Where the ONNX form depends on the opset: reduce axes (attribute / input), Clip and Relu on
  // integers, LessOrEqual, ScatterElements' reduction.
  const opsetSensitive = [...REDUCE_CASES, ...BINARY_CASES.filter((c) => /comparisons|int32/.test(c.label)), UNARY_CASES.find((c) => c.label === 'clamp')!];
  describe('other opsets', () => {
    for (const c of opsetSensitive) it.each([11, 18])(`${c.label} at opset %i`, async (opset) => void (await checkInOrt(c, opset)));
    it.each([16, 18])('scatterAdd at opset %i', async (opset) => void (await checkInOrt(SCATTER_CASE, opset)));
  });
});
