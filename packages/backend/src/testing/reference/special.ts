/** Special functions the reference needs, accurate to double precision. */

/**
 * erf by the series erf(x) = 2/√π · e^(−x²) · Σ 2ⁿx^(2n+1) / (1·3·…·(2n+1)): every term is
 * positive, so there is no cancellation. Beyond |x| = 6, erf is ±1 to double precision.
 */
export function erf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  const ax = Math.abs(x);
  if (ax >= 6) return Math.sign(x);
  let term = ax;
  let sum = ax;
  for (let n = 1; n < 500; n++) {
    term *= (2 * ax * ax) / (2 * n + 1);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return Math.sign(x) * (2 / Math.sqrt(Math.PI)) * Math.exp(-ax * ax) * sum;
}

/** Rounds half to even (banker's rounding), as PyTorch and NumPy. */
export function roundHalfEven(x: number): number {
  if (!Number.isFinite(x)) return x;
  const f = Math.floor(x);
  const d = x - f;
  if (d < 0.5) return f;
  if (d > 0.5) return f + 1;
  return f % 2 === 0 ? f : f + 1;
}

/** Python's float modulo: the result has the divisor's sign. */
export function pythonMod(a: number, b: number): number {
  const r = a % b;
  return r !== 0 && r < 0 !== b < 0 ? r + b : r;
}

/** C's pow: unlike JS `**`, 1^y = 1 for every y (NaN too) and (−1)^±Inf = 1. */
export function cPow(a: number, b: number): number {
  if (a === 1 || b === 0) return 1;
  if (a === -1 && (b === Infinity || b === -Infinity)) return 1;
  return a ** b;
}

/** int32 power: exact modulo 2³² (BigInt square-and-multiply); negative exponents truncate toward zero. */
export function int32Pow(a: number, b: number): number {
  if (b < 0) return a === 1 ? 1 : a === -1 ? (b % 2 === 0 ? 1 : -1) : 0;
  let result = 1n;
  let base = BigInt(a);
  for (let e = b; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result = BigInt.asIntN(32, result * base);
    base = BigInt.asIntN(32, base * base);
  }
  return Number(result);
}
