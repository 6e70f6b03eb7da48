/**
 * The WebAssembly SIMD GEMM over a worker pool: a large float32 C = A·B (+ C) is cut into one
 * block of C per thread, each computed by the kernel module's `sgemm` (the same code as the
 * single-thread path) with its own packing workspace.
 *
 * - Split: along rows of C (4-row micro-kernel panels) or along columns (8-column panels),
 *   whichever has more panels — im2col GEMMs of convolutions are short and wide (M = output
 *   channels, N = output pixels) and split by columns; square ones by rows.
 * - Results are bit-identical to the single-thread GEMM: every element of C is still summed in
 *   the same order (K blocks of 256, each added to C in turn), whatever block of C it falls in.
 *   Thin products (M or N under 4) are not split: they run whole on the calling thread.
 * - Workspaces are allocated up front, one per thread, so no kernel grows the heap while
 *   workers run. Until the pool's workers are up (`ready`), every GEMM runs on the calling thread.
 */
import type { Heap } from '../heap.js';
import type { SimdKernels } from '../wasm/simd.js';
import { knownCores } from './platform.js';
import { createWorkerPool, type WorkerPool, type WorkerPoolStats } from './pool.js';
import { splitRange } from './split.js';

/** The micro-kernel's tile (wasm/gemm.ts): blocks of C start on multiples of these. */
const MR = 4;
const NR = 8;

export interface ParallelGemmOptions {
  /** Threads in all, the calling one included; undefined: the pool's default (all logical cores). */
  threads?: number;
  /** Products of fewer multiply-adds (m·n·k) stay on the calling thread. */
  minWork: number;
  /** The pool's worker script (tests, unusual bundles). */
  workerUrl?: URL;
}

export interface ParallelGemmStats extends WorkerPoolStats {
  /** Threads a GEMM is split over now (1 until the workers are up). */
  threads: number;
  /** GEMMs split over the pool by rows of C so far. */
  rowSplits: number;
  /** GEMMs split over the pool by columns of C so far. */
  columnSplits: number;
}

export class ParallelGemm {
  readonly pool: WorkerPool;
  /** Resolves once the workers are up (and have workspaces); rejects if they failed to start (GEMMs then stay single-threaded). */
  readonly ready: Promise<void>;
  private readonly minWork: number;
  /** Packing workspaces by chunk: [0] is the calling thread's own (the SimdKernels one). */
  private readonly workspaces: number[];
  private rowSplits = 0;
  private columnSplits = 0;

  constructor(
    simd: SimdKernels,
    private readonly heap: Heap,
    options: ParallelGemmOptions,
  ) {
    this.minWork = options.minWork;
    this.pool = createWorkerPool({
      memory: heap.memory,
      wasmModule: simd.module,
      instance: simd.instance,
      threads: options.threads,
      workerUrl: options.workerUrl,
    });
    this.workspaces = [simd.workspace];
    if (this.pool.parallel) this.reserve(simd.workspaceBytes, options.threads ?? knownCores() ?? 1);
    // Where the thread count was not known up front, the rest of the workspaces come once it is:
    // between kernels, never during one.
    this.ready = this.pool.ready.then(() => this.reserve(simd.workspaceBytes, this.pool.threads));
    this.ready.catch(() => undefined);
  }

  /** Threads a GEMM is split over now. */
  get threads(): number {
    return Math.min(this.pool.threads, this.workspaces.length);
  }

  /**
   * C = A·B (+ C) over the pool (byte addresses, strides in elements, as SimdKernels.sgemm), or
   * false (nothing done) when the product is below the threshold or thin, there is one thread, or
   * C is a single tile.
   */
  sgemm(m: number, n: number, k: number, a: number, ars: number, acs: number, b: number, brs: number, bcs: number, c: number, crs: number, accumulate: boolean): boolean {
    // Thin products (M < 4 or N < 4) stay on the calling thread, where SimdKernels.sgemm runs
    // them as matrix-vector products: their sums differ from the blocked GEMM's.
    if (m * n * k < this.minWork || m < MR || n < MR) return false;
    const parts = this.threads;
    if (parts < 2) return false;
    const acc = accumulate ? 1 : 0;
    const ws = this.workspaces;
    let chunks: number[][];
    if (Math.ceil(m / MR) >= Math.ceil(n / NR)) {
      const ranges = splitRange(m, parts, MR);
      if (ranges.length < 2) return false;
      chunks = ranges.map(([r0, r1], i) => [r1 - r0, n, k, a + 4 * r0 * ars, ars, acs, b, brs, bcs, c + 4 * r0 * crs, crs, acc, ws[i]!]);
      this.rowSplits++;
    } else {
      const ranges = splitRange(n, parts, NR);
      if (ranges.length < 2) return false;
      chunks = ranges.map(([c0, c1], i) => [m, c1 - c0, k, a, ars, acs, b + 4 * c0 * bcs, brs, bcs, c + 4 * c0, crs, acc, ws[i]!]);
      this.columnSplits++;
    }
    this.pool.run('sgemm', chunks);
    return true;
  }

  /** Thread i's packing workspace (byte address) for kernels that run `sgemm` inside another export. */
  workspace(i: number): number {
    return this.workspaces[i]!;
  }

  stats(): ParallelGemmStats {
    return { threads: this.threads, rowSplits: this.rowSplits, columnSplits: this.columnSplits, ...this.pool.stats() };
  }

  /** Stops the workers; GEMMs run on the calling thread from then on. The workspaces stay (heap blocks). */
  destroy(): void {
    this.pool.destroy();
  }

  /** Workspaces up to `count` threads; stops short (fewer threads) where the heap has no room. */
  private reserve(bytes: number, count: number): void {
    while (this.workspaces.length < count) {
      try {
        this.workspaces.push(this.heap.alloc(bytes));
      } catch {
        return;
      }
    }
  }
}
