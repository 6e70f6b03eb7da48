/**
 * The elementwise, creation and movement kernels beyond what the conformance suite checks on
 * WebGL: the float32/int parts of suite cases that are skipped whole because they also hold a
 * float64 check, multi-pass paths (concat of many inputs, scatter-add with many repeats), tensors
 * wider than one texture row, and the random stream bit for bit against @pistil/backend.
 */
import { DTypeError, ShapeError, normalAt, uniformAt, type DType, type KernelAttrs, type KernelName, type TensorInfo } from '@pistil/backend';
import { Rng, check, lit, rand, vec, type Check } from '@pistil/backend/testing/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebGLBackend } from '../src/index.js';
import { CONCAT_INPUTS_PER_PASS } from '../src/kernels/concat.js';
import { SCATTER_TERMS_PER_PASS } from '../src/kernels/scatter-add.js';
import { WEBGL_TOLERANCE } from './tolerance.js';

let backend: WebGLBackend;
beforeAll(() => {
  backend = new WebGLBackend();
});
afterAll(() => backend.destroy());

/** Runs checks against the suite's float64 reference, as a conformance case would. */
async function expectChecks<K extends KernelName>(kernel: K, name: string, make: () => Check<K>[]): Promise<void> {
  const result = await check(kernel, name, make).run(backend, { tolerance: WEBGL_TOLERANCE });
  expect(result.message ?? '').toBe('');
  expect(result.status).toBe('pass');
}

function upload(dtype: DType, shape: readonly number[], values: ArrayLike<number>): TensorInfo {
  const t = backend.empty(shape, dtype);
  const arr = dtype === 'float32' ? new Float32Array(values) : dtype === 'int32' ? new Int32Array(values) : new Uint8Array(values);
  backend.write(t.dataId, arr);
  return t;
}

function runAndRead<K extends KernelName>(kernel: K, inputs: Parameters<WebGLBackend['run']>[1], attrs: KernelAttrs<K>): number[] {
  const out = backend.run(kernel, inputs as never, attrs as never) as TensorInfo;
  const values = Array.from(backend.readSync(out.dataId));
  backend.dispose(out.dataId);
  return values;
}

const NUM = ['float32', 'int32', 'uint8', 'bool'] as const;

describe('float32 and int parts of suite cases that also hold float64', () => {
  it('unary isNaN, isInf, isFinite', () =>
    expectChecks('unary', 'tests', () => {
      const x = vec('float32', [NaN, Infinity, -Infinity, 0, -1, 1e30, -3e38, 2.5, -NaN]);
      return (['isNaN', 'isInf', 'isFinite'] as const).map((op) => ({ label: op, inputs: { x }, attrs: { op }, tol: 'exact' }));
    }));

  const pairs = (op: KernelAttrs<'binary'>['op'], dtype: DType, list: [number, number][]): Check<'binary'> => ({
    label: `${op} ${dtype} ${JSON.stringify(list)}`,
    inputs: { a: vec(dtype, list.map((p) => p[0])), b: vec(dtype, list.map((p) => p[1])) },
    attrs: { op },
    tol: op === 'pow' || op === 'atan2' ? 'transcendental' : 'arithmetic',
  });

  it('binary pow: C rules for bases ±1, negative bases', () =>
    expectChecks('binary', 'pow', () => [
      pairs('pow', 'float32', [[1, NaN], [1, Infinity], [1, -Infinity], [-1, Infinity], [-1, -Infinity], [NaN, 0], [1, 0.5], [-1, 3]]),
      pairs('pow', 'float32', [[-2, 3], [-2, 2], [-2, -1], [-0.5, -2], [-3, 0], [-1.5, 1], [-8, 1 / 3]]),
      pairs('pow', 'float32', [[0, 3], [-0, 3], [0, -3], [-0, -3], [-0, -2], [Infinity, 3], [-Infinity, 3], [-Infinity, -3], [-Infinity, 2], [2, 200], [2, -200], [10, 38]]),
    ]));

  it('binary float mod/floorDiv signs, and NaN/±Inf of every op', () => {
    const inf = Infinity;
    return expectChecks('binary', 'specials', () => [
      ...(['mod', 'floorDiv'] as const).map((op) => pairs(op, 'float32', [[5.5, 2], [-5.5, 2], [5.5, -2], [-5.5, -2], [3, 1.5], [-0.25, 4], [0, -3]])),
      pairs('add', 'float32', [[NaN, 1], [1, NaN], [inf, -inf], [inf, 1], [-inf, -inf]]),
      pairs('sub', 'float32', [[NaN, 1], [inf, inf], [inf, -inf], [1, inf]]),
      pairs('mul', 'float32', [[NaN, 2], [0, inf], [inf, -2], [-inf, -inf]]),
      pairs('div', 'float32', [[NaN, 2], [1, 0], [-1, 0], [0, 0], [1, inf], [inf, inf], [inf, 2]]),
      pairs('maximum', 'float32', [[NaN, 1], [1, NaN], [NaN, NaN], [inf, 1], [-inf, 1], [1, -inf]]),
      pairs('minimum', 'float32', [[NaN, 1], [1, NaN], [NaN, -inf], [inf, 1], [-inf, 1]]),
      pairs('pow', 'float32', [[NaN, 2], [2, NaN], [0, 0], [NaN, 0], [0, -1], [2, inf], [0.5, inf], [2, -inf], [inf, 2], [inf, -1]]),
      pairs('atan2', 'float32', [[NaN, 1], [1, NaN], [0, -1], [1, 0], [-1, 0], [inf, inf], [-inf, 1], [1, -inf], [-inf, -inf], [0, 0], [-3, -4]]),
      pairs('mod', 'float32', [[NaN, 2], [2, NaN], [7, inf], [-7, inf]]),
      pairs('floorDiv', 'float32', [[NaN, 2], [2, NaN], [1, 0], [-1, 0]]),
    ]);
  });

  it('binary on empty dims', () =>
    expectChecks('binary', 'empty', () => [
      { inputs: { a: lit([0, 3], 'float32', []), b: vec('float32', [1, 2, 3]) }, attrs: { op: 'add' }, tol: 'arithmetic' },
      { inputs: { a: lit([5, 1], 'float32', [1, 2, 3, 4, 5]), b: lit([0], 'float32', []) }, attrs: { op: 'mul' }, tol: 'arithmetic' },
      { inputs: { a: lit([0], 'int32', []), b: lit([], 'int32', [3]) }, attrs: { op: 'div' }, tol: 'exact' },
    ]));

  it('where, transpose, broadcastTo, slice, concat, gather on int32, uint8 and bool', () =>
    sequentially([
      () => expectChecks('where', 'dtypes', () => NUM.map((d) => ({ label: d, inputs: { condition: lit([2, 3], 'bool', [1, 0, 0, 1, 1, 0]), a: rand(rngOf(1), [2, 3], d), b: rand(rngOf(2), [1, 3], d) }, attrs: {}, tol: 'exact' }))),
      () => expectChecks('transpose', 'dtypes', () => NUM.map((d) => ({ label: d, inputs: { x: rand(rngOf(3), [2, 3, 4], d) }, attrs: { perm: [2, 0, 1] }, tol: 'exact' }))),
      () => expectChecks('broadcastTo', 'dtypes', () => NUM.map((d) => ({ label: d, inputs: { x: rand(rngOf(4), [2, 1], d) }, attrs: { shape: [3, 2, 4] }, tol: 'exact' }))),
      () => expectChecks('slice', 'dtypes', () => NUM.map((d) => ({ label: d, inputs: { x: rand(rngOf(5), [4, 6], d) }, attrs: { begin: [3, 1], size: [2, 3], step: [-2, 2] }, tol: 'exact' }))),
      () => expectChecks('concat', 'dtypes', () => NUM.map((d) => ({ label: d, inputs: { xs: [rand(rngOf(6), [2, 3], d), rand(rngOf(7), [2, 2], d), rand(rngOf(8), [2, 1], d)] }, attrs: { axis: 1 }, tol: 'exact' }))),
      () => expectChecks('gather', 'dtypes', () => NUM.map((d) => ({ label: d, inputs: { x: rand(rngOf(9), [4, 5], d), indices: lit([2, 2], 'int32', [4, 0, 2, 2]) }, attrs: { axis: 1 }, tol: 'exact' }))),
    ]));

  it('cast between every pair of stored dtypes, with NaN, ±Inf and range edges', () => {
    const SOURCE: Record<(typeof NUM)[number], number[]> = {
      float32: [0, -0, 1, -1, 2.7, -2.7, 0.5, -0.5, 254.9, 255.5, 256, -1.5, 1e10, -1e10, 2147483520, -2147483648, 1e30, NaN, Infinity, -Infinity, -NaN, 2147483648, -2147483904, 16777217, 0.99999994],
      int32: [0, 1, -1, 7, 255, 256, -300, 2147483647, -2147483648, 16777217, 16777219, -16777217, 2147483583, 2147483584],
      uint8: [0, 1, 127, 128, 255],
      bool: [0, 1],
    };
    return expectChecks('cast', 'pairs', () =>
      NUM.flatMap((from) => NUM.map((to): Check<'cast'> => ({ label: `${from} → ${to}`, inputs: { x: vec(from, SOURCE[from]) }, attrs: { dtype: to }, tol: 'exact' }))).concat([
        { label: 'random float32 → int32', inputs: { x: rand(rngOf(10), [3, 4, 5], 'float32', -1000, 1000) }, attrs: { dtype: 'int32' }, tol: 'exact' },
        { label: 'random float32 → uint8', inputs: { x: rand(rngOf(11), [40], 'float32', -10, 300) }, attrs: { dtype: 'uint8' }, tol: 'exact' },
        { label: 'scalar', inputs: { x: lit([], 'float32', [-3.9]) }, attrs: { dtype: 'int32' }, tol: 'exact' },
        { label: 'empty', inputs: { x: lit([0, 2], 'int32', []) }, attrs: { dtype: 'float32' }, tol: 'exact' },
      ]),
    );
  });

  it('fill of every stored dtype, NaN and ±Inf', () =>
    expectChecks('fill', 'dtypes', () =>
      ([['int32', -5], ['int32', 1e10], ['int32', -1e10], ['int32', NaN], ['uint8', 200], ['uint8', 300], ['uint8', -4], ['bool', 1], ['bool', 0], ['bool', NaN], ['float32', NaN], ['float32', Infinity], ['float32', -Infinity]] as const).map(
        ([dtype, value]): Check<'fill'> => ({ label: `${dtype} ${value}`, inputs: {}, attrs: { shape: [4], dtype, value }, tol: 'exact' }),
      ),
    ));
});

async function sequentially(runs: (() => Promise<void>)[]): Promise<void> {
  for (const r of runs) await r();
}

function rngOf(seed: number): Rng {
  return new Rng(seed);
}

describe('integer arithmetic at the edges of int32', () => {
  it('div, mod, floorDiv, pow wrap and truncate as the CPU backend', () => {
    const MIN = -2147483648, MAX = 2147483647;
    const a = [MIN, MIN, MIN, MAX, -7, 7, -7, 0, 5, MIN, 3, -3, 65536, 46341];
    const b = [-1, 1, 2, -1, 0, 0, 3, -5, 2147483647, MIN, 21, 21, 2, 2];
    const A = upload('int32', [a.length], a), B = upload('int32', [b.length], b);
    const trunc = (x: number, y: number) => (y === 0 ? 0 : (x / y) | 0);
    const pymod = (x: number, y: number) => {
      if (y === 0) return 0;
      const r = x % y;
      return (r !== 0 && (r ^ y) < 0 ? r + y : r) | 0;
    };
    const floorDiv = (x: number, y: number) => (y === 0 ? 0 : Math.floor(x / y) | 0);
    const pow = (x: number, y: number) => Number(BigInt.asIntN(32, BigInt(x) ** BigInt(Math.max(y, 0))));
    expect(runAndRead('binary', { a: A, b: B }, { op: 'div' })).toEqual(a.map((x, i) => trunc(x, b[i]!)));
    expect(runAndRead('binary', { a: A, b: B }, { op: 'mod' })).toEqual(a.map((x, i) => pymod(x, b[i]!)));
    expect(runAndRead('binary', { a: A, b: B }, { op: 'floorDiv' })).toEqual(a.map((x, i) => floorDiv(x, b[i]!)));
    expect(runAndRead('binary', { a: A, b: B }, { op: 'mul' })).toEqual(a.map((x, i) => Math.imul(x, b[i]!)));
    expect(runAndRead('binary', { a: A, b: B }, { op: 'add' })).toEqual(a.map((x, i) => (x + b[i]!) | 0));
    const e = upload('int32', [b.length], b.map((y) => Math.abs(y % 40)));
    expect(runAndRead('binary', { a: A, b: e }, { op: 'pow' })).toEqual(a.map((x, i) => pow(x, Math.abs(b[i]! % 40))));
    expect(runAndRead('unary', { x: A }, { op: 'neg' })).toEqual(a.map((x) => -x | 0));
    expect(runAndRead('unary', { x: A }, { op: 'abs' })).toEqual(a.map((x) => Math.abs(x) | 0));
    expect(runAndRead('unary', { x: A }, { op: 'square' })).toEqual(a.map((x) => Math.imul(x, x)));
    expect(runAndRead('unary', { x: A }, { op: 'clamp', alpha: -2.5, beta: 1e12 })).toEqual(a.map((x) => Math.max(x, -2)));
    for (const t of [A, B, e]) backend.dispose(t.dataId);
  });

  it('uint8 arithmetic keeps the low 8 bits', () => {
    const a = [0, 1, 200, 255, 17], b = [1, 255, 100, 255, 3];
    const A = upload('uint8', [5], a), B = upload('uint8', [5], b);
    expect(runAndRead('binary', { a: A, b: B }, { op: 'sub' })).toEqual(a.map((x, i) => (x - b[i]!) & 255));
    expect(runAndRead('binary', { a: A, b: B }, { op: 'mul' })).toEqual(a.map((x, i) => (x * b[i]!) & 255));
    expect(runAndRead('binary', { a: A, b: B }, { op: 'pow' })).toEqual(a.map((x, i) => Number(BigInt.asUintN(8, BigInt(x) ** BigInt(b[i]!)))));
    expect(() => backend.run('unary', { x: A }, { op: 'neg' })).toThrow(DTypeError);
    backend.dispose(A.dataId);
    backend.dispose(B.dataId);
  });
});

describe('float mod and floorDiv are exact near multiples of the divisor', () => {
  it('matches Python on quotients far from small', () => {
    const a: number[] = [], b: number[] = [];
    const r = rngOf(12);
    for (let i = 0; i < 500; i++) {
      const y = Math.fround((r.bool() ? 1 : -1) * r.uniform(0.01, 3));
      const q = r.int(-100000, 100000);
      // Multiples of y and their float32 neighbours: where a − y·floor(a/y) goes wrong.
      const x = Math.fround(q * y);
      a.push(x, Math.fround(x * (1 + 2 ** -23)), Math.fround(x * (1 - 2 ** -23)));
      b.push(y, y, y);
    }
    const A = upload('float32', [a.length], a), B = upload('float32', [b.length], b);
    const mod = runAndRead('binary', { a: A, b: B }, { op: 'mod' });
    const fdiv = runAndRead('binary', { a: A, b: B }, { op: 'floorDiv' });
    a.forEach((x, i) => {
      const y = b[i]!;
      let m = x % y; // exact in float64 for float32 operands, as fmod
      if (m !== 0 && m < 0 !== y < 0) m += y;
      expect(mod[i]).toBe(m === 0 ? (y < 0 ? -0 : 0) : Math.fround(m));
      // floor(x / y) of the exact quotient: x = q·y + m exactly.
      expect(fdiv[i]! + 0).toBe(Math.fround(Math.round((x - (x % y)) / y) - (x % y !== 0 && x % y < 0 !== y < 0 ? 1 : 0)) + 0); // ±0 alike
    });
    backend.dispose(A.dataId);
    backend.dispose(B.dataId);
  });
});

describe('multi-pass and large tensors', () => {
  it(`concat of 20 inputs (more than ${CONCAT_INPUTS_PER_PASS} per pass), along a middle axis`, async () => {
    const xs: TensorInfo[] = [];
    const expected: number[][] = [[], []];
    for (let k = 0; k < 20; k++) {
      const n = k % 3; // some pieces empty
      const values = Array.from({ length: 2 * n * 2 }, (_, i) => k * 100 + i);
      xs.push(upload('float32', [2, n, 2], values));
      for (let o = 0; o < 2; o++) expected[o]!.push(...values.slice(o * n * 2, (o + 1) * n * 2));
    }
    const before = backend.memory().buffers;
    const out = backend.run('concat', { xs }, { axis: 1 });
    expect(backend.memory().buffers).toBe(before + 1); // intermediates freed
    expect(out.shape).toEqual([2, 19, 2]);
    expect(Array.from(await backend.read(out.dataId))).toEqual([...expected[0]!, ...expected[1]!]);
    backend.dispose(out.dataId);
    for (const x of xs) backend.dispose(x.dataId);
  });

  it('broadcasts into a tensor spanning many texture rows', () => {
    const rows = 300, cols = 3001; // 900,300 elements: more than one row of MAX_TEXTURE_SIZE texels
    const a = Array.from({ length: rows }, (_, i) => i);
    const b = Array.from({ length: cols }, (_, j) => j * 1000);
    const A = upload('int32', [rows, 1], a), B = upload('int32', [1, cols], b);
    const sum = backend.run('binary', { a: A, b: B }, { op: 'add' });
    const got = backend.readSync(sum.dataId);
    expect(got.length).toBe(rows * cols);
    let bad = 0;
    for (let i = 0; i < rows; i++) for (let j = 0; j < cols; j++) if (got[i * cols + j] !== i + j * 1000) bad++;
    expect(bad).toBe(0);
    const t = backend.run('transpose', { x: sum }, { perm: [1, 0] });
    const tv = backend.readSync(t.dataId);
    for (const [i, j] of [[0, 0], [299, 3000], [17, 2999], [150, 1]] as const) expect(tv[j * rows + i]).toBe(i + j * 1000);
    for (const x of [A, B, sum, t]) backend.dispose(x.dataId);
  });

  it(`scatterAdd with more than ${SCATTER_TERMS_PER_PASS} repeats in one slot sums in index order (several passes)`, () => {
    const n = SCATTER_TERMS_PER_PASS * 2 + 123;
    const idx = Array.from({ length: n }, (_, t) => (t % 5 === 0 ? 2 : 0));
    const upd = Array.from({ length: n * 2 }, (_, i) => Math.fround(Math.sin(i) * 1000 / 7));
    const I = upload('int32', [n], idx), U = upload('float32', [n, 2], upd);
    const got = runAndRead('scatterAdd', { updates: U, indices: I }, { axis: 0, shape: [3, 2] });
    const want = new Float32Array(6); // the CPU backend's order: t = 0, 1, … with a float32 store each time
    for (let t = 0; t < n; t++) for (let j = 0; j < 2; j++) want[idx[t]! * 2 + j] += upd[t * 2 + j]!;
    expect(got).toEqual(Array.from(want));
    const UI = upload('int32', [n, 2], upd.map((v) => Math.round(v * 1e5)));
    const gotInt = runAndRead('scatterAdd', { updates: UI, indices: I }, { axis: 0, shape: [3, 2] });
    const wantInt = new Int32Array(6);
    for (let t = 0; t < n; t++) for (let j = 0; j < 2; j++) wantInt[idx[t]! * 2 + j] += Math.round(upd[t * 2 + j]! * 1e5);
    expect(gotInt).toEqual(Array.from(wantInt));
    for (const x of [I, U, UI]) backend.dispose(x.dataId);
  });

  it('gather and scatterAdd reject bad indices before running anything, and leak nothing', () => {
    const x = upload('float32', [4, 3], new Array(12).fill(1));
    const updates = upload('float32', [2, 3], new Array(6).fill(1));
    const bad = upload('int32', [2], [1, 4]);
    const before = backend.memory().buffers;
    expect(() => backend.run('gather', { x, indices: bad }, { axis: 0 })).toThrow(ShapeError);
    expect(() => backend.run('scatterAdd', { updates, indices: bad }, { axis: 0, shape: [4, 3] })).toThrow(/index 4 at position \[1\]/);
    expect(backend.memory().buffers).toBe(before);
    for (const t of [x, updates, bad]) backend.dispose(t.dataId);
  });
});

describe('random', () => {
  it('uniform [0, 1) is bit-exact with uniformAt on 10,000 elements, for several seeds', async () => {
    for (const seed of [0, 42, 4294967295, 123456789]) {
      const out = backend.run('random', {}, { shape: [100, 100], dtype: 'float32', distribution: 'uniform', a: 0, b: 1, seed });
      const got = await backend.read(out.dataId);
      backend.dispose(out.dataId);
      let mismatches = 0;
      for (let i = 0; i < 10000; i++) if (got[i] !== uniformAt(seed, i)) mismatches++;
      expect(mismatches).toBe(0);
    }
  });

  it('normal matches normalAt to float32 rounding of log, sqrt and cos', async () => {
    const out = backend.run('random', {}, { shape: [10000], dtype: 'float32', distribution: 'normal', a: 0, b: 1, seed: 9 });
    const got = await backend.read(out.dataId);
    backend.dispose(out.dataId);
    let worst = 0;
    for (let i = 0; i < 10000; i++) worst = Math.max(worst, Math.abs(got[i]! - normalAt(9, i)) / (1 + Math.abs(normalAt(9, i))));
    expect(worst).toBeLessThan(5e-6);
  });

  it('reuses one program whatever the seed and range (they are uniforms)', () => {
    const run = (seed: number, a: number) => backend.dispose(backend.run('random', {}, { shape: [7], dtype: 'float32', distribution: 'uniform', a, b: a + 1, seed }).dataId);
    run(1, 0);
    const programs = backend.programCount();
    run(2, 5);
    run(3, -1);
    expect(backend.programCount()).toBe(programs);
  });
});

describe('accuracy of the transcendental unary ops', () => {
  it('stays within 2e-6 of float64 on their domains (tighter than the suite asks)', () => {
    const n = 4001;
    const cases: [KernelAttrs<'unary'>['op'], number, number, (x: number) => number][] = [
      ['sin', -100, 100, Math.sin], ['cos', -100, 100, Math.cos], ['tan', -1.5, 1.5, Math.tan],
      ['expm1', -3, 3, Math.expm1], ['log1p', -0.99, 10, Math.log1p], ['tanh', -10, 10, Math.tanh],
      ['sinh', -10, 10, Math.sinh], ['cosh', -10, 10, Math.cosh], ['asinh', -100, 100, Math.asinh],
      ['acosh', 1, 100, Math.acosh], ['atanh', -0.999, 0.999, Math.atanh], ['acos', -1, 1, Math.acos],
      ['sigmoid', -30, 30, (x) => 1 / (1 + Math.exp(-x))], ['softplus', -30, 30, (x) => Math.log1p(Math.exp(-Math.abs(x))) + Math.max(x, 0)],
    ];
    for (const [op, lo, hi, f] of cases) {
      const xs = Array.from({ length: n }, (_, i) => Math.fround(lo + ((hi - lo) * i) / (n - 1)));
      const X = upload('float32', [n], xs);
      const got = runAndRead('unary', { x: X }, { op });
      backend.dispose(X.dataId);
      let worst = 0;
      xs.forEach((x, i) => (worst = Math.max(worst, Math.abs(got[i]! - f(x)) / (1 + Math.abs(f(x))))));
      expect({ op, worst: worst < 2e-6 ? 'ok' : worst }).toEqual({ op, worst: 'ok' });
    }
  });

  it('erf and gelu stay within the arithmetic tolerance (1e-6) of the float64 reference', async () => {
    const xs = Array.from({ length: 2001 }, (_, i) => Math.fround(-6 + (12 * i) / 2000));
    await expectChecks('unary', 'erf gelu', () => [
      { label: 'erf', inputs: { x: vec('float32', xs) }, attrs: { op: 'erf' }, tol: 'arithmetic' },
      { label: 'gelu', inputs: { x: vec('float32', xs) }, attrs: { op: 'gelu' }, tol: 'arithmetic' },
    ]);
  });
});

