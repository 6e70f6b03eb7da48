import { describe, expect, it } from 'vitest';
import { ShapeError, Tensor, keep, memory, randn, tensor, tidy, Generator } from '@pistil/nn';
import { Adagrad, Adam, AdamW, RMSprop, SGD } from '../src/index.js';
import type { Optimizer, OptimizerStateDict } from '../src/index.js';
import { THETA0, descend, param, setQuadraticGrad } from './helpers.js';

type Make = (params: Tensor[]) => Optimizer;

const makers: [string, Make][] = [
  ['SGD (nesterov, weight decay)', (ps) => new SGD(ps, { lr: 0.05, momentum: 0.9, nesterov: true, weightDecay: 0.01 })],
  ['Adam (amsgrad)', (ps) => new Adam(ps, { lr: 0.05, amsgrad: true })],
  ['AdamW', (ps) => new AdamW(ps, { lr: 0.05, weightDecay: 0.1 })],
  ['RMSprop (centered, momentum)', (ps) => new RMSprop(ps, { lr: 0.01, centered: true, momentum: 0.5 })],
  ['Adagrad (lr decay)', (ps) => new Adagrad(ps, { lr: 0.3, lrDecay: 0.1, initialAccumulatorValue: 0.1 })],
];

describe('stateDict / loadStateDict round trip', () => {
  for (const [name, make] of makers) {
    it(`${name}: 3 steps, save, load into a fresh optimizer, 3 more = 6 uninterrupted steps`, () => {
      const straight = param(THETA0);
      const expected = descend(make([straight]), straight, 6)[5];

      const first = param(THETA0);
      const optA = make([first]);
      descend(optA, first, 3);
      const sd = optA.stateDict();

      // A fresh optimizer over a fresh parameter with the values reached, with other options that the load overwrites.
      const resumed = param(Array.from(first.dataSync()));
      const optB = make([resumed]);
      optB.paramGroups[0]!.lr = 123;
      optB.loadStateDict(sd);
      optA.dispose(); // the loaded state is a copy: freeing the original must not matter
      expect(optB.paramGroups[0]!.lr).toBe(optA.paramGroups[0]!.lr);
      const after = descend(optB, resumed, 3)[2];
      expect(after).toEqual(expected);
    });
  }

  it('has PyTorch’s layout: state by param index over all groups, groups list their indices', () => {
    const a = param([1, 2]);
    const b = param([3]);
    const c = param([4]);
    const opt = new Adam([{ params: [a, b] }, { params: [c], lr: 0.5 }], { lr: 0.1 });
    a.grad = keep(tensor([1, 1], { dtype: 'float64' }));
    c.grad = keep(tensor([1], { dtype: 'float64' }));
    opt.step();
    const sd = opt.stateDict();
    expect(Object.keys(sd.state)).toEqual(['0', '2']);
    expect(sd.state[0]!.step).toBe(1);
    expect(sd.state[0]!.expAvg).toBe(opt.state.get(a)!.expAvg); // the tensors themselves
    expect((sd.state[2]!.expAvg as Tensor).toArray()).toEqual([(1 - 0.9) * 1]); // m = (1 − β1)·g
    expect(sd.paramGroups).toEqual([
      { params: [0, 1], lr: 0.1, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false },
      { params: [2], lr: 0.5, betas: [0.9, 0.999], eps: 1e-8, weightDecay: 0, amsgrad: false, maximize: false },
    ]);
    // Apart from the tensors, it survives JSON.
    expect(JSON.parse(JSON.stringify(sd.paramGroups))).toEqual(sd.paramGroups);
  });

  it('casts loaded state to the parameter dtype', () => {
    const p64 = param(THETA0);
    const opt64 = new Adam([p64], { lr: 0.1 });
    descend(opt64, p64, 2);
    const p32 = param(THETA0, 'float32');
    const opt32 = new Adam([p32], { lr: 0.1 });
    opt32.loadStateDict(opt64.stateDict());
    expect((opt32.state.get(p32)!.expAvg as Tensor).dtype).toBe('float32');
    setQuadraticGrad(p32);
    opt32.step();
  });

  it('loading replaces the whole state and frees the old state tensors', () => {
    const p = param(THETA0);
    const opt = new SGD([p], { lr: 0.1, momentum: 0.9 });
    descend(opt, p, 2);
    const oldBuffer = opt.state.get(p)!.momentumBuffer as Tensor;
    const empty = new SGD([param(THETA0)], { lr: 0.1, momentum: 0.9 }).stateDict();
    opt.loadStateDict(empty);
    expect(oldBuffer.isDisposed).toBe(true);
    expect(opt.state.size).toBe(0);
  });
});

describe('loadStateDict errors name what differs and change nothing', () => {
  function trained(make: Make, values: number[][]): { opt: Optimizer; params: Tensor[]; sd: OptimizerStateDict } {
    const params = values.map((v) => param(v));
    const opt = make(params);
    for (const p of params) p.grad = keep(tensor(Array.from(p.dataSync(), () => 1), { dtype: 'float64' }));
    opt.step();
    return { opt, params, sd: opt.stateDict() };
  }
  const adam: Make = (ps) => new Adam(ps, { lr: 0.1 });

  it('group count and group sizes', () => {
    const { sd } = trained(adam, [[1], [2]]);
    const twoGroups = new Adam([{ params: [param([1])] }, { params: [param([2])] }]);
    expect(() => twoGroups.loadStateDict(sd)).toThrow(ShapeError);
    expect(() => twoGroups.loadStateDict(sd)).toThrow(/Adam.loadStateDict: the state dict has 1 param groups, this optimizer has 2/);
    expect(() => new Adam([param([1])]).loadStateDict(sd)).toThrow(/param group 0 has 1 params, the state dict's has 2/);
  });

  it('a state tensor of the wrong shape, naming the entry and both shapes', () => {
    const { sd } = trained(adam, [[1, 2, 3], [4]]);
    const target = trained(adam, [[1, 2], [4]]);
    const before = (target.opt.state.get(target.params[0]!)!.expAvg as Tensor).toArray();
    expect(() => target.opt.loadStateDict(sd)).toThrow(/Adam.loadStateDict: state\[0\].expAvg has shape \[3\], but param 0 has shape \[2\]/);
    // Nothing changed: the old state is still there and alive.
    expect((target.opt.state.get(target.params[0]!)!.expAvg as Tensor).toArray()).toEqual(before);
  });

  it("another optimizer's state or options", () => {
    const { sd } = trained((ps) => new SGD(ps, { lr: 0.1, momentum: 0.9 }), [[1]]);
    expect(() => new Adam([param([1])]).loadStateDict(sd)).toThrow(/paramGroups\[0\] has unknown option 'momentum'/);
    const stateOnly: OptimizerStateDict = { state: sd.state, paramGroups: [{ params: [0], lr: 0.1 }] };
    expect(() => new Adam([param([1])]).loadStateDict(stateOnly)).toThrow(/unknown state entry state\[0\].momentumBuffer \(Adam keeps: step, expAvg, expAvgSq, maxExpAvgSq\)/);
  });

  it('bad option values and malformed dicts', () => {
    const { sd } = trained(adam, [[1]]);
    const badLr: OptimizerStateDict = { ...sd, paramGroups: [{ ...sd.paramGroups[0]!, lr: -1 }] };
    expect(() => new Adam([param([1])]).loadStateDict(badLr)).toThrow(/paramGroups\[0\]: invalid lr -1/);
    const badStep: OptimizerStateDict = { ...sd, state: { 0: { ...sd.state[0]!, step: Number.NaN } } };
    expect(() => new Adam([param([1])]).loadStateDict(badStep)).toThrow(/state\[0\].step must be a finite number/);
    const stray: OptimizerStateDict = { ...sd, state: { 7: sd.state[0]! } };
    expect(() => new Adam([param([1])]).loadStateDict(stray)).toThrow(/state has an entry for param 7, which no param group lists/);
    expect(() => new Adam([param([1])]).loadStateDict({} as OptimizerStateDict)).toThrow(/expected \{ state, paramGroups \}/);
  });
});

describe('memory', () => {
  for (const [name, make] of makers) {
    it(`${name}: the live-tensor count and bytes stay flat over 200 training steps`, () => {
      const g = new Generator(1);
      const x = keep(randn([16, 3], { generator: g }));
      const y = keep(randn([16, 1], { generator: g }));
      const w = keep(randn([3, 1], { generator: g }).requiresGrad_());
      const b = keep(tensor([0]).requiresGrad_());
      const opt = make([w, b]);
      const trainStep = (): number =>
        tidy(() => {
          opt.zeroGrad();
          const loss = x.matmul(w).add(b).sub(y).square().mean();
          loss.backward();
          opt.step();
          return loss.item();
        });
      trainStep(); // the first step creates the optimizer state
      const { tensors, bytes } = memory();
      for (let s = 0; s < 200; s++) {
        trainStep();
        expect(memory().tensors).toBe(tensors);
      }
      expect(memory().bytes).toBe(bytes);
      // dispose() frees the state (and the step after it builds fresh state).
      opt.zeroGrad();
      const stateTensors = [...opt.state.values()].flatMap((s) => Object.values(s)).filter((v) => v instanceof Tensor).length;
      const before = memory().tensors;
      opt.dispose();
      expect(memory().tensors).toBe(before - stateTensors);
      for (const t of [x, y, w, b]) t.dispose();
    });
  }
});
