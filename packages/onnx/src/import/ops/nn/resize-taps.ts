/**
 * Host side of Resize: for one axis, the (source index, weight) taps of every output position in
 * any mode, as onnxruntime computes them (coordinates in float32). The device side sums
 * indexSelect(x, axis, idx_k) · w_k, so resizing stays differentiable.
 */
const f = Math.fround;

export type CoordMode = 'half_pixel' | 'half_pixel_symmetric' | 'pytorch_half_pixel' | 'align_corners' | 'asymmetric' | 'tf_half_pixel_for_nn' | 'tf_crop_and_resize';
export const COORD_MODES: readonly CoordMode[] = ['half_pixel', 'half_pixel_symmetric', 'pytorch_half_pixel', 'align_corners', 'asymmetric', 'tf_half_pixel_for_nn', 'tf_crop_and_resize'];

/** 'simple' is the rounding of Resize-10 and Upsample: ceil when downsampling, else floor. */
export type NearestMode = 'round_prefer_floor' | 'round_prefer_ceil' | 'floor' | 'ceil' | 'simple';
export const NEAREST_MODES: readonly NearestMode[] = ['round_prefer_floor', 'round_prefer_ceil', 'floor', 'ceil'];

export type InterpolationMode = 'nearest' | 'linear' | 'cubic';

export interface ResizeMethod {
  readonly mode: InterpolationMode;
  readonly coord: CoordMode;
  readonly nearest: NearestMode;
  readonly cubicA: number;
  readonly excludeOutside: boolean;
  /** Opset 18 antialias (linear and cubic): the filter widens by 1/scale when downsampling. */
  readonly antialias: boolean;
}

/** One axis to resize: sizes, the scale coordinates use, and its roi (tf_crop_and_resize). */
export interface AxisSpec {
  readonly inSize: number;
  readonly outSize: number;
  readonly scale: number;
  readonly roiStart: number;
  readonly roiEnd: number;
}

/** taps k = 0..K−1: output o reads index[k][o] with weight[k][o]; outside[o] takes the extrapolation value instead. */
export interface AxisTaps {
  readonly index: Int32Array[];
  readonly weight: Float64Array[];
  readonly outside: boolean[];
}

/** Where output position `o` falls in the input, per coordinate_transformation_mode. */
export function sourceCoordinate(o: number, a: AxisSpec, coord: CoordMode): number {
  const { inSize, outSize, scale } = a;
  switch (coord) {
    case 'half_pixel':
      return f(f(f(o + 0.5) / scale) - 0.5);
    case 'half_pixel_symmetric': {
      const adjustment = f(outSize / f(scale * inSize));
      const offset = f(f(inSize / 2) * f(1 - adjustment));
      return f(f(offset + f(f(o + 0.5) / scale)) - 0.5);
    }
    case 'pytorch_half_pixel':
      return outSize > 1 ? f(f(f(o + 0.5) / scale) - 0.5) : 0;
    case 'align_corners':
      return outSize === 1 ? 0 : f(f(o * (inSize - 1)) / (outSize - 1));
    case 'asymmetric':
      return f(o / scale);
    case 'tf_half_pixel_for_nn':
      return f(f(o + 0.5) / scale);
    case 'tf_crop_and_resize':
      // float32 step by step (roi values are float32), so .5 ties round as onnxruntime's do.
      if (outSize === 1) return f(0.5 * f(a.roiStart + a.roiEnd) * (inSize - 1));
      return f(f(a.roiStart * (inSize - 1)) + f(f(f(o * f(a.roiEnd - a.roiStart)) * (inSize - 1)) / (outSize - 1)));
  }
}

function nearestIndex(x: number, mode: NearestMode, downsampling: boolean): number {
  switch (mode) {
    case 'round_prefer_floor':
      return x === Math.trunc(x) + 0.5 ? Math.floor(x) : roundHalfAway(x);
    case 'round_prefer_ceil':
      return roundHalfAway(x);
    case 'floor':
      return Math.floor(x);
    case 'ceil':
      return Math.ceil(x);
    case 'simple':
      return downsampling ? Math.ceil(x) : Math.trunc(x);
  }
}

/** C's round(): halves away from zero. */
function roundHalfAway(x: number): number {
  return Math.sign(x) * Math.round(Math.abs(x));
}

/** The Keys cubic kernel at distance x (coefficient A). */
function keys(x: number, A: number): number {
  const ad = Math.abs(x);
  if (ad < 1) return ((A + 2) * ad - (A + 3)) * ad * ad + 1;
  if (ad < 2) return (((ad - 5) * ad + 8) * ad - 4) * A;
  return 0;
}

/** The 4 cubic convolution weights of taps ⌊x⌋−1 … ⌊x⌋+2 for fraction t = x − ⌊x⌋. */
function cubicWeights(t: number, A: number): number[] {
  return [t + 1, t, 1 - t, 2 - t].map((d) => f(keys(d, A)));
}

const clampIndex = (i: number, n: number): number => Math.min(Math.max(i, 0), n - 1);

/**
 * Antialiased taps, as onnxruntime (after Pillow): the triangle (linear) or cubic filter, widened
 * by 1/scale when downsampling, over every input pixel it covers, normalised to sum 1; pixels past
 * the edges clamp to them, or are dropped with exclude_outside.
 */
function antialiasTaps(a: AxisSpec, m: ResizeMethod): AxisTaps {
  const filter = m.mode === 'cubic' ? (x: number): number => keys(x, m.cubicA) : (x: number): number => Math.max(0, 1 - Math.abs(x));
  const halfSupport = m.mode === 'cubic' ? 2 : 1;
  const stretch = f(1 / a.scale);
  const support = stretch >= 1 ? f(halfSupport * stretch) : halfSupport;
  const invStretch = stretch >= 1 ? f(1 / stretch) : 1;
  const rows: { index: number[]; weight: number[] }[] = [];
  const outside: boolean[] = [];
  for (let o = 0; o < a.outSize; o++) {
    const center = f(0.5 + (a.scale === 1 ? o : sourceCoordinate(o, a, m.coord)));
    outside.push(m.coord === 'tf_crop_and_resize' && (center - 0.5 < 0 || center - 0.5 > a.inSize - 1));
    const row: { index: number[]; weight: number[] } = { index: [], weight: [] };
    let total = 0;
    for (let x = Math.floor(f(center - support + 0.5)); x < Math.floor(f(center + support + 0.5)); x++) {
      if (m.excludeOutside && (x < 0 || x >= a.inSize)) continue;
      const w = f(filter(f(f(x - center + 0.5) * invStretch)));
      total += w;
      row.index.push(clampIndex(x, a.inSize));
      row.weight.push(w);
    }
    row.weight = row.weight.map((w) => (outside[o] ? 0 : w / (total === 0 ? 1 : total)));
    rows.push(row);
  }
  const K = Math.max(1, ...rows.map((r) => r.index.length));
  return {
    index: Array.from({ length: K }, (_, k) => Int32Array.from(rows, (r) => r.index[k] ?? 0)),
    weight: Array.from({ length: K }, (_, k) => Float64Array.from(rows, (r) => r.weight[k] ?? 0)),
    outside,
  };
}

/** The taps of every output position along one axis. */
export function axisTaps(a: AxisSpec, m: ResizeMethod): AxisTaps {
  if (m.antialias && m.mode !== 'nearest') return antialiasTaps(a, m);
  const K = m.mode === 'nearest' ? 1 : m.mode === 'linear' ? 2 : 4;
  const index = Array.from({ length: K }, () => new Int32Array(a.outSize));
  const weight = Array.from({ length: K }, () => new Float64Array(a.outSize));
  const outside: boolean[] = [];
  const extrapolates = m.coord === 'tf_crop_and_resize';
  for (let o = 0; o < a.outSize; o++) {
    const x = sourceCoordinate(o, a, m.coord);
    const out = extrapolates && (x < 0 || x > a.inSize - 1);
    outside.push(out);
    if (out) continue; // weights stay 0
    if (m.mode === 'nearest') {
      index[0]![o] = clampIndex(nearestIndex(x, m.nearest, a.scale < 1), a.inSize);
      weight[0]![o] = 1;
    } else if (m.mode === 'linear') {
      const xc = Math.min(Math.max(x, 0), a.inSize - 1);
      const x1 = Math.min(Math.trunc(xc), a.inSize - 1);
      const x2 = Math.min(x1 + 1, a.inSize - 1);
      const [d1, d2] = x1 === x2 ? [0.5, 0.5] : [f(Math.abs(xc - x1)), f(Math.abs(xc - x2))];
      index[0]![o] = x1;
      weight[0]![o] = d2;
      index[1]![o] = x2;
      weight[1]![o] = d1;
    } else {
      const base = Math.floor(x);
      const ws = cubicWeights(f(x - base), m.cubicA);
      const taps = [0, 1, 2, 3].map((k) => base - 1 + k);
      if (m.excludeOutside) {
        taps.forEach((t, k) => {
          if (t < 0 || t >= a.inSize) ws[k] = 0;
        });
        const total = ws.reduce((s, w) => s + w, 0);
        for (let k = 0; k < 4; k++) ws[k] = total === 0 ? 0 : ws[k]! / total;
      }
      taps.forEach((t, k) => {
        index[k]![o] = clampIndex(t, a.inSize);
        weight[k]![o] = ws[k]!;
      });
    }
  }
  return { index, weight, outside };
}

/**
 * Merges taps of one position that read the same index (edges clamp), then drops taps whose
 * weights are all 0: nearest-like axes end up with one tap of weight 1 (a pure gather).
 */
export function compactTaps(t: AxisTaps): AxisTaps {
  const K = t.index.length;
  const n = t.outside.length;
  for (let o = 0; o < n; o++) {
    for (let j = 1; j < K; j++) {
      for (let k = 0; k < j; k++) {
        if (t.index[k]![o] !== t.index[j]![o] || t.weight[j]![o] === 0) continue;
        t.weight[k]![o]! += t.weight[j]![o]!;
        t.weight[j]![o] = 0;
      }
    }
  }
  const keep = t.weight.map((w) => w.some((v) => v !== 0));
  if (!keep.some(Boolean)) keep[0] = true;
  return { index: t.index.filter((_, k) => keep[k]), weight: t.weight.filter((_, k) => keep[k]), outside: t.outside };
}

/** Whether every kept position reads one index with weight 1 (no arithmetic needed). */
export function isGather(t: AxisTaps): boolean {
  return t.index.length === 1 && t.weight[0]!.every((w, o) => w === 1 || t.outside[o]);
}

/** Taps that copy the input unchanged (the axis needs no work). */
export function isIdentity(t: AxisTaps, inSize: number): boolean {
  if (!isGather(t) || t.outside.length !== inSize || t.outside.some(Boolean)) return false;
  return t.index[0]!.every((v, o) => v === o);
}
