/**
 * float32 elementwise kernels: binary arithmetic, comparisons (to 0/1 bytes), where, and a few
 * unary ops, as the TypeScript kernels in src/kernels/ compute them (same IEEE results: one f32
 * rounding per element, which equals the TypeScript f64 operation rounded once to f32; NaN and
 * ±0 as JavaScript gives them; selections copy bits).
 *
 * Broadcasting is the caller's: operands come as up to three collapsed dims (d0, d1, d2) with
 * strides in elements per operand; the innermost stride of every input is 0 (broadcast, splat)
 * or 1 (contiguous, f32x4), the output is contiguous. Op codes must match src/helpers/simd-ops.ts.
 */

const ADD = 0, SUB = 1, MUL = 2, DIV = 3, MAXIMUM = 4, MINIMUM = 5;
const EQUAL = 0, NOT_EQUAL = 1, LESS = 2, LESS_EQUAL = 3, GREATER = 4, GREATER_EQUAL = 5;
const RELU = 0, NEG = 1, ABS = 2, SQRT = 3, SQUARE = 4, RECIPROCAL = 5, FLOOR = 6, CEIL = 7, TRUNC = 8, ROUND = 9;

// Every helper below is inlined with constant op codes and strides, so each (op, stride) pair
// becomes its own branch-free loop after Binaryen folds the constants.

// @ts-ignore: decorator
@inline function vbin(op: i32, x: v128, y: v128): v128 {
  if (op == ADD) return f32x4.add(x, y);
  if (op == SUB) return f32x4.sub(x, y);
  if (op == MUL) return f32x4.mul(x, y);
  if (op == DIV) return f32x4.div(x, y);
  // wasm's max/min propagate NaN and order −0 < +0, as Math.max/Math.min.
  if (op == MAXIMUM) return f32x4.max(x, y);
  return f32x4.min(x, y);
}

// @ts-ignore: decorator
@inline function sbin(op: i32, x: f32, y: f32): f32 {
  if (op == ADD) return x + y;
  if (op == SUB) return x - y;
  if (op == MUL) return x * y;
  if (op == DIV) return x / y;
  if (op == MAXIMUM) return max<f32>(x, y);
  return min<f32>(x, y);
}

// @ts-ignore: decorator
@inline function vcmp(op: i32, x: v128, y: v128): v128 {
  if (op == EQUAL) return f32x4.eq(x, y);
  if (op == NOT_EQUAL) return f32x4.ne(x, y);
  if (op == LESS) return f32x4.lt(x, y);
  if (op == LESS_EQUAL) return f32x4.le(x, y);
  if (op == GREATER) return f32x4.gt(x, y);
  return f32x4.ge(x, y);
}

// @ts-ignore: decorator
@inline function scmp(op: i32, x: f32, y: f32): bool {
  if (op == EQUAL) return x == y;
  if (op == NOT_EQUAL) return x != y;
  if (op == LESS) return x < y;
  if (op == LESS_EQUAL) return x <= y;
  if (op == GREATER) return x > y;
  return x >= y;
}

/** Four floats at element j of a row: a vector load where the stride is 1, the splat where it is 0. */
// @ts-ignore: decorator
@inline function vat(p: usize, s: i32, j: i32, splat: v128): v128 {
  return s == 1 ? v128.load(p + (<usize>j << 2)) : splat;
}

// @ts-ignore: decorator
@inline function sat(p: usize, s: i32, j: i32): f32 {
  return load<f32>(p + (<usize>(j * s) << 2));
}

// @ts-ignore: decorator
@inline function binaryLoop(op: i32, a: usize, as: i32, b: usize, bs: i32, o: usize, n: i32): void {
  const av = v128.load32_splat(a), bv = v128.load32_splat(b);
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    v128.store(o + (<usize>j << 2), vbin(op, vat(a, as, j, av), vat(b, bs, j, bv)));
    v128.store(o + (<usize>j << 2), vbin(op, vat(a, as, j + 4, av), vat(b, bs, j + 4, bv)), 16);
  }
  for (; j + 4 <= n; j += 4) v128.store(o + (<usize>j << 2), vbin(op, vat(a, as, j, av), vat(b, bs, j, bv)));
  for (; j < n; j++) store<f32>(o + (<usize>j << 2), sbin(op, sat(a, as, j), sat(b, bs, j)));
}

// @ts-ignore: decorator
@inline function binaryRow(op: i32, a: usize, as: i32, b: usize, bs: i32, o: usize, n: i32): void {
  if (as == 1 && bs == 1) binaryLoop(op, a, 1, b, 1, o, n);
  else if (as == 1) binaryLoop(op, a, 1, b, 0, o, n);
  else if (bs == 1) binaryLoop(op, a, 0, b, 1, o, n);
  else binaryLoop(op, a, 0, b, 0, o, n);
}

// @ts-ignore: decorator
@inline function binaryDims(
  op: i32, a: usize, as0: i32, as1: i32, as2: i32, b: usize, bs0: i32, bs1: i32, bs2: i32,
  o: usize, d0: i32, d1: i32, d2: i32,
): void {
  for (let i = 0; i < d0; i++) {
    for (let k = 0; k < d1; k++) {
      const ai = a + (<usize>(i * as0 + k * as1) << 2), bi = b + (<usize>(i * bs0 + k * bs1) << 2);
      binaryRow(op, ai, as2, bi, bs2, o + (<usize>((i * d1 + k) * d2) << 2), d2);
    }
  }
}

/** out[i, k, j] = a[i·as0 + k·as1 + j·as2] op b[…] (float32), out contiguous [d0, d1, d2]. */
export function binary(
  op: i32, a: usize, as0: i32, as1: i32, as2: i32, b: usize, bs0: i32, bs1: i32, bs2: i32,
  o: usize, d0: i32, d1: i32, d2: i32,
): void {
  switch (op) {
    case ADD: binaryDims(ADD, a, as0, as1, as2, b, bs0, bs1, bs2, o, d0, d1, d2); break;
    case SUB: binaryDims(SUB, a, as0, as1, as2, b, bs0, bs1, bs2, o, d0, d1, d2); break;
    case MUL: binaryDims(MUL, a, as0, as1, as2, b, bs0, bs1, bs2, o, d0, d1, d2); break;
    case DIV: binaryDims(DIV, a, as0, as1, as2, b, bs0, bs1, bs2, o, d0, d1, d2); break;
    case MAXIMUM: binaryDims(MAXIMUM, a, as0, as1, as2, b, bs0, bs1, bs2, o, d0, d1, d2); break;
    default: binaryDims(MINIMUM, a, as0, as1, as2, b, bs0, bs1, bs2, o, d0, d1, d2); break;
  }
}

/** 16 comparison masks (all-ones / zero lanes) narrowed to 16 bytes of 1 / 0. */
// @ts-ignore: decorator
@inline function bytesOf(m0: v128, m1: v128, m2: v128, m3: v128): v128 {
  const bytes = i8x16.narrow_i16x8_s(i16x8.narrow_i32x4_s(m0, m1), i16x8.narrow_i32x4_s(m2, m3));
  return v128.and(bytes, i8x16.splat(1));
}

// @ts-ignore: decorator
@inline function compareLoop(op: i32, a: usize, as: i32, b: usize, bs: i32, o: usize, n: i32): void {
  const av = v128.load32_splat(a), bv = v128.load32_splat(b);
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    const m0 = vcmp(op, vat(a, as, j, av), vat(b, bs, j, bv));
    const m1 = vcmp(op, vat(a, as, j + 4, av), vat(b, bs, j + 4, bv));
    const m2 = vcmp(op, vat(a, as, j + 8, av), vat(b, bs, j + 8, bv));
    const m3 = vcmp(op, vat(a, as, j + 12, av), vat(b, bs, j + 12, bv));
    v128.store(o + <usize>j, bytesOf(m0, m1, m2, m3));
  }
  for (; j < n; j++) store<u8>(o + <usize>j, scmp(op, sat(a, as, j), sat(b, bs, j)) ? 1 : 0);
}

// @ts-ignore: decorator
@inline function compareRow(op: i32, a: usize, as: i32, b: usize, bs: i32, o: usize, n: i32): void {
  if (as == 1 && bs == 1) compareLoop(op, a, 1, b, 1, o, n);
  else if (as == 1) compareLoop(op, a, 1, b, 0, o, n);
  else if (bs == 1) compareLoop(op, a, 0, b, 1, o, n);
  else compareLoop(op, a, 0, b, 0, o, n);
}

// @ts-ignore: decorator
@inline function compareDims(
  op: i32, a: usize, as0: i32, as1: i32, as2: i32, b: usize, bs0: i32, bs1: i32, bs2: i32,
  o: usize, d0: i32, d1: i32, d2: i32,
): void {
  for (let i = 0; i < d0; i++) {
    for (let k = 0; k < d1; k++) {
      const ai = a + (<usize>(i * as0 + k * as1) << 2), bi = b + (<usize>(i * bs0 + k * bs1) << 2);
      compareRow(op, ai, as2, bi, bs2, o + <usize>((i * d1 + k) * d2), d2);
    }
  }
}

/** out[i, k, j] = a[…] op b[…] ? 1 : 0 as bytes (float32 operands laid out as for `binary`). */
export function compare(
  op: i32, a: usize, as0: i32, as1: i32, as2: i32, b: usize, bs0: i32, bs1: i32, bs2: i32,
  o: usize, d0: i32, d1: i32, d2: i32,
): void {
  switch (op) {
    case EQUAL: compareDims(EQUAL, a, as0, as1, as2, b, bs0, bs1, bs2, o, d0, d1, d2); break;
    case NOT_EQUAL: compareDims(NOT_EQUAL, a, as0, as1, as2, b, bs0, bs1, bs2, o, d0, d1, d2); break;
    case LESS: compareDims(LESS, a, as0, as1, as2, b, bs0, bs1, bs2, o, d0, d1, d2); break;
    case LESS_EQUAL: compareDims(LESS_EQUAL, a, as0, as1, as2, b, bs0, bs1, bs2, o, d0, d1, d2); break;
    case GREATER: compareDims(GREATER, a, as0, as1, as2, b, bs0, bs1, bs2, o, d0, d1, d2); break;
    default: compareDims(GREATER_EQUAL, a, as0, as1, as2, b, bs0, bs1, bs2, o, d0, d1, d2); break;
  }
}

// @ts-ignore: decorator
@inline function whereLoop(c: usize, cs: i32, a: usize, as: i32, b: usize, bs: i32, o: usize, n: i32): void {
  const av = v128.load32_splat(a), bv = v128.load32_splat(b), cv = v128.load8_splat(c);
  const zero = i8x16.splat(0);
  let j = 0;
  for (; j + 16 <= n; j += 16) {
    // Nonzero condition bytes → all-ones lanes, widened to one 32-bit mask per float.
    const m8 = i8x16.ne(cs == 1 ? v128.load(c + <usize>j) : cv, zero);
    const lo = i16x8.extend_low_i8x16_s(m8), hi = i16x8.extend_high_i8x16_s(m8);
    const at = o + (<usize>j << 2);
    v128.store(at, v128.bitselect(vat(a, as, j, av), vat(b, bs, j, bv), i32x4.extend_low_i16x8_s(lo)));
    v128.store(at, v128.bitselect(vat(a, as, j + 4, av), vat(b, bs, j + 4, bv), i32x4.extend_high_i16x8_s(lo)), 16);
    v128.store(at, v128.bitselect(vat(a, as, j + 8, av), vat(b, bs, j + 8, bv), i32x4.extend_low_i16x8_s(hi)), 32);
    v128.store(at, v128.bitselect(vat(a, as, j + 12, av), vat(b, bs, j + 12, bv), i32x4.extend_high_i16x8_s(hi)), 48);
  }
  // Bits copied either way (NaN payloads, −0): i32 loads and stores.
  for (; j < n; j++) {
    const src = load<u8>(c + <usize>(j * cs)) != 0 ? a + (<usize>(j * as) << 2) : b + (<usize>(j * bs) << 2);
    store<i32>(o + (<usize>j << 2), load<i32>(src));
  }
}

// @ts-ignore: decorator
@inline function whereRow(c: usize, cs: i32, a: usize, as: i32, b: usize, bs: i32, o: usize, n: i32): void {
  if (cs == 1) {
    if (as == 1 && bs == 1) whereLoop(c, 1, a, 1, b, 1, o, n);
    else if (as == 1) whereLoop(c, 1, a, 1, b, 0, o, n);
    else if (bs == 1) whereLoop(c, 1, a, 0, b, 1, o, n);
    else whereLoop(c, 1, a, 0, b, 0, o, n);
  } else {
    if (as == 1 && bs == 1) whereLoop(c, 0, a, 1, b, 1, o, n);
    else if (as == 1) whereLoop(c, 0, a, 1, b, 0, o, n);
    else if (bs == 1) whereLoop(c, 0, a, 0, b, 1, o, n);
    else whereLoop(c, 0, a, 0, b, 0, o, n);
  }
}

/**
 * out[i, k, j] = c[…] ? a[…] : b[…]: c bytes (strides in bytes = elements), a, b and out
 * 32-bit elements (float32 here; any 32-bit dtype would do, bits are copied).
 */
export function where(
  c: usize, cs0: i32, cs1: i32, cs2: i32, a: usize, as0: i32, as1: i32, as2: i32, b: usize, bs0: i32, bs1: i32, bs2: i32,
  o: usize, d0: i32, d1: i32, d2: i32,
): void {
  for (let i = 0; i < d0; i++) {
    for (let k = 0; k < d1; k++) {
      const ci = c + <usize>(i * cs0 + k * cs1);
      const ai = a + (<usize>(i * as0 + k * as1) << 2), bi = b + (<usize>(i * bs0 + k * bs1) << 2);
      whereRow(ci, cs2, ai, as2, bi, bs2, o + (<usize>((i * d1 + k) * d2) << 2), d2);
    }
  }
}

// @ts-ignore: decorator
@inline function vun(op: i32, x: v128): v128 {
  // x < 0 ? 0 : x keeps NaN and −0 (both compare false): clear the lanes that are negative.
  if (op == RELU) return v128.andnot(x, f32x4.lt(x, f32x4.splat(0)));
  if (op == NEG) return f32x4.neg(x);
  if (op == ABS) return f32x4.abs(x);
  if (op == SQRT) return f32x4.sqrt(x);
  if (op == SQUARE) return f32x4.mul(x, x);
  if (op == RECIPROCAL) return f32x4.div(f32x4.splat(1), x);
  if (op == FLOOR) return f32x4.floor(x);
  if (op == CEIL) return f32x4.ceil(x);
  if (op == TRUNC) return f32x4.trunc(x);
  return f32x4.nearest(x); // ties to even, as roundHalfEven
}

// @ts-ignore: decorator
@inline function sun(op: i32, x: f32): f32 {
  if (op == RELU) return x < 0 ? 0 : x;
  if (op == NEG) return -x;
  if (op == ABS) return abs<f32>(x);
  if (op == SQRT) return sqrt<f32>(x);
  if (op == SQUARE) return x * x;
  if (op == RECIPROCAL) return 1 / x;
  if (op == FLOOR) return floor<f32>(x);
  if (op == CEIL) return ceil<f32>(x);
  if (op == TRUNC) return trunc<f32>(x);
  return nearest<f32>(x);
}

// @ts-ignore: decorator
@inline function unaryLoop(op: i32, x: usize, y: usize, n: i32): void {
  let j = 0;
  for (; j + 8 <= n; j += 8) {
    const at = <usize>j << 2;
    v128.store(y + at, vun(op, v128.load(x + at)));
    v128.store(y + at, vun(op, v128.load(x + at, 16)), 16);
  }
  for (; j + 4 <= n; j += 4) v128.store(y + (<usize>j << 2), vun(op, v128.load(x + (<usize>j << 2))));
  for (; j < n; j++) store<f32>(y + (<usize>j << 2), sun(op, load<f32>(x + (<usize>j << 2))));
}

/** y[j] = op(x[j]) for n contiguous float32 (y may be x). */
export function unary(op: i32, x: usize, y: usize, n: i32): void {
  switch (op) {
    case RELU: unaryLoop(RELU, x, y, n); break;
    case NEG: unaryLoop(NEG, x, y, n); break;
    case ABS: unaryLoop(ABS, x, y, n); break;
    case SQRT: unaryLoop(SQRT, x, y, n); break;
    case SQUARE: unaryLoop(SQUARE, x, y, n); break;
    case RECIPROCAL: unaryLoop(RECIPROCAL, x, y, n); break;
    case FLOOR: unaryLoop(FLOOR, x, y, n); break;
    case CEIL: unaryLoop(CEIL, x, y, n); break;
    case TRUNC: unaryLoop(TRUNC, x, y, n); break;
    default: unaryLoop(ROUND, x, y, n); break;
  }
}
