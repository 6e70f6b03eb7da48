/**
 * The packed product engine behind matmul, conv2d and conv2d's gradients: C = A·Bᵀ for a batch
 * of matrices, where A is [m, k] and B is [n, k] (both with K as their second axis), in three
 * kinds of pass:
 *
 * 1. Pack A and pack B: each operand is written four-wide along K into a packed grid (RGBA32F,
 *    layout.ts), texel (row, c) = the operand's elements (row, 4c … 4c+3), zeros past K. What an
 *    operand's element is comes from its caller's GLSL (a strided read for matmul, an im2col
 *    gather for conv2d), so transposes, batch strides and windows cost nothing later.
 *    Rows past an operand's last are never read: a block's rows past m (or n) re-read the last.
 * 2. The product: one fragment per block of up to 4×4 elements of C reads up to four rows of A
 *    and four of B as vec4s and folds sixteen `dot()`s per step — eight texture reads per 64
 *    multiply-adds (an unpacked product makes two reads per multiply-add) — and writes the
 *    block's rows to as many render targets (one packed grid each). A long K is split into
 *    slices (one fragment per block and slice), each operand's slices stacked as extra rows of
 *    its grid.
 * 3. Unpack: the caller's flat output, whose GLSL calls `product(bo, i, j)` — C[bo][i, j], the
 *    slices' partial sums added — and applies its epilogue.
 */
import type { TensorInfo } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { glslFloat } from '../glsl.js';
import { packedGrid, type PackedGrid } from '../layout.js';
import { divInt, gridCell, gridRowStart, sampleAt, texelCentre } from '../shader.js';

/** Packed K (texels of four) per fragment when K is split: 2048 terms. */
const SLICE_K4 = 512;
/** The most packed K one fragment folds before K is split (4096 terms, as fold.ts's MAX_TERMS). */
const MAX_K4 = 1024;
/** The most slices the unpack pass adds per output element (K up to 8M). */
const MAX_SLICES = 4096;

/**
 * Which path the products take: by default the packed one from a number of multiply-adds on
 * (below, its four passes cost more than they save); tests force either to check both.
 */
export const gemmPath: { force?: 'packed' | 'unpacked' } = {};

/**
 * Multiply-adds from which the packed passes pay for themselves, measured on SwiftShader: about
 * even at 32–64k for matmul, at 10–15k for conv2d (whose direct kernels work out their windows per
 * output element; its two gradients use the same bound).
 */
export const PACKED_MIN_WORK = { matmul: 65536, conv2d: 16384 } as const;

/** Whether a product of `work` multiply-adds takes the packed path. */
export function preferPacked(op: keyof typeof PACKED_MIN_WORK, work: number): boolean {
  return gemmPath.force ? gemmPath.force === 'packed' : work >= PACKED_MIN_WORK[op];
}

export interface GemmOperand {
  /** Rows of the operand over all its matrices (matrices × m for A, matrices × n for B). */
  rows: number;
  /** Tensors its GLSL reads. */
  inputs: Readonly<Record<string, TensorInfo>>;
  /**
   * GLSL defining `vec4 pack(int r, int k)`: the elements (r, k … k+3) of the operand, zeros
   * where k + t ≥ K; called with 0 ≤ r < rows and 0 ≤ k < K, k a multiple of 4.
   */
  glsl: string;
}

export interface GemmSpec {
  kernel: string;
  m: number;
  n: number;
  k: number;
  /** Output matrices. */
  batch: number;
  a: GemmOperand;
  b: GemmOperand;
  /** GLSL statements declaring int `am`, `bm`: the matrices of A and B that output matrix int `bo` multiplies. */
  mats: string;
  /** The flat output the unpack pass writes. */
  output: { shape: readonly number[]; dtype: 'float32' };
  /** Tensors the unpack pass reads besides the product (e.g. a bias). */
  unpackInputs?: Readonly<Record<string, TensorInfo>>;
  /** GLSL defining `float compute(int index)`, which may call `float product(int bo, int i, int j)`. */
  unpack: string;
}

export interface GemmPlan {
  /** K slices (1 when K is not split) and packed K per slice. */
  slices: number;
  sliceK4: number;
  k4: number;
  /** Rows of C per block (min(4, m)): the product's render targets. Columns per block: 4. */
  blockRows: number;
  a: PackedGrid;
  b: PackedGrid;
  /** The product's grid (one per target): [slices · batch · ⌈m / blockRows⌉, ⌈n / 4⌉]. */
  c: PackedGrid;
}

/** How the packed passes would lay out their grids, or undefined where one does not fit this GPU's textures. */
export function gemmPlan(g: { m: number; n: number; k: number; batch: number; aRows: number; bRows: number }, maxSize: number): GemmPlan | undefined {
  if (g.m < 1 || g.n < 1 || g.k < 1 || g.batch < 1) return undefined;
  const k4 = Math.ceil(g.k / 4);
  const slices = k4 > MAX_K4 ? Math.ceil(k4 / SLICE_K4) : 1;
  if (slices > MAX_SLICES) return undefined;
  const sliceK4 = slices > 1 ? SLICE_K4 : k4;
  const a = packedGrid(slices * g.aRows, sliceK4, maxSize);
  const b = packedGrid(slices * g.bRows, sliceK4, maxSize);
  const blockRows = Math.min(4, g.m);
  const c = packedGrid(slices * g.batch * Math.ceil(g.m / blockRows), Math.ceil(g.n / 4), maxSize);
  return a && b && c ? { slices, sliceK4, k4, blockRows, a, b, c } : undefined;
}

/** Runs the passes (see the file comment) and returns the unpacked output. */
export function packedGemm(backend: WebGLBackend, spec: GemmSpec, plan: GemmPlan): TensorInfo {
  const pa = packOperand(backend, spec, spec.a, plan.a, plan);
  let pc: TensorInfo[];
  try {
    const pb = packOperand(backend, spec, spec.b, plan.b, plan);
    try {
      pc = blockProduct(backend, spec, pa, pb, plan);
    } finally {
      backend.dispose(pb.dataId);
    }
  } finally {
    backend.dispose(pa.dataId);
  }
  try {
    return unpack(backend, spec, pc, plan);
  } finally {
    for (const t of pc) backend.dispose(t.dataId);
  }
}

/** Grid row s·rows + r, column c holds the operand's (r, 4·(s·sliceK4 + c) …). */
function packOperand(backend: WebGLBackend, spec: GemmSpec, op: GemmOperand, grid: PackedGrid, plan: GemmPlan): TensorInfo {
  const sliced = plan.slices > 1;
  return backend.runShader({
    kernel: spec.kernel,
    inputs: op.inputs,
    output: { shape: [grid.height, grid.width, 4], dtype: 'float32', packed: true },
    body: `${op.glsl}
vec4 compute(int row, int col) {
  ${gridCell(grid, 'row', 'col', 'g', 'c')}
  if (g >= ${grid.rows}) return vec4(0.0);
  ${sliced ? `int s = ${divInt('g', op.rows, grid.rows)}; int r = g - s * ${op.rows};` : 'int s = 0; int r = g;'}
  int k = (s * ${plan.sliceK4} + c) * 4;
  if (k >= ${spec.k}) return vec4(0.0);
  return pack(r, k);
}`,
  });
}

/**
 * Target t, grid row (s·batch + bo)·⌈m/R⌉ + i/R, column j/4 (R = blockRows): C[bo] at row i + t,
 * columns j … j+3, over slice s.
 */
function blockProduct(backend: WebGLBackend, spec: GemmSpec, pa: TensorInfo, pb: TensorInfo, plan: GemmPlan): TensorInfo[] {
  const { m, n, batch } = spec;
  const { slices, sliceK4, k4, blockRows: br } = plan;
  const bn = Math.min(4, n); // distinct columns per block
  const la = backend.layoutOf(pa), lb = backend.layoutOf(pb);
  const mb = Math.ceil(m / br);
  const rowsA = Array.from({ length: br }, (_, t) => t);
  const rowsB = Array.from({ length: bn }, (_, t) => t);
  const outs = rowsA.map((t) => `o${t}`);
  // where each row starts, as normalised texture coordinates of its first texel's centre
  const start = (v: string, fn: string, row: string, w: number, h: number) =>
    `ivec2 ${v}_t = ${fn}(${row});\n  vec2 ${v} = vec2(${texelCentre(`float(${v}_t.x)`, w)}, ${texelCentre(`float(${v}_t.y)`, h)});`;
  // row t of the block, or the matrix's last row where the block runs past it
  const clamp = (base: string, at: string, t: number, last: number) => (t === 0 ? base : `${base} + min(${t}, ${last} - ${at})`);
  const dots = (t: number) => `vec4(${[0, 1, 2, 3].map((u) => (u < bn ? `dot(va${t}, vb${u})` : '0.0')).join(', ')})`;
  const body = `${gridRowStart('start_a', plan.a)}
${gridRowStart('start_b', plan.b)}
void compute(int row, int col, ${outs.map((o) => `out vec4 ${o}`).join(', ')}) {
  ${outs.map((o) => `${o} = vec4(0.0);`).join(' ')}
  ${gridCell(plan.c, 'row', 'col', 'g', 'c')}
  if (g >= ${plan.c.rows}) return;
  ${slices > 1 ? `int s = ${divInt('g', batch * mb, plan.c.rows)}; int q = g - s * ${batch * mb};` : 'int s = 0; int q = g;'}
  ${batch > 1 ? `int bo = ${divInt('q', mb, batch * mb)}; int i = ${br} * (q - bo * ${mb});` : `int bo = 0; int i = ${br} * q;`}
  int j = 4 * c;
  ${spec.mats}
  int ra = s * ${spec.a.rows} + am * ${m} + i;
  int rb = s * ${spec.b.rows} + bm * ${n} + j;
  ${rowsA.map((t) => start(`a${t}`, 'start_a', clamp('ra', 'i', t, m - 1), la.width, la.height)).join('\n  ')}
  ${rowsB.map((t) => start(`b${t}`, 'start_b', clamp('rb', 'j', t, n - 1), lb.width, lb.height)).join('\n  ')}
  int steps = ${slices > 1 ? `min(${sliceK4}, ${k4} - s * ${sliceK4})` : k4};
  float tf = 0.0; // the step, exact: u = tf / width is then within one rounding of a texel's column
  for (int t = 0; t < steps; t++) {
    float ua = tf * ${glslFloat(1 / la.width)};
    ${la.width === lb.width ? 'float ub = ua;' : `float ub = tf * ${glslFloat(1 / lb.width)};`}
    ${rowsA.map((t) => `vec4 va${t} = ${sampleAt('pa', la, `vec2(a${t}.x + ua, a${t}.y)`)};`).join('\n    ')}
    ${rowsB.map((t) => `vec4 vb${t} = ${sampleAt('pb', lb, `vec2(b${t}.x + ub, b${t}.y)`)};`).join('\n    ')}
    ${rowsA.map((t) => `o${t} += ${dots(t)};`).join('\n    ')}
    tf += 1.0;
  }
}`;
  const output = { shape: [plan.c.height, plan.c.width, 4] as const, dtype: 'float32' as const, packed: true as const, targets: br };
  return backend.runShaderTargets({ kernel: spec.kernel, inputs: { pa, pb }, output, body });
}

function unpack(backend: WebGLBackend, spec: GemmSpec, pc: readonly TensorInfo[], plan: GemmPlan): TensorInfo {
  const br = plan.blockRows;
  const mb = Math.ceil(spec.m / br);
  const sliceRows = spec.batch * mb;
  const inputs: Record<string, TensorInfo> = { ...spec.unpackInputs };
  pc.forEach((t, i) => (inputs[`pc${i}`] = t));
  // the texel of target t at p: a chain of selects (a sampler cannot be indexed by a variable)
  const read = (p: string) => pc.map((_, t) => (t === pc.length - 1 ? `texel_pc${t}(${p})` : `t == ${t} ? texel_pc${t}(${p}) : `)).join('');
  const terms = plan.slices <= 8
    ? Array.from({ length: plan.slices }, (_, s) => `v += (${read(`start_c(${s === 0 ? 'r' : `r + ${s * sliceRows}`}) + ivec2(c, 0)`)})[ch];`)
    : [`for (int s = 0; s < ${plan.slices}; s++) v += (${read(`start_c(r + s * ${sliceRows}) + ivec2(c, 0)`)})[ch];`];
  return backend.runShader({
    kernel: spec.kernel,
    inputs,
    output: spec.output,
    body: `${gridRowStart('start_c', plan.c)}
float product(int bo, int i, int j) {
  int ib = ${divInt('i', br, spec.m)}; int t = i - ib * ${br};
  int r = bo * ${mb} + ib;
  int c = j >> 2;
  int ch = j & 3;
  float v = 0.0;
  ${terms.join('\n  ')}
  return v;
}
${spec.unpack}`,
  });
}

/**
 * An operand read through strides: `mats` matrices of `rows` × `depth`, element (mat, i, k) at
 * x[mat·matStride + i·rowStride + k·depthStride] — a matmul operand, transposed or not.
 */
export function stridedOperand(x: TensorInfo, g: { mats: number; rows: number; depth: number; matStride: number; rowStride: number; depthStride: number }): GemmOperand {
  const { mats, rows, depth, matStride, rowStride, depthStride } = g;
  // the offset of (mat, i): r·rowStride when the matrices follow each other with no gap
  const base = mats === 1 || matStride === rows * rowStride
    ? `r * ${rowStride}`
    : `(${divInt('r', rows, mats * rows)}) * ${matStride} + (r - (${divInt('r', rows, mats * rows)}) * ${rows}) * ${rowStride}`;
  const term = (t: number) => {
    const read = `get_x(o + ${t * depthStride})`;
    return t === 0 || depth % 4 === 0 ? read : `k + ${t} < ${depth} ? ${read} : 0.0`;
  };
  return {
    rows: mats * rows,
    inputs: { x },
    glsl: `vec4 pack(int r, int k) {
  int o = ${base} + k * ${depthStride};
  return vec4(${[0, 1, 2, 3].map(term).join(', ')});
}`,
  };
}
