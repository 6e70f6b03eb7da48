/**
 * What differs between Node (worker_threads) and browsers (Web Workers): whether this thread may
 * block, how many cores there are, and how a worker is started and heard from.
 */

const isNode = typeof process !== 'undefined' && typeof process.versions?.node === 'string';

/** Whether the pool can work here: shared memory, Atomics, and a thread allowed to block. */
export function canShare(memory: WebAssembly.Memory): boolean {
  return (
    typeof SharedArrayBuffer !== 'undefined' &&
    typeof Atomics !== 'undefined' &&
    memory.buffer instanceof SharedArrayBuffer &&
    (isNode || typeof Worker !== 'undefined') &&
    canBlock()
  );
}

/** Atomics.wait throws on a browser's main thread; elsewhere a wait for a value that is not there returns at once. */
function canBlock(): boolean {
  try {
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 1, 0);
    return true;
  } catch {
    return false;
  }
}

/** Logical cores, when known without waiting (browsers, Node ≥ 20.16 through process.getBuiltinModule or ≥ 21). */
export function knownCores(): number | undefined {
  const n = typeof navigator !== 'undefined' ? navigator.hardwareConcurrency : undefined;
  if (typeof n === 'number' && n > 0) return n;
  if (isNode) {
    const getBuiltin = (process as { getBuiltinModule?: (id: string) => unknown }).getBuiltinModule;
    const os = getBuiltin?.('node:os') as typeof import('node:os') | undefined;
    const count = os ? (typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length) : undefined;
    if (typeof count === 'number' && count > 0) return count;
  }
  return undefined;
}

export async function cores(): Promise<number> {
  if (isNode) {
    const os = await import('node:os');
    return typeof os.availableParallelism === 'function' ? os.availableParallelism() : os.cpus().length;
  }
  return knownCores() ?? 1;
}

export interface WorkerHandle {
  post(message: unknown): void;
  terminate(): void;
  /** Node: stop (or start again) keeping the process alive for this worker. */
  setRef(on: boolean): void;
}

export interface WorkerEvents {
  message(data: unknown): void;
  /** The worker crashed or could not start. */
  error(error: Error): void;
}

export async function spawnWorker(url: URL | undefined, on: WorkerEvents): Promise<WorkerHandle> {
  if (isNode) {
    const { Worker: NodeWorker } = await import('node:worker_threads');
    const worker = new NodeWorker(url ?? new URL('./worker.js', import.meta.url));
    worker.on('message', on.message);
    worker.on('error', on.error);
    worker.on('exit', (code) => on.error(new Error(`worker exited with code ${code}`)));
    return {
      post: (message) => worker.postMessage(message),
      terminate: () => void worker.terminate().catch(() => undefined),
      setRef: (ref) => (ref ? worker.ref() : worker.unref()),
    };
  }
  // Written out in full when there is no override so that bundlers see and emit the worker script.
  const worker = url ? new Worker(url, { type: 'module' }) : new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
  worker.onmessage = (event) => on.message(event.data);
  worker.onerror = (event) => on.error(new Error(event.message || 'worker failed to load'));
  worker.onmessageerror = () => on.error(new Error('worker message could not be read'));
  return {
    post: (message) => worker.postMessage(message),
    terminate: () => worker.terminate(),
    setRef: () => undefined,
  };
}
