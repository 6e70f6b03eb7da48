import { describe, it } from 'vitest';
import { OnnxFormatError } from '../../src/index.js';
import { attr, checkOp, expectOpError, gradcheckOp, host, randomHost } from '../helpers/op-checks.js';
import type { OpCase } from '../helpers/op-checks.js';

const TOL = { rtol: 1e-5, atol: 1e-6 };
const REDUCTIONS = ['none', 'sum', 'mean'];

/** Class targets in [0, c) with some entries replaced by `ignore` (every third one). */
function targets(shape: readonly number[], c: number, seed: number, ignore?: number) {
  const t = randomHost(shape, seed, 0, c, 'int64');
  return host.i64(t.numbers().map((v, i) => (ignore !== undefined && i % 3 === 1 ? ignore : v)), shape);
}

/** A loss case: input [N, C, ...], target, optional weight, attributes. */
function lossCase(opType: string, opset: number, shape: readonly number[], attrs: OpCase['attrs'], options: { weight?: boolean; ignore?: number; outputs?: number; seed?: number } = {}): OpCase {
  const c = shape[1]!;
  const seed = options.seed ?? 1;
  const x = opType === 'NegativeLogLikelihoodLoss' ? randomHost(shape, seed, -3, 0) : randomHost(shape, seed, -2, 2);
  const feeds = { x, t: targets([shape[0]!, ...shape.slice(2)], c, seed + 1, options.ignore), ...(options.weight ? { w: randomHost([c], seed + 2, 0.2, 2) } : {}) };
  return { opType, opset, attrs, inputs: options.weight ? ['x', 't', 'w'] : ['x', 't'], feeds, outputs: options.outputs ?? 1 };
}

describe.each(['NegativeLogLikelihoodLoss', 'SoftmaxCrossEntropyLoss'])('%s', (opType) => {
  it('every reduction over [N, C] and [N, C, d1, d2], with and without weight, opsets 12 and 13', async () => {
    for (const opset of [12, 13]) {
      for (const reduction of REDUCTIONS) {
        for (const shape of [[5, 4], [2, 3, 4, 2]]) {
          for (const weight of [false, true]) {
            await checkOp(lossCase(opType, opset, shape, { reduction: attr.string(reduction) }, { weight, seed: shape.length }), TOL);
          }
        }
      }
    }
  });

  it('defaults to the mean, and reads a [N, C, d1] input', async () => {
    await checkOp(lossCase(opType, 13, [3, 5, 4], {}, { weight: true }), TOL);
  });

  it('ignore_index in range, negative and above C, in every reduction', async () => {
    for (const ignore of [2, -1, 7]) {
      for (const reduction of REDUCTIONS) {
        for (const weight of [false, true]) {
          await checkOp(lossCase(opType, 13, [3, 4, 3], { reduction: attr.string(reduction), ignore_index: attr.int(ignore) }, { weight, ignore, seed: 4 }), TOL);
        }
      }
    }
  });

  it('float64 inputs', async () => {
    const c = lossCase(opType, 13, [4, 3], { reduction: attr.string('sum') }, { weight: true, seed: 5 });
    const feeds = Object.fromEntries(Object.entries(c.feeds!).map(([k, v]) => [k, v.type === 'float32' ? randomHost(v.shape, 9, -2, 0, 'float64') : v]));
    await checkOp({ ...c, feeds }, TOL);
  });

  it('rejects a bad reduction, targets outside [0, C), and mismatched target or weight shapes, naming the node', () => {
    expectOpError(lossCase(opType, 13, [3, 4], { reduction: attr.string('avg') }), OnnxFormatError, /'reduction' = 'avg'/);
    const out = lossCase(opType, 13, [3, 4], {});
    expectOpError({ ...out, feeds: { ...out.feeds, t: host.i64([0, 4, 1]) } }, OnnxFormatError, /target 4/);
    // -1 is a class only to be ignored when ignore_index says so.
    expectOpError({ ...out, feeds: { ...out.feeds, t: host.i64([0, -1, 1]) } }, OnnxFormatError, /target -1/);
    expectOpError({ ...out, feeds: { ...out.feeds, t: host.i64([0, 1]) } }, OnnxFormatError, /target \(input 1\) must have shape \[3\]/);
    const weighted = lossCase(opType, 13, [3, 4], {}, { weight: true });
    expectOpError({ ...weighted, feeds: { ...weighted.feeds, w: randomHost([3], 1) } }, OnnxFormatError, /weight \(input 2\) must have shape \[4\]/);
    expectOpError({ ...out, feeds: { ...out.feeds, x: randomHost([4], 1) } }, OnnxFormatError, /must be \[N, C\]/);
  });

  it('gradients with respect to the input and the weight', () => {
    gradcheckOp(lossCase(opType, 13, [3, 4], { reduction: attr.string('mean'), ignore_index: attr.int(1) }, { weight: true, ignore: 1, seed: 6 }), ['x', 'w']);
    gradcheckOp(lossCase(opType, 12, [2, 3, 2, 2], { reduction: attr.string('none') }, { seed: 7 }), ['x']);
    gradcheckOp(lossCase(opType, 13, [2, 3, 3], { reduction: attr.string('sum'), ignore_index: attr.int(-5) }, { weight: true, ignore: -5, seed: 8 }), ['x', 'w']);
  });
});

describe('SoftmaxCrossEntropyLoss log_prob output', () => {
  it('matches onnxruntime for every reduction, with ignore_index and weights', async () => {
    for (const opset of [12, 13]) {
      for (const reduction of REDUCTIONS) {
        await checkOp(lossCase('SoftmaxCrossEntropyLoss', opset, [2, 4, 3], { reduction: attr.string(reduction), ignore_index: attr.int(0) }, { weight: true, ignore: 0, outputs: 2, seed: 10 }), TOL);
      }
    }
  });

  it('gradients through both outputs', () => {
    gradcheckOp(lossCase('SoftmaxCrossEntropyLoss', 13, [3, 3, 2], { reduction: attr.string('mean') }, { weight: true, outputs: 2, seed: 11 }), ['x', 'w']);
  });
});
