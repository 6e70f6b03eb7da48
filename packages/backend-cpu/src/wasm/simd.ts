/**
 * The WebAssembly SIMD kernels (built from wasm/ by scripts/build-wasm.mjs), instantiated on a
 * heap's own memory so they work on tensor bytes in place. Compiled synchronously: the module
 * is ~2 KB, far under the browsers' limit for synchronous compilation on the main thread.
 */
import type { Heap } from '../heap.js';
import type { ConvGeometry } from '../helpers/im2col.js';
import { kernels, kernelsShared } from './binaries.js';

interface KernelExports {
  sgemm(
    m: number, n: number, k: number,
    a: number, ars: number, acs: number,
    b: number, brs: number, bcs: number,
    c: number, crs: number, accumulate: boolean, ws: number,
  ): void;
  gemmWorkspaceBytes(): number;
  im2col(x: number, ...geometryThenCol: number[]): void;
  col2im(col: number, ...geometryThenDx: number[]): void;
  maxPool2x2(x: number, planes: number, h: number, w: number, oh: number, ow: number, out: number): void;
}

/** i32.const 0; i8x16.splat; i8x16.popcnt — validates only where WebAssembly SIMD exists. */
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0, 253, 15, 253, 98, 11]);

let simdSupport: boolean | undefined;
export function simdSupported(): boolean {
  if (simdSupport === undefined) {
    try {
      simdSupport = typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
    } catch {
      simdSupport = false;
    }
  }
  return simdSupport;
}

const modules = new Map<boolean, WebAssembly.Module>();
function kernelModule(shared: boolean): WebAssembly.Module {
  let module = modules.get(shared);
  if (!module) {
    module = new WebAssembly.Module(fromBase64(shared ? kernelsShared : kernels));
    modules.set(shared, module);
  }
  return module;
}

function fromBase64(text: string): Uint8Array<ArrayBuffer> {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}

/** One instance per heap, with its GEMM packing workspace allocated once from that heap. */
export class SimdKernels {
  private readonly exports: KernelExports;
  /** Byte address of the packing workspace: allocated up front, so a GEMM never grows the heap. */
  private readonly workspace: number;

  private constructor(exports: KernelExports, workspace: number) {
    this.exports = exports;
    this.workspace = workspace;
  }

  /** The kernels on `heap`, or undefined where WebAssembly SIMD is missing or the heap has no room. */
  static create(heap: Heap): SimdKernels | undefined {
    if (!simdSupported()) return undefined;
    const abort = (): never => {
      throw new Error('cpu: WebAssembly kernel aborted');
    };
    const instance = new WebAssembly.Instance(kernelModule(heap.shared), { env: { memory: heap.memory, abort } });
    const exports = instance.exports as unknown as KernelExports;
    let workspace: number;
    try {
      workspace = heap.alloc(exports.gemmWorkspaceBytes());
    } catch {
      return undefined;
    }
    return new SimdKernels(exports, workspace);
  }

  /**
   * float32 C = A·B (+ C) on heap byte addresses; strides in elements, C with unit column stride.
   * Sums in float32 (the TypeScript gemm sums in float64 per K block).
   */
  sgemm(m: number, n: number, k: number, a: number, ars: number, acs: number, b: number, brs: number, bcs: number, c: number, crs: number, accumulate: boolean): void {
    this.exports.sgemm(m, n, k, a, ars, acs, b, brs, bcs, c, crs, accumulate, this.workspace);
  }

  /** float32 im2col of one image/group at byte address x into col (see helpers/im2col.ts). */
  im2col(x: number, g: ConvGeometry, col: number): void {
    this.exports.im2col(x, g.c, g.h, g.w, g.kh, g.kw, g.oh, g.ow, g.sh, g.sw, g.pt, g.pl, g.dh, g.dw, col);
  }

  /** float32 dx += col2im(col) for one image/group at byte addresses. */
  col2im(col: number, g: ConvGeometry, dx: number): void {
    this.exports.col2im(col, g.c, g.h, g.w, g.kh, g.kw, g.oh, g.ow, g.sh, g.sw, g.pt, g.pl, g.dh, g.dw, dx);
  }

  /** float32 2×2 stride-2 unpadded max-pool of `planes` h×w planes at byte address x into oh×ow. */
  maxPool2x2(x: number, planes: number, h: number, w: number, oh: number, ow: number, out: number): void {
    this.exports.maxPool2x2(x, planes, h, w, oh, ow, out);
  }
}
