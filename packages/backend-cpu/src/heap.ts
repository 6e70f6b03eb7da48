/**
 * The CPU backend's storage: one `WebAssembly.Memory` and a JS-side allocator over it.
 *
 * Every tensor is a block (pointer, byte length) inside that memory, so WebAssembly SIMD kernels
 * and worker threads can later work on the same bytes without copying. The memory is shared
 * (backed by a `SharedArrayBuffer`) where the platform has one.
 *
 * Allocator: blocks are 64-byte aligned and rounded up to a size class; freed blocks go to a free
 * list per class and are reused by the next request of that class, the most recently freed first;
 * otherwise a bump pointer at the top hands out new room, growing the memory when needed. A freed
 * block that touches the top lowers the top instead (and pulls down free blocks below it), so a
 * heap that empties shrinks back.
 *
 * `memory.grow` replaces `memory.buffer` (and detaches the old one when unshared), so typed-array
 * views must be made from `buffer` after the last allocation and never kept across one.
 */
import { BackendError } from '@pistil/backend';

export const ALIGN = 64;
const PAGE = 65536;
/** wasm32 addresses 4 GiB: 65536 pages. */
export const MAX_PAGES = 65536;

export interface HeapOptions {
  /** Pages (64 KiB) at start; default 16. */
  initialPages?: number;
  /** Upper bound in pages; default and most 65536 (4 GiB). Tests use a small one to reach the limit. */
  maximumPages?: number;
  /** Default: whether `SharedArrayBuffer` exists. */
  shared?: boolean;
}

export interface HeapStats {
  /** Blocks handed out and not freed. */
  blocks: number;
  /** Bytes requested by those blocks. */
  bytes: number;
  /** Size of the memory. */
  reservedBytes: number;
  /** Bump pointer: everything above it is untouched. */
  top: number;
}

/** Size of the block that serves a request: multiples of 64 up to 4 KiB, then 8 classes per power of two. */
export function blockSize(bytes: number): number {
  if (bytes <= 0) return 0;
  if (bytes <= 4096) return Math.ceil(bytes / ALIGN) * ALIGN;
  const step = 2 ** (28 - Math.clz32(bytes - 1)); // 2^(⌊log2(bytes − 1)⌋ − 3), bytes − 1 < 2³²
  return Math.ceil(bytes / step) * step;
}

export class Heap {
  readonly memory: WebAssembly.Memory;
  readonly shared: boolean;
  readonly maximumPages: number;
  /** Address 0 stays unused so that pointer 0 can mean "no block" (zero-size allocations). */
  private top = ALIGN;
  /**
   * Free blocks by size class, most recently freed last (reused first: likely still in cache).
   * A block the top was pulled down over stays listed; `freeByEnd` says whether it is still free.
   */
  private readonly freeByClass = new Map<number, number[]>();
  /** Free blocks by end address → start: which blocks are free, and the top pulls down over them. */
  private readonly freeByEnd = new Map<number, number>();
  private liveBlocks = 0;
  private liveBytes = 0;
  /**
   * memory.buffer as of this heap's last growth: the getter costs ~0.1 µs and kernels ask for it
   * several times per op. Only this heap grows the memory (`bump`), and refreshes it there.
   */
  #buffer: ArrayBuffer | SharedArrayBuffer;

  constructor(options: HeapOptions = {}) {
    this.maximumPages = Math.min(options.maximumPages ?? MAX_PAGES, MAX_PAGES);
    const initial = Math.min(options.initialPages ?? 16, this.maximumPages);
    this.shared = options.shared ?? typeof SharedArrayBuffer !== 'undefined';
    this.memory = new WebAssembly.Memory({ initial, maximum: this.maximumPages, shared: this.shared });
    this.#buffer = this.memory.buffer;
  }

  /** The current buffer; replaced by every growth, so fetch it again after allocating. */
  get buffer(): ArrayBuffer | SharedArrayBuffer {
    return this.#buffer;
  }

  /** Returns a 64-byte aligned pointer to at least `bytes` bytes (0 for a zero-size request). */
  alloc(bytes: number): number {
    if (!(Number.isInteger(bytes) && bytes >= 0)) throw new BackendError(`cpu: cannot allocate ${bytes} bytes`);
    if (bytes === 0) return 0;
    const size = blockSize(bytes);
    const ptr = this.takeFree(size) ?? this.bump(size, bytes);
    this.liveBlocks++;
    this.liveBytes += bytes;
    return ptr;
  }

  /** Returns a block; `bytes` is what was requested for it. */
  free(ptr: number, bytes: number): void {
    if (bytes === 0) return;
    const size = blockSize(bytes);
    this.liveBlocks--;
    this.liveBytes -= bytes;
    if (ptr + size === this.top) {
      this.top = ptr;
      this.pullDownTop();
      return;
    }
    let list = this.freeByClass.get(size);
    if (!list) this.freeByClass.set(size, (list = []));
    list.push(ptr);
    this.freeByEnd.set(ptr + size, ptr);
  }

  stats(): HeapStats {
    return { blocks: this.liveBlocks, bytes: this.liveBytes, reservedBytes: this.#buffer.byteLength, top: this.top };
  }

  private takeFree(size: number): number | undefined {
    const list = this.freeByClass.get(size);
    if (!list) return undefined;
    while (list.length > 0) {
      const ptr = list.pop()!;
      // Skip entries the top was pulled down over (no longer free, or free as another block).
      if (this.freeByEnd.get(ptr + size) !== ptr) continue;
      this.freeByEnd.delete(ptr + size);
      return ptr;
    }
    return undefined;
  }

  /** Lowers the top past the free blocks just below it (their list entries go stale, see `takeFree`). */
  private pullDownTop(): void {
    for (let start = this.freeByEnd.get(this.top); start !== undefined; start = this.freeByEnd.get(this.top)) {
      this.freeByEnd.delete(this.top);
      this.top = start;
    }
  }

  private bump(size: number, requested: number): number {
    const ptr = this.top;
    const end = ptr + size;
    const limit = this.maximumPages * PAGE;
    if (end > limit) throw this.outOfMemory(requested, `the heap limit is ${limit} bytes`);
    const have = this.#buffer.byteLength;
    if (end > have) {
      const pages = have / PAGE;
      const needed = Math.ceil(end / PAGE);
      // Grow by at least a quarter so that a run of allocations does not grow page by page.
      const target = Math.min(this.maximumPages, Math.max(needed, pages + Math.ceil(pages / 4)));
      try {
        this.memory.grow(target - pages);
        this.#buffer = this.memory.buffer;
      } catch (cause) {
        throw this.outOfMemory(requested, `growing the heap to ${target * PAGE} bytes failed (${cause instanceof Error ? cause.message : String(cause)})`);
      }
    }
    this.top = end;
    return ptr;
  }

  private outOfMemory(requested: number, why: string): BackendError {
    const { bytes, reservedBytes } = this.stats();
    return new BackendError(`cpu: out of memory: requested ${requested} bytes; ${why} (live ${bytes} bytes, heap ${reservedBytes} bytes)`);
  }
}
