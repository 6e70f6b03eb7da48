import { describe, expect, it } from 'vitest';
import {
  Adam,
  CosineAnnealingLR,
  CosineAnnealingWarmRestarts,
  ExponentialLR,
  InverseTimeLR,
  LinearLR,
  MultiStepLR,
  OneCycleLR,
  StepLR,
} from '../src/index.js';
import { param } from './helpers.js';
import { BASES, expectCurve, lrCurve, twoGroupSGD } from './scheduler-helpers.js';

const STEPS = 40;

describe("the seed's three decays follow their formulas over 40 steps, per group", () => {
  it('InverseTimeLR: lr0 / (1 + r·t)', () => {
    const opt = twoGroupSGD();
    const s = new InverseTimeLR(opt, { decayRate: 0.3 });
    expectCurve(lrCurve(opt, () => s.step(), STEPS, () => s.getLastLr()), (lr0, t) => lr0 / (1 + 0.3 * t));
    expect(s.lastEpoch).toBe(STEPS);
  });

  it('ExponentialLR with gamma: lr0·γ^t', () => {
    const opt = twoGroupSGD();
    const s = new ExponentialLR(opt, { gamma: 0.9 });
    expectCurve(lrCurve(opt, () => s.step(), STEPS, () => s.getLastLr()), (lr0, t) => lr0 * 0.9 ** t);
  });

  it('ExponentialLR with decayRate λ: lr0·e^(−λt)', () => {
    const opt = twoGroupSGD();
    const s = new ExponentialLR(opt, { decayRate: 0.05 });
    expectCurve(lrCurve(opt, () => s.step(), STEPS), (lr0, t) => lr0 * Math.exp(-0.05 * t));
  });

  it('StepLR: lr0·γ^⌊t/stepSize⌋', () => {
    const opt = twoGroupSGD();
    const s = new StepLR(opt, { stepSize: 7, gamma: 0.5 });
    expectCurve(lrCurve(opt, () => s.step(), STEPS, () => s.getLastLr()), (lr0, t) => lr0 * 0.5 ** Math.floor(t / 7));
  });

  it('StepLR with staircase: false: lr0·γ^(t/stepSize)', () => {
    const opt = twoGroupSGD();
    const s = new StepLR(opt, { stepSize: 7, gamma: 0.5, staircase: false });
    expectCurve(lrCurve(opt, () => s.step(), STEPS), (lr0, t) => lr0 * 0.5 ** (t / 7));
  });

  it('StepLR defaults gamma to 0.1', () => {
    const opt = twoGroupSGD();
    const s = new StepLR(opt, { stepSize: 2 });
    expectCurve(lrCurve(opt, () => s.step(), 6), (lr0, t) => lr0 * 0.1 ** Math.floor(t / 2));
  });
});

describe('the other schedules follow their formulas over 40+ steps, per group', () => {
  it('MultiStepLR: lr0·γ^(number of milestones ≤ t), a repeated milestone counting twice', () => {
    const opt = twoGroupSGD();
    const milestones = [30, 5, 12, 12];
    const s = new MultiStepLR(opt, { milestones, gamma: 0.5 });
    expectCurve(lrCurve(opt, () => s.step(), STEPS), (lr0, t) => lr0 * 0.5 ** milestones.filter((m) => m <= t).length);
  });

  it('CosineAnnealingLR: ηmin + (lr0 − ηmin)(1 + cos(πt/TMax))/2, through the trough and back up', () => {
    const opt = twoGroupSGD();
    const s = new CosineAnnealingLR(opt, { TMax: 10, etaMin: 0.001 });
    const curve = lrCurve(opt, () => s.step(), 45, () => s.getLastLr());
    expectCurve(curve, (lr0, t) => 0.001 + ((lr0 - 0.001) * (1 + Math.cos((Math.PI * t) / 10))) / 2, 1e-10);
    expect(curve[10]![0]).toBeCloseTo(0.001, 12);
    expect(curve[20]![0]).toBeCloseTo(0.1, 12);
  });

  it('CosineAnnealingLR with etaMin 0 passes exactly through 0', () => {
    const opt = twoGroupSGD();
    const s = new CosineAnnealingLR(opt, { TMax: 8 });
    expectCurve(lrCurve(opt, () => s.step(), 32), (lr0, t) => (lr0 * (1 + Math.cos((Math.PI * t) / 8))) / 2, 1e-9);
  });

  it('LinearLR warm-up: lr0·(start + (end − start)·min(t, n)/n)', () => {
    const opt = twoGroupSGD();
    const s = new LinearLR(opt, { startFactor: 0.25, totalIters: 10 });
    expectCurve(lrCurve(opt, () => s.step(), 35, () => s.getLastLr()), (lr0, t) => lr0 * (0.25 + (0.75 * Math.min(t, 10)) / 10));
  });

  it('LinearLR decay (startFactor 1 → endFactor 0.1) with the defaults otherwise (5 iterations)', () => {
    const opt = twoGroupSGD();
    const s = new LinearLR(opt, { startFactor: 1, endFactor: 0.1 });
    expectCurve(lrCurve(opt, () => s.step(), 30), (lr0, t) => lr0 * (1 - (0.9 * Math.min(t, 5)) / 5));
  });

  /** SGDR's piecewise form: find the cycle t falls in, then the cosine inside it. */
  function sgdr(T0: number, TMult: number, etaMin: number) {
    return (lr0: number, t: number): number => {
      let start = 0;
      let Ti = T0;
      while (t >= start + Ti) {
        start += Ti;
        Ti *= TMult;
      }
      return etaMin + ((lr0 - etaMin) * (1 + Math.cos((Math.PI * (t - start)) / Ti))) / 2;
    };
  }

  it('CosineAnnealingWarmRestarts, TMult 2: cycles of 3, 6, 12, 24 epochs', () => {
    const opt = twoGroupSGD();
    const s = new CosineAnnealingWarmRestarts(opt, { T0: 3, TMult: 2, etaMin: 0.001 });
    const curve = lrCurve(opt, () => s.step(), 45, () => s.getLastLr());
    expectCurve(curve, sgdr(3, 2, 0.001));
    for (const restart of [3, 9, 21]) expect(curve[restart]![0]).toBeCloseTo(BASES[0]!, 14);
  });

  it('CosineAnnealingWarmRestarts, TMult 1: a restart every T0 epochs', () => {
    const opt = twoGroupSGD();
    const s = new CosineAnnealingWarmRestarts(opt, { T0: 7 });
    expectCurve(lrCurve(opt, () => s.step(), 35), sgdr(7, 1, 0));
  });

  it('CosineAnnealingWarmRestarts stepped per batch with fractional epochs', () => {
    const opt = twoGroupSGD();
    const s = new CosineAnnealingWarmRestarts(opt, { T0: 2, TMult: 3, etaMin: 0.0005 });
    const batches = 4;
    const curve = lrCurve(opt, (k) => s.step(k / batches), 40);
    expectCurve(curve, (lr0, k) => sgdr(2, 3, 0.0005)(lr0, k / batches));
    expect(s.lastEpoch).toBe(10);
    // Jumping to a restart boundary computed with integers, not a logarithm (T0·(3⁴ − 1)/2 = 80 for T0 = 2).
    s.step(80);
    expect(s.TCur).toBe(0);
    expect(s.Ti).toBe(2 * 3 ** 4);
    expect(opt.paramGroups[0]!.lr).toBeCloseTo(BASES[0]!, 14);
  });

  /** 1cycle's piecewise form (two phases), independent of the implementation. */
  function oneCycle(maxLr: number[], n: number, pct: number, div: number, finalDiv: number, anneal: (a: number, b: number, x: number) => number) {
    return (_lr0: number, t: number, g: number): number => {
      const start = maxLr[g]! / div;
      const end1 = pct * n - 1;
      if (t <= end1) return anneal(start, maxLr[g]!, t / end1);
      return anneal(maxLr[g]!, start / finalDiv, (t - end1) / (n - 1 - end1));
    };
  }
  const cosAnneal = (a: number, b: number, x: number): number => b + ((a - b) / 2) * (1 + Math.cos(Math.PI * x));
  const linAnneal = (a: number, b: number, x: number): number => a + (b - a) * x;

  it('OneCycleLR (cos): up to maxLr over pctStart of the steps, then down to maxLr/(div·finalDiv); momentum inversely', () => {
    const opt = twoGroupSGD({ momentum: 0.9 });
    const maxLr = [1, 0.4];
    const s = new OneCycleLR(opt, { maxLr, totalSteps: 40, pctStart: 0.25 });
    const momenta: number[][] = [];
    const curve = lrCurve(opt, () => {
      momenta.push(opt.paramGroups.map((g) => g.momentum));
      s.step();
    }, 39, () => s.getLastLr());
    expectCurve(curve, oneCycle(maxLr, 40, 0.25, 25, 1e4, cosAnneal));
    curve[0]!.forEach((lr, g) => expect(lr).toBeCloseTo(maxLr[g]! / 25, 14));
    expect(curve[9]![0]).toBeCloseTo(1, 14); // the peak, at pctStart·n − 1
    expect(curve[39]![0]).toBeCloseTo(1 / 25 / 1e4, 14);
    // Momentum at t: max → base while the lr rises, back to max as it falls.
    momenta.forEach((m, t) => {
      const end1 = 0.25 * 40 - 1;
      const want = t <= end1 ? cosAnneal(0.95, 0.85, t / end1) : cosAnneal(0.85, 0.95, (t - end1) / (39 - end1));
      expect(m[0]).toBeCloseTo(want, 12);
    });
    // Initial lrs become maxLr/divFactor; stepping beyond totalSteps is an error.
    expect(opt.paramGroups.map((g) => g.initialLr)).toEqual([1 / 25, 0.4 / 25]);
    s.step();
    expect(() => s.step()).toThrow(/OneCycleLR: stepped 41 times, but totalSteps is 40/);
  });

  it('OneCycleLR (linear, epochs × stepsPerEpoch) cycles Adam’s beta1', () => {
    const opt = new Adam([param([1])], { betas: [0.9, 0.99] });
    const s = new OneCycleLR(opt, { maxLr: 0.01, epochs: 4, stepsPerEpoch: 10, annealStrategy: 'linear', divFactor: 10, finalDivFactor: 100, baseMomentum: 0.8, maxMomentum: 0.9 });
    const betas: number[] = [];
    const lrs: number[] = [];
    for (let t = 0; t < 40; t++) {
      lrs.push(opt.paramGroups[0]!.lr);
      betas.push(opt.paramGroups[0]!.betas[0]);
      expect(opt.paramGroups[0]!.betas[1]).toBe(0.99);
      s.step();
    }
    const f = oneCycle([0.01], 40, 0.3, 10, 100, linAnneal);
    lrs.forEach((lr, t) => expect(lr).toBeCloseTo(f(0, t, 0), 14));
    const end1 = 0.3 * 40 - 1;
    betas.forEach((b, t) => expect(b).toBeCloseTo(t <= end1 ? linAnneal(0.9, 0.8, t / end1) : linAnneal(0.8, 0.9, (t - end1) / (39 - end1)), 14));
  });

  it('OneCycleLR threePhase: up, back down to the start, then to the minimum', () => {
    const opt = twoGroupSGD();
    const s = new OneCycleLR(opt, { maxLr: 1, totalSteps: 40, pctStart: 0.25, threePhase: true, cycleMomentum: false });
    const e1 = 9;
    const e2 = 18;
    const f = (_lr0: number, t: number): number =>
      t <= e1 ? cosAnneal(0.04, 1, t / e1) : t <= e2 ? cosAnneal(1, 0.04, (t - e1) / (e2 - e1)) : cosAnneal(0.04, 0.04 / 1e4, (t - e2) / (39 - e2));
    expectCurve(lrCurve(opt, () => s.step(), 39), f);
    expect(opt.paramGroups[0]!.momentum).toBe(0); // cycleMomentum: false leaves it alone
  });
});
