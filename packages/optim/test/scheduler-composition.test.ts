import { describe, expect, it } from 'vitest';
import { scalar } from '@pistil/nn';
import { ChainedScheduler, CosineAnnealingLR, ExponentialLR, LinearLR, ReduceLROnPlateau, SequentialLR, StepLR } from '../src/index.js';
import { BASES, expectCurve, lrCurve, twoGroupSGD } from './scheduler-helpers.js';

describe('SequentialLR', () => {
  it('warm-up, then cosine, then exponential: each restarts from the initial lrs at its milestone (40 steps)', () => {
    const opt = twoGroupSGD();
    const warmup = new LinearLR(opt, { startFactor: 0.1, totalIters: 5 });
    const cosine = new CosineAnnealingLR(opt, { TMax: 20 });
    const decay = new ExponentialLR(opt, { gamma: 0.9 });
    const s = new SequentialLR(opt, { schedulers: [warmup, cosine, decay], milestones: [5, 25] });
    const piecewise = (lr0: number, t: number): number => {
      if (t < 5) return lr0 * (0.1 + (0.9 * t) / 5);
      if (t < 25) return (lr0 * (1 + Math.cos((Math.PI * (t - 5)) / 20))) / 2;
      return lr0 * 0.9 ** (t - 25);
    };
    expectCurve(lrCurve(opt, () => s.step(), 40, () => s.getLastLr()), piecewise, 1e-10);
    expect(s.lastEpoch).toBe(40);
  });
});

describe('ChainedScheduler', () => {
  it('multiplies chainable schedules: warm-up factor × exponential decay (30 steps)', () => {
    const opt = twoGroupSGD();
    const s = new ChainedScheduler([new LinearLR(opt, { startFactor: 0.5, totalIters: 4 }), new ExponentialLR(opt, { gamma: 0.9 })]);
    expectCurve(lrCurve(opt, () => s.step(), 30, () => s.getLastLr()), (lr0, t) => lr0 * (0.5 + (0.5 * Math.min(t, 4)) / 4) * 0.9 ** t);
  });

  it('step decay × exponential decay', () => {
    const opt = twoGroupSGD();
    const s = new ChainedScheduler([new StepLR(opt, { stepSize: 10, gamma: 0.5 }), new ExponentialLR(opt, { decayRate: 0.01 })], opt);
    expectCurve(lrCurve(opt, () => s.step(), 35), (lr0, t) => lr0 * 0.5 ** Math.floor(t / 10) * Math.exp(-0.01 * t));
  });
});

describe('ReduceLROnPlateau', () => {
  it('a loss that stops improving: reductions every patience + 1 + cooldown epochs, floored at minLr (40 epochs)', () => {
    const opt = twoGroupSGD();
    const s = new ReduceLROnPlateau(opt, { factor: 0.5, patience: 2, cooldown: 1, threshold: 0.01, minLr: [0.01, 0.001] });
    const losses = [10, 9, 8, ...new Array<number>(37).fill(8)];
    const curve = lrCurve(opt, (t) => s.step(losses[t - 1]!), 40, () => s.getLastLr());
    // Epochs 4, 5, 6 are bad; 6 exceeds patience 2 → reduce. Then 1 cooldown epoch and 3 bad ones: every 4 epochs.
    const reductions = (t: number): number => (t < 6 ? 0 : Math.floor((t - 6) / 4) + 1);
    const minLr = [0.01, 0.001];
    expectCurve(curve, (lr0, t, g) => Math.max(lr0 * 0.5 ** reductions(t), minLr[g]!));
    expect(s.best).toBe(8);
  });

  it("mode 'max' with an absolute threshold, metrics given as tensors", () => {
    const opt = twoGroupSGD();
    const s = new ReduceLROnPlateau(opt, { mode: 'max', thresholdMode: 'abs', threshold: 0.02, patience: 1 });
    const accuracies = [0.5, 0.6, 0.605, 0.61, 0.7, 0.7, 0.7];
    const factors = [1, 1, 1, 0.1, 0.1, 0.1, 0.01];
    accuracies.forEach((a, i) => {
      const metric = scalar(a);
      s.step(metric);
      metric.dispose();
      expect(opt.paramGroups[0]!.lr).toBeCloseTo(BASES[0]! * factors[i]!, 15);
      expect(opt.paramGroups[1]!.lr).toBeCloseTo(BASES[1]! * factors[i]!, 15);
    });
  });

  it('relative threshold in min mode: an improvement smaller than threshold·best does not count', () => {
    const opt = twoGroupSGD();
    const s = new ReduceLROnPlateau(opt, { patience: 0, threshold: 0.1 });
    s.step(1);
    s.step(0.95); // not below 1·(1 − 0.1): bad, patience 0 → reduce
    expect(opt.paramGroups[0]!.lr).toBeCloseTo(0.01, 15);
    s.step(0.85); // below 0.9: better
    expect(s.best).toBe(0.85);
    expect(opt.paramGroups[0]!.lr).toBeCloseTo(0.01, 15);
  });
});
