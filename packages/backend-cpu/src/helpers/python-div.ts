/** Division that floors, and the remainder that goes with it, as Python (and PyTorch) define them for floats. */

/** The sign of the divisor; computed from fmod so that it is exact. */
export function floatMod(x: number, y: number): number {
  let r = x % y;
  if (r !== 0 && r < 0 !== y < 0) r += y;
  else if (r === 0) r = y < 0 ? -0 : 0;
  return r;
}

/** floor(x / y), from fmod so that x − y·q stays consistent with floatMod (CPython's float_floor_div). */
export function floatFloorDiv(x: number, y: number): number {
  if (y === 0) return x / y;
  const mod = x % y;
  let div = (x - mod) / y;
  if (mod !== 0 && y < 0 !== mod < 0) div -= 1;
  if (div === 0) return x / y < 0 ? -0 : 0;
  let q = Math.floor(div);
  if (div - q > 0.5) q += 1;
  return q;
}

/** Python's int modulo (sign of the divisor); 0 when dividing by zero. */
export function intMod(x: number, y: number): number {
  if (y === 0) return 0;
  const r = x % y;
  return r !== 0 && (r ^ y) < 0 ? r + y : r;
}

/** floor(x / y) for int32 values, wrapping like int32; 0 when dividing by zero. */
export function intFloorDiv(x: number, y: number): number {
  return y === 0 ? 0 : Math.floor(x / y) | 0;
}

/** x^y for integers, wrapping like int32 multiplication; negative exponents round toward zero. */
export function intPow(x: number, y: number): number {
  if (y < 0) return x === 1 ? 1 : x === -1 ? (y & 1 ? -1 : 1) : 0;
  let result = 1, base = x | 0, e = y;
  while (e > 0) {
    if (e & 1) result = Math.imul(result, base);
    base = Math.imul(base, base);
    e >>>= 1;
  }
  return result;
}
