import { describe, expect, it } from 'vitest';
import {
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
import type { SGD, Scheduler, SchedulerStateDict } from '../src/index.js';
import { twoGroupSGD } from './scheduler-helpers.js';

type Build = (opt: SGD) => Scheduler;

const METRICS = [5, 4, 4, 4, 4, 3, 3, 3, 3, 3];

function advance(s: Scheduler, t: number): void {
  if (s instanceof ReduceLROnPlateau) s.step(METRICS[t]!);
  else s.step();
}

/** lr and momentum of each group after each of `steps` steps, starting at step index `from`. */
function run(opt: SGD, s: Scheduler, from: number, steps: number): number[][] {
  const seen: number[][] = [];
  for (let t = from; t < from + steps; t++) {
    advance(s, t);
    seen.push([...opt.paramGroups.flatMap((g) => [g.lr, g.momentum]), ...s.getLastLr(), s.lastEpoch]);
  }
  return seen;
}

const builds: [string, Build][] = [
  ['InverseTimeLR', (o) => new InverseTimeLR(o, { decayRate: 0.5 })],
  ['ExponentialLR', (o) => new ExponentialLR(o, { gamma: 0.8 })],
  ['StepLR', (o) => new StepLR(o, { stepSize: 2, gamma: 0.5 })],
  ['StepLR (continuous)', (o) => new StepLR(o, { stepSize: 2, gamma: 0.5, staircase: false })],
  ['MultiStepLR', (o) => new MultiStepLR(o, { milestones: [2, 4, 5] })],
  ['CosineAnnealingLR', (o) => new CosineAnnealingLR(o, { TMax: 4, etaMin: 0.001 })],
  ['CosineAnnealingWarmRestarts', (o) => new CosineAnnealingWarmRestarts(o, { T0: 2, TMult: 2 })],
  ['OneCycleLR', (o) => new OneCycleLR(o, { maxLr: [1, 0.5], totalSteps: 8 })],
  ['LinearLR', (o) => new LinearLR(o, { startFactor: 0.2, totalIters: 5 })],
  ['ReduceLROnPlateau', (o) => new ReduceLROnPlateau(o, { patience: 1, factor: 0.5 })],
  // Resumed inside the warm-up, crossing the milestone at 5.
  ['SequentialLR', (o) => new SequentialLR(o, { schedulers: [new LinearLR(o, { startFactor: 0.5, totalIters: 5 }), new ExponentialLR(o, { gamma: 0.7 })], milestones: [5] })],
  ['ChainedScheduler', (o) => new ChainedScheduler([new StepLR(o, { stepSize: 2 }), new ExponentialLR(o, { gamma: 0.9 })])],
];

describe('scheduler stateDict round trip: 3 steps, save, load into a fresh one, 3 more = 6 uninterrupted', () => {
  for (const [name, build] of builds) {
    it(name, () => {
      const straightOpt = twoGroupSGD({ momentum: 0.9 });
      const expected = run(straightOpt, build(straightOpt), 0, 6).slice(3);

      const opt = twoGroupSGD({ momentum: 0.9 });
      const s = build(opt);
      run(opt, s, 0, 3);
      const optimizerState = opt.stateDict();
      const schedulerState = JSON.parse(JSON.stringify(s.stateDict())) as SchedulerStateDict; // plain JSON

      const freshOpt = twoGroupSGD({ momentum: 0.9 });
      const fresh = build(freshOpt);
      freshOpt.loadStateDict(optimizerState);
      fresh.loadStateDict(schedulerState);
      expect(run(freshOpt, fresh, 3, 3)).toEqual(expected);
    });
  }
});

describe('scheduler loadStateDict errors', () => {
  it('a state for another number of param groups, or of the wrong kind', () => {
    const s = new StepLR(twoGroupSGD(), { stepSize: 2 });
    const sd = s.stateDict();
    expect(() => s.loadStateDict({ ...sd, baseLrs: [0.1] })).toThrow(/StepLR.loadStateDict: 'baseLrs' has 1 values, the optimizer has 2 param groups/);
    expect(() => s.loadStateDict({ ...sd, lastEpoch: 'three' })).toThrow(/'lastEpoch' must be a finite number, got "three"/);
    expect(() => s.loadStateDict({ ...sd, lastEpoch: 2.5 })).toThrow(/'lastEpoch' must be an integer ≥ -1, got 2.5/);
    expect(() => new CosineAnnealingWarmRestarts(twoGroupSGD(), { T0: 2 }).loadStateDict(sd)).toThrow(/'TCur' must be a finite number, got undefined/);
  });

  it('composite schedulers check their children and change nothing when one fails', () => {
    const opt = twoGroupSGD();
    const first = new LinearLR(opt, { totalIters: 3 });
    const second = new ExponentialLR(opt, { gamma: 0.5 });
    const seq = new SequentialLR(opt, { schedulers: [first, second], milestones: [3] });
    seq.step();
    const good = seq.stateDict();
    const before = first.stateDict();
    expect(() => seq.loadStateDict({ ...good, schedulers: [good.schedulers as never] })).toThrow(/'schedulers' has 1 entries, this scheduler has 2/);
    const broken = { ...good, schedulers: [{ ...before, lastEpoch: 0 }, { lastEpoch: 'x' }] } as SchedulerStateDict;
    expect(() => seq.loadStateDict(broken)).toThrow(/ExponentialLR.loadStateDict: 'lastEpoch'/);
    expect(first.stateDict()).toEqual(before);
    expect(seq.lastEpoch).toBe(1);
  });

  it('ReduceLROnPlateau stores best as null until it has one (JSON has no Infinity)', () => {
    const opt = twoGroupSGD();
    const s = new ReduceLROnPlateau(opt);
    expect(s.stateDict().best).toBeNull();
    const fresh = new ReduceLROnPlateau(opt);
    fresh.loadStateDict(JSON.parse(JSON.stringify(s.stateDict())) as SchedulerStateDict);
    expect(fresh.best).toBe(Infinity);
    s.step(3);
    expect(s.stateDict().best).toBe(3);
  });
});
