import { describe, expect, it } from 'vitest';
import { ShapeError, gradcheck, pad, randn, tensor, zeros } from '../../src/index.js';
import type { PadMode } from '@pistil/backend';
import { expectClose } from '../helpers.js';
import { build, get, ref, toTensor } from './ref.js';
import type { Ref } from './ref.js';
import { gradOfSquares } from './second-order.js';

const f64 = { dtype: 'float64' as const };

/** Source coordinate of output coordinate o along a dim of size n padded by `before`, or −1 for constant fill. */
function source(o: number, n: number, before: number, mode: PadMode): number {
  const i = o - before;
  if (mode === 'constant') return i >= 0 && i < n ? i : -1;
  if (mode === 'replicate') return Math.min(n - 1, Math.max(0, i));
  const period = 2 * (n - 1);
  const j = ((i % period) + period) % period;
  return j < n ? j : period - j;
}

/** F.pad reference: `pads` in PyTorch order (last dim first). */
function padRef(r: Ref, pads: number[], mode: PadMode, value = 0): { shape: number[]; data: number[] } {
  const before = r.shape.map(() => 0);
  const after = r.shape.map(() => 0);
  for (let k = 0; k < pads.length / 2; k++) {
    before[r.shape.length - 1 - k] = pads[2 * k]!;
    after[r.shape.length - 1 - k] = pads[2 * k + 1]!;
  }
  const shape = r.shape.map((n, d) => n + before[d]! + after[d]!);
  const data = build(shape, (idx) => {
    const src = idx.map((o, d) => source(o, r.shape[d]!, before[d]!, mode));
    return src.includes(-1) ? value : get(r, src);
  });
  return { shape, data };
}

describe('pad', () => {
  it('matches hand-computed 1-D results', () => {
    const x = tensor([1, 2, 3, 4]);
    expectClose(pad(x, [2, 3], 'reflect'), [3, 2, 1, 2, 3, 4, 3, 2, 1]);
    expectClose(pad(x, [2, 1], 'replicate'), [1, 1, 1, 2, 3, 4, 4]);
    expectClose(pad(x, [1, 2]), [0, 1, 2, 3, 4, 0, 0]);
    expectClose(pad(x, [1, 0], 'constant', -5), [-5, 1, 2, 3, 4]);
    expectClose(pad(x, [-1, 1]), [2, 3, 4, 0]);
  });

  for (const mode of ['constant', 'reflect', 'replicate'] as const) {
    it(`${mode}: last dims first, as F.pad`, () => {
      const r = ref([2, 3, 4]);
      for (const pads of [[1, 2], [2, 0, 1, 2], [0, 1, 1, 0, 1, 1], [0, 0]]) {
        const want = padRef(r, pads, mode, 1.5);
        const y = pad(toTensor(r), pads, mode, 1.5);
        expect(y.shape, `pads [${pads.join(', ')}]`).toEqual(want.shape);
        expectClose(y, want.data);
      }
      expect(toTensor(r).pad([1, 1], mode).shape).toEqual([2, 3, 6]);
    });

    it(`${mode}: gradient (and double backward)`, () => {
      const x = randn([2, 3, 4], f64);
      gradcheck((a) => pad(a, [2, 3, 1, 2], mode), [x]);
      gradcheck(gradOfSquares((a) => pad(a, [3, 1, 0, 2], mode)), [x]);
    });
  }

  it('constant: negative pads crop, empty dims, int dtypes', () => {
    const r = ref([3, 4]);
    const y = pad(toTensor(r), [-1, 2, 1, -2], 'constant', 9);
    expect(y.shape).toEqual([2, 5]);
    expectClose(y, build([2, 5], ([i, j]) => (i === 0 || j! >= 3 ? 9 : get(r, [i! - 1, j! + 1]))));
    gradcheck((a) => pad(a, [-1, 2, 1, -2]), [randn([3, 4], f64)]);
    expectClose(pad(zeros([0, 2]), [1, 1, 1, 0], 'constant', 3), [3, 3, 3, 3]);
    const ints = pad(tensor([1, 2], { dtype: 'int32' }), [1, 1], 'constant', 7);
    expect(ints.dtype).toBe('int32');
    expectClose(ints, [7, 1, 2, 7]);
  });

  it('rejects bad arguments', () => {
    const x = zeros([2, 3]);
    expect(() => pad(x, [1])).toThrow(/^pad: pads must hold an even number of values/);
    expect(() => pad(x, [1, 1, 1, 1, 1, 1])).toThrow(ShapeError);
    expect(() => pad(x, [3, 0], 'reflect')).toThrow(/^pad: 'reflect' padding \[3, 0\] of dim 1 must be smaller than its size 3/);
    expect(() => pad(x, [0, 0, 2, 0], 'reflect')).toThrow(ShapeError);
    expect(() => pad(x, [-1, 0], 'replicate')).toThrow(/^pad: negative pads are only allowed in 'constant' mode/);
    expect(() => pad(zeros([0, 2]), [0, 0, 1, 0], 'replicate')).toThrow(/^pad: 'replicate' cannot pad dim 0 of size 0/);
    expect(() => pad(x, [-2, -2])).toThrow(/^pad: negative pads .* crop more than \[2, 3\]/);
    expect(() => pad(x, [1, 1], 'circular' as PadMode)).toThrow(/^pad: unknown mode 'circular'/);
    expect(() => pad(x, [0.5, 1])).toThrow(/^pad: pads must be integers/);
  });
});
