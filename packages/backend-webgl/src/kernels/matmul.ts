import { matmulShape, sizeOf } from '@pistil/backend';
import type { KernelImpl, TensorInfo } from '@pistil/backend';
import type { WebGLBackend } from '../backend.js';
import { broadcastStrides, coordNames, coordsOf, offsetExpr } from '../glsl.js';
import { divInt } from '../shader.js';
import { WEBGL_FLOAT, requireDType, requireSameDType } from './checks.js';
import { epilogueGlsl, epilogueOf, type Epilogue } from './epilogue.js';
import { foldAll, MAX_TERMS } from './fold.js';
import { gemmPlan, packedGemm, preferPacked, stridedOperand } from './packed-gemm.js';
import { texelReader, type TexelReader } from './texel.js';

/** K per fragment when K is split (K > MAX_TERMS): partial products over K chunks, then their sum. */
const SPLIT_K = 2048;

/**
 * GLSL folding a[i, k]·b[k, j] over k ∈ [k0, k1) into `acc`, four terms per step (a vec4 dot),
 * through texel cursors `ca`, `cb` advanced by constant steps: no index arithmetic in the loop.
 */
function dotLoop(a: TexelReader, b: TexelReader, aStep: number, bStep: number): string {
  const reads = (r: TexelReader, c: string, s: number, v: string) =>
    [0, 1, 2, 3].map((t) => `float ${v}${t} = ${r.read(c)}; ${r.step(c, s)}`).join('\n    ');
  return `int kEnd4 = k0 + ((k1 - k0) / 4) * 4;
  for (int k = k0; k < kEnd4; k += 4) {
    ${reads(a, 'ca', aStep, 'a')}
    ${reads(b, 'cb', bStep, 'b')}
    acc += dot(vec4(a0, a1, a2, a3), vec4(b0, b1, b2, b3));
  }
  for (int k = kEnd4; k < k1; k++) {
    acc += ${a.read('ca')} * ${b.read('cb')};
    ${a.step('ca', aStep)}
    ${b.step('cb', bStep)}
  }`;
}

interface Product {
  kernel: string;
  a: TensorInfo;
  b: TensorInfo;
  transposeA: boolean;
  transposeB: boolean;
  shape: number[];
  m: number;
  n: number;
  k: number;
  epi: Epilogue | undefined;
}

/**
 * act(a·b + bias) with an epilogue (fusedMatmul), a·b without: through the packed passes
 * (packed-gemm.ts) from PACKED_MIN_WORK.matmul multiply-adds on, else in one direct pass.
 * Batch dims broadcast through stride-0 batch offsets; transposes are strides.
 */
function product(backend: WebGLBackend, kernel: string, a: TensorInfo, b: TensorInfo, transposeA: boolean, transposeB: boolean, epilogue?: (n: number) => Epilogue): TensorInfo {
  requireSameDType(kernel, { a, b });
  requireDType(kernel, 'a', a, WEBGL_FLOAT);
  const shape = matmulShape(a.shape, b.shape, transposeA, transposeB);
  const r = shape.length;
  const m = shape[r - 2]!, n = shape[r - 1]!;
  const epi = epilogue?.(n);
  const k = a.shape[a.shape.length - (transposeA ? 2 : 1)]!;
  if (sizeOf(shape) === 0) return backend.empty(shape, a.dtype);
  const p: Product = { kernel, a, b, transposeA, transposeB, shape, m, n, k, epi };
  return (preferPacked('matmul', sizeOf(shape) * k) && packedProduct(backend, p)) || directProduct(backend, p);
}

/** The packed passes, or undefined where their grids do not fit this GPU's textures. */
function packedProduct(backend: WebGLBackend, { kernel, a, b, transposeA, transposeB, shape, m, n, k, epi }: Product): TensorInfo | undefined {
  const batchShape = shape.slice(0, -2);
  const batch = sizeOf(batchShape);
  const aMats = sizeOf(a.shape.slice(0, -2)), bMats = sizeOf(b.shape.slice(0, -2));
  const plan = gemmPlan({ m, n, k, batch, aRows: aMats * m, bRows: bMats * n }, backend.maxTextureSize);
  if (!plan) return undefined;
  const bc = coordNames('bc', batchShape.length);
  return packedGemm(backend, {
    kernel, m, n, k, batch,
    a: stridedOperand(a, { mats: aMats, rows: m, depth: k, matStride: m * k, rowStride: transposeA ? 1 : k, depthStride: transposeA ? m : 1 }),
    b: stridedOperand(b, { mats: bMats, rows: n, depth: k, matStride: k * n, rowStride: transposeB ? k : 1, depthStride: transposeB ? 1 : n }),
    mats: `${coordsOf(batchShape, 'bo', 'bc')}
  int am = ${offsetExpr(bc, broadcastStrides(a.shape.slice(0, -2), batchShape))};
  int bm = ${offsetExpr(bc, broadcastStrides(b.shape.slice(0, -2), batchShape))};`,
    output: { shape, dtype: 'float32' },
    unpackInputs: epi?.bias ? { bias: epi.bias } : {},
    unpack: `float compute(int index) {
  ${batch > 1 ? `int bo = ${divInt('index', m * n, batch * m * n)}; int ij = index - bo * ${m * n};` : 'int bo = 0; int ij = index;'}
  int i = ${divInt('ij', n, m * n)};
  int j = ij - i * ${n};
  float acc = product(bo, i, j);
  ${epilogueGlsl(epi, 'j')}
  return acc;
}`,
  }, plan);
}

/**
 * One fragment per output element loops over K; a long K is split into chunks whose partial
 * products a second pass adds (the epilogue then takes one more small pass).
 */
function directProduct(backend: WebGLBackend, { kernel, a, b, transposeA, transposeB, shape, m, n, k, epi }: Product): TensorInfo {
  const batchShape = shape.slice(0, -2);
  const bc = coordNames('bc', batchShape.length);
  const outSize = sizeOf(shape);
  const aStrides = broadcastStrides(a.shape.slice(0, -2), batchShape).map((s) => s * m * k);
  const bStrides = broadcastStrides(b.shape.slice(0, -2), batchShape).map((s) => s * k * n);
  const aStep = transposeA ? m : 1, bStep = transposeB ? 1 : n;
  const split = k > MAX_TERMS ? Math.ceil(k / SPLIT_K) : 1;
  const chunk = split > 1 ? SPLIT_K : k;
  const mn = m * n;
  const ra = texelReader(backend, 'a', a), rb = texelReader(backend, 'b', b);
  const fused = split === 1 ? epi : undefined;
  const body = `${k === 0 ? '' : `${ra.helpers}\n${rb.helpers}`}
float compute(int index) {
  ${split > 1 ? `int s = ${divInt('index', outSize, split * outSize)}; int e = index - s * ${outSize};` : 'int s = 0; int e = index;'}
  int bi = ${divInt('e', mn, outSize)};
  int ij = e - bi * ${mn};
  int i = ${divInt('ij', n, mn)};
  int j = ij - i * ${n};
  float acc = 0.0;
  ${k === 0 ? '' : `${coordsOf(batchShape, 'bi', 'bc')}
  int k0 = s * ${chunk};
  int k1 = min(k0 + ${chunk}, ${k});
  ${ra.type} ca = ${ra.at(`${offsetExpr(bc, aStrides)} + ${transposeA ? 'i' : `i * ${k}`} + k0 * ${aStep}`)};
  ${rb.type} cb = ${rb.at(`${offsetExpr(bc, bStrides)} + ${transposeB ? `j * ${k}` : 'j'} + k0 * ${bStep}`)};
  ${dotLoop(ra, rb, aStep, bStep)}`}
  ${epilogueGlsl(fused, 'j')}
  return acc;
}`;
  const inputs: Record<string, TensorInfo> = k === 0 ? {} : { a, b };
  if (fused?.bias) inputs['bias'] = fused.bias;
  if (split === 1) return backend.runShader({ kernel, inputs, output: { shape, dtype: a.dtype }, body });
  const partial = backend.runShader({ kernel, inputs, output: { shape: [split, outSize], dtype: a.dtype }, body });
  let sum: TensorInfo;
  try {
    sum = foldAll(backend, { kernel, x: partial, kept: [{ size: outSize, stride: 1 }], reduced: [{ size: split, stride: outSize }], fold: 'sum', output: { shape, dtype: a.dtype } });
  } finally {
    backend.dispose(partial.dataId);
  }
  if (!epi || (!epi.bias && !epi.relu)) return sum;
  try {
    return backend.runShader({
      kernel,
      inputs: epi.bias ? { sum, bias: epi.bias } : { sum },
      output: { shape, dtype: a.dtype },
      body: `float compute(int index) {
  int j = index - ${divInt('index', n, outSize)} * ${n};
  float acc = get_sum(index);
  ${epilogueGlsl(epi, 'j')}
  return acc;
}`,
    });
  } finally {
    backend.dispose(sum.dataId);
  }
}

export const matmul: KernelImpl<WebGLBackend, 'matmul'> = (backend, { a, b }, { transposeA, transposeB }) =>
  product(backend, 'matmul', a, b, transposeA, transposeB);

/** act(matmul(a, b) + bias), the epilogue inside the product's last pass. */
export const fusedMatmul: KernelImpl<WebGLBackend, 'fusedMatmul'> = (backend, { a, b, bias }, { transposeA, transposeB, activation }) =>
  product(backend, 'fusedMatmul', a, b, transposeA, transposeB, (n) => epilogueOf('fusedMatmul', a, bias, n, activation));
