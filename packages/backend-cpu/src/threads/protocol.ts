/**
 * The control block shared by the pool (calling thread) and its workers: one SharedArrayBuffer
 * read and written with Atomics, so that a task costs a few stores and a notify, no postMessage.
 *
 *   header  int32[16]           the task now running (export index, chunk count, stride…)
 *   slots   int32[16] × workers one 64-byte line per worker: generation, state, rank
 *   argc    int32[MAX_CHUNKS]   argument count of each chunk
 *   args    f64[MAX_CHUNKS × MAX_ARGS]
 *   message uint16[MESSAGE_CHARS] text of the first error a worker met
 */

/** Arguments per chunk. Pointers and sizes are int32 but travel as f64, so float arguments fit too. */
export const MAX_ARGS = 16;
/** Chunks per task; `run` with more chunks sends them in several tasks. */
export const MAX_CHUNKS = 256;
export const MESSAGE_CHARS = 1024;

// Header, int32 indices.
/** Index of the export to call, in the names table sent at startup. */
export const FN = 0;
export const COUNT = 1;
/** Threads taking part: the thread of rank r runs chunks r, r + STRIDE, r + 2·STRIDE… */
export const STRIDE = 2;
/** Workers still busy with the task; the last one notifies the caller. */
export const PENDING = 3;
/** First chunk that failed on a worker, or -1. */
export const ERROR_CHUNK = 4;
export const ERROR_LENGTH = 5;
/** Chunks workers have finished without error since the pool started (statistics only). */
export const DONE = 6;
const HEADER_INTS = 16;

// Slot fields, relative to the slot's first int32.
/** Bumped by the caller to hand the worker a task; the worker Atomics.waits on it. */
export const GEN = 0;
export const STATE = 1;
export const RANK = 2;
const SLOT_INTS = 16;

// Worker states.
export const STARTING = 0;
export const IDLE = 1;
/** Crashed or failed to start: gets no more tasks. */
export const FAILED = 2;
export const STOPPED = 3;

/**
 * Milliseconds a worker keeps polling for its next task after finishing one, and the caller for
 * the workers to finish, before sleeping in Atomics.wait. Waking a sleeping thread costs tens of
 * microseconds (~70 µs measured in a small VM), more than splitting a mid-sized GEMM saves, and
 * the kernels of a training step come back to back.
 */
export const SPIN_MS = 0.2;

/**
 * Polls `i32[index]` while it equals `value`, for at most `ms` milliseconds; returns the last value
 * read (still `value` when the time ran out).
 */
export function spinWhile(i32: Int32Array, index: number, value: number, ms: number): number {
  let v = Atomics.load(i32, index);
  if (v !== value || !(ms > 0)) return v;
  const end = performance.now() + ms;
  for (let n = 1; ; n++) {
    v = Atomics.load(i32, index);
    if (v !== value) return v;
    if ((n & 255) === 0 && performance.now() >= end) return v;
  }
}

/** Typed views over a control block for `workers` workers. */
export class Control {
  readonly i32: Int32Array;
  readonly args: Float64Array;
  readonly message: Uint16Array;
  private readonly argcAt: number;

  constructor(
    readonly buffer: SharedArrayBuffer,
    readonly workers: number,
  ) {
    this.argcAt = HEADER_INTS + SLOT_INTS * workers;
    const argsByte = Math.ceil(((this.argcAt + MAX_CHUNKS) * 4) / 8) * 8;
    const messageByte = argsByte + MAX_CHUNKS * MAX_ARGS * 8;
    this.i32 = new Int32Array(buffer, 0, this.argcAt + MAX_CHUNKS);
    this.args = new Float64Array(buffer, argsByte, MAX_CHUNKS * MAX_ARGS);
    this.message = new Uint16Array(buffer, messageByte, MESSAGE_CHARS);
  }

  static bytes(workers: number): number {
    const ints = HEADER_INTS + SLOT_INTS * workers + MAX_CHUNKS;
    return Math.ceil((ints * 4) / 8) * 8 + MAX_CHUNKS * MAX_ARGS * 8 + MESSAGE_CHARS * 2;
  }

  /** Int32 index of field `field` of worker `worker`'s slot. */
  slot(worker: number, field: number): number {
    return HEADER_INTS + SLOT_INTS * worker + field;
  }

  argc(chunk: number): number {
    return this.i32[this.argcAt + chunk]!;
  }

  /** Copies a chunk's arguments in (caller side). */
  writeChunk(chunk: number, values: readonly number[]): void {
    this.i32[this.argcAt + chunk] = values.length;
    this.args.set(values, chunk * MAX_ARGS);
  }

  /** Copies a chunk's arguments out into `into` (worker side; reused to spare garbage). */
  readChunk(chunk: number, into: number[]): number[] {
    const n = this.argc(chunk);
    into.length = n;
    for (let i = 0; i < n; i++) into[i] = this.args[chunk * MAX_ARGS + i]!;
    return into;
  }

  /** Records the first failure of the task; later ones are dropped. */
  recordError(chunk: number, text: string): void {
    if (Atomics.compareExchange(this.i32, ERROR_CHUNK, -1, chunk) !== -1) return;
    const n = Math.min(text.length, MESSAGE_CHARS);
    for (let i = 0; i < n; i++) this.message[i] = text.charCodeAt(i);
    Atomics.store(this.i32, ERROR_LENGTH, n);
  }

  errorText(): string {
    const n = Atomics.load(this.i32, ERROR_LENGTH);
    let s = '';
    for (let i = 0; i < n; i++) s += String.fromCharCode(this.message[i]!);
    return s;
  }
}

/** What the pool posts to each worker, once. */
export interface InitMessage {
  module: WebAssembly.Module;
  memory: WebAssembly.Memory;
  control: SharedArrayBuffer;
  workers: number;
  /** This worker's slot. */
  worker: number;
  /** Function exports by index: a task names its export by position in this table. */
  names: string[];
  /** Polling before sleeping, see SPIN_MS. */
  spinMs: number;
}

/** The worker's one reply: instantiated (and now waiting on its slot), or why not. */
export type ReadyMessage = { ok: true } | { ok: false; message: string };

/** "RuntimeError: unreachable" for an Error, the string of anything else. */
export function describeError(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
