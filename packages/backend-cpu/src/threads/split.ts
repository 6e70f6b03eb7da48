/**
 * Splits [0, n) into at most `parts` contiguous [start, end) ranges of near-equal size whose
 * boundaries are multiples of `align` (only the last end may be n itself), dropping empty ones:
 * splitRange(10, 3, 4) → [[0, 4], [4, 8], [8, 10]]; splitRange(3, 4) → [[0, 1], [1, 2], [2, 3]].
 */
export function splitRange(n: number, parts: number, align = 1): [number, number][] {
  if (!(Number.isInteger(n) && n >= 0)) throw new RangeError(`splitRange: bad length ${n}`);
  if (!(Number.isInteger(align) && align >= 1)) throw new RangeError(`splitRange: bad alignment ${align}`);
  const blocks = Math.ceil(n / align);
  const count = Math.min(Math.max(1, Math.floor(parts) || 1), blocks);
  const ranges: [number, number][] = [];
  let start = 0;
  for (let i = 0; i < count; i++) {
    // The first blocks % count ranges take one extra block.
    const take = Math.floor(blocks / count) + (i < blocks % count ? 1 : 0);
    const end = Math.min(n, start + take * align);
    ranges.push([start, end]);
    start = end;
  }
  return ranges;
}
