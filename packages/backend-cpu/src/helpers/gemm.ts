/**
 * General matrix multiply, C = A·B (+ C), blocked the way BLIS does it:
 * - B is packed in K×N blocks (KC×NC, sized for L2/L3) into panels of NR columns,
 *   A in MC×KC blocks into panels of MR rows, both as float64;
 * - a 4×8 micro-kernel keeps its 32 sums in locals over a whole K block, reading one packed
 *   panel of A and one of B sequentially: the loop V8 compiles to straight-line scalar code
 *   with few memory operations per multiply-add.
 * Packing reads A and B through (row, column) strides, so transposed operands cost nothing extra.
 * Packed data is float64 whatever the input: the micro-kernel is monomorphic, and float32
 * products are summed in float64 over each K block of KC before being added to C (so a float32
 * result is rounded once per K block, i.e. once when K ≤ 256).
 */
export type FloatArray = Float32Array | Float64Array;

/** Element (i, j) is data[offset + i·rowStride + j·colStride]. */
export interface StridedMatrix {
  data: FloatArray;
  offset: number;
  rowStride: number;
  colStride: number;
}

const MR = 4;
const NR = 8;
const KC = 256;
const MC = 128;
const NC = 1024;
/** Below this many multiply-adds, or for thin matrices, packing is not worth it. */
const SMALL = 8192;

const packedA = new Float64Array(MC * KC);
const packedB = new Float64Array(KC * NC);
let rowSums = new Float64Array(256);
const tile = new Float64Array(MR * NR);

/**
 * C[m×n] (row-major at `cOffset`, row stride `cRowStride`) = A[m×k]·B[k×n], added to the current
 * contents of C when `accumulate`.
 */
export function gemm(
  m: number, n: number, k: number,
  a: StridedMatrix, b: StridedMatrix,
  c: FloatArray, cOffset: number, cRowStride: number,
  accumulate: boolean,
): void {
  if (m === 0 || n === 0) return;
  if (!accumulate) for (let i = 0; i < m; i++) c.fill(0, cOffset + i * cRowStride, cOffset + i * cRowStride + n);
  if (k === 0) return;
  if (m * n * k <= SMALL || m < MR || n < NR) smallGemm(m, n, k, a, b, c, cOffset, cRowStride);
  else blockedGemm(m, n, k, a, b, c, cOffset, cRowStride);
}

function blockedGemm(m: number, n: number, k: number, a: StridedMatrix, b: StridedMatrix, c: FloatArray, cOffset: number, cRowStride: number): void {
  for (let jc = 0; jc < n; jc += NC) {
    const nc = Math.min(NC, n - jc);
    for (let pc = 0; pc < k; pc += KC) {
      const kc = Math.min(KC, k - pc);
      packB(b, pc, jc, kc, nc);
      for (let ic = 0; ic < m; ic += MC) {
        const mc = Math.min(MC, m - ic);
        packA(a, ic, pc, mc, kc);
        for (let jr = 0; jr < nc; jr += NR) {
          const nv = Math.min(NR, nc - jr);
          for (let ir = 0; ir < mc; ir += MR) {
            const mv = Math.min(MR, mc - ir);
            const ci = cOffset + (ic + ir) * cRowStride + jc + jr;
            const full = mv === MR && nv === NR;
            if (!full) tile.fill(0);
            microKernel(packedA, ir * kc, packedB, jr * kc, kc, full ? c : tile, full ? ci : 0, full ? cRowStride : NR);
            if (!full) addTile(c, ci, cRowStride, mv, nv);
          }
        }
      }
    }
  }
}

/** packedA[panel][p][r] = A(ic + panel·MR + r, pc + p), zero past the last row. */
function packA(a: StridedMatrix, ic: number, pc: number, mc: number, kc: number): void {
  const { data, offset, rowStride: rs, colStride: cs } = a;
  const ap = packedA;
  for (let ir = 0; ir < mc; ir += MR) {
    const base = ir * kc;
    for (let r = 0; r < MR; r++) {
      const i = ir + r;
      if (i >= mc) {
        for (let p = 0; p < kc; p++) ap[base + p * MR + r] = 0;
        continue;
      }
      let src = offset + (ic + i) * rs + pc * cs;
      for (let p = 0, q = base + r; p < kc; p++, q += MR, src += cs) ap[q] = data[src]!;
    }
  }
}

/** packedB[panel][p][j] = B(pc + p, jc + panel·NR + j), zero past the last column. */
function packB(b: StridedMatrix, pc: number, jc: number, kc: number, nc: number): void {
  const { data, offset, rowStride: rs, colStride: cs } = b;
  const bp = packedB;
  for (let jr = 0; jr < nc; jr += NR) {
    const base = jr * kc;
    const nv = Math.min(NR, nc - jr);
    if (rs === 1) {
      // Columns of B are contiguous (B is a transposed view): walk each column.
      for (let j = 0; j < NR; j++) {
        if (j >= nv) {
          for (let p = 0; p < kc; p++) bp[base + p * NR + j] = 0;
          continue;
        }
        let src = offset + pc + (jc + jr + j) * cs;
        for (let p = 0, q = base + j; p < kc; p++, q += NR, src++) bp[q] = data[src]!;
      }
    } else {
      for (let p = 0; p < kc; p++) {
        const src = offset + (pc + p) * rs + (jc + jr) * cs;
        const q = base + p * NR;
        for (let j = 0; j < NR; j++) bp[q + j] = j < nv ? data[src + j * cs]! : 0;
      }
    }
  }
}

function addTile(c: FloatArray, ci: number, cRowStride: number, mv: number, nv: number): void {
  for (let r = 0; r < mv; r++) for (let j = 0; j < nv; j++) c[ci + r * cRowStride + j] += tile[r * NR + j]!;
}

/** Adds the 4×8 product of one packed A panel and one packed B panel into c (row stride rs). */
function microKernel(ap: Float64Array, ai: number, bp: Float64Array, bi: number, kc: number, c: FloatArray, ci: number, rs: number): void {
  let c00 = 0, c01 = 0, c02 = 0, c03 = 0, c04 = 0, c05 = 0, c06 = 0, c07 = 0;
  let c10 = 0, c11 = 0, c12 = 0, c13 = 0, c14 = 0, c15 = 0, c16 = 0, c17 = 0;
  let c20 = 0, c21 = 0, c22 = 0, c23 = 0, c24 = 0, c25 = 0, c26 = 0, c27 = 0;
  let c30 = 0, c31 = 0, c32 = 0, c33 = 0, c34 = 0, c35 = 0, c36 = 0, c37 = 0;
  for (let p = 0; p < kc; p++, ai += MR, bi += NR) {
    const a0 = ap[ai]!, a1 = ap[ai + 1]!, a2 = ap[ai + 2]!, a3 = ap[ai + 3]!;
    let v = bp[bi]!;
    c00 += a0 * v; c10 += a1 * v; c20 += a2 * v; c30 += a3 * v;
    v = bp[bi + 1]!;
    c01 += a0 * v; c11 += a1 * v; c21 += a2 * v; c31 += a3 * v;
    v = bp[bi + 2]!;
    c02 += a0 * v; c12 += a1 * v; c22 += a2 * v; c32 += a3 * v;
    v = bp[bi + 3]!;
    c03 += a0 * v; c13 += a1 * v; c23 += a2 * v; c33 += a3 * v;
    v = bp[bi + 4]!;
    c04 += a0 * v; c14 += a1 * v; c24 += a2 * v; c34 += a3 * v;
    v = bp[bi + 5]!;
    c05 += a0 * v; c15 += a1 * v; c25 += a2 * v; c35 += a3 * v;
    v = bp[bi + 6]!;
    c06 += a0 * v; c16 += a1 * v; c26 += a2 * v; c36 += a3 * v;
    v = bp[bi + 7]!;
    c07 += a0 * v; c17 += a1 * v; c27 += a2 * v; c37 += a3 * v;
  }
  let q = ci;
  c[q] += c00; c[q + 1] += c01; c[q + 2] += c02; c[q + 3] += c03; c[q + 4] += c04; c[q + 5] += c05; c[q + 6] += c06; c[q + 7] += c07;
  q += rs;
  c[q] += c10; c[q + 1] += c11; c[q + 2] += c12; c[q + 3] += c13; c[q + 4] += c14; c[q + 5] += c15; c[q + 6] += c16; c[q + 7] += c17;
  q += rs;
  c[q] += c20; c[q + 1] += c21; c[q + 2] += c22; c[q + 3] += c23; c[q + 4] += c24; c[q + 5] += c25; c[q + 6] += c26; c[q + 7] += c27;
  q += rs;
  c[q] += c30; c[q + 1] += c31; c[q + 2] += c32; c[q + 3] += c33; c[q + 4] += c34; c[q + 5] += c35; c[q + 6] += c36; c[q + 7] += c37;
}

/** Small or thin products: row-times-matrix with float64 row sums, or dot products when B's rows are strided. */
function smallGemm(m: number, n: number, k: number, a: StridedMatrix, b: StridedMatrix, c: FloatArray, cOffset: number, cRowStride: number): void {
  const { data: ad, offset: ao, rowStride: ars, colStride: acs } = a;
  const { data: bd, offset: bo, rowStride: brs, colStride: bcs } = b;
  if (bcs === 1) {
    if (rowSums.length < n) rowSums = new Float64Array(n);
    const acc = rowSums;
    for (let i = 0; i < m; i++) {
      acc.fill(0, 0, n);
      for (let p = 0; p < k; p++) {
        const x = ad[ao + i * ars + p * acs]!;
        const row = bo + p * brs;
        for (let j = 0; j < n; j++) acc[j] += x * bd[row + j]!;
      }
      const ci = cOffset + i * cRowStride;
      for (let j = 0; j < n; j++) c[ci + j] += acc[j]!;
    }
    return;
  }
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0;
      let ai = ao + i * ars;
      let bi = bo + j * bcs;
      for (let p = 0; p < k; p++, ai += acs, bi += brs) s += ad[ai]! * bd[bi]!;
      c[cOffset + i * cRowStride + j] += s;
    }
  }
}
