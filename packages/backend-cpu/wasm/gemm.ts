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
const MR: i32 = 4;
const NR: i32 = 8;
const KC: i32 = 256;
const MC: i32 = 128;
const NC: i32 = 1024;

/** Bytes of workspace `sgemm` needs: packed A block, packed B block, one edge tile. */
export function gemmWorkspaceBytes(): i32 {
  return (MC * KC + KC * NC + MR * NR) * 4;
}

/** c[0..MR) rows (byte row stride rs) = (add ? c : 0) + packed A panel · packed B panel over kc. */
// @ts-ignore: decorator
@inline function microKernel(a: usize, b: usize, kc: i32, c: usize, rs: usize, add: bool): void {
  const z = f32x4.splat(0);
  let c00 = z, c01 = z, c10 = z, c11 = z, c20 = z, c21 = z, c30 = z, c31 = z;
  for (let p = 0; p < kc; p++, a += MR * 4, b += NR * 4) {
    const b0 = v128.load(b), b1 = v128.load(b, 16);
    // wasm SIMD has no FMA (only relaxed-simd has one): a multiply and an add.
    let av = v128.load32_splat(a);
    c00 = f32x4.add(c00, f32x4.mul(av, b0)); c01 = f32x4.add(c01, f32x4.mul(av, b1));
    av = v128.load32_splat(a, 4);
    c10 = f32x4.add(c10, f32x4.mul(av, b0)); c11 = f32x4.add(c11, f32x4.mul(av, b1));
    av = v128.load32_splat(a, 8);
    c20 = f32x4.add(c20, f32x4.mul(av, b0)); c21 = f32x4.add(c21, f32x4.mul(av, b1));
    av = v128.load32_splat(a, 12);
    c30 = f32x4.add(c30, f32x4.mul(av, b0)); c31 = f32x4.add(c31, f32x4.mul(av, b1));
  }
  if (add) {
    c00 = f32x4.add(c00, v128.load(c)); c01 = f32x4.add(c01, v128.load(c, 16));
  }
  v128.store(c, c00); v128.store(c, c01, 16);
  c += rs;
  if (add) {
    c10 = f32x4.add(c10, v128.load(c)); c11 = f32x4.add(c11, v128.load(c, 16));
  }
  v128.store(c, c10); v128.store(c, c11, 16);
  c += rs;
  if (add) {
    c20 = f32x4.add(c20, v128.load(c)); c21 = f32x4.add(c21, v128.load(c, 16));
  }
  v128.store(c, c20); v128.store(c, c21, 16);
  c += rs;
  if (add) {
    c30 = f32x4.add(c30, v128.load(c)); c31 = f32x4.add(c31, v128.load(c, 16));
  }
  v128.store(c, c30); v128.store(c, c31, 16);
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
  if (m <= 0 || n <= 0) return;
  if (k <= 0) {
    if (!accumulate) for (let i = 0; i < m; i++) memory.fill(c + (<usize>(i * crs) << 2), 0, <usize>n << 2);
    return;
  }
  const pa = ws, pb = ws + <usize>(MC * KC * 4), tile = pb + <usize>(KC * NC * 4);
  const cStep = <usize>crs << 2;
  for (let jc = 0; jc < n; jc += NC) {
    const nc = min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = min(KC, k - pc);
      // The first K block overwrites C unless asked to accumulate: no separate zeroing pass.
      const add = accumulate || pc > 0;
      packB(b, brs, bcs, pc, jc, kc, nc, pb);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = min(MC, m - ic);
        packA(a, ars, acs, ic, pc, mc, kc, pa);
        for (let jr = 0; jr < nc; jr += NR) {
          const nv = min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const mv = min(MR, mc - ir);
            const ci = c + (<usize>((ic + ir) * crs + jc + jr) << 2);
            const ap = pa + (<usize>(ir * kc) << 2), bp = pb + (<usize>(jr * kc) << 2);
            if (mv == MR && nv == NR) {
              microKernel(ap, bp, kc, ci, cStep, add);
              continue;
            }
            // Edge: compute the full tile aside, then write only the mv×nv part that exists.
            microKernel(ap, bp, kc, tile, NR * 4, false);
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
