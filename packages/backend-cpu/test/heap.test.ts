import { BackendError } from '@pistil/backend';
import { describe, expect, it } from 'vitest';
import { CpuBackend, Heap, blockSize } from '../src/index.js';

describe('Heap', () => {
  it('hands out 64-byte aligned, non-overlapping blocks', () => {
    const heap = new Heap();
    const blocks = [1, 3, 64, 65, 100, 4097, 10000].map((bytes) => ({ ptr: heap.alloc(bytes), bytes }));
    for (const { ptr } of blocks) expect(ptr % 64).toBe(0);
    const sorted = [...blocks].sort((a, b) => a.ptr - b.ptr);
    for (let i = 1; i < sorted.length; i++) expect(sorted[i]!.ptr).toBeGreaterThanOrEqual(sorted[i - 1]!.ptr + sorted[i - 1]!.bytes);
    expect(heap.stats().blocks).toBe(blocks.length);
    expect(heap.stats().bytes).toBe(blocks.reduce((s, b) => s + b.bytes, 0));
  });

  it('reuses a freed block of the same size class', () => {
    const heap = new Heap();
    const a = heap.alloc(1000);
    heap.alloc(8); // keeps `a` off the top, so it goes to a free list
    heap.free(a, 1000);
    expect(heap.alloc(1000 - 7)).toBe(a);
  });

  it('reuses the most recently freed block of a class first', () => {
    const heap = new Heap();
    const a = heap.alloc(500), b = heap.alloc(500);
    heap.alloc(8);
    heap.free(a, 500);
    heap.free(b, 500);
    expect(heap.alloc(500)).toBe(b);
    expect(heap.alloc(500)).toBe(a);
  });

  it('never hands out a free block the top was pulled down over', () => {
    const heap = new Heap();
    const a = heap.alloc(100), b = heap.alloc(100);
    heap.free(a, 100); // listed as free
    heap.free(b, 100); // the top falls past b, then past a
    const x = heap.alloc(200); // another class, bumped where a was
    expect(x).toBe(a);
    const y = heap.alloc(100); // a's stale entry must not be reused: it is inside x
    expect(y).toBeGreaterThanOrEqual(x + 200);
    heap.free(y, 100);
    heap.free(x, 200);
    expect(heap.stats()).toMatchObject({ blocks: 0, bytes: 0 });
  });

  it('lowers the top when the topmost blocks are freed', () => {
    const heap = new Heap();
    const top0 = heap.stats().top;
    const a = heap.alloc(5000), b = heap.alloc(300);
    heap.free(a, 5000);
    expect(heap.stats().top).toBeGreaterThan(top0);
    heap.free(b, 300); // frees the top, which then falls past the free block below it
    expect(heap.stats().top).toBe(top0);
    expect(heap.stats().blocks).toBe(0);
  });

  it('size classes round up by at most 1/8 above 4 KiB', () => {
    expect(blockSize(0)).toBe(0);
    expect(blockSize(1)).toBe(64);
    expect(blockSize(4096)).toBe(4096);
    for (const n of [4097, 5000, 65537, 1e6 + 3, 123456789]) {
      const s = blockSize(n);
      expect(s).toBeGreaterThanOrEqual(n);
      expect(s).toBeLessThanOrEqual(n * 1.125);
      expect(s % 64).toBe(0);
    }
  });

  it('zero-size allocations return pointer 0 and cost nothing', () => {
    const heap = new Heap();
    const top = heap.stats().top;
    expect(heap.alloc(0)).toBe(0);
    heap.free(0, 0);
    expect(heap.stats()).toMatchObject({ blocks: 0, top });
  });

  it('grows the memory and keeps existing data', () => {
    const heap = new Heap({ initialPages: 1 });
    const p = heap.alloc(1000);
    new Float32Array(heap.buffer, p, 250).set(Array.from({ length: 250 }, (_, i) => i * 0.5));
    const before = heap.buffer.byteLength;
    heap.alloc(5_000_000);
    expect(heap.buffer.byteLength).toBeGreaterThan(before);
    const view = new Float32Array(heap.buffer, p, 250);
    expect(view[0]).toBe(0);
    expect(view[249]).toBe(124.5);
  });

  it('throws a BackendError past the 4 GiB limit without breaking the heap', () => {
    const heap = new Heap();
    expect(() => heap.alloc(2 ** 32)).toThrow(BackendError);
    expect(() => heap.alloc(2 ** 32)).toThrow(/cpu: out of memory: requested 4294967296 bytes/);
    expect(heap.alloc(64)).toBeGreaterThan(0);
  });

  it('throws a BackendError when a smaller maximum is reached', () => {
    const heap = new Heap({ initialPages: 1, maximumPages: 4 });
    heap.alloc(200_000);
    expect(() => heap.alloc(100_000)).toThrow(/out of memory: requested 100000 bytes/);
    expect(heap.stats().blocks).toBe(1);
  });

  it('uses shared memory when SharedArrayBuffer exists, and can be told not to', () => {
    expect(new Heap().buffer).toBeInstanceOf(SharedArrayBuffer);
    const plain = new Heap({ shared: false });
    expect(plain.shared).toBe(false);
    expect(plain.buffer).toBeInstanceOf(ArrayBuffer);
  });
});

describe('CpuBackend storage', () => {
  it('writes, reads copies, and counts memory', async () => {
    const b = new CpuBackend();
    const id = b.alloc('float32', 3);
    b.write(id, new Float32Array([1, 2, 3]));
    const copy = b.readSync(id);
    expect(copy).toBeInstanceOf(Float32Array);
    copy[0] = 99;
    expect(Array.from(await b.read(id))).toEqual([1, 2, 3]);
    expect(b.memory()).toMatchObject({ buffers: 1, bytes: 12 });
    expect(b.memory().reservedBytes).toBeGreaterThanOrEqual(12);
    b.dispose(id);
    expect(b.memory()).toMatchObject({ buffers: 0, bytes: 0 });
  });

  it('reads keep working after the heap grows under them', () => {
    const b = new CpuBackend({ initialPages: 1 });
    const id = b.alloc('float64', 4);
    b.write(id, new Float64Array([1.5, -2, 3, 4]));
    b.alloc('float32', 3_000_000);
    expect(Array.from(b.readSync(id))).toEqual([1.5, -2, 3, 4]);
  });

  it('stores bool as 0/1 and converts other arrays on write', () => {
    const b = new CpuBackend();
    const id = b.alloc('bool', 3);
    b.write(id, new Float32Array([0, 2, NaN]));
    expect(Array.from(b.readSync(id))).toEqual([0, 1, 1]);
  });

  it('zero-size buffers work', async () => {
    const b = new CpuBackend();
    const id = b.alloc('int32', 0);
    b.write(id, new Int32Array(0));
    expect((await b.read(id)).length).toBe(0);
    b.dispose(id);
  });

  it('rejects use after dispose, double dispose, foreign ids and wrong sizes', async () => {
    const b = new CpuBackend();
    const id = b.alloc('float32', 2);
    expect(() => b.write(id, new Float32Array(3))).toThrow(/write of 3 values into a buffer of 2/);
    b.dispose(id);
    expect(() => b.dispose(id)).toThrow(BackendError);
    expect(() => b.readSync(id)).toThrow(/after it was disposed/);
    await expect(b.read(id)).rejects.toThrow(BackendError);
    expect(() => b.readSync(new CpuBackend().alloc('float32', 1))).toThrow(/does not belong to this backend/);
  });

  it('reports out of memory as a BackendError', () => {
    const b = new CpuBackend();
    expect(() => b.alloc('float64', 2 ** 30)).toThrow(/cpu: out of memory/);
    expect(b.memory().buffers).toBe(0);
  });

  it('has every kernel of the contract', async () => {
    const { KERNEL_NAMES } = await import('@pistil/backend');
    const b = new CpuBackend();
    for (const k of KERNEL_NAMES) expect(b.hasKernel(k)).toBe(true);
  });

  it('registers itself as cpu on import', async () => {
    const { getBackend, registeredBackends } = await import('@pistil/backend');
    expect(registeredBackends().find((e) => e.name === 'cpu')?.priority).toBe(1);
    expect(getBackend('cpu')).toBeInstanceOf(CpuBackend);
  });
});

describe('CpuBackend kernels and memory', () => {
  it('frees a kernel output when the kernel throws after allocating it', () => {
    const b = new CpuBackend();
    const x = b.alloc('float32', 4);
    const before = b.memory();
    // The tensor claims 6 elements on a buffer of 4: caught when the kernel takes its view.
    expect(() => b.run('unary', { x: { dataId: x, shape: [6], dtype: 'float32' } }, { op: 'exp' })).toThrow(/6 elements\) on a buffer of 4/);
    expect(b.memory()).toEqual(before);
  });
});
