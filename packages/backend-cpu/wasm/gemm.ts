/**
 * float32 C = A·B (+ C) with WebAssembly SIMD, blocked like src/helpers/gemm.ts (BLIS):
 * B is packed per KC×NC block into panels of NR columns, A per MC×KC block into panels of MR
 * rows, both in a workspace the caller hands in; a 4×8 micro-kernel keeps 8 f32x4 sums in
 * registers over a K block. Packing reads A and B through (row, column) strides in elements, so
 * transposed operands are free. C has unit column stride.
 *
 * Sums are float32 (as oneDNN/PyTorch), rounded at every multiply-add; the TypeScript path sums
 * in float64 per K block. 4×8 was measured fastest on x86-64 V8 (~32 GFLOP/s at 512³ against
 * ~24 for 6×8 and ~7-20 for 8×8, which spills: V8 gives wasm 16 xmm registers).
 */
import { packBConv } from './pack-conv';

const MR: i32 = 4;
const NR: i32 = 8;
const KC: i32 = 256;
const MC: i32 = 128;
const NC: i32 = 1024;

/** Bytes of workspace `sgemm` needs: packed A block, packed B block, one edge tile, the B panels' image rows (pack-conv.ts). */
export function gemmWorkspaceBytes(): i32 {
  return (MC * KC + KC * NC + MR * NR + NC / NR) * 4;
}

/**
 * c[0..rows) (byte row stride rs) = (add ? c : 0) + rows of a packed A panel · a B panel over kc.
 * The B panel is packed (row p at b + 32·p) or, `direct`, a convolution's panel read in place
 * from its padded image (row p at b + 4·offs[p], pack-conv.ts). `rows` (1-4) and `direct` are
 * constants at every call site, so each inlined copy keeps only its rows' sums (an M edge of 1-3
 * rows costs 1-3 rows, not a full 4-row tile) and its own B addressing.
 */
// @ts-ignore: decorator
@inline function microKernel(rows: i32, direct: bool, a: usize, b: usize, offs: usize, kc: i32, c: usize, rs: usize, add: bool): void {
  const z = f32x4.splat(0);
  let c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
  for (let p = 0; p < kc; p++, a += MR * 4, b += direct ? 0 : NR * 4, offs += 4) {
    const bp = direct ? b + (<usize>load<i32>(offs) << 2) : b;
    const b0 = v128.load(bp), b1 = v128.load(bp, 16);
    // wasm SIMD has no FMA (only relaxed-simd has one): a multiply and an add.
    let av = v128.load32_splat(a);
    c00 = f32x4.add(c00, f32x4.mul(av, b0)); c01 = f32x4.add(c01, f32x4.mul(av, b1));
    if (rows > 1) {
      av = v128.load32_splat(a, 4);
      c10 = f32x4.add(c10, f32x4.mul(av, b0)); c11 = f32x4.add(c11, f32x4.mul(av, b1));
    }
    if (rows > 2) {
      av = v128.load32_splat(a, 8);
      c20 = f32x4.add(c20, f32x4.mul(av, b0)); c21 = f32x4.add(c21, f32x4.mul(av, b1));
    }
    if (rows > 3) {
      av = v128.load32_splat(a, 12);
      c30 = f32x4.add(c30, f32x4.mul(av, b0)); c31 = f32x4.add(c31, f32x4.mul(av, b1));
    }
  }
  storeRow(c, c00, c01, add);
  if (rows > 1) storeRow(c + rs, c10, c11, add);
  if (rows > 2) storeRow(c + 2 * rs, c20, c21, add);
  if (rows > 3) storeRow(c + 3 * rs, c30, c31, add);
}

/** One row of a micro-kernel tile: 8 floats at c, = x (or c + x when add). */
// @ts-ignore: decorator
@inline function storeRow(c: usize, x0: v128, x1: v128, add: bool): void {
  if (add) {
    x0 = f32x4.add(x0, v128.load(c)); x1 = f32x4.add(x1, v128.load(c, 16));
  }
  v128.store(c, x0); v128.store(c, x1, 16);
}

/** microKernel for mv (1-4) rows, each (with `direct`) a constant for its inlined copy. */
// @ts-ignore: decorator
@inline function microKernelRows(mv: i32, direct: bool, a: usize, b: usize, offs: usize, kc: i32, c: usize, rs: usize, add: bool): void {
  if (mv == 4) microKernel(4, direct, a, b, offs, kc, c, rs, add);
  else if (mv == 3) microKernel(3, direct, a, b, offs, kc, c, rs, add);
  else if (mv == 2) microKernel(2, direct, a, b, offs, kc, c, rs, add);
  else microKernel(1, direct, a, b, offs, kc, c, rs, add);
}

/** The B panel packed at bp, or (image != 0) read in place from a convolution's image rows. */
// @ts-ignore: decorator
@inline function tileRows(mv: i32, image: usize, a: usize, bp: usize, offs: usize, kc: i32, c: usize, rs: usize, add: bool): void {
  if (image != 0) microKernelRows(mv, true, a, image, offs, kc, c, rs, add);
  else microKernelRows(mv, false, a, bp, 0, kc, c, rs, add);
}

/** dst[panel][p][r] = A(ic + panel·MR + r, pc + p), zero past row mc. */
function packA(a: usize, rs: i32, cs: i32, ic: i32, pc: i32, mc: i32, kc: i32, dst: usize): void {
  const step = <usize>cs << 2;
  for (let ir = 0; ir < mc; ir += MR) {
    const base = dst + (<usize>(ir * kc) << 2);
    for (let r = 0; r < MR; r++) {
      let q = base + (<usize>r << 2);
      if (ir + r >= mc) {
        for (let p = 0; p < kc; p++, q += MR * 4) store<f32>(q, 0);
        continue;
      }
      let src = a + (<usize>((ic + ir + r) * rs + pc * cs) << 2);
      for (let p = 0; p < kc; p++, q += MR * 4, src += step) store<f32>(q, load<f32>(src));
    }
  }
}

/** dst[panel][p][j] = B(pc + p, jc + panel·NR + j), zero past column nc. */
function packB(b: usize, rs: i32, cs: i32, pc: i32, jc: i32, kc: i32, nc: i32, dst: usize): void {
  const step = <usize>rs << 2;
  for (let jr = 0; jr < nc; jr += NR) {
    const base = dst + (<usize>(jr * kc) << 2);
    const nv = min(NR, nc - jr);
    if (cs == 1 && nv == NR) {
      // Rows of a row-major B: NR contiguous floats, two vector copies per row.
      let src = b + (<usize>(pc * rs + jc + jr) << 2);
      for (let p = 0, q = base; p < kc; p++, q += NR * 4, src += step) {
        v128.store(q, v128.load(src));
        v128.store(q, v128.load(src, 16), 16);
      }
      continue;
    }
    for (let j = 0; j < NR; j++) {
      let q = base + (<usize>j << 2);
      if (j >= nv) {
        for (let p = 0; p < kc; p++, q += NR * 4) store<f32>(q, 0);
        continue;
      }
      let src = b + (<usize>(pc * rs + (jc + jr + j) * cs) << 2);
      for (let p = 0; p < kc; p++, q += NR * 4, src += step) store<f32>(q, load<f32>(src));
    }
  }
}

/**
 * C[m×n] (at byte address c, row stride crs elements) = A[m×k]·B[k×n] (+ C when accumulate).
 * Element (i, p) of A is at a + 4·(i·ars + p·acs), likewise B. ws: gemmWorkspaceBytes() of room, 16-byte aligned.
 */
export function sgemm(
  m: i32, n: i32, k: i32,
  a: usize, ars: i32, acs: i32,
  b: usize, brs: i32, bcs: i32,
  c: usize, crs: i32, accumulate: bool, ws: usize,
): void {
  gemmCore(m, n, k, a, ars, acs, b, brs, bcs, c, crs, accumulate, ws, 0);
}

/** sgemm, with B the im2col matrix of the convolution descriptor convB (pack-conv.ts) when that is not 0. */
export function gemmCore(
  m: i32, n: i32, k: i32,
  a: usize, ars: i32, acs: i32,
  b: usize, brs: i32, bcs: i32,
  c: usize, crs: i32, accumulate: bool, ws: usize, convB: usize,
): void {
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) for (let i = 0; i < m; i++) memory.fill(c + (<usize>(i * crs) << 2), 0, <usize>n << 2);
    return;
  }
  const pa = ws, pb = ws + <usize>(MC * KC * 4), tile = pb + <usize>(KC * NC * 4), images = tile + <usize>(MR * NR * 4);
  const cStep = <usize>crs << 2;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      // The first K block overwrites C unless asked to accumulate: no separate zeroing pass.
      const add = accumulate || pc > 0;
      // A convolution's panels that lie in one image row are read in place (their row, else 0, in `images`).
      let offs: usize = 0;
      if (convB != 0) {
        packBConv(convB, pc, jc, kc, nc, pb, images);
        offs = <usize>load<i32>(convB, 20) + (<usize>pc << 2);
      } else {
        packB(b, brs, bcs, pc, jc, kc, nc, pb);
      }
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(a, ars, acs, ic, pc, mc, kc, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const nv = min(NR, nc - jr);
          const image = convB != 0 ? <usize>load<i32>(images + (<usize>(jr / NR) << 2)) : 0;
          for (let ir = 0; ir < mc; ir += MR) {
            const mv = min(MR, mc - ir);
            const ci = c + (<usize>((ic + ir) * crs + jc + jr) << 2);
            const ap = pa + (<usize>(ir * kc) << 2), bp = pb + (<usize>(jr * kc) << 2);
            if (nv == NR) {
              tileRows(mv, image, ap, bp, offs, kc, ci, cStep, add);
              continue;
            }
            // N edge: compute the mv rows aside, then write only the nv columns that exist.
            tileRows(mv, image, ap, bp, offs, kc, tile, NR * 4, false);
            for (let r = 0; r < mv; r++) {
              const row = ci + <usize>r * cStep, t = tile + (<usize>(r * NR) << 2);
              for (let j = 0; j < nv; j++) {
                const dst = row + (<usize>j << 2);
                const v = load<f32>(t + (<usize>j << 2));
                store<f32>(dst, add ? load<f32>(dst) + v : v);
              }
            }
          }
        }
      }
    }
  }
}
