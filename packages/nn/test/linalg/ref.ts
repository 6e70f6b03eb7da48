/**
 * Plain-JS float64 oracles for the linalg tests: direct loops (no im2col, no shared code with the
 * backend), written from PyTorch's definitions.
 */
import { enableGrad, gradients, mul, sum, tensor } from '../../src/index.js';
import type { DType, Tensor } from '../../src/index.js';

export interface Arr {
  shape: number[];
  data: Float64Array;
}

export function sizeOf(shape: readonly number[]): number {
  return shape.reduce((p, q) => p * q, 1);
}

/** Deterministic uniform values in [lo, hi) (mulberry32). */
export function rand(shape: number[], seed: number, lo = -1, hi = 1): Arr {
  let s = seed >>> 0;
  const next = (): number => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { shape, data: Float64Array.from({ length: sizeOf(shape) }, () => lo + (hi - lo) * next()) };
}

/** Distinct values (a shuffled ramp, spacing 0.05), so max pooling has no ties. */
export function distinct(shape: number[], seed: number): Arr {
  const n = sizeOf(shape);
  const keys = rand([n], seed).data;
  const order = [...Array(n).keys()].sort((a, b) => keys[a]! - keys[b]!);
  const data = new Float64Array(n);
  order.forEach((idx, rank) => (data[idx] = (rank - n / 2) * 0.05 + 0.013));
  return { shape, data };
}

export function toT(a: Arr, dtype: DType = 'float64'): Tensor {
  return tensor(a.data, { shape: a.shape, dtype });
}

/** Nested-free flat expectation for expectClose. */
export function flat(a: Arr): number[] {
  return Array.from(a.data);
}

function strides(shape: readonly number[]): number[] {
  const st = new Array<number>(shape.length).fill(1);
  for (let i = shape.length - 2; i >= 0; i--) st[i] = st[i + 1]! * shape[i + 1]!;
  return st;
}

/** torch.matmul, written out: promotion of 1-D operands, broadcast batch, squeeze. */
export function refMatmul(a: Arr, b: Arr): Arr {
  const a2 = a.shape.length === 1 ? [1, a.shape[0]!] : a.shape;
  const b2 = b.shape.length === 1 ? [b.shape[0]!, 1] : b.shape;
  const [m, k] = a2.slice(-2) as [number, number];
  const n = b2[b2.length - 1]!;
  const ba = a2.slice(0, -2);
  const bb = b2.slice(0, -2);
  const rank = Math.max(ba.length, bb.length);
  const pa = [...Array(rank - ba.length).fill(1), ...ba];
  const pb = [...Array(rank - bb.length).fill(1), ...bb];
  const batch = pa.map((d, i) => Math.max(d, pb[i]!));
  const nb = sizeOf(batch);
  const out = new Float64Array(nb * m * n);
  const bst = strides(batch);
  const sa = strides(pa);
  const sb = strides(pb);
  for (let q = 0; q < nb; q++) {
    let oa = 0;
    let ob = 0;
    for (let d = 0; d < rank; d++) {
      const i = Math.floor(q / bst[d]!) % batch[d]!;
      oa += (pa[d] === 1 ? 0 : i) * sa[d]!;
      ob += (pb[d] === 1 ? 0 : i) * sb[d]!;
    }
    for (let i = 0; i < m; i++)
      for (let j = 0; j < n; j++) {
        let acc = 0;
        for (let t = 0; t < k; t++) acc += a.data[oa * m * k + i * k + t]! * b.data[ob * k * n + t * n + j]!;
        out[q * m * n + i * n + j] = acc;
      }
  }
  const shape = [...batch, ...(a.shape.length === 1 ? [] : [m]), ...(b.shape.length === 1 ? [] : [n])];
  return { shape, data: out };
}

export interface ConvSpec {
  stride?: [number, number];
  /** [top, left, bottom, right] */
  pads?: [number, number, number, number];
  dilation?: [number, number];
  groups?: number;
}

/** Direct 2-D cross-correlation: y[n,o,i,j] = Σ_c,ki,kj x[n, g·C/g + c, i·s − pt + ki·d, …]·w[o, c, ki, kj] (+ bias). */
export function refConv2d(x: Arr, w: Arr, bias: Arr | null, spec: ConvSpec = {}): Arr {
  const [sh, sw] = spec.stride ?? [1, 1];
  const [pt, pl, pb, pr] = spec.pads ?? [0, 0, 0, 0];
  const [dh, dw] = spec.dilation ?? [1, 1];
  const g = spec.groups ?? 1;
  const [nN, cC, hH, wW] = x.shape as [number, number, number, number];
  const [oO, cg, kh, kw] = w.shape as [number, number, number, number];
  const oh = Math.floor((hH + pt + pb - dh * (kh - 1) - 1) / sh) + 1;
  const ow = Math.floor((wW + pl + pr - dw * (kw - 1) - 1) / sw) + 1;
  const og = oO / g;
  const out = new Float64Array(nN * oO * oh * ow);
  for (let n = 0; n < nN; n++)
    for (let o = 0; o < oO; o++) {
      const grp = Math.floor(o / og);
      for (let i = 0; i < oh; i++)
        for (let j = 0; j < ow; j++) {
          let acc = bias ? bias.data[o]! : 0;
          for (let c = 0; c < cg; c++)
            for (let ki = 0; ki < kh; ki++)
              for (let kj = 0; kj < kw; kj++) {
                const y = i * sh - pt + ki * dh;
                const xx = j * sw - pl + kj * dw;
                if (y < 0 || y >= hH || xx < 0 || xx >= wW) continue;
                acc += x.data[((n * cC + grp * cg + c) * hH + y) * wW + xx]! * w.data[((o * cg + c) * kh + ki) * kw + kj]!;
              }
          out[((n * oO + o) * oh + i) * ow + j] = acc;
        }
    }
  return { shape: [nN, oO, oh, ow], data: out };
}

/** Direct transposed convolution (scatter form): each x[n, ci, i, j] adds x·w[ci, oc, ki, kj] at (i·s − p + ki·d, j·s − p + kj·d). */
export function refConvTranspose2d(x: Arr, w: Arr, bias: Arr | null, spec: { stride?: [number, number]; padding?: [number, number]; outputPadding?: [number, number]; dilation?: [number, number]; groups?: number } = {}): Arr {
  const [sh, sw] = spec.stride ?? [1, 1];
  const [ph, pw] = spec.padding ?? [0, 0];
  const [oph, opw] = spec.outputPadding ?? [0, 0];
  const [dh, dw] = spec.dilation ?? [1, 1];
  const g = spec.groups ?? 1;
  const [nN, cin, hH, wW] = x.shape as [number, number, number, number];
  const [, cog, kh, kw] = w.shape as [number, number, number, number];
  const cout = cog * g;
  const cig = cin / g;
  const oh = (hH - 1) * sh - 2 * ph + dh * (kh - 1) + oph + 1;
  const ow = (wW - 1) * sw - 2 * pw + dw * (kw - 1) + opw + 1;
  const out = new Float64Array(nN * cout * oh * ow);
  for (let n = 0; n < nN; n++)
    for (let ci = 0; ci < cin; ci++) {
      const grp = Math.floor(ci / cig);
      for (let i = 0; i < hH; i++)
        for (let j = 0; j < wW; j++) {
          const v = x.data[((n * cin + ci) * hH + i) * wW + j]!;
          for (let oc = 0; oc < cog; oc++)
            for (let ki = 0; ki < kh; ki++)
              for (let kj = 0; kj < kw; kj++) {
                const y = i * sh - ph + ki * dh;
                const xx = j * sw - pw + kj * dw;
                if (y < 0 || y >= oh || xx < 0 || xx >= ow) continue;
                out[((n * cout + grp * cog + oc) * oh + y) * ow + xx] += v * w.data[((ci * cog + oc) * kh + ki) * kw + kj]!;
              }
        }
    }
  if (bias) for (let q = 0; q < out.length; q++) out[q] += bias.data[Math.floor(q / (oh * ow)) % cout]!;
  return { shape: [nN, cout, oh, ow], data: out };
}

export interface PoolSpec {
  kernel: [number, number];
  stride?: [number, number];
  padding?: [number, number];
  dilation?: [number, number];
  ceilMode?: boolean;
  countIncludePad?: boolean;
  divisorOverride?: number;
}

/** PyTorch's pooling_output_shape. */
export function poolOut(size: number, k: number, s: number, p: number, d: number, ceil: boolean): number {
  let out = Math.floor((size + 2 * p - d * (k - 1) - 1 + (ceil ? s - 1 : 0)) / s) + 1;
  if (ceil && (out - 1) * s >= size + p) out--;
  return out;
}

/** PyTorch's CPU max_pool2d / avg_pool2d loops on [N, C, H, W]. */
export function refPool2d(x: Arr, mode: 'max' | 'avg', spec: PoolSpec): Arr {
  const [kh, kw] = spec.kernel;
  const [sh, sw] = spec.stride ?? spec.kernel;
  const [ph, pw] = spec.padding ?? [0, 0];
  const [dh, dw] = spec.dilation ?? [1, 1];
  const ceil = spec.ceilMode ?? false;
  const include = spec.countIncludePad ?? true;
  const [nN, cC, hH, wW] = x.shape as [number, number, number, number];
  const oh = poolOut(hH, kh, sh, ph, dh, ceil);
  const ow = poolOut(wW, kw, sw, pw, dw, ceil);
  const out = new Float64Array(nN * cC * oh * ow);
  for (let nc = 0; nc < nN * cC; nc++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++) {
        let v: number;
        if (mode === 'max') {
          v = -Infinity;
          for (let a = 0; a < kh; a++)
            for (let b = 0; b < kw; b++) {
              const y = i * sh - ph + a * dh;
              const xx = j * sw - pw + b * dw;
              if (y >= 0 && y < hH && xx >= 0 && xx < wW) v = Math.max(v, x.data[(nc * hH + y) * wW + xx]!);
            }
        } else {
          let h0 = i * sh - ph;
          let w0 = j * sw - pw;
          let h1 = Math.min(h0 + kh, hH + ph);
          let w1 = Math.min(w0 + kw, wW + pw);
          const poolSize = (h1 - h0) * (w1 - w0);
          h0 = Math.max(h0, 0);
          w0 = Math.max(w0, 0);
          h1 = Math.min(h1, hH);
          w1 = Math.min(w1, wW);
          let acc = 0;
          for (let y = h0; y < h1; y++) for (let xx = w0; xx < w1; xx++) acc += x.data[(nc * hH + y) * wW + xx]!;
          v = acc / (spec.divisorOverride ?? (include ? poolSize : (h1 - h0) * (w1 - w0)));
        }
        out[(nc * oh + i) * ow + j] = v;
      }
  return { shape: [nN, cC, oh, ow], data: out };
}

/** PyTorch's lp_pool2d: (Σ_window x^p)^(1/p) over windows without padding (floor mode). */
export function refLpPool2d(x: Arr, p: number, kernel: [number, number], stride?: [number, number]): Arr {
  const [kh, kw] = kernel;
  const [sh, sw] = stride ?? kernel;
  const [nN, cC, hH, wW] = x.shape as [number, number, number, number];
  const oh = Math.floor((hH - kh) / sh) + 1;
  const ow = Math.floor((wW - kw) / sw) + 1;
  const out = new Float64Array(nN * cC * oh * ow);
  for (let nc = 0; nc < nN * cC; nc++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++) {
        let acc = 0;
        for (let a = 0; a < kh; a++) for (let b = 0; b < kw; b++) acc += x.data[(nc * hH + i * sh + a) * wW + j * sw + b]! ** p;
        out[(nc * oh + i) * ow + j] = acc ** (1 / p);
      }
  return { shape: [nN, cC, oh, ow], data: out };
}

/** PyTorch's adaptive pooling: cell (i, j) covers rows ⌊i·H/OH⌋ … ⌈(i+1)·H/OH⌉ − 1 (same for columns). */
export function refAdaptive2d(x: Arr, oh: number, ow: number, mode: 'max' | 'avg'): Arr {
  const [nN, cC, hH, wW] = x.shape as [number, number, number, number];
  const out = new Float64Array(nN * cC * oh * ow);
  for (let nc = 0; nc < nN * cC; nc++)
    for (let i = 0; i < oh; i++)
      for (let j = 0; j < ow; j++) {
        const h0 = Math.floor((i * hH) / oh);
        const h1 = Math.ceil(((i + 1) * hH) / oh);
        const w0 = Math.floor((j * wW) / ow);
        const w1 = Math.ceil(((j + 1) * wW) / ow);
        let acc = mode === 'max' ? -Infinity : 0;
        for (let y = h0; y < h1; y++)
          for (let xx = w0; xx < w1; xx++) {
            const v = x.data[(nc * hH + y) * wW + xx]!;
            acc = mode === 'max' ? Math.max(acc, v) : acc + v;
          }
        out[(nc * oh + i) * ow + j] = mode === 'max' ? acc : acc / ((h1 - h0) * (w1 - w0));
      }
  return { shape: [nN, cC, oh, ow], data: out };
}

/** Views an [N, C, L] array as [N, C, 1, L] (and back), for 1-D ops checked against 2-D oracles. */
export function as2d(a: Arr): Arr {
  return { shape: [a.shape[0]!, a.shape[1]!, 1, a.shape[2]!], data: a.data };
}

export function as1d(a: Arr): Arr {
  return { shape: [a.shape[0]!, a.shape[1]!, a.shape[3]!], data: a.data };
}

/**
 * xs ↦ d/d(xs[0]) Σ f(xs)², recorded (createGraph), so gradcheck of it checks f's double backward.
 */
export function gradOfSquares(f: (...xs: Tensor[]) => Tensor): (...xs: Tensor[]) => Tensor {
  return (...xs) => enableGrad(() => {
    const leaf = xs[0]!.requiresGrad ? xs[0]! : xs[0]!.detach().requiresGrad_();
    const y = f(leaf, ...xs.slice(1));
    return gradients(sum(mul(y, y)), [leaf], { createGraph: true })[0]!;
  });
}
