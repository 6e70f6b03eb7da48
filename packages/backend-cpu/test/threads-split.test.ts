import { describe, expect, it } from 'vitest';
import { splitRange } from '../src/threads/index.js';

describe('splitRange', () => {
  it('covers [0, n) with contiguous, aligned, near-equal ranges', () => {
    for (const [n, parts, align] of [[10, 3, 4], [1000, 2, 4], [1001, 7, 4], [17, 4, 1], [64, 3, 8], [5, 2, 8]] as const) {
      const ranges = splitRange(n, parts, align);
      expect(ranges.length).toBeLessThanOrEqual(parts);
      expect(ranges[0]![0]).toBe(0);
      expect(ranges.at(-1)![1]).toBe(n);
      ranges.forEach(([start, end], i) => {
        expect(end).toBeGreaterThan(start);
        expect(start % align).toBe(0);
        if (i > 0) expect(start).toBe(ranges[i - 1]![1]);
      });
      const blocks = ranges.map(([s, e]) => Math.ceil((e - s) / align));
      expect(Math.max(...blocks) - Math.min(...blocks)).toBeLessThanOrEqual(1);
    }
  });

  it('examples', () => {
    expect(splitRange(10, 3, 4)).toEqual([[0, 4], [4, 8], [8, 10]]);
    expect(splitRange(3, 4)).toEqual([[0, 1], [1, 2], [2, 3]]);
    expect(splitRange(8, 2, 4)).toEqual([[0, 4], [4, 8]]);
    expect(splitRange(6, 1, 4)).toEqual([[0, 6]]);
  });

  it('gives no ranges for nothing, and one for parts < 1', () => {
    expect(splitRange(0, 4, 4)).toEqual([]);
    expect(splitRange(5, 0)).toEqual([[0, 5]]);
  });

  it('rejects bad lengths and alignments', () => {
    expect(() => splitRange(-1, 2)).toThrow(RangeError);
    expect(() => splitRange(4, 2, 0)).toThrow(RangeError);
  });
});
