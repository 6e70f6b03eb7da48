/**
 * float32 C = A·B (+ C) for thin products, M < 4 or N < 4 (a dense layer at batch 1…): the
 * blocked sgemm would pack all of B for one row and run its 4×8 tile on mostly empty rows.
 * Here nothing is packed but a few rows or columns at most, and B is read once per row of C:
 * - M < 4, B rows contiguous (bcs = 1): each row of C is Σ_p A(i, p)·B(p, :), f32x4 over columns;
 * - M < 4, B columns contiguous (brs = 1, a transposed B such as a Linear weight): each C(i, j) is
 *   a dot product of A's row i and B's column j, f32x4 over K;
 * - N < 4, A rows contiguous: the same dot products with the roles swapped.
 * Same strides as sgemm (elements; C has unit column stride). Sums are float32, in another order
 * than sgemm's (four partial sums in the dot products), so a thin product is never split over
 * threads: wherever it runs, it runs here.
 */
import { gemmWorkspaceBytes } from './gemm';

/** Σ of each of four f32x4 accumulators, as one f32x4 [Σa0, Σa1, Σa2, Σa3]. */
// @ts-ignore: decorator
@inline function sum4(a0: v128, a1: v128, a2: v128, a3: v128): v128 {
  const u = f32x4.add(v128.shuffle<f32>(a0, a1, 0, 1, 4, 5), v128.shuffle<f32>(a0, a1, 2, 3, 6, 7));
  const v = f32x4.add(v128.shuffle<f32>(a2, a3, 0, 1, 4, 5), v128.shuffle<f32>(a2, a3, 2, 3, 6, 7));
  return f32x4.add(v128.shuffle<f32>(u, v, 0, 2, 4, 6), v128.shuffle<f32>(u, v, 1, 3, 5, 7));
}

/** Σ of the lanes of one f32x4. */
// @ts-ignore: decorator
@inline function sum1(a: v128): f32 {
  const u = f32x4.add(a, v128.shuffle<f32>(a, a, 2, 3, 0, 1));
  return f32x4.extract_lane(f32x4.add(u, v128.shuffle<f32>(u, u, 1, 0, 3, 2)), 0);
}

/** Lanes [4 − tail, 4) set: the last `tail` (1-3) lanes of a vector loaded at K − 4. */
// @ts-ignore: decorator
@inline function tailMask(tail: i32): v128 {
  return i32x4.gt_s(i32x4(0, 1, 2, 3), i32x4.splat(3 - tail));
}

/** Stores out = v (or out + v when add) at byte address c. */
// @ts-ignore: decorator
@inline function put(c: usize, v: f32, add: bool): void {
  store<f32>(c, add ? load<f32>(c) + v : v);
}

/** Stores four sums as out(r, s..s+3) of a row at cRow (stride cs between them). */
// @ts-ignore: decorator
@inline function putSums(cRow: usize, s: i32, cs: i32, sums: v128, add: bool): void {
  if (cs == 1) {
    const o = cRow + (<usize>s << 2);
    v128.store(o, add ? f32x4.add(v128.load(o), sums) : sums);
  } else {
    const o = cRow + (<usize>(s * cs) << 2), st = <usize>cs << 2;
    put(o, f32x4.extract_lane(sums, 0), add);
    put(o + st, f32x4.extract_lane(sums, 1), add);
    put(o + 2 * st, f32x4.extract_lane(sums, 2), add);
    put(o + 3 * st, f32x4.extract_lane(sums, 3), add);
  }
}

/**
 * [dot(x, y0), dot(x, y1), dot(x, y2), dot(x, y3)] over k ≥ 4, the Y rows yStep bytes apart: f32x4
 * partial sums over whole vectors, then the last 4 elements again with only the lanes of the K
 * tail kept (`mask`, from K − 4: no read past a row).
 */
// @ts-ignore: decorator
@inline function dot4(x: usize, y0: usize, yStep: usize, end: usize, tail: bool, mask: v128, last: usize): v128 {
  const y1 = y0 + yStep, y2 = y1 + yStep, y3 = y2 + yStep;
  const z = f32x4.splat(0);
  let a0 = z, a1 = z, a2 = z, a3 = z;
  for (let p: usize = 0; p < end; p += 16) {
    const xv = v128.load(x + p);
    a0 = f32x4.add(a0, f32x4.mul(xv, v128.load(y0 + p))); a1 = f32x4.add(a1, f32x4.mul(xv, v128.load(y1 + p)));
    a2 = f32x4.add(a2, f32x4.mul(xv, v128.load(y2 + p))); a3 = f32x4.add(a3, f32x4.mul(xv, v128.load(y3 + p)));
  }
  if (tail) {
    const xv = v128.load(x + last);
    a0 = f32x4.add(a0, v128.and(f32x4.mul(xv, v128.load(y0 + last)), mask)); a1 = f32x4.add(a1, v128.and(f32x4.mul(xv, v128.load(y1 + last)), mask));
    a2 = f32x4.add(a2, v128.and(f32x4.mul(xv, v128.load(y2 + last)), mask)); a3 = f32x4.add(a3, v128.and(f32x4.mul(xv, v128.load(y3 + last)), mask));
  }
  return sum4(a0, a1, a2, a3);
}

/**
 * out(r, s) (= or +=) dot(X row r, Y row s) over k ≥ 4 for r < R, s < S: X rows ldx floats
 * apart, Y rows ldy apart, both contiguous over k; out(r, s) at c + 4·(r·cr + s·cs).
 */
function dots(R: i32, S: i32, k: i32, x: usize, ldx: i32, y: usize, ldy: i32, c: usize, cr: i32, cs: i32, add: bool): void {
  const yStep = <usize>ldy << 2;
  const end = <usize>(k & ~3) << 2, tail = (k & 3) != 0, mask = tailMask(k & 3), last = <usize>(k - 4) << 2;
  for (let r = 0; r < R; r++) {
    const xr = x + (<usize>(r * ldx) << 2), cRow = c + (<usize>(r * cr) << 2);
    let s = 0;
    for (; s + 4 <= S; s += 4) putSums(cRow, s, cs, dot4(xr, y + <usize>s * yStep, yStep, end, tail, mask, last), add);
    for (; s < S; s++) {
      const ys = y + <usize>s * yStep;
      let a = f32x4.splat(0);
      for (let p: usize = 0; p < end; p += 16) a = f32x4.add(a, f32x4.mul(v128.load(xr + p), v128.load(ys + p)));
      if (tail) a = f32x4.add(a, v128.and(f32x4.mul(v128.load(xr + last), v128.load(ys + last)), mask));
      put(cRow + (<usize>(s * cs) << 2), sum1(a), add);
    }
  }
}

/** As `dots` for K < 4 (no whole vector to load): plain scalar sums. */
function dotsShort(R: i32, S: i32, k: i32, x: usize, ldx: i32, y: usize, ldy: i32, c: usize, cr: i32, cs: i32, add: bool): void {
  for (let r = 0; r < R; r++) {
    for (let s = 0; s < S; s++) {
      let t: f32 = 0;
      for (let p = 0; p < k; p++) t += load<f32>(x + (<usize>(r * ldx + p) << 2)) * load<f32>(y + (<usize>(s * ldy + p) << 2));
      put(c + (<usize>(r * cr + s * cs) << 2), t, add);
    }
  }
}

/** C row i = (add ? C row i : 0) + Σ_p A(i, p)·B(p, :) for i < m, B rows contiguous (bcs = 1). */
function rowsTimesB(m: i32, n: i32, k: i32, a: usize, ars: i32, acs: i32, b: usize, brs: i32, c: usize, crs: i32, add: bool): void {
  const aStep = <usize>acs << 2, bStep = <usize>brs << 2;
  for (let i = 0; i < m; i++) {
    const ai = a + (<usize>(i * ars) << 2), ci = c + (<usize>(i * crs) << 2);
    let j = 0;
    for (; j + 16 <= n; j += 16) {
      const z = f32x4.splat(0);
      let s0 = z, s1 = z, s2 = z, s3 = z;
      let ap = ai, bp = b + (<usize>j << 2);
      for (let p = 0; p < k; p++, ap += aStep, bp += bStep) {
        const av = v128.load32_splat(ap);
        s0 = f32x4.add(s0, f32x4.mul(av, v128.load(bp)));
        s1 = f32x4.add(s1, f32x4.mul(av, v128.load(bp, 16)));
        s2 = f32x4.add(s2, f32x4.mul(av, v128.load(bp, 32)));
        s3 = f32x4.add(s3, f32x4.mul(av, v128.load(bp, 48)));
      }
      const o = ci + (<usize>j << 2);
      if (add) {
        s0 = f32x4.add(s0, v128.load(o)); s1 = f32x4.add(s1, v128.load(o, 16));
        s2 = f32x4.add(s2, v128.load(o, 32)); s3 = f32x4.add(s3, v128.load(o, 48));
      }
      v128.store(o, s0); v128.store(o, s1, 16); v128.store(o, s2, 32); v128.store(o, s3, 48);
    }
    for (; j + 4 <= n; j += 4) {
      let s0 = f32x4.splat(0);
      let ap = ai, bp = b + (<usize>j << 2);
      for (let p = 0; p < k; p++, ap += aStep, bp += bStep) s0 = f32x4.add(s0, f32x4.mul(v128.load32_splat(ap), v128.load(bp)));
      const o = ci + (<usize>j << 2);
      v128.store(o, add ? f32x4.add(s0, v128.load(o)) : s0);
    }
    for (; j < n; j++) {
      let t: f32 = 0;
      let ap = ai, bp = b + (<usize>j << 2);
      for (let p = 0; p < k; p++, ap += aStep, bp += bStep) t += load<f32>(ap) * load<f32>(bp);
      put(ci + (<usize>j << 2), t, add);
    }
  }
}

/** ws[r·k + p] = element (r, p) of `count` strided vectors (element (r, p) at v + 4·(r·rs + p·ps)). */
function packVectors(v: usize, rs: i32, ps: i32, count: i32, k: i32, ws: usize): void {
  for (let r = 0; r < count; r++) {
    let src = v + (<usize>(r * rs) << 2), dst = ws + (<usize>(r * k) << 2);
    for (let p = 0; p < k; p++, src += <usize>ps << 2, dst += 4) store<f32>(dst, load<f32>(src));
  }
}

/**
 * out(r, s) (= or +=) dot(V row r, Y row s) as `dots`, the R vectors V packed into ws first when
 * their elements are strided (element (r, p) at v + 4·(r·rs + p·ps)); false (nothing done) when
 * they do not fit there.
 */
function dotsPacked(R: i32, S: i32, k: i32, v: usize, rs: i32, ps: i32, y: usize, ldy: i32, c: usize, cr: i32, cs: i32, add: bool, ws: usize): bool {
  let x = v, ldx = rs;
  if (ps != 1) {
    if (R * k > gemmWorkspaceBytes() >> 2) return false;
    packVectors(v, rs, ps, R, k, ws);
    x = ws;
    ldx = k;
  }
  if (k < 4) dotsShort(R, S, k, x, ldx, y, ldy, c, cr, cs, add);
  else dots(R, S, k, x, ldx, y, ldy, c, cr, cs, add);
  return true;
}

/**
 * C = A·B (+ C) as sgemm (same arguments) when M < 4 or N < 4 and the layout is one of those
 * above; returns false, having done nothing, otherwise (sgemm then does it). ws: sgemm's workspace.
 */
export function sgemmThin(m: i32, n: i32, k: i32, a: usize, ars: i32, acs: i32, b: usize, brs: i32, bcs: i32, c: usize, crs: i32, accumulate: bool, ws: usize): bool {
  if (m <= 0 || n <= 0 || k <= 0 || (m >= 4 && n >= 4)) return false;
  if (m < 4) {
    if (bcs == 1) {
      rowsTimesB(m, n, k, a, ars, acs, b, brs, c, crs, accumulate);
      return true;
    }
    // C(i, j) = dot(A row i, B column j): A's rows the short side.
    return brs == 1 && dotsPacked(m, n, k, a, ars, acs, b, bcs, c, crs, 1, accumulate, ws);
  }
  // N < 4 ≤ M: the same dot products, B's columns the short side.
  return acs == 1 && dotsPacked(n, m, k, b, bcs, brs, a, ars, c, 1, crs, accumulate, ws);
}
