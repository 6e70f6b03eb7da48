import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  BackendError, bestBackend, getBackend, initBackend, registerBackend, registeredBackends, removeBackend, type Backend,
} from '../src/index.js';

/** A stand-in backend: the registry only stores, starts and destroys it. */
function fake(name: string): Backend {
  return { name, destroy: vi.fn() } as unknown as Backend;
}

const names = ['reg-a', 'reg-b', 'reg-c', 'reg-async', 'reg-bad'];
afterEach(() => names.forEach(removeBackend));

describe('registry', () => {
  it('lists backends by priority, highest first', () => {
    registerBackend('reg-a', () => fake('reg-a'), { priority: 1 });
    registerBackend('reg-b', () => fake('reg-b'), { priority: 5 });
    registerBackend('reg-c', () => fake('reg-c'));
    expect(registeredBackends().filter((b) => names.includes(b.name))).toEqual([
      { name: 'reg-b', priority: 5, started: false },
      { name: 'reg-a', priority: 1, started: false },
      { name: 'reg-c', priority: 0, started: false },
    ]);
  });

  it('starts a synchronous backend once, on first use', () => {
    const factory = vi.fn(() => fake('reg-a'));
    registerBackend('reg-a', factory);
    const b = getBackend('reg-a');
    expect(getBackend('reg-a')).toBe(b);
    expect(factory).toHaveBeenCalledTimes(1);
    expect(registeredBackends().find((e) => e.name === 'reg-a')!.started).toBe(true);
  });

  it('turns a throwing factory into a BackendError naming the backend and the reason, and remembers it', async () => {
    const cause = new Error('WebGL2 is not available');
    const factory = vi.fn(() => {
      throw cause;
    });
    registerBackend('reg-bad', factory);
    let err: unknown;
    try {
      getBackend('reg-bad');
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BackendError);
    expect((err as BackendError).message).toBe("backend 'reg-bad' cannot start: WebGL2 is not available");
    expect((err as { cause?: unknown }).cause).toBe(cause);
    await expect(initBackend('reg-bad')).rejects.toBe(err);
    expect(factory).toHaveBeenCalledTimes(1);
  });

  it('reports a rejected async factory the same way', async () => {
    registerBackend('reg-bad', async () => {
      throw new Error('no CUDA driver');
    });
    await expect(initBackend('reg-bad')).rejects.toBeInstanceOf(BackendError);
    await expect(initBackend('reg-bad')).rejects.toThrow("backend 'reg-bad' cannot start: no CUDA driver");
  });

  it('bestBackend falls back to the next priority when one cannot start', async () => {
    registerBackend('reg-bad', () => {
      throw new Error('no GPU');
    }, { priority: 100 });
    const fallback = fake('reg-a');
    registerBackend('reg-a', () => fallback, { priority: 50 });
    expect(await bestBackend()).toBe(fallback);
  });

  it('bestBackend lists every reason when none can start', async () => {
    const others = registeredBackends().map((b) => b.name).filter((n) => !names.includes(n));
    others.forEach(removeBackend);
    registerBackend('reg-bad', () => {
      throw new Error('no GPU');
    }, { priority: 2 });
    registerBackend('reg-c', async () => {
      throw new Error('no driver');
    }, { priority: 1 });
    await expect(bestBackend()).rejects.toThrow("no backend could start: backend 'reg-bad' cannot start: no GPU; backend 'reg-c' cannot start: no driver");
  });

  it('names an unknown backend and lists the registered ones', () => {
    registerBackend('reg-a', () => fake('reg-a'));
    expect(() => getBackend('webgl-missing')).toThrow(BackendError);
    expect(() => getBackend('webgl-missing')).toThrow(/^backend 'webgl-missing' is not registered \(registered: .*reg-a.*\); import its package, e\.g\. '@pistil\/backend-webgl-missing'$/);
  });

  it('an async factory needs initBackend first; then getBackend works', async () => {
    const b = fake('reg-async');
    registerBackend('reg-async', async () => b);
    expect(() => getBackend('reg-async')).toThrow("backend 'reg-async' starts asynchronously; await initBackend('reg-async') first");
    expect(() => getBackend('reg-async')).toThrow("backend 'reg-async' is still starting; await initBackend('reg-async') first");
    expect(await initBackend('reg-async')).toBe(b);
    expect(getBackend('reg-async')).toBe(b);
  });

  it('initBackend starts an async backend once even when called twice at once', async () => {
    const factory = vi.fn(async () => fake('reg-async'));
    registerBackend('reg-async', factory);
    const [x, y] = await Promise.all([initBackend('reg-async'), initBackend('reg-async')]);
    expect(x).toBe(y);
    expect(factory).toHaveBeenCalledTimes(1);
  });

  it('destroys the started instance when a backend is replaced or removed', () => {
    const first = fake('reg-a');
    registerBackend('reg-a', () => first);
    getBackend('reg-a');
    const second = fake('reg-a');
    registerBackend('reg-a', () => second);
    expect(first.destroy).toHaveBeenCalledTimes(1);
    expect(getBackend('reg-a')).toBe(second);
    removeBackend('reg-a');
    expect(second.destroy).toHaveBeenCalledTimes(1);
    expect(() => getBackend('reg-a')).toThrow(/is not registered/);
  });
});
