import { describe, it } from 'vitest';
import { OnnxFormatError, OnnxUnsupportedError } from '../../src/index.js';
import { attr, checkOp, expectOpError, gradcheckOp, host, randomHost } from '../helpers/op-checks.js';
import type { OpCase } from '../helpers/op-checks.js';

// 2^63 - 1 is not a double (it rounds to 2^63, which wraps to INT64_MIN when written as int64):
// the largest double below it stands for "to the end" in these tests.
const INT64_MAX = 2 ** 63 - 1024;
const INT64_MIN = -(2 ** 63);
const x = randomHost([4, 5, 6], 21);

function sliceCase(starts: number[], ends: number[], axes?: number[], steps?: number[]): OpCase {
  const initializers = { s: host.i64(starts), e: host.i64(ends), ...(axes ? { a: host.i64(axes) } : {}), ...(steps ? { t: host.i64(steps) } : {}) };
  return { opType: 'Slice', inputs: ['x', 's', 'e', axes ? 'a' : '', steps ? 't' : ''].filter((n, i, all) => n || all.slice(i).some(Boolean)), feeds: { x }, initializers };
}

describe('Slice', () => {
  it('matches onnxruntime: negative bounds, clamping, default axes, steps', async () => {
    const cases: [number[], number[], number[]?, number[]?][] = [
      [[0, 1], [2, 4]],
      [[1], [-1], [1]],
      [[-3], [100], [2]],
      [[-100], [2], [-1]],
      [[0, 0], [INT64_MAX, 3], [2, 0], [2, 1]],
      [[5], [1], [0]],
      [[1, 0], [4, 5], [0, 1], [1, 3]],
      [[0], [6], [-1], [7]],
    ];
    for (const [s, e, a, t] of cases) await checkOp(sliceCase(s, e, a, t));
  });

  it('negative steps, with the INT64_MIN sentinel running through index 0', async () => {
    const cases: [number[], number[], number[], number[]][] = [
      [[-1], [INT64_MIN], [2], [-1]],
      [[INT64_MAX], [INT64_MIN], [0], [-2]],
      [[4], [1], [1], [-1]],
      [[3, -1], [-100, 0], [0, 2], [-2, -3]],
      [[1], [3], [2], [-1]],
      [[10], [-10], [1], [-3]],
    ];
    for (const [s, e, a, t] of cases) await checkOp(sliceCase(s, e, a, t));
  });

  it('takes starts/ends/axes attributes before opset 10', async () => {
    await checkOp({ opType: 'Slice', opset: 9, attrs: { starts: attr.ints([1, -2]), ends: attr.ints([INT64_MAX, 100]), axes: attr.ints([0, 2]) }, inputs: ['x'], feeds: { x } }, { hostPath: true });
    await checkOp({ opType: 'Slice', opset: 1, attrs: { starts: attr.ints([1]), ends: attr.ints([3]) }, inputs: ['x'], feeds: { x } });
  });

  it('slices int64 shape vectors on the host', async () => {
    await checkOp({ opType: 'Slice', inputs: ['x', 's', 'e'], feeds: { x: host.i64([2, 3, 4, 5]) }, initializers: { s: host.i64([-2]), e: host.i64([INT64_MAX]) } });
  });

  it('refuses a zero step, mismatched lengths and repeated axes', () => {
    expectOpError(sliceCase([0], [2], [0], [0]), OnnxFormatError, /steps\[0\] is 0/);
    expectOpError(sliceCase([0, 1], [2], [0]), OnnxFormatError, /same length/);
    expectOpError(sliceCase([0, 1], [2, 2], [1, -2]), OnnxFormatError, /repeats an axis/);
    expectOpError(sliceCase([0], [2], [3]), OnnxFormatError, /axes = 3 is out of range/);
  });

  it('is differentiable, with negative and strided steps', () => {
    const small = randomHost([3, 4], 2);
    gradcheckOp({ ...sliceCase([2, 0], [INT64_MIN, 4], [0, 1], [-1, 2]), feeds: { x: small } }, ['x']);
  });
});

describe('Pad', () => {
  const p = randomHost([2, 3, 4], 31);
  const padCase = (pads: number[], mode?: string, value?: number, axes?: number[], opset = 11): OpCase => ({
    opType: 'Pad',
    opset,
    attrs: mode ? { mode: attr.string(mode) } : {},
    inputs: ['x', 'p', value !== undefined ? 'v' : '', ...(axes ? ['a'] : [])],
    feeds: { x: p },
    initializers: { p: host.i64(pads), ...(value !== undefined ? { v: host.f32([], [value]) } : {}), ...(axes ? { a: host.i64(axes) } : {}) },
  });

  it('constant, reflect and edge modes with asymmetric pads (opsets 11, 13)', async () => {
    for (const opset of [11, 13])
      for (const mode of ['constant', 'reflect', 'edge'])
        for (const pads of [[0, 1, 2, 0, 2, 1], [1, 0, 0, 0, 0, 3], [0, 0, 0, 0, 0, 0]]) await checkOp(padCase(pads, mode, undefined, undefined, opset));
  });

  it('a constant value, and negative pads that crop', async () => {
    await checkOp(padCase([1, 0, 1, 0, 2, 1], 'constant', 2.5));
    await checkOp(padCase([0, -1, 2, -1, 0, -2], 'constant', -1));
    await checkOp(padCase([0, -1, 1, 0, 1, -2], 'edge'));
  });

  it('takes pads/value attributes before opset 11', async () => {
    await checkOp({ opType: 'Pad', opset: 2, attrs: { pads: attr.ints([0, 1, 1, 0, 0, 2]), value: attr.float(3) }, inputs: ['x'], feeds: { x: p } });
    await checkOp({ opType: 'Pad', opset: 10, attrs: { mode: attr.string('reflect'), pads: attr.ints([0, 0, 2, 0, 0, 1]) }, inputs: ['x'], feeds: { x: p } });
  });

  it('pads only the listed axes from opset 18', async () => {
    await checkOp(padCase([1, 2, 0, 1], 'reflect', undefined, [-1, 1], 18));
    await checkOp(padCase([2, 1], 'constant', 4, [0], 18));
  });

  it('refuses bad pads and unknown modes', () => {
    expectOpError(padCase([1, 1]), OnnxFormatError, /must hold 6 values/);
    expectOpError(padCase([0, 0, 4, 0, 0, 0], 'reflect'), OnnxFormatError, /reflect pads 4, 0 must be smaller than the size 4 of axis 2/);
    expectOpError(padCase([0, -2, 0, 0, -2, 0]), OnnxFormatError, /crop more than the 3 elements/);
    expectOpError(padCase([0, 0, 0, 0, 0, 0], 'wrap'), OnnxUnsupportedError, /mode 'wrap'/);
  });

  it('is differentiable in every mode', () => {
    for (const mode of ['constant', 'reflect', 'edge'])
      gradcheckOp({ ...padCase([0, 1, 1, 0, 2, 0], mode), feeds: { x: randomHost([1, 3, 3]) } }, ['x']);
  });
});
