import { wasmImports } from './imports.js';
import { canShare, cores, knownCores, spawnWorker, type WorkerHandle } from './platform.js';
import {
  COUNT,
  Control,
  DONE,
  ERROR_CHUNK,
  FAILED,
  FN,
  GEN,
  IDLE,
  MAX_ARGS,
  MAX_CHUNKS,
  PENDING,
  RANK,
  SPIN_MS,
  STATE,
  STOPPED,
  STRIDE,
  describeError,
  spinWhile,
  type InitMessage,
  type ReadyMessage,
} from './protocol.js';

export interface WorkerPoolOptions {
  /** The heap's memory; the pool runs in parallel only when it is shared. */
  memory: WebAssembly.Memory;
  /** Compiled once; every worker instantiates it with `{ env: { memory, abort } }`. */
  wasmModule: WebAssembly.Module;
  /** Threads in all, the calling one included; default: the number of logical cores. */
  threads?: number;
  /** The calling thread's instance of `wasmModule`, if there is one already; otherwise the pool makes one. */
  instance?: WebAssembly.Instance;
  /** Where the worker script is; default `./worker.js` next to this module. For tests and unusual bundles. */
  workerUrl?: URL;
  /**
   * Milliseconds that workers poll for the next task after one, and the caller for workers to
   * finish, before sleeping (default 0.2; 0: sleep at once). Polling burns a core meanwhile but
   * saves the tens of microseconds a sleeping thread takes to wake up.
   */
  spinMs?: number;
}

/** What a pool has done since it was created; for tests and tuning. */
export interface WorkerPoolStats {
  /** `run` calls. */
  runs: number;
  /** Those of them that handed chunks to workers. */
  parallelRuns: number;
  /** Chunks run on the calling thread. */
  localChunks: number;
  /** Chunks workers finished without error, as counted by the workers themselves. */
  workerChunks: number;
}

export interface WorkerPool {
  /** False when `run` will only ever use the calling thread (no shared memory, browser main thread, threads: 1, or stopped). */
  readonly parallel: boolean;
  /** Threads `run` uses now, the calling one included: 1 until workers are ready. Split work into this many chunks. */
  readonly threads: number;
  /** Resolves when all workers are instantiated (at once when not parallel); rejects if one fails to start, and the pool then stays single-threaded. */
  readonly ready: Promise<void>;
  /**
   * Calls `exports[exportName](...chunk)` for every chunk and returns when all are done: chunk i
   * runs on thread i mod `threads`, the calling thread taking chunks 0, threads, 2·threads…
   * At most 16 numeric arguments per chunk. A throw or trap in any chunk becomes an Error naming
   * the export, thrown once all chunks have finished.
   */
  run(exportName: string, chunks: readonly (readonly number[])[]): void;
  /** Stops the workers; `run` still works afterwards, on the calling thread. */
  destroy(): void;
  /** Counts of runs and chunks so far (a snapshot). */
  stats(): WorkerPoolStats;
}

export function createWorkerPool(options: WorkerPoolOptions): WorkerPool {
  return new Pool(options);
}

type Exported = (...args: number[]) => unknown;

class Pool implements WorkerPool {
  readonly ready: Promise<void>;
  private readonly names: string[];
  private readonly indexOf = new Map<string, number>();
  private readonly local: Exported[];
  /** Whether workers are wanted and possible; cleared by failure and destroy. */
  private wanted: boolean;
  private control: Control | undefined;
  private handles: WorkerHandle[] = [];
  /** Slots of workers ready for tasks, refreshed while some are still starting. */
  private idle: number[] = [];
  private allIdle = false;
  private settle: ((error?: Error) => void) | undefined;
  private runs = 0;
  private parallelRuns = 0;
  private localChunks = 0;
  private readonly spinMs: number;

  constructor(private readonly options: WorkerPoolOptions) {
    const { memory, wasmModule } = options;
    this.spinMs = options.spinMs ?? SPIN_MS;
    if (!(this.spinMs >= 0)) throw new RangeError(`threads: spinMs: ${options.spinMs} is not a duration`);
    this.names = WebAssembly.Module.exports(wasmModule)
      .filter((e) => e.kind === 'function')
      .map((e) => e.name);
    this.names.forEach((name, i) => this.indexOf.set(name, i));
    const { exports } = options.instance ?? new WebAssembly.Instance(wasmModule, wasmImports(memory));
    this.local = this.names.map((name) => exports[name] as Exported);

    const threads = options.threads ?? knownCores();
    if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) throw new RangeError(`threads: ${threads} is not a thread count`);
    this.wanted = (threads === undefined || threads > 1) && canShare(memory);
    this.ready = new Promise<void>((resolve, reject) => {
      this.settle = (error) => {
        this.settle = undefined;
        for (const h of this.handles) h.setRef(false);
        if (error) reject(error);
        else resolve();
      };
    });
    // Whoever does not await `ready` must not get an unhandled rejection; awaiting it still throws.
    this.ready.catch(() => undefined);
    if (this.wanted) void this.start(threads);
    else this.settle?.();
  }

  get parallel(): boolean {
    return this.wanted;
  }

  get threads(): number {
    return 1 + this.idleSlots().length;
  }

  run(exportName: string, chunks: readonly (readonly number[])[]): void {
    const fn = this.indexOf.get(exportName);
    if (fn === undefined) throw new Error(`threads: the module exports no function '${exportName}'`);
    for (const chunk of chunks) {
      if (chunk.length > MAX_ARGS) throw new RangeError(`threads: ${exportName} got ${chunk.length} arguments; at most ${MAX_ARGS}`);
    }
    this.runs++;
    const slots = chunks.length > 1 ? this.idleSlots() : [];
    if (slots.length > 0) this.parallelRuns++;
    if (slots.length === 0) {
      chunks.forEach((chunk, i) => this.callHere(fn, chunk, i));
      return;
    }
    for (let first = 0; first < chunks.length; first += MAX_CHUNKS) {
      this.task(fn, chunks.slice(first, first + MAX_CHUNKS), first, slots);
    }
  }

  stats(): WorkerPoolStats {
    const control = this.control;
    const workerChunks = control ? Atomics.load(control.i32, DONE) : 0;
    return { runs: this.runs, parallelRuns: this.parallelRuns, localChunks: this.localChunks, workerChunks };
  }

  destroy(): void {
    this.wanted = false;
    this.idle = [];
    this.allIdle = true;
    const control = this.control;
    if (control) {
      for (let w = 0; w < control.workers; w++) this.stopSlot(w, STOPPED);
    }
    for (const h of this.handles) h.terminate();
    this.handles = [];
    this.settle?.();
  }

  /** One task of at most MAX_CHUNKS chunks over the calling thread and `slots`. */
  private task(fn: number, chunks: readonly (readonly number[])[], first: number, slots: number[]): void {
    const control = this.control!;
    const { i32 } = control;
    const helpers = slots.slice(0, Math.min(slots.length, chunks.length - 1));
    const stride = helpers.length + 1;
    chunks.forEach((chunk, i) => control.writeChunk(i, chunk));
    i32[FN] = fn;
    i32[COUNT] = chunks.length;
    i32[STRIDE] = stride;
    Atomics.store(i32, ERROR_CHUNK, -1);
    Atomics.store(i32, PENDING, helpers.length);
    helpers.forEach((slot, k) => {
      i32[control.slot(slot, RANK)] = k + 1;
      const gen = control.slot(slot, GEN);
      Atomics.add(i32, gen, 1); // seq-cst: the stores above are visible to the worker that sees it
      Atomics.notify(i32, gen, 1);
    });

    let failure: Error | undefined;
    try {
      for (let i = 0; i < chunks.length; i += stride) this.callHere(fn, chunks[i]!, first + i);
    } catch (error) {
      failure = error as Error;
    }
    // Workers write into the caller's tensors: wait for them even when our share failed.
    // Poll a while first: the workers' share usually ends about when ours does, sooner than a
    // sleeping thread wakes up.
    let left = Atomics.load(i32, PENDING);
    if (left !== 0 && this.spinMs > 0) {
      const end = performance.now() + this.spinMs;
      do left = spinWhile(i32, PENDING, left, end - performance.now());
      while (left !== 0 && performance.now() < end);
    }
    for (; left !== 0; left = Atomics.load(i32, PENDING)) {
      Atomics.wait(i32, PENDING, left);
    }
    if (failure) throw failure;
    const bad = Atomics.load(i32, ERROR_CHUNK);
    if (bad >= 0) {
      const chunk = chunks[bad]!;
      throw new Error(`threads: ${this.names[fn]}(${chunk.join(', ')}) failed in a worker (chunk ${first + bad}): ${control.errorText()}`);
    }
  }

  private callHere(fn: number, chunk: readonly number[], index: number): void {
    this.localChunks++;
    try {
      this.local[fn]!(...chunk);
    } catch (error) {
      throw new Error(`threads: ${this.names[fn]}(${chunk.join(', ')}) failed (chunk ${index}): ${describeError(error)}`, { cause: error });
    }
  }

  private idleSlots(): number[] {
    if (this.allIdle || !this.control) return this.idle;
    const { i32 } = this.control;
    const idle: number[] = [];
    for (let w = 0; w < this.control.workers; w++) {
      if (Atomics.load(i32, this.control.slot(w, STATE)) === IDLE) idle.push(w);
    }
    this.idle = idle;
    this.allIdle = idle.length === this.control.workers;
    return idle;
  }

  /** Marks a slot dead (FAILED) or stopped and wakes its worker so that it leaves its loop. */
  private stopSlot(worker: number, state: number): void {
    const control = this.control!;
    Atomics.store(control.i32, control.slot(worker, STATE), state);
    Atomics.add(control.i32, control.slot(worker, GEN), 1);
    Atomics.notify(control.i32, control.slot(worker, GEN));
    this.idle = this.idle.filter((w) => w !== worker);
  }

  private async start(threads: number | undefined): Promise<void> {
    try {
      const workers = (threads ?? (await cores())) - 1;
      if (!this.wanted) return; // destroyed meanwhile
      if (workers < 1) {
        this.wanted = false;
        return this.settle?.();
      }
      const control = new Control(new SharedArrayBuffer(Control.bytes(workers)), workers);
      this.control = control;
      let starting = workers;
      for (let w = 0; w < workers; w++) {
        const handle = await spawnWorker(this.options.workerUrl, {
          message: (data) => {
            const reply = data as ReadyMessage;
            if (!reply.ok) this.fail(w, new Error(`a worker could not instantiate the module: ${reply.message}`));
            else if (--starting === 0) this.settle?.();
          },
          error: (error) => this.fail(w, error),
        });
        if (!this.wanted) return handle.terminate();
        this.handles.push(handle);
        const init: InitMessage = { module: this.options.wasmModule, memory: this.options.memory, control: control.buffer, workers, worker: w, names: this.names, spinMs: this.spinMs };
        handle.post(init);
      }
    } catch (error) {
      this.fail(-1, error instanceof Error ? error : new Error(String(error)));
    }
  }

  /** A worker died or never started: before `ready`, give up on workers altogether; after, just drop that one. */
  private fail(worker: number, error: Error): void {
    if (!this.wanted) return;
    const settle = this.settle;
    if (settle) {
      this.settle = undefined;
      this.destroy();
      settle(new Error(`threads: workers failed to start: ${error.message}`, { cause: error }));
    } else if (worker >= 0) {
      this.stopSlot(worker, FAILED);
    }
  }
}
