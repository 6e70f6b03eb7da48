import { describe, expect, it } from 'vitest';
import { hash32, normalAt, randomBits, uniformAt } from '../src/index.js';

describe('the shared counter-based RNG', () => {
  it('is a pure function of (seed, index)', () => {
    expect(uniformAt(42, 7)).toBe(uniformAt(42, 7));
    expect(normalAt(42, 7)).toBe(normalAt(42, 7));
    expect(randomBits(1, 0)).not.toBe(randomBits(2, 0));
    expect(uniformAt(1, 0)).not.toBe(uniformAt(1, 1));
    expect(hash32(0)).toBe(0);
    expect(Number.isInteger(randomBits(3, 4)) && randomBits(3, 4) >= 0 && randomBits(3, 4) < 2 ** 32).toBe(true);
  });

  it('gives uniforms in [0, 1) on a 2⁻²⁴ grid (exact in float32)', () => {
    for (let i = 0; i < 20000; i++) {
      const u = uniformAt(9, i);
      expect(u >= 0 && u < 1).toBe(true);
      expect(Number.isInteger(u * 2 ** 24)).toBe(true);
      expect(Math.fround(u)).toBe(u);
    }
  });

  it('has the right mean and spread', () => {
    const n = 100000;
    let su = 0, sz = 0, qz = 0;
    for (let i = 0; i < n; i++) {
      su += uniformAt(5, i);
      const z = normalAt(5, i);
      expect(Number.isFinite(z)).toBe(true);
      sz += z;
      qz += z * z;
    }
    expect(su / n).toBeCloseTo(0.5, 2);
    expect(sz / n).toBeCloseTo(0, 1);
    expect(Math.abs(Math.sqrt(qz / n - (sz / n) ** 2) - 1)).toBeLessThan(0.02);
  });

  it('normalAt uses stream elements 2i and 2i + 1', () => {
    const u1 = ((randomBits(3, 10) >>> 8) + 1) / 2 ** 24;
    const u2 = (randomBits(3, 11) >>> 8) / 2 ** 24;
    expect(normalAt(3, 5)).toBe(Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2));
  });
});
