import { describe, expect, it } from 'vitest';
import {
  DTypeError, ShapeError, all, any, argmax, argmin, gradcheck, logsumexp, max, mean, min, norm, prod, std, tensor, variance, zeros,
} from '../../src/index.js';
import type { Tensor } from '../../src/index.js';
import { expectClose } from '../helpers.js';
import { expectShape, f32, firstGrad, reduceRef, seq } from './ref.js';

type Axis = number | number[] | undefined;

const sumOf = (s: number[]): number => s.reduce((a, b) => a + b, 0);
const meanOf = (s: number[]): number => sumOf(s) / s.length;
const varOf = (s: number[], correction = 1): number => {
  const m = meanOf(s);
  return sumOf(s.map((v) => (v - m) ** 2)) / Math.max(0, s.length - correction);
};
const maxOf = (s: number[]): number => (s.some(Number.isNaN) ? NaN : s.reduce((a, b) => Math.max(a, b), -Infinity));
const minOf = (s: number[]): number => (s.some(Number.isNaN) ? NaN : s.reduce((a, b) => Math.min(a, b), Infinity));
const lseOf = (s: number[]): number => {
  const m = maxOf(s);
  return s.length === 0 ? -Infinity : m + Math.log(sumOf(s.map((v) => Math.exp(v - m))));
};

interface ReduceCase {
  name: string;
  op: (x: Tensor, axis: Axis, keepdim: boolean) => Tensor;
  ref: (slice: number[]) => number;
  /** Input values for a [2, 3, 4] tensor (distinct, away from kinks). */
  values: number[];
  /** Expected result over an empty axis (undefined: it is an error). */
  empty: number;
}

const SIGNED = seq(24, 0.3, 1.6).map((v, i) => (i % 3 === 0 ? -v : v));
const CASES: ReduceCase[] = [
  { name: 'mean', op: mean, ref: meanOf, values: seq(24, -3, 3), empty: NaN },
  { name: 'prod', op: prod, ref: (s) => s.reduce((a, b) => a * b, 1), values: SIGNED, empty: 1 },
  { name: 'max', op: max, ref: maxOf, values: seq(24, -3, 3), empty: -Infinity },
  { name: 'min', op: min, ref: minOf, values: seq(24, -3, 3), empty: Infinity },
  { name: 'logsumexp', op: logsumexp, ref: lseOf, values: seq(24, -3, 3), empty: -Infinity },
  { name: 'variance', op: (x, a, k) => variance(x, a, { keepdim: k }), ref: (s) => varOf(s), values: seq(24, -3, 3), empty: NaN },
  { name: 'variance(correction 0)', op: (x, a, k) => variance(x, a, { keepdim: k, correction: 0 }), ref: (s) => varOf(s, 0), values: seq(24, -3, 3), empty: NaN },
  { name: 'std', op: (x, a, k) => std(x, a, { keepdim: k }), ref: (s) => Math.sqrt(varOf(s)), values: seq(24, -3, 3), empty: NaN },
  { name: 'std(correction 2.5)', op: (x, a, k) => std(x, a, { keepdim: k, correction: 2.5 }), ref: (s) => Math.sqrt(varOf(s, 2.5)), values: seq(24, -3, 3), empty: NaN },
  { name: 'norm(1)', op: (x, a, k) => norm(x, 1, a, k), ref: (s) => sumOf(s.map(Math.abs)), values: SIGNED, empty: 0 },
  { name: 'norm(2)', op: (x, a, k) => norm(x, 2, a, k), ref: (s) => Math.sqrt(sumOf(s.map((v) => v * v))), values: SIGNED, empty: 0 },
  { name: 'norm(Infinity)', op: (x, a, k) => norm(x, Infinity, a, k), ref: (s) => maxOf(s.map(Math.abs)), values: SIGNED, empty: NaN },
];

const AXES: { axis: Axis; keepdim: boolean }[] = [
  { axis: undefined, keepdim: false },
  { axis: undefined, keepdim: true },
  { axis: 0, keepdim: false },
  { axis: 1, keepdim: true },
  { axis: -1, keepdim: false },
  { axis: [0, 2], keepdim: false },
  { axis: [-1, -3], keepdim: true },
  { axis: [], keepdim: false },
];

describe('reductions: values against loops', () => {
  for (const c of CASES) {
    for (const { axis, keepdim } of AXES) {
      it(`${c.name} over ${JSON.stringify(axis) ?? 'all'}${keepdim ? ', keepdim' : ''}`, () => {
        const want = reduceRef(c.values, [2, 3, 4], axis, keepdim, c.ref);
        const y64 = c.op(tensor(c.values, { shape: [2, 3, 4], dtype: 'float64' }), axis, keepdim);
        expectShape(y64, want.shape);
        expectClose(y64, want.values, 1e-12);
        const xs = f32(c.values);
        const y32 = c.op(tensor(xs, { shape: [2, 3, 4] }), axis, keepdim);
        expect(y32.dtype).toBe('float32');
        expectClose(y32, reduceRef(xs, [2, 3, 4], axis, keepdim, c.ref).values, 1e-5);
      });
    }

    it(`${c.name}: gradient matches finite differences`, () => {
      const x = tensor(c.values, { shape: [2, 3, 4], dtype: 'float64' });
      gradcheck((t) => c.op(t!, undefined, false), [x]);
      gradcheck((t) => c.op(t!, 1, false), [x]);
      gradcheck((t) => c.op(t!, [0, -1], true), [x]);
    });

    it(`${c.name}: over an empty axis`, () => {
      if (c.name === 'norm(Infinity)') {
        expect(() => c.op(zeros([2, 0, 3]), 1, false)).toThrow(ShapeError);
        expect(() => c.op(zeros([2, 0, 3]), 1, false)).toThrow(/^norm: /);
        return;
      }
      const y = c.op(zeros([2, 0, 3]), 1, false);
      expectShape(y, [2, 3]);
      expectClose(y, new Array(6).fill(c.empty));
      expectShape(c.op(zeros([2, 0, 3]), 0, true), [1, 0, 3]);
    });

    it(`${c.name}: 0-d input (axis 0 reduces nothing)`, () => {
      const v = c.values[1]!;
      for (const axis of [undefined, 0]) {
        const y = c.op(tensor(v, { dtype: 'float64' }), axis, false);
        expectShape(y, []);
        expectClose(y, [c.ref([v])], 1e-12);
      }
    });

    it(`${c.name}: bad axes are a ShapeError naming the op`, () => {
      const op = c.name.replace(/\(.*$/, '');
      const x = zeros([2, 3]);
      expect(() => c.op(x, 2, false)).toThrow(ShapeError);
      expect(() => c.op(x, -3, false)).toThrow(new RegExp(`^${op}: axis -3 is out of range for rank 2`));
      expect(() => c.op(x, [1, -1], false)).toThrow(new RegExp(`^${op}: repeated axis`));
    });
  }

  it('float-only reductions reject integer input with a DTypeError naming the op', () => {
    const i = tensor([1, 2], { dtype: 'int32' });
    for (const [name, f] of [['mean', mean], ['logsumexp', logsumexp], ['variance', variance], ['std', std], ['norm', norm]] as const) {
      expect(() => (f as (x: Tensor) => Tensor)(i)).toThrow(DTypeError);
      expect(() => (f as (x: Tensor) => Tensor)(i)).toThrow(new RegExp(`^${name}: expected a float tensor`));
    }
    expect(() => max(tensor([true]))).toThrow(/^max: expected dtype/);
    expect(() => norm(tensor([1]), 3)).toThrow(/^norm: p must be 1, 2 or Infinity/);
  });
});

describe('max and min', () => {
  it('propagate NaN', () => {
    const x = tensor([[1, NaN, 3], [4, 5, 6]]);
    expectClose(max(x, 1), [NaN, 6]);
    expectClose(min(x, 1), [NaN, 4]);
    expectClose(max(x), [NaN]);
    expectClose(max(tensor([NaN, -Infinity])), [NaN]);
  });

  it('tied extremes share the gradient evenly (amax/amin)', () => {
    const x = tensor([[1, 3, 3, 2], [5, 5, 5, 0]], { dtype: 'float64' }).requiresGrad_();
    max(x, 1).mul(tensor([2, 3], { dtype: 'float64' })).sum().backward();
    expectClose(x.grad!, [[0, 1, 1, 0], [1, 1, 1, 0]]);
    const y = tensor([[2, 1, 1], [1, 4, 1]], { dtype: 'float64' }).requiresGrad_();
    min(y).backward();
    expectClose(y.grad!, [[0, 0.25, 0.25], [0.25, 0, 0.25]]);
  });

  it('int32 works; an integer max over an empty axis is a ShapeError', () => {
    const i = tensor([[3, -1], [0, 7]], { dtype: 'int32' });
    const y = max(i, 0);
    expect(y.dtype).toBe('int32');
    expect(Array.from(y.dataSync())).toEqual([3, 7]);
    expect(Array.from(min(i).dataSync())).toEqual([-1]);
    expect(() => max(zeros([2, 0], { dtype: 'int32' }), 1)).toThrow(/^max: cannot reduce an empty axis/);
    expect(() => min(zeros([0], { dtype: 'int32' }))).toThrow(ShapeError);
  });
});

describe('prod', () => {
  it('gradient is exact with zeros in the slice', () => {
    const x = tensor([[2, 0, 3], [0, 0, 5], [1, 2, 4]], { dtype: 'float64' }).requiresGrad_();
    prod(x, 1).sum().backward();
    expectClose(x.grad!, [[0, 6, 0], [0, 0, 0], [8, 4, 2]]);
    gradcheck((t) => prod(t!, 1), [tensor([[2, 0, 3], [0, 0, 5], [1, 2, 4]], { dtype: 'float64' })]);
    gradcheck((t) => prod(t!), [tensor([1.5, 0, -2], { dtype: 'float64' })]);
  });

  it('bool and int32 give int32', () => {
    const b = prod(tensor([[true, true], [true, false]]), 1);
    expect(b.dtype).toBe('int32');
    expect(Array.from(b.dataSync())).toEqual([1, 0]);
    expect(Array.from(prod(tensor([2, -3, 4], { dtype: 'int32' })).dataSync())).toEqual([-24]);
  });
});

describe('variance and std', () => {
  it('n ≤ correction divides by max(0, n − correction), as PyTorch', () => {
    expectClose(variance(tensor([[1, 2], [3, 5]]), 0, { correction: 1 }), [2, 4.5]);
    expectClose(variance(tensor([[7]]), 1), [NaN]); // 0 / 0
    expectClose(variance(tensor([1, 2]), 0, { correction: 3 }), [Infinity]); // 0.5 / 0
    expectClose(std(tensor([2, 2, 2])), [0]);
  });

  it('std of a constant has a NaN gradient (0/0), as PyTorch', () => {
    const x = tensor([2, 2], { dtype: 'float64' }).requiresGrad_();
    std(x).backward();
    expectClose(x.grad!, [NaN, NaN]);
  });
});

describe('logsumexp', () => {
  it('is stable for large logits and handles −Infinity slices', () => {
    expectClose(logsumexp(tensor([1000, 1000])), [1000 + Math.log(2)], 1e-6);
    expectClose(logsumexp(tensor([-1000, -1000]), 0), [-1000 + Math.log(2)], 1e-6);
    expectClose(logsumexp(tensor([[-Infinity, -Infinity], [0, -Infinity]]), 1), [-Infinity, 0]);
    expectClose(logsumexp(tensor([Infinity, 0])), [Infinity]);
  });

  it('gradient is softmax', () => {
    const x = tensor([1, 2, 3], { dtype: 'float64' }).requiresGrad_();
    logsumexp(x).backward();
    const e = [1, 2, 3].map(Math.exp);
    expectClose(x.grad!, e.map((v) => v / sumOf(e)), 1e-12);
  });
});

describe('norm', () => {
  it('gradients at zero: 0 for p = 2, and shared ties for p = Infinity', () => {
    const z = tensor([0, 0], { dtype: 'float64' }).requiresGrad_();
    norm(z).backward();
    expectClose(z.grad!, [0, 0]);
    const x = tensor([3, -3, 1], { dtype: 'float64' }).requiresGrad_();
    norm(x, Infinity).backward();
    expectClose(x.grad!, [0.5, -0.5, 0]);
    const w = tensor([3, -1], { dtype: 'float64' }).requiresGrad_();
    norm(w, 1).backward();
    expectClose(w.grad!, [1, -1]);
  });

  it('defaults to the 2-norm of everything', () => {
    expectClose(norm(tensor([[3, 4], [0, 0]])), [5]);
  });
});

describe('argmax and argmin', () => {
  const values = [3, 1, 4, 1, 5, 9, 2, 6, 5, 3, 5, 8];
  const argOf = (pick: (a: number, b: number) => boolean) => (s: number[]): number => {
    let best = 0;
    for (let i = 1; i < s.length; i++) if (pick(s[i]!, s[best]!)) best = i;
    return best;
  };
  const refs = { argmax: argOf((a, b) => a > b), argmin: argOf((a, b) => a < b) };
  for (const [name, op] of [['argmax', argmax], ['argmin', argmin]] as const) {
    it(`${name}: along each axis (negative too), keepdim, int32 output, first index on ties`, () => {
      for (const axis of [0, 1, 2, -1, -2]) {
        for (const keepdim of [false, true]) {
          const want = reduceRef(values, [2, 3, 2], axis, keepdim, refs[name]);
          const y = op(tensor(values, { shape: [2, 3, 2] }), axis, keepdim);
          expect(y.dtype).toBe('int32');
          expectShape(y, want.shape);
          expect(Array.from(y.dataSync())).toEqual(want.values);
        }
      }
      expect(Array.from(op(tensor([2, 7, 7, 2, 0, 0]).reshape([2, 3]), 1).dataSync())).toEqual(name === 'argmax' ? [1, 0] : [0, 1]);
    });

    it(`${name}: flattened when axis is omitted; keepdim gives all-ones dims`, () => {
      const y = op(tensor(values, { shape: [3, 4] }));
      expectShape(y, []);
      expect(y.item()).toBe(refs[name](values));
      expectShape(op(tensor(values, { shape: [3, 4] }), undefined, true), [1, 1]);
      expect(op(tensor(5)).item()).toBe(0);
      expect(op(tensor(5), -1).item()).toBe(0);
      expect(op(tensor([4, 2], { dtype: 'int32' })).item()).toBe(name === 'argmax' ? 0 : 1);
    });

    it(`${name}: NaN counts as the extreme (first NaN wins)`, () => {
      expect(op(tensor([1, NaN, 3, NaN])).item()).toBe(1);
    });

    it(`${name}: empty axis, bad axis and bool input are typed errors naming it`, () => {
      expect(() => op(zeros([2, 0]), 1)).toThrow(ShapeError);
      expect(() => op(zeros([2, 0]), 1)).toThrow(new RegExp(`^${name}: cannot take`));
      expect(() => op(zeros([0]))).toThrow(new RegExp(`^${name}: cannot take`));
      expectShape(op(zeros([0, 3]), 1), [0]);
      expect(() => op(zeros([2, 3]), 2)).toThrow(new RegExp(`^${name}: axis 2 is out of range`));
      expect(() => op(tensor([true]))).toThrow(DTypeError);
    });
  }
});

describe('any and all', () => {
  const b = [true, false, false, false, true, true];
  for (const [name, op, ref] of [['any', any, (s: number[]) => s.some((v) => v !== 0)], ['all', all, (s: number[]) => s.every((v) => v !== 0)]] as const) {
    it(`${name}: over axes, keepdim, any dtype, bool output`, () => {
      for (const { axis, keepdim } of [{ axis: undefined, keepdim: false }, { axis: 0, keepdim: true }, { axis: -1, keepdim: false }]) {
        const want = reduceRef(b.map(Number), [2, 3], axis, keepdim, ref);
        const y = op(tensor(b, { shape: [2, 3] }), axis, keepdim);
        expect(y.dtype).toBe('bool');
        expectShape(y, want.shape);
        expect(Array.from(y.dataSync(), (v) => v !== 0)).toEqual(want.values);
      }
      const f = op(tensor([[0, 2], [NaN, 0]]), 1);
      expect(Array.from(f.dataSync(), (v) => v !== 0)).toEqual(name === 'any' ? [true, true] : [false, false]);
      expect(op(tensor([3, 1], { dtype: 'int32' })).item()).toBe(1);
    });

    it(`${name}: identity over an empty axis; bad axis names it`, () => {
      const y = op(zeros([2, 0], { dtype: 'bool' }), 1);
      expect(Array.from(y.dataSync())).toEqual(name === 'any' ? [0, 0] : [1, 1]);
      expect(() => op(zeros([2]), 1)).toThrow(new RegExp(`^${name}: axis 1`));
    });
  }
});

describe('double backward of reductions', () => {
  const x = tensor(seq(6, 0.2, 2).map((v, i) => (i === 2 ? -v : v)), { shape: [2, 3], dtype: 'float64' });
  const ops: [string, (t: Tensor) => Tensor][] = [
    ['mean', (t) => mean(t.mul(t), 1)],
    ['prod', (t) => prod(t, 1)],
    ['max', (t) => max(t.mul(t), 1)],
    ['variance', (t) => variance(t, 1)],
    ['std', (t) => std(t, 0)],
    ['logsumexp', (t) => logsumexp(t, 1)],
    ['norm(2)', (t) => norm(t, 2, 1)],
    ['norm(1)', (t) => norm(t.mul(t), 1)],
  ];
  for (const [name, f] of ops) {
    it(name, () => {
      gradcheck(firstGrad(f), [x]);
    });
  }
});
