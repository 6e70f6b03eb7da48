import { describe, expect, it } from 'vitest';
import { BackendError, KernelTable, type TensorInfo } from '../src/index.js';

describe('KernelTable', () => {
  it('dispatches registered kernels with the backend, inputs and attrs', () => {
    const table = new KernelTable<{ tag: string }>('toy');
    const out: TensorInfo = { dataId: { backend: 'toy' }, shape: [2], dtype: 'float32' };
    let seen: unknown[] = [];
    table.register('fill', (backend, inputs, attrs) => {
      seen = [backend.tag, inputs, attrs];
      return out;
    });
    expect(table.has('fill')).toBe(true);
    expect(table.has('matmul')).toBe(false);
    expect(table.names()).toEqual(['fill']);
    expect(table.run({ tag: 'b' }, 'fill', {}, { shape: [2], dtype: 'float32', value: 1 })).toBe(out);
    expect(seen).toEqual(['b', {}, { shape: [2], dtype: 'float32', value: 1 }]);
  });

  it('throws a BackendError naming the kernel and the backend for a missing kernel', () => {
    const table = new KernelTable<object>('webgl');
    expect(() => table.run({}, 'conv2dTranspose', {} as never, {} as never)).toThrow(BackendError);
    expect(() => table.run({}, 'conv2dTranspose', {} as never, {} as never)).toThrow("kernel 'conv2dTranspose' is not implemented by backend 'webgl'");
  });
});
