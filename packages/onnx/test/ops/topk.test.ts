import { describe, expect, it } from 'vitest';
import { memory, noGrad } from '@pistil/nn';
import { HostTensor, OnnxFormatError, importOnnx } from '../../src/index.js';
import { buildOpModel, runOrt, runPistil, toPistil } from '../helpers/single-op.js';
import { attr, checkOp, expectOpError, gradcheckOp, host, randomHost } from '../helpers/op-checks.js';
import type { OpCase } from '../helpers/op-checks.js';

const x = randomHost([3, 5, 4], 1);

/** A TopK case: k as the attribute before opset 10, as input K from 10. */
function topK(opset: number, k: number, attrs: OpCase['attrs'] = {}, input: HostTensor = x): OpCase {
  if (opset < 10) return { opType: 'TopK', opset, attrs: { ...attrs, k: attr.int(k) }, inputs: ['x'], feeds: { x: input }, outputs: 2 };
  return { opType: 'TopK', opset, attrs, inputs: ['x', 'k'], feeds: { x: input, k: host.i64([k]) }, outputs: 2 };
}

describe('TopK', () => {
  it('k as an attribute (opset 1) and as an input (10, 11), along the default last axis', async () => {
    for (const opset of [1, 10, 11, 13]) await checkOp(topK(opset, 3));
  });

  it('every axis, negative ones, k = the axis size, k = 1 and k = 0', async () => {
    for (const axis of [0, 1, 2, -2]) {
      for (const k of [1, 3]) await checkOp(topK(11, k, { axis: attr.int(axis) }));
    }
    await checkOp(topK(11, 5, { axis: attr.int(1) }));
    await checkOp(topK(11, 0));
  });

  it('the smallest values (largest = 0, opset 11), which earlier opsets do not have', async () => {
    await checkOp(topK(11, 2, { largest: attr.int(0), axis: attr.int(1) }));
    // Before opset 11 the attribute is not part of the op: the largest are returned.
    const [values] = runPistil(buildOpModel(topK(10, 2, { largest: attr.int(0) })), topK(10, 2).feeds!);
    const [expected] = await runOrt(buildOpModel(topK(10, 2)), topK(10, 2).feeds!);
    expect(Array.from(values!.data)).toEqual(Array.from(expected!.data));
  });

  it('ties keep the lower index first, for the largest and the smallest', async () => {
    const ties = host.f32([2, 6], [1, 3, 3, 0, 3, 1, 2, 2, 2, 2, 5, 5]);
    for (const largest of [1, 0]) await checkOp(topK(11, 4, { largest: attr.int(largest) }, ties));
  });

  it('integer and float64 inputs', async () => {
    await checkOp(topK(11, 2, {}, HostTensor.of('int64', [2, 4], [5, -3, 9, 9, 0, 7, -8, 7])));
    await checkOp(topK(11, 2, {}, HostTensor.of('int32', [2, 4], [5, -3, 9, 1, 0, 7, -8, 6])));
    await checkOp(topK(11, 3, { axis: attr.int(0) }, randomHost([4, 3], 2, -1, 1, 'float64')));
  });

  it('sorted = 0 selects the same elements (their order is unspecified; ours stays sorted)', async () => {
    const flat = randomHost([9], 3);
    const c = topK(11, 4, { sorted: attr.int(0) }, flat);
    const [expectedValues, expectedIndices] = await runOrt(buildOpModel(c), c.feeds!);
    const [values, indices] = runPistil(buildOpModel(c), c.feeds!);
    const sortedOf = (h: HostTensor): number[] => Array.from(h.data).sort((a, b) => a - b);
    expect(sortedOf(values!)).toEqual(sortedOf(expectedValues!));
    expect(sortedOf(indices!)).toEqual(sortedOf(expectedIndices!));
    expect(Array.from(values!.data)).toEqual(sortedOf(values!).reverse());
  });

  it('rejects k out of range, a bad axis and a K that is not one value, naming the node', () => {
    expectOpError(topK(11, 6), OnnxFormatError, /input 'K' = 6 must be an integer in \[0, 4\]/, { hostPath: true });
    expectOpError(topK(11, -1), OnnxFormatError, /input 'K' = -1/);
    expectOpError(topK(1, 9), OnnxFormatError, /attribute 'k' = 9/);
    expectOpError(topK(11, 2, { axis: attr.int(3) }), OnnxFormatError, /attribute 'axis' = 3/, { hostPath: true });
    const c = topK(11, 2);
    expectOpError({ ...c, feeds: { ...c.feeds, k: host.i64([1, 2]) } }, OnnxFormatError, /input 'K' must hold one value/);
    expectOpError(topK(11, 1, {}, HostTensor.of('float32', [], [1])), OnnxFormatError, /at least one dim/);
  });

  it('values are differentiable with respect to X', () => {
    gradcheckOp(topK(11, 2, { axis: attr.int(1) }, randomHost([2, 4, 3], 4)), ['x']);
    gradcheckOp(topK(11, 3, { largest: attr.int(0) }, randomHost([3, 5], 5)), ['x']);
  });

  it('inference frees its temporaries (the indices it uploads included)', () => {
    const model = importOnnx(buildOpModel(topK(11, 2))).eval();
    const input = toPistil(x);
    const k = toPistil(host.i64([2]));
    const run = (): void => { for (const t of Object.values(noGrad(() => model.run({ x: input, k })))) t.dispose(); };
    run();
    const before = memory().tensors;
    for (let i = 0; i < 3; i++) run();
    expect(memory().tensors).toBe(before);
    for (const t of [input, k]) t.dispose();
    model.dispose();
  });
});
