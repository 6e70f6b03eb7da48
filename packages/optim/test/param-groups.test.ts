import { describe, expect, it } from 'vitest';
import { DTypeError, keep, memory, tensor, tidy } from '@pistil/nn';
import { Adam, SGD } from '../src/index.js';
import { param } from './helpers.js';

describe('parameter groups', () => {
  it('each group uses its own lr and weight decay; unset options take the defaults', () => {
    const a = param([1, 2]);
    const b = param([3]);
    const opt = new SGD([{ params: [a] }, { params: [b], lr: 0.5, weightDecay: 0.1 }], { lr: 0.1, momentum: 0.9 });
    expect(opt.paramGroups.map((g) => [g.lr, g.momentum, g.weightDecay])).toEqual([[0.1, 0.9, 0], [0.5, 0.9, 0.1]]);
    a.grad = keep(tensor([1, 1], { dtype: 'float64' }));
    b.grad = keep(tensor([2], { dtype: 'float64' }));
    opt.step();
    expect(Array.from(a.dataSync())).toEqual([1 - 0.1, 2 - 0.1]);
    expect(b.dataSync()[0]).toBeCloseTo(3 - 0.5 * (2 + 0.1 * 3), 14);
  });

  it('paramGroups are editable in place: a new lr applies from the next step', () => {
    const p = param([1]);
    const opt = new SGD([p], { lr: 0.1 });
    opt.paramGroups[0]!.lr = 0.25;
    p.grad = keep(tensor([1], { dtype: 'float64' }));
    opt.step();
    expect(p.dataSync()[0]).toBe(0.75);
  });

  it('addParamGroup adds a group with defaults filled in', () => {
    const a = param([1]);
    const b = param([2]);
    const opt = new Adam([a], { lr: 0.01 });
    opt.addParamGroup({ params: [b], betas: [0.5, 0.9] });
    expect(opt.paramGroups[1]).toMatchObject({ lr: 0.01, betas: [0.5, 0.9], eps: 1e-8 });
    expect(opt.params()).toEqual([a, b]);
    // Groups never share the betas array with the defaults or each other.
    expect(opt.paramGroups[0]!.betas).not.toBe(opt.defaults.betas);
  });

  it('accepts any iterable of parameters (e.g. a generator or a Set)', () => {
    const ps = [param([1]), param([2])];
    function* gen() {
      yield* ps;
    }
    expect(new SGD(gen()).params()).toEqual(ps);
    expect(new SGD(new Set(ps)).params()).toEqual(ps);
  });

  it('skips parameters without a gradient (they get no state either)', () => {
    const a = param([1]);
    const b = param([2]);
    const opt = new SGD([a, b], { lr: 0.1, momentum: 0.9 });
    a.grad = keep(tensor([1], { dtype: 'float64' }));
    opt.step();
    expect(a.dataSync()[0]).toBeCloseTo(0.9, 14);
    expect(b.dataSync()[0]).toBe(2);
    expect(opt.state.has(a)).toBe(true);
    expect(opt.state.has(b)).toBe(false);
  });

  it('step(closure) runs the closure with grad enabled and returns its value', () => {
    const p = param([3]);
    const opt = new SGD([p], { lr: 0.1 });
    const loss = opt.step(() => {
      opt.zeroGrad();
      return tidy(() => {
        const l = p.square().sum(); // d/dp = 2p = 6
        l.backward();
        return l.item();
      });
    });
    expect(loss).toBe(9);
    expect(p.dataSync()[0]).toBeCloseTo(3 - 0.6, 14);
  });

  it('zeroGrad disposes the gradients by default, or zeroes them with setToNone: false', () => {
    const p = param([1, 2]);
    const opt = new SGD([p]);
    const live = memory().tensors;
    const g = keep(tensor([5, 5], { dtype: 'float64' }));
    p.grad = g;
    opt.zeroGrad();
    expect(p.grad).toBeNull();
    expect(g.isDisposed).toBe(true);
    expect(memory().tensors).toBe(live);

    p.grad = keep(tensor([5, 5], { dtype: 'float64' }));
    opt.zeroGrad({ setToNone: false });
    expect(p.grad!.toArray()).toEqual([0, 0]);
    expect(p.grad!.kept).toBe(true);
    expect(memory().tensors).toBe(live + 1);
    opt.zeroGrad();
  });

  it('a gradient whose shape differs from its parameter is an error naming both', () => {
    const p = param([1, 2, 3]);
    const opt = new SGD([p]);
    p.grad = keep(tensor([1], { dtype: 'float64' }));
    expect(() => opt.step()).toThrow(/SGD.step: param group 0 params\[0\] is \[3\] float64 on cpu but its grad is \[1\] float64/);
  });
});

describe('parameter errors', () => {
  it('a parameter given twice, in one group or across groups', () => {
    const p = param([1]);
    expect(() => new SGD([p, p])).toThrow(/SGD param group 0: params\[1\] \(\[1\] float64 on cpu\) is already in this group \(params\[0\]\)/);
    expect(() => new SGD([{ params: [p] }, { params: [param([2]), p] }])).toThrow(/param group 1: params\[1\] .* is already in param group 0 \(params\[0\]\)/);
    const opt = new SGD([p]);
    expect(() => opt.addParamGroup({ params: [p] })).toThrow(/already in param group 0/);
  });

  it('non-float, non-requiresGrad, non-leaf, disposed', () => {
    expect(() => new SGD([keep(tensor([1], { dtype: 'int32' }))])).toThrow(DTypeError);
    expect(() => new SGD([keep(tensor([1], { dtype: 'int32' }))])).toThrow(/params\[0\] is \[1\] int32 on cpu; only float tensors can be optimized/);
    expect(() => new SGD([keep(tensor([1]))])).toThrow(/params\[0\] \(\[1\] float32 on cpu\) does not require grad; call requiresGrad_\(\)/);
    const leaf = param([1]);
    expect(() => new SGD([leaf.mul(2)])).toThrow(/is not a leaf/);
    const gone = param([1]);
    gone.dispose();
    expect(() => new SGD([gone])).toThrow(/params\[0\] was disposed/);
  });

  it('empty lists, a bare tensor, mixed lists, unknown group options', () => {
    expect(() => new SGD([])).toThrow(/SGD: got an empty parameter list/);
    expect(() => new SGD(param([1]) as unknown as [])).toThrow(/got a single tensor; wrap it in \[ \]/);
    expect(() => new SGD([param([1]), { params: [param([2])] }] as never)).toThrow(/params mixes tensors \(params\[0\]\) and param groups/);
    expect(() => new SGD([{ params: [param([1])] }, 3] as never)).toThrow(/params\[1\] is neither a tensor nor a param group/);
    expect(() => new SGD([{ params: [param([1])], learningRate: 0.1 } as never])).toThrow(/SGD param group 0: unknown option 'learningRate' \(known: params, initialLr, lr, momentum/);
    expect(() => new SGD([{ params: [] }])).toThrow(/param group 0: got an empty parameter list/);
  });
});
