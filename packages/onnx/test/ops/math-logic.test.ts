import { describe, it } from 'vitest';
import { OnnxFormatError } from '../../src/errors.js';
import { GraphBuilder } from '../../src/export/graph-builder.js';
import { HostTensor } from '../../src/index.js';
import { expectClose, runPistil } from '../helpers/single-op.js';
import { attr, bool, checkOp, expectOpError, gradcheckOp, host, i32, randomHost } from '../helpers/op-checks.js';

const a = host.f32([2, 3], [1, 2, NaN, -1, 0, 5]);
const b = host.f32([3], [1, 3, NaN]);

describe('comparisons (bool output)', () => {
  const ops: [string, number][] = [['Equal', 11], ['Less', 7], ['Greater', 7], ['LessOrEqual', 12], ['GreaterOrEqual', 12]];
  for (const [opType, since] of ops) {
    it(`${opType} of floats with NaN and broadcasting (opsets ${since} and 16)`, async () => {
      for (const opset of [since, 16]) await checkOp({ opType, opset, inputs: ['a', 'b'], feeds: { a, b } });
    });
    it(`${opType} of int64`, async () => {
      await checkOp({ opType, opset: 13, inputs: ['a', 'b'], feeds: { a: host.i64([1, 5, -3, 4], [2, 2]), b: host.i64([1, -3]) } });
    });
  }
  it('Equal of bool (opset 11)', async () => {
    await checkOp({ opType: 'Equal', opset: 11, inputs: ['a', 'b'], feeds: { a: bool([1, 0, 1, 0]), b: bool([1, 1, 0, 0]) } });
  });
  it('legacy broadcast=1 with axis (opset 1)', () => {
    const x = randomHost([2, 3], 41);
    const y = host.f32([2], [0, 0.5]);
    const g = new GraphBuilder();
    g.input('a', 'float32', [2, 3]);
    g.input('b', 'float32', [2]);
    g.node({ opType: 'Greater', inputs: ['a', 'b'], outputs: ['y0'], attrs: { broadcast: attr.int(1), axis: attr.int(0) }, name: 'under_test' });
    g.output('y0', 'bool');
    const [got] = runPistil(g.encode({ opset: 1 }), { a: x, b: y });
    expectClose(got!, HostTensor.of('bool', [2, 3], Array.from(x.data, (v, i) => (v > y.data[Math.floor(i / 3)]! ? 1 : 0))));
  });
});

describe('logic', () => {
  const p = bool([1, 0, 1, 0, 1, 1], [2, 3]);
  const q = bool([1, 0, 0]);
  for (const opType of ['And', 'Or', 'Xor']) {
    it(`${opType} with broadcasting (opset 7)`, async () => {
      await checkOp({ opType, opset: 7, inputs: ['a', 'b'], feeds: { a: p, b: q } });
    });
  }
  it('Not', async () => {
    await checkOp({ opType: 'Not', opset: 1, inputs: ['x'], feeds: { x: p } });
  });
});

describe('Where', () => {
  const c = bool([1, 0, 1, 0, 0, 1], [2, 3]);
  it('floats with three-way broadcasting (opsets 9 and 16)', async () => {
    for (const opset of [9, 16]) await checkOp({ opType: 'Where', opset, inputs: ['c', 'x', 'y'], feeds: { c, x: randomHost([3], 42), y: randomHost([2, 1], 43) } });
  });
  it('int64 values stay integer', async () => {
    await checkOp({ opType: 'Where', inputs: ['c', 'x', 'y'], feeds: { c, x: host.i64([1, 2, 3]), y: host.i64([-1], [1]) } });
  });
  it('a non-bool condition is an OnnxFormatError naming the node', () => {
    expectOpError({ opType: 'Where', inputs: ['c', 'x', 'y'], feeds: { c: i32([1, 0]), x: randomHost([2]), y: randomHost([2], 2) } }, OnnxFormatError, /condition must be bool/);
  });
  it('gradient flows to both branches', () => {
    gradcheckOp({ opType: 'Where', inputs: ['c', 'x', 'y'], feeds: { c, x: randomHost([3], 44), y: randomHost([2, 1], 45) } }, ['x', 'y']);
  });
});

describe('IsNaN, IsInf', () => {
  const x = host.f32([6], [NaN, Infinity, -Infinity, 0, -1.5, 3e38]);
  it('IsNaN', async () => {
    await checkOp({ opType: 'IsNaN', opset: 9, inputs: ['x'], feeds: { x } });
  });
  it('IsInf with detect_positive / detect_negative', async () => {
    for (const [pos, neg] of [[1, 1], [1, 0], [0, 1], [0, 0]]) {
      await checkOp({ opType: 'IsInf', opset: 10, attrs: { detect_positive: attr.int(pos!), detect_negative: attr.int(neg!) }, inputs: ['x'], feeds: { x } });
    }
  });
});
