import { describe, expect, it } from 'vitest';
import { UseAfterFreeError, dispose, keep, memory, ones, tensor, tidy, zeros } from '../../src/index.js';

describe('memory', () => {
  it('tidy disposes what it created except the result', () => {
    const before = memory().tensors;
    const kept = tidy(() => {
      const a = ones([10]);
      const b = a.add(1);
      return b.mul(2);
    });
    expect(memory().tensors).toBe(before + 1);
    expect(kept.toArray()).toEqual(new Array(10).fill(4));
    kept.dispose();
    expect(memory().tensors).toBe(before);
  });

  it('tidy returns tensors inside arrays and objects, and nests', () => {
    const before = memory().tensors;
    const out = tidy(() => {
      const inner = tidy(() => ({ a: ones([2]), b: [zeros([2]), ones([1]).add(1)] }));
      return [inner.a, inner.b[1]!];
    });
    expect(memory().tensors).toBe(before + 2);
    dispose(out);
    expect(memory().tensors).toBe(before);
  });

  it('keep exempts a tensor from tidy', () => {
    const before = memory().tensors;
    let kept = zeros([1]);
    tidy(() => {
      kept.dispose();
      kept = keep(ones([3]));
      ones([3]);
    });
    expect(memory().tensors).toBe(before + 1);
    expect(kept.isDisposed).toBe(false);
    kept.dispose();
  });

  it('tidy disposes everything when the function throws', () => {
    const before = memory().tensors;
    expect(() => tidy(() => {
      ones([4]);
      throw new Error('boom');
    })).toThrow('boom');
    expect(memory().tensors).toBe(before);
  });

  it('rejects async functions', () => {
    expect(() => tidy((async () => ones([1])) as never)).toThrow(/synchronous/);
  });

  it('counts bytes once per storage, and views share storage', () => {
    const before = memory();
    const a = zeros([4, 4]);
    const v = a.reshape([16]);
    const after = memory();
    expect(after.tensors).toBe(before.tensors + 2);
    expect(after.bytes - before.bytes).toBe(64);
    a.dispose();
    expect(v.toArray()).toEqual(new Array(16).fill(0));
    v.dispose();
    expect(memory().bytes).toBe(before.bytes);
    expect(memory().devices.cpu!.backend.buffers).toBeGreaterThanOrEqual(0);
  });

  it('a disposed tensor cannot be used, and says so', () => {
    const t = tensor([1, 2]);
    t.dispose();
    t.dispose(); // idempotent
    expect(() => t.dataSync()).toThrow(UseAfterFreeError);
    expect(() => t.add(1)).toThrow(/add: input tensor #\d+ \[2\] float32 on cpu was disposed/);
  });

  it('assign swaps storage without changing identity', () => {
    const before = memory().tensors;
    const p = zeros([2]);
    const v = ones([2]);
    p.assign(v);
    v.dispose();
    expect(p.toArray()).toEqual([1, 1]);
    const wrong = ones([3]);
    expect(() => p.assign(wrong)).toThrow(/does not match/);
    wrong.dispose();
    p.dispose();
    expect(memory().tensors).toBe(before);
  });
});
