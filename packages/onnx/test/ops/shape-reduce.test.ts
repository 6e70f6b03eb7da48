import { describe, it } from 'vitest';
import { OnnxFormatError } from '../../src/index.js';
import { attr, checkOp, expectOpError, f64, gradcheckOp, host, randomHost } from '../helpers/op-checks.js';
import type { OpCase } from '../helpers/op-checks.js';

const REDUCTIONS = ['ReduceSum', 'ReduceMean', 'ReduceMax', 'ReduceMin', 'ReduceProd', 'ReduceL1', 'ReduceL2', 'ReduceLogSum', 'ReduceLogSumExp', 'ReduceSumSquare'];
// Positive values keep ReduceLogSum finite.
const x = randomHost([2, 3, 4], 51, 0.1, 2);

/** A reduction case at `opset`, axes given the way that opset takes them (attribute or input). */
function reduceCase(opType: string, opset: number, axes: number[] | undefined, extra: Record<string, number> = {}, input = x): OpCase {
  const fromInput = opset >= (opType === 'ReduceSum' ? 13 : 18);
  const attrs = Object.fromEntries([...Object.entries(extra).map(([k, v]) => [k, attr.int(v)]), ...(axes && !fromInput ? [['axes', attr.ints(axes)]] : [])]);
  return { opType, opset, attrs, inputs: axes && fromInput ? ['x', 'a'] : ['x'], feeds: { x: input }, initializers: axes && fromInput ? { a: host.i64(axes) } : {} };
}

describe('Reduce*', () => {
  it('match onnxruntime over axes, negative axes, keepdims and all axes (opsets 11, 13, 18)', async () => {
    for (const op of REDUCTIONS)
      for (const opset of [11, 13, 18])
        for (const [axes, keepdims] of [[[1], 1], [[0, -1], 0], [undefined, 1], [undefined, 0], [[2, 0, 1], 0]] as const)
          await checkOp(reduceCase(op, opset, axes ? [...axes] : undefined, { keepdims }), { rtol: 1e-5 });
  });

  it('noop_with_empty_axes returns the input; empty axes otherwise reduce everything', async () => {
    await checkOp({ opType: 'ReduceSum', opset: 13, attrs: { noop_with_empty_axes: attr.int(1) }, inputs: ['x', 'a'], feeds: { x }, initializers: { a: host.i64([]) } });
    await checkOp({ opType: 'ReduceSum', opset: 13, attrs: { noop_with_empty_axes: attr.int(1) }, inputs: ['x'], feeds: { x } });
    await checkOp({ opType: 'ReduceMax', opset: 18, inputs: ['x', 'a'], feeds: { x }, initializers: { a: host.i64([]) } });
    await checkOp({ opType: 'ReduceMean', opset: 18, attrs: { noop_with_empty_axes: attr.int(1) }, inputs: ['x'], feeds: { x } });
  });

  it('work on integers and signed values', async () => {
    const ints = host.i64([3, -1, 4, 1, -5, 9], [2, 3]);
    for (const op of ['ReduceSum', 'ReduceMax', 'ReduceMin', 'ReduceProd']) await checkOp(reduceCase(op, 13, [1], { keepdims: 0 }, ints));
    const signed = randomHost([3, 4], 52);
    for (const op of ['ReduceL1', 'ReduceL2', 'ReduceSumSquare', 'ReduceLogSumExp', 'ReduceMean']) await checkOp(reduceCase(op, 13, [0], {}, signed), { rtol: 1e-5 });
  });

  it('refuse axes out of range or repeated, naming where they came from', () => {
    expectOpError(reduceCase('ReduceSum', 13, [3]), OnnxFormatError, /input 'axes' = 3 is out of range/);
    expectOpError(reduceCase('ReduceMean', 13, [1, -2]), OnnxFormatError, /attribute 'axes' = \[1, -2\] repeats an axis/);
  });

  it('are differentiable', () => {
    const small = f64([2, 3], [0.5, 1.5, 0.7, 2, 0.9, 1.1]);
    for (const op of REDUCTIONS) gradcheckOp(reduceCase(op, 13, [1], { keepdims: 0 }, small), ['x']);
  });
});

describe('ArgMax and ArgMin', () => {
  const ties = host.f32([2, 4], [1, 3, 3, 0, 2, 2, -1, 2]);
  it('match onnxruntime for axes, keepdims and select_last_index (opsets 11, 13)', async () => {
    for (const opType of ['ArgMax', 'ArgMin'])
      for (const [axis, keepdims, last] of [[0, 1, 0], [1, 0, 0], [-1, 1, 1], [0, 0, 1]] as const) {
        await checkOp({ opType, opset: 13, attrs: { axis: attr.int(axis), keepdims: attr.int(keepdims), select_last_index: attr.int(last) }, inputs: ['x'], feeds: { x: ties } });
        await checkOp({ opType, opset: 11, attrs: { axis: attr.int(axis), keepdims: attr.int(keepdims) }, inputs: ['x'], feeds: { x: randomHost([3, 2, 4], 53) } });
      }
  });

  it('refuse an axis out of range', () => {
    expectOpError({ opType: 'ArgMax', attrs: { axis: attr.int(-3) }, inputs: ['x'], feeds: { x: ties } }, OnnxFormatError, /'axis' = -3/);
  });
});

describe('CumSum', () => {
  const c = randomHost([2, 3, 4], 54);
  const cumCase = (axis: number, exclusive = 0, reverse = 0, input = c): OpCase => ({
    opType: 'CumSum',
    opset: 14,
    attrs: { exclusive: attr.int(exclusive), reverse: attr.int(reverse) },
    inputs: ['x', 'a'],
    feeds: { x: input },
    initializers: { a: host.i64([axis], []) },
  });

  it('matches onnxruntime on every axis, exclusive and reversed', async () => {
    for (const axis of [0, 1, 2, -1])
      for (const [exclusive, reverse] of [[0, 0], [1, 0], [0, 1], [1, 1]]) await checkOp(cumCase(axis, exclusive, reverse));
    await checkOp({ ...cumCase(0, 1, 0), opset: 11, feeds: { x: host.i64([1, 2, 3, 4, 5]) } });
    await checkOp(cumCase(0, 0, 1, f64([4], [1.5, 2.25, -3, 4])));
  });

  it('refuses an axis out of range', () => {
    expectOpError(cumCase(3), OnnxFormatError, /input 'axis' = 3/);
  });

  it('is differentiable', () => {
    gradcheckOp(cumCase(1, 1, 1, randomHost([2, 3])), ['x']);
  });
});
