import { describe, expect, it } from 'vitest';
import { DTypeError, Generator, Linear, ShapeError, init, memory, zeros } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

function moments(t: Tensor): { mean: number; std: number; min: number; max: number } {
  const v = t.dataSync();
  let s = 0;
  let min = Infinity;
  let max = -Infinity;
  for (const x of v) {
    s += x;
    min = Math.min(min, x);
    max = Math.max(max, x);
  }
  const mean = s / v.length;
  let ss = 0;
  for (const x of v) ss += (x - mean) ** 2;
  return { mean, std: Math.sqrt(ss / (v.length - 1)), min, max };
}

/** A [fanOut-ish, fanIn-ish, 3, 3] conv weight: fanIn = 64·9 = 576, fanOut = 128·9 = 1152 (73,728 values). */
const convShape = [128, 64, 3, 3];
const fanIn = 576;
const fanOut = 1152;

function expectUniform(t: Tensor, bound: number): void {
  const m = moments(t);
  expect(m.min).toBeGreaterThanOrEqual(-bound);
  expect(m.max).toBeLessThanOrEqual(bound);
  expect(m.max).toBeGreaterThan(0.99 * bound);
  expect(Math.abs(m.std / (bound / Math.sqrt(3)) - 1)).toBeLessThan(0.02);
}

function expectNormal(t: Tensor, std: number): void {
  const m = moments(t);
  expect(Math.abs(m.mean)).toBeLessThan(0.02 * std);
  expect(Math.abs(m.std / std - 1)).toBeLessThan(0.02);
}

describe('init', () => {
  it('calculateGain follows PyTorch\'s table', () => {
    for (const n of ['linear', 'conv2d', 'convTranspose2d', 'sigmoid', 'identity'] as const) expect(init.calculateGain(n)).toBe(1);
    expect(init.calculateGain('tanh')).toBeCloseTo(5 / 3, 15);
    expect(init.calculateGain('relu')).toBeCloseTo(Math.SQRT2, 15);
    expect(init.calculateGain('leakyRelu')).toBeCloseTo(Math.sqrt(2 / (1 + 0.01 ** 2)), 15);
    expect(init.calculateGain('leakyRelu', Math.sqrt(5))).toBeCloseTo(Math.sqrt(1 / 3), 15);
    expect(init.calculateGain('selu')).toBe(0.75);
    expect(() => init.calculateGain('swish' as 'relu')).toThrow(/unsupported nonlinearity 'swish'/);
  });

  it('xavier: U(±gain·√(6/(fanIn+fanOut))) and N(0, gain²·2/(fanIn+fanOut))', () => {
    expectUniform(init.xavierUniform_(zeros(convShape)), Math.sqrt(6 / (fanIn + fanOut)));
    expectUniform(init.xavierUniform_(zeros(convShape), { gain: 2 }), 2 * Math.sqrt(6 / (fanIn + fanOut)));
    expectNormal(init.xavierNormal_(zeros(convShape)), Math.sqrt(2 / (fanIn + fanOut)));
  });

  it('kaiming: gain/√fan with mode and nonlinearity', () => {
    expectUniform(init.kaimingUniform_(zeros(convShape)), Math.sqrt(2) * Math.sqrt(3 / fanIn));
    expectUniform(init.kaimingUniform_(zeros(convShape), { mode: 'fanOut', nonlinearity: 'relu' }), Math.sqrt(2) * Math.sqrt(3 / fanOut));
    expectUniform(init.kaimingUniform_(zeros(convShape), { a: Math.sqrt(5) }), 1 / Math.sqrt(fanIn));
    expectNormal(init.kaimingNormal_(zeros(convShape)), Math.sqrt(2 / fanIn));
    expectNormal(init.kaimingNormal_(zeros(convShape), { nonlinearity: 'tanh', mode: 'fanOut' }), (5 / 3) / Math.sqrt(fanOut));
    expect(() => init.kaimingUniform_(zeros(convShape), { mode: 'fan_in' as 'fanIn' })).toThrow(/mode must be 'fanIn' or 'fanOut'/);
  });

  it('lecun: variance 1/fanIn', () => {
    expectUniform(init.lecunUniform_(zeros(convShape)), Math.sqrt(3 / fanIn));
    expectNormal(init.lecunNormal_(zeros(convShape)), Math.sqrt(1 / fanIn));
  });

  it('uniform_, normal_, constant_, zeros_, ones_', () => {
    expectUniform(init.uniform_(zeros([50000]), -3, 3), 3);
    const u = moments(init.uniform_(zeros([50000]), 2, 5));
    expect(u.min).toBeGreaterThanOrEqual(2);
    expect(u.max).toBeLessThan(5);
    const n = moments(init.normal_(zeros([50000]), 4, 0.5));
    expect(Math.abs(n.mean - 4)).toBeLessThan(0.01);
    expect(Math.abs(n.std / 0.5 - 1)).toBeLessThan(0.02);
    expect(Array.from(init.constant_(zeros([3]), 2.5).dataSync())).toEqual([2.5, 2.5, 2.5]);
    expect(Array.from(init.ones_(zeros([2], { dtype: 'int32' })).dataSync())).toEqual([1, 1]);
    expect(Array.from(init.zeros_(init.ones_(zeros([2]))).dataSync())).toEqual([0, 0]);
  });

  it('fills in place (same tensor, same identity, not recorded), reproducible with a Generator, no tensors left over', () => {
    const lin = new Linear(3, 2);
    const w = lin.weight;
    const before = memory().tensors;
    const out = init.xavierNormal_(w, { generator: new Generator(9) });
    expect(out).toBe(w);
    expect(lin.weight).toBe(w);
    expect(w.isLeaf && w.requiresGrad).toBe(true);
    expect(memory().tensors).toBe(before);
    const first = Array.from(w.dataSync());
    init.xavierNormal_(w, { generator: new Generator(9) });
    expect(Array.from(w.dataSync())).toEqual(first);
    expect(init.kaimingUniform_(zeros([0, 3]))).toBeDefined();
  });

  it('errors: fewer than 2 dims for fans, integer tensors for random fills, bad ranges', () => {
    expect(() => init.xavierUniform_(zeros([5]))).toThrow(ShapeError);
    expect(() => init.kaimingNormal_(zeros([5]))).toThrow(/init.kaimingNormal_: fan in and fan out need a tensor of 2 or more dims, got \[5\]/);
    expect(() => init.normal_(zeros([2], { dtype: 'int32' }))).toThrow(DTypeError);
    expect(() => init.uniform_(zeros([2]), 1, 0)).toThrow(/need finite a ≤ b/);
    expect(() => init.normal_(zeros([2]), 0, -1)).toThrow(/std ≥ 0/);
  });
});
