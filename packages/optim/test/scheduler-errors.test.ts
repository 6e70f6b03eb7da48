import { describe, expect, it } from 'vitest';
import {
  Adagrad,
  ChainedScheduler,
  CosineAnnealingLR,
  CosineAnnealingWarmRestarts,
  ExponentialLR,
  InverseTimeLR,
  LinearLR,
  MultiStepLR,
  OneCycleLR,
  ReduceLROnPlateau,
  SequentialLR,
  StepLR,
} from '../src/index.js';
import type { ExponentialLROptions, StepLROptions } from '../src/index.js';
import { param } from './helpers.js';
import { twoGroupSGD } from './scheduler-helpers.js';

describe('schedulers reject bad options, naming the option and value', () => {
  const opt = twoGroupSGD();

  it('the decays', () => {
    expect(() => new StepLR(opt, { stepSize: 0 })).toThrow(/StepLR: invalid stepSize 0 \(must be an integer ≥ 1\)/);
    expect(() => new StepLR(opt, { stepSize: 2.5 })).toThrow(/invalid stepSize 2.5/);
    expect(() => new StepLR(opt, { stepSize: 2.5, staircase: false })).not.toThrow();
    expect(() => new StepLR(opt, { stepSize: 3, gamma: -0.1 })).toThrow(/StepLR: invalid gamma -0.1/);
    expect(() => new StepLR(opt, { step_size: 3 } as unknown as StepLROptions)).toThrow(/StepLR: unknown option 'step_size'/);
    expect(() => new ExponentialLR(opt, { gamma: 0.9, decayRate: 0.1 } as unknown as ExponentialLROptions)).toThrow(/give exactly one of gamma/);
    expect(() => new ExponentialLR(opt, {} as ExponentialLROptions)).toThrow(/give exactly one of gamma/);
    expect(() => new ExponentialLR(opt, { gamma: 0 })).toThrow(/invalid gamma 0 \(must be > 0\)/);
    expect(() => new InverseTimeLR(opt, { decayRate: -1 })).toThrow(/InverseTimeLR: invalid decayRate -1/);
    expect(() => new MultiStepLR(opt, { milestones: [3, -1] })).toThrow(/MultiStepLR: invalid milestones\[1\] -1/);
  });

  it('cosine, linear, warm restarts', () => {
    expect(() => new CosineAnnealingLR(opt, { TMax: 0 })).toThrow(/CosineAnnealingLR: invalid TMax 0/);
    expect(() => new LinearLR(opt, { startFactor: 0 })).toThrow(/LinearLR: invalid startFactor 0 \(must be in \(0, 1\]\)/);
    expect(() => new LinearLR(opt, { endFactor: 1.5 })).toThrow(/LinearLR: invalid endFactor 1.5 \(must be in \[0, 1\]\)/);
    expect(() => new CosineAnnealingWarmRestarts(opt, { T0: 0 })).toThrow(/invalid T0 0/);
    expect(() => new CosineAnnealingWarmRestarts(opt, { T0: 2, TMult: 1.5 })).toThrow(/invalid TMult 1.5 \(must be an integer ≥ 1\)/);
    const s = new CosineAnnealingWarmRestarts(opt, { T0: 2 });
    expect(() => s.step(-1)).toThrow(/CosineAnnealingWarmRestarts.step: invalid epoch -1/);
  });

  it('OneCycleLR', () => {
    expect(() => new OneCycleLR(opt, { maxLr: 0.1 })).toThrow(/OneCycleLR: give totalSteps, or epochs and stepsPerEpoch/);
    expect(() => new OneCycleLR(opt, { maxLr: [0.1], totalSteps: 10 })).toThrow(/OneCycleLR: maxLr has 1 values, the optimizer has 2 param groups/);
    expect(() => new OneCycleLR(opt, { maxLr: 0.1, totalSteps: 10, pctStart: 1.5 })).toThrow(/invalid pctStart 1.5/);
    expect(() => new OneCycleLR(opt, { maxLr: 0.1, totalSteps: 10, annealStrategy: 'exp' as 'cos' })).toThrow(/annealStrategy must be 'cos' or 'linear', got "exp"/);
    const adagrad = new Adagrad([param([1])]);
    expect(() => new OneCycleLR(adagrad, { maxLr: 0.1, totalSteps: 10 })).toThrow(/Adagrad has neither momentum nor betas to cycle; pass cycleMomentum: false/);
    expect(() => new OneCycleLR(adagrad, { maxLr: 0.1, totalSteps: 10, cycleMomentum: false })).not.toThrow();
  });

  it('ReduceLROnPlateau', () => {
    expect(() => new ReduceLROnPlateau(opt, { factor: 1 })).toThrow(/ReduceLROnPlateau: invalid factor 1 \(must be in \[0, 1\)\)/);
    expect(() => new ReduceLROnPlateau(opt, { mode: 'avg' as 'min' })).toThrow(/mode must be 'min' or 'max', got "avg"/);
    expect(() => new ReduceLROnPlateau(opt, { minLr: [0, 0, 0] })).toThrow(/minLr has 3 values, the optimizer has 2 param groups/);
    expect(() => new ReduceLROnPlateau(opt, { patience: -1 })).toThrow(/invalid patience -1/);
    const plateau = new ReduceLROnPlateau(opt);
    expect(() => plateau.step()).toThrow(/ReduceLROnPlateau.step: pass the metric to watch/);
    expect(() => plateau.step('0.5' as unknown as number)).toThrow(/metric must be a number or a one-element tensor, got 0.5/);
  });

  it('SequentialLR and ChainedScheduler', () => {
    const a = new LinearLR(opt);
    const b = new ExponentialLR(opt, { gamma: 0.9 });
    expect(() => new SequentialLR(opt, { schedulers: [a, b], milestones: [] })).toThrow(/2 schedulers need 1 milestones, got 0/);
    expect(() => new SequentialLR(opt, { schedulers: [a, b, a], milestones: [5, 5] })).toThrow(/milestones must increase, got 5, 5/);
    const other = new ExponentialLR(twoGroupSGD(), { gamma: 0.9 });
    expect(() => new SequentialLR(opt, { schedulers: [a, other], milestones: [3] })).toThrow(/schedulers\[1\] \(ExponentialLR\) belongs to another optimizer/);
    const plateau = new ReduceLROnPlateau(opt);
    expect(() => new SequentialLR(opt, { schedulers: [a, plateau as never], milestones: [3] })).toThrow(/schedulers\[1\] is not an epoch scheduler/);
    expect(() => new ChainedScheduler([a, plateau as never])).toThrow(/schedulers\[1\] cannot be chained \(ReduceLROnPlateau needs a metric/);
    expect(() => new ChainedScheduler([a, other])).toThrow(/schedulers\[1\] \(ExponentialLR\) belongs to another optimizer/);
    expect(() => new ChainedScheduler([])).toThrow(/expects at least one scheduler/);
  });

  it('a param group added after the scheduler has no base lr', () => {
    const o = twoGroupSGD();
    const s = new ExponentialLR(o, { gamma: 0.9 });
    o.addParamGroup({ params: [param([3])] });
    expect(() => s.step()).toThrow(/ExponentialLR: param group 2 was added after the scheduler was created/);
  });

  it('the first scheduler records each group’s initialLr; later ones start from it', () => {
    const o = twoGroupSGD();
    new LinearLR(o, { startFactor: 0.5 });
    expect(o.paramGroups.map((g) => [g.lr, g.initialLr])).toEqual([[0.05, 0.1], [0.01, 0.02]]);
    const second = new ExponentialLR(o, { gamma: 0.9 });
    expect(second.baseLrs).toEqual([0.1, 0.02]);
  });
});
