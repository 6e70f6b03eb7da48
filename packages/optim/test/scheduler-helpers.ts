import { expect } from 'vitest';
import { SGD } from '../src/index.js';
import type { Optimizer } from '../src/index.js';
import { param } from './helpers.js';

/** The initial lrs of the two param groups every scheduler test uses: each must follow its own. */
export const BASES = [0.1, 0.02];

export function twoGroupSGD(options: { momentum?: number } = {}): SGD {
  return new SGD([{ params: [param([1])] }, { params: [param([2])], lr: BASES[1]! }], { lr: BASES[0]!, ...options });
}

/** Each group's lr at t = 0 (after construction) and after each of `steps` calls of `step`. */
export function lrCurve(opt: Optimizer, step: (t: number) => void, steps: number, getLastLr?: () => number[]): number[][] {
  const read = (): number[] => {
    const lrs = opt.paramGroups.map((g) => g.lr);
    if (getLastLr) expect(getLastLr()).toEqual(lrs);
    return lrs;
  };
  const curve = [read()];
  for (let t = 1; t <= steps; t++) {
    step(t);
    curve.push(read());
  }
  return curve;
}

/** Asserts curve[t][i] = formula(BASES[i], t) for every t and group, within `rel`. */
export function expectCurve(curve: number[][], formula: (base: number, t: number, group: number) => number, rel = 1e-12): void {
  curve.forEach((lrs, t) =>
    lrs.forEach((lr, i) => {
      const want = formula(BASES[i]!, t, i);
      expect(Math.abs(lr - want), `t = ${t}, group ${i}: got ${lr}, want ${want}`).toBeLessThanOrEqual(rel * Math.abs(want) + 1e-15);
    }),
  );
}
