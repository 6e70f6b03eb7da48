import { BackendError, DTypeError, ShapeError, getBackend, initBackend } from '@pistil/backend';
import { afterEach, describe, expect, it } from 'vitest';
import { WebGLBackend, restartWebGLBackend } from '../src/index.js';

const made: WebGLBackend[] = [];
function fresh(): WebGLBackend {
  const b = new WebGLBackend();
  made.push(b);
  return b;
}
afterEach(() => {
  for (const b of made.splice(0)) b.destroy();
});

describe('storage', () => {
  it('writes and reads back every dtype it stores, exactly, through both read paths', async () => {
    const b = fresh();
    const cases = [
      ['float32', Float32Array.from([1.5, -0, NaN, Infinity, -Infinity, 3.4e38, 1e-45, -2.25])],
      ['int32', Int32Array.from([0, -1, 2147483647, -2147483648, 123456789, 16777217])],
      ['uint8', Uint8Array.from([0, 1, 127, 128, 255])],
      ['bool', Uint8Array.from([1, 0, 0, 1])],
    ] as const;
    for (const [dtype, values] of cases) {
      const id = b.alloc(dtype, values.length);
      b.write(id, values);
      const sync = b.readSync(id);
      const async = await b.read(id);
      expect(sync.constructor).toBe(values.constructor);
      expect(Array.from(sync)).toEqual(Array.from(values));
      expect(Array.from(async)).toEqual(Array.from(values));
      b.dispose(id);
    }
  });

  it('stores bools as 0/1 whatever is written', () => {
    const b = fresh();
    const id = b.alloc('bool', 3);
    b.write(id, Uint8Array.from([0, 7, 255]));
    expect(Array.from(b.readSync(id))).toEqual([0, 1, 1]);
  });

  it('holds tensors longer than a texture row (several rows, a partial last one)', async () => {
    const b = fresh();
    const n = b.maxTextureSize * 2 + 5;
    const values = Float32Array.from({ length: n }, (_, i) => i * 0.5 - 7);
    const id = b.alloc('float32', n);
    b.write(id, values);
    expect(await b.read(id)).toEqual(values);
  });

  it('keeps zero-size tensors without a texture', async () => {
    const b = fresh();
    const before = b.textureCount();
    const id = b.alloc('float32', 0);
    b.write(id, new Float32Array(0));
    expect((await b.read(id)).length).toBe(0);
    expect(b.textureCount()).toBe(before);
    b.dispose(id);
  });

  it('refuses float64, bad sizes, wrong lengths, foreign and disposed buffers with typed errors', () => {
    const b = fresh();
    const other = fresh();
    expect(() => b.alloc('float64', 3)).toThrow(DTypeError);
    expect(() => b.alloc('float64', 3)).toThrow(/float64.*cpu/);
    expect(() => b.alloc('float32', -1)).toThrow(ShapeError);
    expect(() => b.alloc('float32', 1.5)).toThrow(ShapeError);
    const id = b.alloc('float32', 4);
    expect(() => b.write(id, new Float32Array(3))).toThrow(/write of 3 values into a buffer of 4/);
    expect(() => other.readSync(id)).toThrow(/another instance/);
    expect(() => b.readSync({ backend: 'cpu' })).toThrow(/belongs to backend 'cpu'/);
    b.dispose(id);
    expect(() => b.dispose(id)).toThrow(/disposed/);
    expect(() => b.readSync(id)).toThrow(BackendError);
  });
});

describe('memory accounting and texture reuse', () => {
  it('counts live buffers and bytes, and reuses freed textures of the same size', () => {
    const b = fresh();
    expect(b.memory()).toEqual({ buffers: 0, bytes: 0, reservedBytes: 0 });
    const a = b.alloc('float32', 100);
    const c = b.alloc('int32', 10);
    expect(b.memory()).toEqual({ buffers: 2, bytes: 440, reservedBytes: 440 });
    expect(b.textureCount()).toBe(2);
    b.dispose(a);
    expect(b.memory()).toEqual({ buffers: 1, bytes: 40, reservedBytes: 440 });
    // A step that frees and allocates the same shapes creates no texture after the first time.
    for (let i = 0; i < 50; i++) b.dispose(b.alloc('float32', 100));
    expect(b.textureCount()).toBe(2);
    // Another format or size is another texture.
    b.dispose(b.alloc('int32', 100));
    expect(b.textureCount()).toBe(3);
    b.releaseUnusedTextures();
    expect(b.textureCount()).toBe(1);
    expect(b.memory()).toEqual({ buffers: 1, bytes: 40, reservedBytes: 40 });
    b.dispose(c);
  });

  it('frees what a kernel allocated when it throws', () => {
    const b = fresh();
    expect(() => b.run('fill', {}, { shape: [2, -1], dtype: 'float32', value: 1 })).toThrow(ShapeError);
    expect(b.memory().buffers).toBe(0);
  });
});

describe('asynchronous readback', () => {
  it('returns before the GPU is done and gives the same values as readSync', async () => {
    const b = fresh();
    const out = b.run('fill', {}, { shape: [64, 64], dtype: 'float32', value: 2.5 });
    const pending = b.read(out.dataId);
    let settled = false;
    void pending.then(() => (settled = true));
    expect(settled).toBe(false); // a promise, not a value computed on the spot
    const values = await pending;
    expect(values.length).toBe(4096);
    expect(values.every((v) => v === 2.5)).toBe(true);
    expect(b.readSync(out.dataId)).toEqual(values);
  });

  it('a read in flight is unaffected by disposing (and reusing) the texture afterwards', async () => {
    const b = fresh();
    const first = b.run('fill', {}, { shape: [1000], dtype: 'float32', value: 1 });
    const pending = b.read(first.dataId);
    b.dispose(first.dataId);
    const second = b.run('fill', {}, { shape: [1000], dtype: 'float32', value: 9 }); // the same pooled texture
    expect((await pending).every((v) => v === 1)).toBe(true);
    expect(b.readSync(second.dataId).every((v) => v === 9)).toBe(true);
  });
});

describe('start-up and context loss', () => {
  it('says why it cannot start when WebGL2 is missing', () => {
    const noWebGL2 = { getContext: () => null, addEventListener() {}, removeEventListener() {} } as unknown as HTMLCanvasElement;
    expect(() => new WebGLBackend({ canvas: noWebGL2 })).toThrow(/WebGL2 is not available/);
  });

  it('says why it cannot start when float render targets are missing', () => {
    const real = document.createElement('canvas').getContext('webgl2')!;
    const noFloat = new Proxy(real, {
      get: (target, key) => (key === 'getExtension' ? () => null : Reflect.get(target, key, target)),
    });
    const canvas = { getContext: () => noFloat, addEventListener() {}, removeEventListener() {} } as unknown as HTMLCanvasElement;
    expect(() => new WebGLBackend({ canvas })).toThrow(/EXT_color_buffer_float/);
  });

  it('throws an error that says the context was lost, and restartWebGLBackend gives a working one', async () => {
    restartWebGLBackend();
    const b = (await initBackend('webgl')) as WebGLBackend;
    const id = b.alloc('float32', 4);
    b.write(id, Float32Array.from([1, 2, 3, 4]));
    const lose = b.gl.getExtension('WEBGL_lose_context')!;
    lose.loseContext();
    await new Promise((r) => setTimeout(r, 50)); // the event is delivered asynchronously
    expect(b.contextLost).toBe(true);
    expect(() => b.readSync(id)).toThrow(/context was lost/);
    expect(() => b.run('fill', {}, { shape: [2], dtype: 'float32', value: 0 })).toThrow(/restartWebGLBackend/);
    expect(() => b.dispose(id)).not.toThrow(); // freeing is always allowed
    restartWebGLBackend();
    const again = getBackend('webgl') as WebGLBackend;
    expect(again).not.toBe(b);
    const out = again.run('fill', {}, { shape: [3], dtype: 'float32', value: 7 });
    expect(Array.from(await again.read(out.dataId))).toEqual([7, 7, 7]);
    again.dispose(out.dataId);
  });
});
