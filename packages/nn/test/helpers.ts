import { expect } from 'vitest';
import type { Tensor } from '../src/index.js';

/** Asserts a tensor's values equal `expected` (nested arrays) within `tol` (absolute + relative). */
export function expectClose(t: Tensor, expected: unknown, tol = 1e-6): void {
  const flat = (v: unknown): number[] => (Array.isArray(v) ? v.flatMap(flat) : [Number(v)]);
  const got = Array.from(t.dataSync());
  const want = flat(expected);
  expect(got.length, `size of ${t.describe()}`).toBe(want.length);
  got.forEach((g, i) => {
    const w = want[i]!;
    if (Number.isNaN(w)) expect(g, `element ${i}`).toBeNaN();
    else if (!Number.isFinite(w)) expect(g, `element ${i}`).toBe(w);
    else expect(Math.abs(g - w), `element ${i}: got ${g}, want ${w}`).toBeLessThanOrEqual(tol + tol * Math.abs(w));
  });
}
