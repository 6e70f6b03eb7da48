/**
 * The WebAssembly SIMD kernels (built from wasm/ by scripts/build-wasm.mjs), instantiated on a
 * heap's own memory so they work on tensor bytes in place. Compiled synchronously: the module
 * is ~2 KB, far under the browsers' limit for synchronous compilation on the main thread.
 */
import type { Heap } from '../heap.js';
import type { ConvGeometry } from '../helpers/im2col.js';
import { kernels, kernelsShared } from './binaries.js';

/** sgemm's arguments (wasm/gemm.ts): sizes, A, B and C with their strides, accumulate, workspace. */
type GemmArgs = [
  m: number, n: number, k: number,
  a: number, ars: number, acs: number,
  b: number, brs: number, bcs: number,
  c: number, crs: number, accumulate: boolean, ws: number,
];

interface KernelExports {
  sgemm(...args: GemmArgs): void;
  /** 1 when it did the product, 0 when the layout is not one it covers (wasm/gemm-thin.ts). */
  sgemmThin(...args: GemmArgs): number;
  gemmWorkspaceBytes(): number;
  biasAct(c: number, rows: number, cols: number, ldc: number, bias: number, perRow: boolean, act: number): void;
  im2col(x: number, ...geometryThenCol: number[]): void;
  col2im(col: number, ...geometryThenDx: number[]): void;
  copyBlocks(src: number, sImg: number, sRow: number, dst: number, dImg: number, dRow: number, imgs: number, rows: number, n: number): void;
  convForward(params: number, i0: number, i1: number, col: number, res: number, ws: number): void;
  convImage(params: number, image: number, scratch: number, ws: number): void;
  convImages(params: number, i0: number, i1: number, scratch: number, ws: number): void;
  convFilterImages(params: number, i0: number, i1: number, scratch: number, dw: number, ws: number): void;
  convImageBytes(params: number): number;
  convBackpropInput(params: number, i0: number, i1: number, col: number, dys: number, ws: number): void;
  convBackpropFilter(params: number, i0: number, i1: number, col: number, dys: number, dw: number, ws: number): void;
  maxPool2x2(x: number, planes: number, h: number, w: number, oh: number, ow: number, out: number): void;
  maxPool2x2Backward(x: number, dy: number, planes: number, h: number, w: number, oh: number, ow: number, dx: number): void;
  maxPoolWindows(x: number, ...geometryThenOutDxBackward: number[]): void;
  binary(op: number, a: number, as0: number, as1: number, as2: number, b: number, bs0: number, bs1: number, bs2: number, o: number, d0: number, d1: number, d2: number): void;
  compare(op: number, a: number, as0: number, as1: number, as2: number, b: number, bs0: number, bs1: number, bs2: number, o: number, d0: number, d1: number, d2: number): void;
  where(c: number, cs0: number, cs1: number, cs2: number, a: number, as0: number, as1: number, as2: number, b: number, bs0: number, bs1: number, bs2: number, o: number, d0: number, d1: number, d2: number): void;
  unary(op: number, x: number, y: number, n: number): void;
  sumRun(x: number, n: number, init: number): number;
  sumRows(acc: number, x: number, n: number): void;
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

/** i32 words of `SimdKernels.params`. */
const PARAM_WORDS = 32;

/** One instance per heap, with its GEMM packing workspace allocated once from that heap. */
export class SimdKernels {
  private readonly exports: KernelExports;
  /** Byte address of the packing workspace: allocated up front, so a GEMM never grows the heap. */
  readonly workspace: number;
  /** The compiled kernels (the shared-memory build on a shared heap): what a worker pool instantiates. */
  readonly module: WebAssembly.Module;
  /** This thread's instance of `module`, on the heap's memory (a worker pool's calling-thread instance). */
  readonly instance: WebAssembly.Instance;

  private constructor(module: WebAssembly.Module, instance: WebAssembly.Instance, private readonly heap: Heap, workspace: number) {
    this.module = module;
    this.instance = instance;
    this.exports = instance.exports as unknown as KernelExports;
    this.workspace = workspace;
    this.params = workspace + this.exports.gemmWorkspaceBytes();
  }

  /**
   * Byte address of a parameter block of PARAM_WORDS i32 (after the workspace): the convolution
   * kernels' parameters, written by `setParams` before each call instead of a heap block per call.
   */
  readonly params: number;

  /** Writes `values` (at most PARAM_WORDS i32) to the parameter block; returns its address. */
  setParams(values: readonly number[]): number {
    new Int32Array(this.heap.buffer, this.params, values.length).set(values);
    return this.params;
  }

  /** Bytes of one GEMM packing workspace: every thread running `sgemm` at once needs its own. */
  get workspaceBytes(): number {
    return this.exports.gemmWorkspaceBytes();
  }

  /** The kernels on `heap`, or undefined where WebAssembly SIMD is missing or the heap has no room. */
  static create(heap: Heap): SimdKernels | undefined {
    if (!simdSupported()) return undefined;
    const abort = (): never => {
      throw new Error('cpu: WebAssembly kernel aborted');
    };
    const module = kernelModule(heap.shared);
    const instance = new WebAssembly.Instance(module, { env: { memory: heap.memory, abort } });
    const exports = instance.exports as unknown as KernelExports;
    let workspace: number;
    try {
      workspace = heap.alloc(exports.gemmWorkspaceBytes() + 4 * PARAM_WORDS);
    } catch {
      return undefined;
    }
    return new SimdKernels(module, instance, heap, workspace);
  }

  /**
   * float32 C = A·B (+ C) on heap byte addresses; strides in elements, C with unit column stride.
   * Sums in float32 (the TypeScript gemm sums in float64 per K block). Thin products (M < 4 or
   * N < 4) go to wasm/gemm-thin.ts where their layout allows, the rest to the blocked GEMM.
   */
  sgemm(m: number, n: number, k: number, a: number, ars: number, acs: number, b: number, brs: number, bcs: number, c: number, crs: number, accumulate: boolean): void {
    const x = this.exports;
    if ((m < 4 || n < 4) && x.sgemmThin(m, n, k, a, ars, acs, b, brs, bcs, c, crs, accumulate, this.workspace)) return;
    x.sgemm(m, n, k, a, ars, acs, b, brs, bcs, c, crs, accumulate, this.workspace);
  }

  /**
   * In place on float32 rows at byte address c (row stride ldc elements): c = act(c + bias), the
   * bias (byte address, 0 for none) indexed by row (perRow) or by column; act is a code of
   * helpers/fused.ts (wasm/epilogue.ts).
   */
  biasAct(c: number, rows: number, cols: number, ldc: number, bias: number, perRow: boolean, act: number): void {
    this.exports.biasAct(c, rows, cols, ldc, bias, perRow, act);
  }

  /**
   * float32 im2col of one image/group at byte address x into col (see helpers/im2col.ts); rows of
   * the column matrix `ldc` floats apart (default OH·OW: the image's own matrix).
   */
  im2col(x: number, g: ConvGeometry, col: number, ldc = g.oh * g.ow): void {
    this.exports.im2col(x, g.c, g.h, g.w, g.kh, g.kw, g.oh, g.ow, g.sh, g.sw, g.pt, g.pl, g.dh, g.dw, col, ldc);
  }

  /** float32 dx += col2im(col) for one image/group at byte addresses; col rows `ldc` floats apart. */
  col2im(col: number, g: ConvGeometry, dx: number, ldc = g.oh * g.ow): void {
    this.exports.col2im(col, g.c, g.h, g.w, g.kh, g.kw, g.oh, g.ow, g.sh, g.sw, g.pt, g.pl, g.dh, g.dw, dx, ldc);
  }

  /** The batched float32 convolution forward pass for images [i0, i1) on this thread (wasm/im2col.ts convForward). */
  convForward(params: number, i0: number, i1: number, col: number, res: number): void {
    this.exports.convForward(params, i0, i1, col, res, this.workspace);
  }

  /**
   * One image of a batched convolution's forward pass without an im2col matrix (wasm/conv-image.ts:
   * stride 1 along the width only), on convForward's parameter block; scratch of
   * `convImageBytes(params)` bytes.
   */
  convImage(params: number, image: number, scratch: number): void {
    this.exports.convImage(params, image, scratch, this.workspace);
  }

  /** convImage for images [i0, i1) (wasm/conv-image.ts convImages: threads share them out one by one). */
  convImages(params: number, i0: number, i1: number, scratch: number): void {
    this.exports.convImages(params, i0, i1, scratch, this.workspace);
  }

  /** The filter gradient of images [i0, i1) added into dw, without an im2col matrix (wasm/conv-image.ts convFilterImages). */
  convFilterImages(params: number, i0: number, i1: number, scratch: number, dw: number): void {
    this.exports.convFilterImages(params, i0, i1, scratch, dw, this.workspace);
  }

  convImageBytes(params: number): number {
    return this.exports.convImageBytes(params);
  }

  /** convForward's input gradient (wasm/im2col.ts convBackpropInput) on this thread. */
  convBackpropInput(params: number, i0: number, i1: number, col: number, dys: number): void {
    this.exports.convBackpropInput(params, i0, i1, col, dys, this.workspace);
  }

  /** convForward's filter gradient, added into dw (wasm/im2col.ts convBackpropFilter) on this thread. */
  convBackpropFilter(params: number, i0: number, i1: number, col: number, dys: number, dw: number): void {
    this.exports.convBackpropFilter(params, i0, i1, col, dys, dw, this.workspace);
  }

  /**
   * Copies `imgs` blocks of `rows` rows of `n` floats (byte addresses, strides in floats): row r
   * of block i from src + i·sImg + r·sRow to dst + i·dImg + r·dRow. No overlap.
   */
  copyBlocks(src: number, sImg: number, sRow: number, dst: number, dImg: number, dRow: number, imgs: number, rows: number, n: number): void {
    this.exports.copyBlocks(src, sImg, sRow, dst, dImg, dRow, imgs, rows, n);
  }

  /** float32 2×2 stride-2 unpadded max-pool of `planes` h×w planes at byte address x into oh×ow. */
  maxPool2x2(x: number, planes: number, h: number, w: number, oh: number, ow: number, out: number): void {
    this.exports.maxPool2x2(x, planes, h, w, oh, ow, out);
  }

  /** Backward of `maxPool2x2` (same sizes): dx = dy routed to each window's first maximum, 0 elsewhere. */
  maxPool2x2Backward(x: number, dy: number, planes: number, h: number, w: number, oh: number, ow: number, dx: number): void {
    this.exports.maxPool2x2Backward(x, dy, planes, h, w, oh, ow, dx);
  }

  /**
   * Max-pool of any window (wasm/pool.ts maxPoolWindows, as forEachMaxWindow): forward writes the
   * maxima to `out`; backward zeroes dx and adds dy (at `out`) at each window's first maximum.
   */
  maxPoolWindows(x: number, g: PoolGeometry, out: number, dx: number, backward: boolean): void {
    this.exports.maxPoolWindows(x, g.planes, g.h, g.w, g.oh, g.ow, g.kh, g.kw, g.sh, g.sw, g.pt, g.pl, g.dh, g.dw, out, dx, backward ? 1 : 0);
  }

  /** float32 out = a op b over collapsed dims [d0, d1, d2] (wasm/elementwise.ts; op codes of helpers/simd-ops.ts). */
  binary(op: number, a: number, as: Strides3, b: number, bs: Strides3, out: number, d: Strides3): void {
    this.exports.binary(op, a, as[0], as[1], as[2], b, bs[0], bs[1], bs[2], out, d[0], d[1], d[2]);
  }

  /** bool out = a op b of float32 a, b over collapsed dims [d0, d1, d2]. */
  compare(op: number, a: number, as: Strides3, b: number, bs: Strides3, out: number, d: Strides3): void {
    this.exports.compare(op, a, as[0], as[1], as[2], b, bs[0], bs[1], bs[2], out, d[0], d[1], d[2]);
  }

  /** out = c ? a : b of bool c and 32-bit a, b over collapsed dims [d0, d1, d2]. */
  where(c: number, cs: Strides3, a: number, as: Strides3, b: number, bs: Strides3, out: number, d: Strides3): void {
    this.exports.where(c, cs[0], cs[1], cs[2], a, as[0], as[1], as[2], b, bs[0], bs[1], bs[2], out, d[0], d[1], d[2]);
  }

  /** y = op(x) for n contiguous float32. */
  unary(op: number, x: number, y: number, n: number): void {
    this.exports.unary(op, x, y, n);
  }

  /** init + the float64 sum of n contiguous float32 at byte address x. */
  sumRun(x: number, n: number, init: number): number {
    return this.exports.sumRun(x, n, init);
  }

  /** float64 acc[j] += float32 x[j] for j < n (byte addresses). */
  sumRows(acc: number, x: number, n: number): void {
    this.exports.sumRows(acc, x, n);
  }
}

/** Three dims or three strides (in elements), outermost first. */
export type Strides3 = readonly [number, number, number];

/** A max-pool's planes (N·C), sizes and window, as wasm/pool.ts takes them. */
export interface PoolGeometry {
  planes: number; h: number; w: number; oh: number; ow: number;
  kh: number; kw: number; sh: number; sw: number; pt: number; pl: number; dh: number; dw: number;
}
