import { describe, expect, it } from 'vitest';
import { compareValues, toleranceFor } from '../src/testing/index.js';

describe('toleranceFor', () => {
  it('is exact for non-float results, scales accumulate by length and float64 by 1e-6', () => {
    expect(toleranceFor('transcendental', 'int32')).toBe(0);
    expect(toleranceFor('arithmetic', 'bool')).toBe(0);
    expect(toleranceFor('arithmetic', 'float32')).toBe(1e-6);
    expect(toleranceFor('accumulate', 'float32', {}, 50)).toBeCloseTo(5e-5, 15);
    expect(toleranceFor('accumulate', 'float32', {}, 0)).toBe(1e-6);
    expect(toleranceFor('transcendental', 'float64')).toBeCloseTo(1e-11, 20);
    expect(toleranceFor('transcendental', 'float32', { transcendental: 3e-4 })).toBe(3e-4);
    expect(toleranceFor('exact', 'float32')).toBe(0);
  });
});

describe('compareValues', () => {
  it('accepts |got − ref| ≤ t·(1 + max(|ref|, mag))', () => {
    expect(compareValues([1.000001], [1], 1e-6).mismatches).toBe(0);
    expect(compareValues([1.00001], [1], 1e-6).mismatches).toBe(1);
    expect(compareValues([1e-3], [0], 1e-6, [2000]).mismatches).toBe(0); // cancellation judged by the terms' size
    expect(compareValues([5], [4], 0).first).toEqual({ index: 0, expected: 4, got: 5, bound: 0 });
  });

  it('needs NaN for NaN and the same infinity for ±Infinity', () => {
    expect(compareValues([NaN, Infinity, -Infinity], [NaN, Infinity, -Infinity], 0).mismatches).toBe(0);
    const bad = compareValues([0, -Infinity, NaN, Infinity], [NaN, Infinity, 1, 1e38], 1);
    expect(bad.mismatches).toBe(4);
    expect(bad.maxError).toBe(Infinity);
  });

  it('reports the worst normalised error and the first mismatch', () => {
    const c = compareValues([1, 2.5, 3], [1, 2, 4], 0.1);
    expect(c.mismatches).toBe(2);
    expect(c.first!.index).toBe(1);
    expect(c.maxError).toBeCloseTo(1 / 5, 12); // |3 − 4| / (1 + 4) beats 0.5 / 3
  });
});
