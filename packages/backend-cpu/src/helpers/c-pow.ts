/**
 * C's `pow`, which PyTorch and every GPU follow: unlike JS `Math.pow`, 1^y is 1 for every y (NaN
 * too) and (−1)^±Infinity is 1.
 */
export function cPow(a: number, b: number): number {
  if (a === 1 || (a === -1 && (b === Infinity || b === -Infinity))) return 1;
  return Math.pow(a, b);
}
