/**
 * A synchronous fork-join worker pool for the CPU backend's WebAssembly kernels.
 *
 *   const pool = createWorkerPool({ memory: heap.memory, wasmModule, instance });
 *   await pool.ready;                                   // optional: until then run() is single-threaded
 *   const rows = splitRange(m, pool.threads, MR);       // [start, end) pairs, starts multiples of MR
 *   pool.run('gemm_rows', rows.map(([r0, r1]) => [a, b, c, r0, r1, n, k]));
 *   pool.destroy();
 *
 * - Every worker instantiates the same `WebAssembly.Module` with `{ env: { memory, abort } }` on
 *   the heap's shared memory, so kernels see the same tensors and any growth of the memory.
 * - `run(name, chunks)` calls `exports[name](...chunk)` for each chunk: chunk i on thread
 *   i mod threads, chunk 0 on the calling thread, and returns when all are done. Tasks travel
 *   through a SharedArrayBuffer with Atomics (no postMessage per call); chunks are up to 16
 *   numbers each (sent as f64; i32 parameters get them back exactly).
 * - A trap or throw in any chunk becomes an Error naming the export and the chunk's arguments.
 * - `parallel` is false, and everything runs on the calling thread, when the memory is not
 *   shared, SharedArrayBuffer is missing (no cross-origin isolation), on a browser's main thread
 *   (Atomics.wait is not allowed there; create the pool inside a worker instead), with
 *   `threads: 1`, after `destroy()`, or if a worker fails to start (`ready` then rejects).
 * - Waiting: after a task a worker polls for the next one for `spinMs` (default 0.2 ms), and the
 *   caller polls for the workers to finish as long, before sleeping in Atomics.wait — waking a
 *   sleeping thread takes tens of microseconds (~70 µs in a small VM), more than a mid-sized task.
 * - `stats()`: runs, chunks run here and chunks the workers report having run (tests, tuning).
 * - Node: worker_threads, unref'd once ready, so they never keep the process alive.
 *   Browser: module Web Workers from the same `worker.js`.
 * - `run` is not re-entrant and belongs to the thread that created the pool.
 *
 * Caveat for the module: every instantiation applies its active data segments to the shared
 * memory, so a module used with the pool must have none (or keep them outside the heap's blocks);
 * AssemblyScript with `--runtime stub` and no static strings or arrays has none.
 */
export { createWorkerPool } from './pool.js';
export type { WorkerPool, WorkerPoolOptions, WorkerPoolStats } from './pool.js';
export { splitRange } from './split.js';
export { MAX_ARGS, MAX_CHUNKS } from './protocol.js';
