/**
 * The process-wide backend registry. Backends register a factory with a priority; the first use
 * starts it. A backend that cannot start (no WebGL2, no CUDA driver) raises a `BackendError` that
 * says why, and `bestBackend` falls back to the next one by priority.
 */
import type { Backend } from './backend.js';
import { BackendError } from './errors.js';

export type BackendFactory = () => Backend | Promise<Backend>;

interface Entry {
  factory: BackendFactory;
  priority: number;
  instance?: Backend;
  starting?: Promise<Backend>;
  failure?: BackendError;
}

const entries = new Map<string, Entry>();

function startFailure(name: string, cause: unknown): BackendError {
  const reason = cause instanceof Error ? cause.message : String(cause);
  const err = new BackendError(`backend '${name}' cannot start: ${reason}`);
  (err as { cause?: unknown }).cause = cause;
  return err;
}

/** Registers (or replaces) a backend factory. Higher priority is preferred by `bestBackend`. */
export function registerBackend(name: string, factory: BackendFactory, options: { priority?: number } = {}): void {
  const old = entries.get(name);
  old?.instance?.destroy?.();
  entries.set(name, { factory, priority: options.priority ?? 0 });
}

export function removeBackend(name: string): void {
  entries.get(name)?.instance?.destroy?.();
  entries.delete(name);
}

export function registeredBackends(): { name: string; priority: number; started: boolean }[] {
  return [...entries.entries()]
    .map(([name, e]) => ({ name, priority: e.priority, started: e.instance !== undefined }))
    .sort((a, b) => b.priority - a.priority);
}

function entryOf(name: string): Entry {
  const e = entries.get(name);
  if (!e) {
    const known = [...entries.keys()].join(', ') || 'none';
    throw new BackendError(`backend '${name}' is not registered (registered: ${known}); import its package, e.g. '@pistil/backend-${name}'`);
  }
  return e;
}

/** Starts a backend (once) and returns it; rejects with the reason it cannot start. */
export async function initBackend(name: string): Promise<Backend> {
  const e = entryOf(name);
  if (e.instance) return e.instance;
  if (e.failure) throw e.failure;
  e.starting ??= (async () => {
    try {
      e.instance = await e.factory();
      return e.instance;
    } catch (cause) {
      e.failure = startFailure(name, cause);
      throw e.failure;
    } finally {
      e.starting = undefined;
    }
  })();
  return e.starting;
}

/**
 * The started backend `name`. Backends with a synchronous factory start here; an asynchronous
 * one must be started first with `await initBackend(name)`.
 */
export function getBackend(name: string): Backend {
  const e = entryOf(name);
  if (e.instance) return e.instance;
  if (e.failure) throw e.failure;
  if (e.starting) throw new BackendError(`backend '${name}' is still starting; await initBackend('${name}') first`);
  let made: Backend | Promise<Backend>;
  try {
    made = e.factory();
  } catch (cause) {
    e.failure = startFailure(name, cause);
    throw e.failure;
  }
  if (made instanceof Promise) {
    e.starting = made;
    made.then(
      (b) => { e.instance = b; e.starting = undefined; },
      (cause) => { e.failure = startFailure(name, cause); e.starting = undefined; },
    );
    throw new BackendError(`backend '${name}' starts asynchronously; await initBackend('${name}') first`);
  }
  e.instance = made;
  return made;
}

/** The highest-priority backend that starts; the error lists why each one could not. */
export async function bestBackend(): Promise<Backend> {
  const reasons: string[] = [];
  for (const { name } of registeredBackends()) {
    try {
      return await initBackend(name);
    } catch (err) {
      reasons.push(err instanceof Error ? err.message : String(err));
    }
  }
  throw new BackendError(`no backend could start: ${reasons.join('; ') || 'none registered'}`);
}
