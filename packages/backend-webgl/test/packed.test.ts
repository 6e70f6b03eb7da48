/**
 * The texel readers every shader gets (shader.ts), packed scratch tensors (RGBA32F grids, banded
 * when taller than a texture) and the packed product engine behind matmul, conv2d and its
 * gradients (packed-gemm.ts): edges the conformance suite does not reach — K not a multiple of 4, odd M
 * and N, batch broadcasting, transposes, split K, grids cut into bands, the crossover between
 * the direct and the packed path on both sides — and the suite's own product and convolution
 * cases forced through the packed path. References are float64, computed here.
 */
import { conformanceCases } from '@pistil/backend/testing/core';
import type { Conv2dAttrs, DType, KernelAttrs, KernelName, TensorInfo, TypedArray } from '@pistil/backend';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { WebGLBackend } from '../src/index.js';
import { expectClose, randomF32, runKernel, upload as uploadTo } from './support.js';
import { gemmPath, PACKED_MIN_WORK } from '../src/kernels/packed-gemm.js';
import { packedGrid, textureShapeFor } from '../src/layout.js';
import { WEBGL_TOLERANCE } from './tolerance.js';

let backend: WebGLBackend;
beforeAll(() => {
  backend = new WebGLBackend();
});
afterAll(() => backend.destroy());
const upload = (shape: readonly number[], dtype: DType, values: TypedArray): TensorInfo => uploadTo(backend, shape, dtype, values);
const run = <K extends KernelName>(kernel: K, inputs: Record<string, TensorInfo>, attrs: KernelAttrs<K>) => runKernel(backend, kernel, inputs, attrs);
afterEach(() => {
  gemmPath.force = undefined;
});

describe('texel readers', () => {
  it('read flat float32 and int32 tensors of one row, of exactly a row, and of several rows through get_, getf_ and texel_', async () => {
    const max = backend.maxTextureSize;
    for (const size of [1, 7, max - 1, max, max + 1, 2 * max + 5]) {
      const { width, height } = textureShapeFor(size, max);
      expect(width * height).toBeGreaterThanOrEqual(size);
      if (height > 1) expect(width & (width - 1)).toBe(0); // rows of a power-of-two width
      for (const dtype of ['float32', 'int32'] as const) {
        const values = dtype === 'float32' ? Float32Array.from({ length: size }, (_, i) => i * 0.25 - 3) : Int32Array.from({ length: size }, (_, i) => (i * 7919) | 0);
        const x = upload([size], dtype, values);
        const type = dtype === 'float32' ? 'float' : 'int';
        // reversed, so that every fragment reads somewhere else than its own index
        for (const read of [`get_x(${size - 1} - index)`, `getf_x(float(${size - 1} - index))`, `texel_x(ivec2((${size - 1} - index) % ${width}, (${size - 1} - index) / ${width}))`]) {
          const out = backend.runShader({ kernel: 'test', inputs: { x }, output: { shape: [size], dtype }, body: `${type} compute(int index) { return ${read}; }` });
          const got = await backend.read(out.dataId);
          backend.dispose(out.dataId);
          const want = values.slice().reverse();
          let bad = -1;
          for (let i = 0; i < size && bad < 0; i++) if (got[i] !== want[i]) bad = i;
          expect(bad, `${dtype} size ${size} via ${read}: element ${bad} is ${got[bad]}, expected ${want[bad]}`).toBe(-1);
        }
        backend.dispose(x.dataId);
      }
    }
  });
});

describe('packed scratch tensors', () => {
  it('are RGBA32F textures counted by memory(), pooled, and never read back or written', async () => {
    const before = backend.memory();
    const textures = backend.textureCount();
    const p = backend.emptyPacked(3, 5);
    expect(p.shape).toEqual([3, 5, 4]);
    expect(backend.layoutOf(p)).toMatchObject({ width: 5, height: 3, format: 'vec4', packed: true, texels: 15 });
    expect(backend.memory().buffers).toBe(before.buffers + 1);
    expect(backend.memory().bytes).toBe(before.bytes + 3 * 5 * 16);
    expect(() => backend.readSync(p.dataId)).toThrow(/packed/);
    await expect(backend.read(p.dataId)).rejects.toThrow(/packed/);
    expect(() => backend.write(p.dataId, new Float32Array(60))).toThrow(/packed/);
    backend.dispose(p.dataId);
    expect(backend.memory().bytes).toBe(before.bytes);
    const again = backend.emptyPacked(3, 5); // from the pool
    backend.dispose(again.dataId);
    expect(backend.textureCount()).toBe(textures + 1);
    expect(() => backend.emptyPacked(backend.maxTextureSize + 1, 1)).toThrow(/MAX_TEXTURE_SIZE/);
  });

  it('lay a grid taller than a texture out in bands, and a shader writes and reads every cell of it', async () => {
    const max = backend.maxTextureSize;
    const rows = 2 * max + 3, cols = 3;
    const g = packedGrid(rows, cols, max)!;
    expect(g.bands).toBe(3);
    expect(g.height).toBeLessThanOrEqual(max);
    expect(g.width).toBeLessThanOrEqual(max);
    expect(packedGrid(4, max + 1, max)).toBeUndefined();
    const { gridCell, gridRowStart } = await import('../src/shader.js');
    // write cell (r, c) = (r, c, r·c mod 7, 1), then read it back through the row starts into a flat tensor
    const p = backend.runShader({
      kernel: 'test',
      inputs: {},
      output: { shape: [g.height, g.width, 4], dtype: 'float32', packed: true },
      body: `vec4 compute(int row, int col) {
  ${gridCell(g, 'row', 'col', 'r', 'c')}
  return vec4(float(r), float(c), float((r * c) % 7), 1.0);
}`,
    });
    const flat = backend.runShader({
      kernel: 'test',
      inputs: { p },
      output: { shape: [rows, cols, 4], dtype: 'float32' },
      body: `${gridRowStart('start', g)}
float compute(int index) {
  int cell = index / 4;
  int r = cell / ${cols};
  int c = cell - r * ${cols};
  return texel_p(start(r) + ivec2(c, 0))[index - cell * 4];
}`,
    });
    const got = await backend.read(flat.dataId);
    backend.dispose(p.dataId);
    backend.dispose(flat.dataId);
    let bad = -1;
    for (let r = 0; r < rows && bad < 0; r++) {
      for (let c = 0; c < cols; c++) {
        const o = (r * cols + c) * 4;
        if (got[o] !== r || got[o + 1] !== c || got[o + 2] !== (r * c) % 7 || got[o + 3] !== 1) bad = r;
      }
    }
    expect(bad).toBe(-1);
  });
});

/** float64 a·b for batched row-major a [..., M, K] (or [..., K, M]) and b [..., K, N] (or [..., N, K]), broadcasting the batch dims, and Σ|terms|. */
function mmRef(a: Float32Array, aShape: number[], b: Float32Array, bShape: number[], tA: boolean, tB: boolean) {
  const ra = aShape.length, rb = bShape.length;
  const m = aShape[ra - (tA ? 1 : 2)]!, k = aShape[ra - (tA ? 2 : 1)]!, n = bShape[rb - (tB ? 2 : 1)]!;
  const aBatch = aShape.slice(0, -2), bBatch = bShape.slice(0, -2);
  const rank = Math.max(aBatch.length, bBatch.length);
  const pad = (s: number[]) => [...Array<number>(rank - s.length).fill(1), ...s];
  const pa = pad(aBatch), pb = pad(bBatch);
  const batch = pa.map((d, i) => Math.max(d, pb[i]!));
  const count = batch.reduce((p, d) => p * d, 1);
  const ref = new Float64Array(count * m * n), mag = new Float64Array(count * m * n);
  for (let bo = 0; bo < count; bo++) {
    let rest = bo, am = 0, bm = 0, as = 1, bs = 1;
    for (let d = rank - 1; d >= 0; d--) {
      const coord = rest % batch[d]!;
      rest = Math.floor(rest / batch[d]!);
      if (pa[d] !== 1) am += coord * as;
      if (pb[d] !== 1) bm += coord * bs;
      as *= pa[d]!;
      bs *= pb[d]!;
    }
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0, t = 0;
        for (let p = 0; p < k; p++) {
          const x = a[am * m * k + (tA ? p * m + i : i * k + p)]! * b[bm * k * n + (tB ? j * k + p : p * n + j)]!;
          s += x;
          t += Math.abs(x);
        }
        ref[(bo * m + i) * n + j] = s;
        mag[(bo * m + i) * n + j] = t;
      }
    }
  }
  return { ref, mag, shape: [...batch, m, n] };
}

/** Runs matmul (or fusedMatmul with a bias and relu) on random a and b, checks it against float64, returns the passes. */
async function checkMatmul(aShape: number[], bShape: number[], tA: boolean, tB: boolean, seed: number, fused = false): Promise<number> {
  const size = (s: number[]) => s.reduce((p, d) => p * d, 1);
  const a = randomF32(size(aShape), seed), b = randomF32(size(bShape), seed + 1);
  const { ref, mag, shape } = mmRef(a, aShape, b, bShape, tA, tB);
  const inputs: Record<string, TensorInfo> = { a: upload(aShape, 'float32', a), b: upload(bShape, 'float32', b) };
  let r;
  if (fused) {
    const n = shape.at(-1)!;
    const bias = randomF32(n, seed + 2, -2, 2);
    for (let i = 0; i < ref.length; i++) ref[i] = Math.max(0, ref[i]! + bias[i % n]!);
    inputs['bias'] = upload([n], 'float32', bias);
    r = await run('fusedMatmul', inputs, { transposeA: tA, transposeB: tB, activation: 'relu' });
  } else {
    r = await run('matmul', inputs, { transposeA: tA, transposeB: tB });
  }
  expect(r.out.shape).toEqual(shape);
  expectClose(r.values, ref, mag);
  return r.passes;
}

/** [M, K] or [K, M] for a, [K, N] or [N, K] for b. */
const operands = (m: number, k: number, n: number, tA: boolean, tB: boolean): [number[], number[]] => [tA ? [k, m] : [m, k], tB ? [n, k] : [k, n]];

describe('matmul, packed path', () => {
  it('K not a multiple of 4, odd M and N, every transpose', async () => {
    gemmPath.force = 'packed';
    let seed = 100;
    for (const [m, k, n] of [[1, 1, 1], [3, 5, 7], [5, 3, 2], [2, 7, 3], [7, 6, 1], [1, 9, 5], [4, 8, 4]] as const) {
      for (const tA of [false, true]) {
        for (const tB of [false, true]) {
          const [as, bs] = operands(m, k, n, tA, tB);
          expect(await checkMatmul(as, bs, tA, tB, seed++)).toBe(4); // pack a, pack b, product, unpack
        }
      }
    }
  });

  it('broadcasts batch dims, with transposes', async () => {
    gemmPath.force = 'packed';
    for (const [tA, tB] of [[false, false], [true, false], [false, true], [true, true]] as const) {
      const [as, bs] = operands(3, 5, 3, tA, tB);
      await checkMatmul([2, 1, ...as], [4, ...bs], tA, tB, 200); // [2, 4, 3, 3]
      await checkMatmul([3, ...as], bs, tA, tB, 201); // b shared by every batch
      await checkMatmul(as, [1, 2, ...bs], tA, tB, 202);
    }
  });

  it('splits a long K into slices whose partial products the unpack pass adds, with the epilogue after', async () => {
    gemmPath.force = 'packed';
    expect(await checkMatmul([3, 5001], [5001, 5], false, false, 300)).toBe(4); // 3 slices
    expect(await checkMatmul([5001, 3], [5, 5001], true, true, 301, true)).toBe(4);
    expect(await checkMatmul([2, 2, 40_003], [40_003, 3], false, false, 302)).toBe(4); // 20 slices: a loop
  });

  it('cuts operand and product grids taller than a texture into bands', async () => {
    gemmPath.force = 'packed';
    const max = backend.maxTextureSize;
    await checkMatmul([max + 1001, 6], [6, 3], false, false, 400); // a's grid banded
    await checkMatmul([2 * max + 501, 5], [3, 5], false, true, 401, true); // a's and the product's grids banded
    await checkMatmul([3, 7], [7, max + 777], false, false, 402); // b's grid banded
    await checkMatmul([3, max, 5], [5, 3], false, false, 403); // batches across bands
  });

  it('takes the direct path below PACKED_MIN_WORK multiply-adds and the packed one from there, with the same values', async () => {
    const [m, n] = [8, 8];
    const kBelow = PACKED_MIN_WORK.matmul / (m * n) - 1, kAt = PACKED_MIN_WORK.matmul / (m * n);
    expect(await checkMatmul([m, kBelow], [kBelow, n], false, false, 500)).toBe(1);
    expect(await checkMatmul([m, kAt], [kAt, n], false, false, 501)).toBe(4);
    expect(await checkMatmul([m, kBelow], [n, kBelow], false, true, 502, true)).toBe(1);
    expect(await checkMatmul([m, kAt], [n, kAt], false, true, 503, true)).toBe(4);
  });

  it('falls back to the direct path when a grid cannot fit a texture', async () => {
    gemmPath.force = 'packed';
    const max = backend.maxTextureSize;
    // the product's grid would be 2·max + 1 blocks wide
    expect(await checkMatmul([2, 3], [3, 4 * max + 2], false, false, 600)).toBe(1);
  });
});

/** float64 conv2d (+ bias, relu) straight from the definition, and Σ|terms|. */
function convRef(x: Float32Array, xs: number[], w: Float32Array, ws: number[], a: Conv2dAttrs, bias?: Float32Array) {
  const [n, c, h, wd] = xs as [number, number, number, number];
  const [o, cg, kh, kw] = ws as [number, number, number, number];
  const oh = Math.floor((h + a.pads[0] + a.pads[2] - a.dilation[0] * (kh - 1) - 1) / a.stride[0]) + 1;
  const ow = Math.floor((wd + a.pads[1] + a.pads[3] - a.dilation[1] * (kw - 1) - 1) / a.stride[1]) + 1;
  const og = o / a.groups;
  const ref = new Float64Array(n * o * oh * ow), mag = new Float64Array(ref.length);
  for (let b = 0; b < n; b++) for (let oc = 0; oc < o; oc++) for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) {
    let s = 0, t = 0;
    const g = Math.floor(oc / og);
    for (let ci = 0; ci < cg; ci++) for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) {
      const y = oy * a.stride[0] - a.pads[0] + ky * a.dilation[0], xx = ox * a.stride[1] - a.pads[1] + kx * a.dilation[1];
      if (y < 0 || y >= h || xx < 0 || xx >= wd) continue;
      const v = x[((b * c + g * cg + ci) * h + y) * wd + xx]! * w[((oc * cg + ci) * kh + ky) * kw + kx]!;
      s += v;
      t += Math.abs(v);
    }
    const i = ((b * o + oc) * oh + oy) * ow + ox;
    ref[i] = bias ? Math.max(0, s + bias[oc]!) : s;
    mag[i] = t;
  }
  return { ref, mag, shape: [n, o, oh, ow] };
}

describe('conv2d, packed path', () => {
  const plain: Conv2dAttrs = { stride: [1, 1], pads: [0, 0, 0, 0], dilation: [1, 1], groups: 1 };

  async function checkConv(xs: number[], ws: number[], attrs: Conv2dAttrs, seed: number, fused: boolean): Promise<number> {
    const size = (s: number[]) => s.reduce((p, d) => p * d, 1);
    const x = randomF32(size(xs), seed), w = randomF32(size(ws), seed + 1);
    const bias = fused ? randomF32(ws[0]!, seed + 2, -1, 1) : undefined;
    const { ref, mag, shape } = convRef(x, xs, w, ws, attrs, bias);
    const inputs: Record<string, TensorInfo> = { x: upload(xs, 'float32', x), w: upload(ws, 'float32', w) };
    if (bias) inputs['bias'] = upload([ws[0]!], 'float32', bias);
    const r = fused ? await run('fusedConv2d', inputs, { ...attrs, activation: 'relu' }) : await run('conv2d', inputs, attrs);
    expect(r.out.shape).toEqual(shape);
    expectClose(r.values, ref, mag);
    return r.passes;
  }

  it("LeNet's two convolutions at batch 64 (the first one's operand grid in bands), fused with bias and relu", async () => {
    expect(await checkConv([64, 1, 28, 28], [6, 1, 5, 5], { ...plain, pads: [2, 2, 2, 2] }, 700, true)).toBe(4);
    expect(await checkConv([64, 6, 14, 14], [16, 6, 5, 5], plain, 701, false)).toBe(4);
  });

  it('takes the direct path below PACKED_MIN_WORK.conv2d multiply-adds and the packed one from there', async () => {
    const perOut = 8 * 8 * 16; // [1, 16, 8, 8] ⋆ [O, 16, 1, 1]
    const at = PACKED_MIN_WORK.conv2d / perOut;
    expect(await checkConv([1, 16, 8, 8], [at - 1, 16, 1, 1], plain, 720, false)).toBe(1);
    expect(await checkConv([1, 16, 8, 8], [at, 16, 1, 1], plain, 721, true)).toBe(4);
  });

  it('strides, dilation, asymmetric pads and groups', async () => {
    gemmPath.force = 'packed';
    expect(await checkConv([3, 4, 11, 9], [6, 2, 3, 2], { stride: [2, 1], pads: [1, 0, 2, 1], dilation: [1, 2], groups: 2 }, 710, true)).toBe(4);
    expect(await checkConv([2, 3, 7, 7], [6, 1, 3, 3], { stride: [1, 1], pads: [1, 1, 1, 1], dilation: [1, 1], groups: 3 }, 711, false)).toBe(4);
  });
});

describe('conv2dBackpropInput, packed path (col2im in the unpack pass)', () => {
  /** float64 dx and Σ|terms|: every (o, ky, kx, oy, ox) whose tap lands on (y, x). */
  function dxRef(dyv: Float32Array, dyShape: number[], wv: Float32Array, ws: number[], xs: number[], a: Conv2dAttrs) {
    const [n, c, h, wd] = xs as [number, number, number, number];
    const [o, cg, kh, kw] = ws as [number, number, number, number];
    const [, , oh, ow] = dyShape as [number, number, number, number];
    const og = o / a.groups;
    const ref = new Float64Array(n * c * h * wd), mag = new Float64Array(ref.length);
    for (let b = 0; b < n; b++) for (let oc = 0; oc < o; oc++) for (let oy = 0; oy < oh; oy++) for (let ox = 0; ox < ow; ox++) {
      const d = dyv[((b * o + oc) * oh + oy) * ow + ox]!;
      const g = Math.floor(oc / og);
      for (let cc = 0; cc < cg; cc++) for (let ky = 0; ky < kh; ky++) for (let kx = 0; kx < kw; kx++) {
        const y = oy * a.stride[0] - a.pads[0] + ky * a.dilation[0], x = ox * a.stride[1] - a.pads[1] + kx * a.dilation[1];
        if (y < 0 || y >= h || x < 0 || x >= wd) continue;
        const v = d * wv[((oc * cg + cc) * kh + ky) * kw + kx]!;
        const at = ((b * c + g * cg + cc) * h + y) * wd + x;
        ref[at] += v;
        mag[at] += Math.abs(v);
      }
    }
    return { ref, mag };
  }

  async function checkDx(xs: number[], ws: number[], a: Conv2dAttrs, seed: number): Promise<number> {
    const out = (size: number, k: number, s: number, p: number, d: number) => Math.floor((size + p - d * (k - 1) - 1) / s) + 1;
    const dyShape = [xs[0]!, ws[0]!, out(xs[2]!, ws[2]!, a.stride[0], a.pads[0] + a.pads[2], a.dilation[0]), out(xs[3]!, ws[3]!, a.stride[1], a.pads[1] + a.pads[3], a.dilation[1])];
    const size = (s: number[]) => s.reduce((p, d) => p * d, 1);
    const dyv = randomF32(size(dyShape), seed), wv = randomF32(size(ws), seed + 1);
    const { ref, mag } = dxRef(dyv, dyShape, wv, ws, xs, a);
    const r = await run('conv2dBackpropInput', { dy: upload(dyShape, 'float32', dyv), w: upload(ws, 'float32', wv) }, { ...a, inputShape: xs });
    expect(r.out.shape).toEqual(xs);
    expectClose(r.values, ref, mag);
    return r.passes;
  }

  it("LeNet's second layer at batch 64", async () => {
    expect(await checkDx([64, 6, 14, 14], [16, 6, 5, 5], { stride: [1, 1], pads: [0, 0, 0, 0], dilation: [1, 1], groups: 1 }, 800)).toBe(4);
  });

  it('strides (taps that miss), dilation, asymmetric pads and groups, at batch 8', async () => {
    expect(await checkDx([8, 4, 13, 11], [6, 2, 3, 3], { stride: [2, 3], pads: [1, 0, 2, 1], dilation: [2, 1], groups: 2 }, 801)).toBe(4);
  });
});

describe("the suite's product and convolution cases through the packed path", () => {
  const kernels = new Set<string>(['matmul', 'fusedMatmul', 'conv2d', 'fusedConv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter', 'conv2dTranspose']);
  for (const c of conformanceCases().filter((c) => kernels.has(c.kernel))) {
    it(`${c.kernel}: ${c.name}`, async (ctx) => {
      gemmPath.force = 'packed';
      const result = await c.run(backend, { skipDTypes: ['float64'], tolerance: WEBGL_TOLERANCE });
      if (result.status === 'skip') ctx.skip();
      expect(result.status, result.status === 'fail' ? result.message : '').toBe('pass');
    });
  }
});
