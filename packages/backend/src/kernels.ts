/**
 * Every primitive kernel of the backend contract, with its inputs, attributes and output.
 *
 * Rules that hold for every kernel:
 * - Inputs are `TensorInfo`s owned by the caller; a kernel never disposes them.
 * - A kernel allocates its output(s) on its own backend and returns them; the caller owns them.
 * - Storage is contiguous and row-major; shapes are plain number arrays.
 * - Attributes are fully resolved by the caller (`@pistil/nn`): axes are non-negative, pads
 *   explicit, dtypes already promoted. Kernels still validate what would otherwise corrupt
 *   memory (index ranges, size mismatches) and throw `ShapeError`/`DTypeError`.
 * - Broadcasting follows NumPy: shapes are right-aligned, a dimension of 1 stretches.
 * - Zero-size dimensions are legal everywhere and give zero-size outputs (or the identity of a
 *   reduction).
 * Shape rules shared by `nn` and the backends live in `shapes.ts`.
 */
import type { DType } from './dtypes.js';

/** Opaque handle to a backend's storage; only the backend that made it can read it. */
export interface DataId {
  readonly backend: string;
}

export interface TensorInfo {
  readonly dataId: DataId;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/**
 * Float-only unary ops (input float32/float64, output same dtype) — except where noted:
 * `neg`, `abs`, `sign`, `square`, `relu`, `clamp` also take int32 (`INT_UNARY_OPS`); `logicalNot`
 * takes bool; `isNaN`/`isInf`/`isFinite` output bool.
 * Parameterised ops read `alpha`/`beta` (when omitted, PyTorch's defaults: leakyRelu α = 0.01,
 * elu α = 1, clamp unbounded):
 * - `leakyRelu`: x < 0 ? alpha·x : x
 * - `elu`: x < 0 ? alpha·(eˣ − 1) : x
 * - `clamp`: min(max(x, alpha), beta) (either may be ±Infinity); NaN stays NaN
 * - `softplus`: log(1 + eˣ), computed stably
 * - `gelu`: x·Φ(x) with the exact erf; `erf` is the error function
 * - `round`: half to even, as PyTorch and NumPy
 */
export const UNARY_OPS = [
  'neg', 'abs', 'sign', 'square', 'relu',
  'exp', 'expm1', 'log', 'log1p', 'sqrt', 'rsqrt', 'reciprocal',
  'sin', 'cos', 'tan', 'asin', 'acos', 'atan', 'sinh', 'cosh', 'tanh', 'asinh', 'acosh', 'atanh',
  'sigmoid', 'leakyRelu', 'elu', 'gelu', 'softplus', 'erf', 'clamp',
  'floor', 'ceil', 'round', 'trunc',
  'logicalNot', 'isNaN', 'isInf', 'isFinite',
] as const;
export type UnaryOp = (typeof UNARY_OPS)[number];

/** Unary ops that also accept int32 input (the rest need a float dtype, or bool for logicalNot). */
export const INT_UNARY_OPS: readonly UnaryOp[] = ['neg', 'abs', 'sign', 'square', 'relu', 'clamp'];

/**
 * Arithmetic on two tensors of the same dtype; output has that dtype.
 * `div` on int32 truncates toward zero; `mod` and `floorDiv` follow Python (sign of divisor, floor).
 * `pow` follows C (1^y = 1 for any y, (−1)^±Inf = 1); on int32 it is exact with wrap-around, and a
 * negative exponent gives the result truncated toward zero (1 for base 1, ±1 for base −1, else 0).
 * `maximum`/`minimum` propagate NaN.
 */
export const BINARY_OPS = ['add', 'sub', 'mul', 'div', 'pow', 'maximum', 'minimum', 'mod', 'floorDiv', 'atan2'] as const;
export type BinaryOp = (typeof BINARY_OPS)[number];

/** Comparison of two tensors of the same dtype; output bool. NaN compares false except `notEqual`. */
export const COMPARE_OPS = ['equal', 'notEqual', 'less', 'lessEqual', 'greater', 'greaterEqual'] as const;
export type CompareOp = (typeof COMPARE_OPS)[number];

/** Logic on two bool tensors; output bool. */
export const LOGICAL_OPS = ['logicalAnd', 'logicalOr', 'logicalXor'] as const;
export type LogicalOp = (typeof LOGICAL_OPS)[number];

/**
 * Reductions over `axes`; the output keeps every reduced axis with size 1.
 * Identities on empty axes: sum 0, prod 1, max −Inf, min +Inf, mean NaN, any false, all true.
 * `sum`/`prod` of bool or uint8 give int32; `mean` needs a float; `any`/`all` take bool and give bool.
 * `max`/`min` propagate NaN. Integer max/min of an empty axis is a `ShapeError` (no identity).
 */
export const REDUCE_OPS = ['sum', 'prod', 'max', 'min', 'mean', 'any', 'all'] as const;
export type ReduceOp = (typeof REDUCE_OPS)[number];

export type Pair = readonly [number, number];
/** Spatial padding in ONNX order: [top, left, bottom, right]. */
export type Pads2d = readonly [number, number, number, number];

export interface Conv2dAttrs {
  stride: Pair;
  pads: Pads2d;
  dilation: Pair;
  groups: number;
}

export interface Pool2dAttrs {
  kernel: Pair;
  stride: Pair;
  /** Padded positions are −Inf for max pooling and 0 for average pooling. */
  pads: Pads2d;
  dilation: Pair;
}

export type PadMode = 'constant' | 'reflect' | 'replicate';

/** The activation a fused kernel applies after its bias: none, or relu (as the `unary` relu). */
export const FUSED_ACTIVATIONS = ['none', 'relu'] as const;
export type FusedActivation = (typeof FUSED_ACTIVATIONS)[number];

/** Every kernel: `inputs` and `attrs` it takes, and what it returns. */
export interface KernelSpecs {
  /** Elementwise unary op; see `UnaryOp`. */
  unary: { inputs: { x: TensorInfo }; attrs: { op: UnaryOp; alpha?: number; beta?: number }; output: TensorInfo };
  /** Elementwise arithmetic with broadcasting; see `BinaryOp`. */
  binary: { inputs: { a: TensorInfo; b: TensorInfo }; attrs: { op: BinaryOp }; output: TensorInfo };
  /** Elementwise comparison with broadcasting; output bool. */
  compare: { inputs: { a: TensorInfo; b: TensorInfo }; attrs: { op: CompareOp }; output: TensorInfo };
  /** Elementwise logic on bools with broadcasting; output bool. */
  logical: { inputs: { a: TensorInfo; b: TensorInfo }; attrs: { op: LogicalOp }; output: TensorInfo };
  /** `condition ? a : b`, all three broadcast together; `condition` is bool, `a` and `b` share a dtype. */
  where: { inputs: { condition: TensorInfo; a: TensorInfo; b: TensorInfo }; attrs: Record<string, never>; output: TensorInfo };
  /** Reduction over `axes` (sorted, unique, may be empty = copy); keeps reduced axes as size 1. */
  reduce: { inputs: { x: TensorInfo }; attrs: { op: ReduceOp; axes: readonly number[] }; output: TensorInfo };
  /**
   * Index of the max/min along one axis, int32, the axis kept with size 1. Ties give the first
   * index; NaN counts as the extreme (the first NaN wins), as in PyTorch. An empty axis is a `ShapeError`.
   */
  argReduce: { inputs: { x: TensorInfo }; attrs: { op: 'argmax' | 'argmin'; axis: number }; output: TensorInfo };
  /**
   * Batched matrix product. `a` is [...batchA, M, K] ([..., K, M] when `transposeA`), `b` is
   * [...batchB, K, N] ([..., N, K] when `transposeB`); both have rank ≥ 2 and a float dtype;
   * batch dims broadcast. Output [...batch, M, N].
   */
  matmul: { inputs: { a: TensorInfo; b: TensorInfo }; attrs: { transposeA: boolean; transposeB: boolean }; output: TensorInfo };
  /**
   * Optional (`OPTIONAL_KERNEL_NAMES`): activation(matmul(a, b) + bias), bias [N] added to every
   * row (no bias when the input is absent), in one kernel; the same values as `matmul`, `binary`
   * add and `unary` relu run one after another.
   */
  fusedMatmul: { inputs: { a: TensorInfo; b: TensorInfo; bias?: TensorInfo }; attrs: { transposeA: boolean; transposeB: boolean; activation: FusedActivation }; output: TensorInfo };
  /** x [N, C, H, W] ⋆ w [O, C/groups, KH, KW] → [N, O, OH, OW] (cross-correlation, as PyTorch). */
  conv2d: { inputs: { x: TensorInfo; w: TensorInfo }; attrs: Conv2dAttrs; output: TensorInfo };
  /**
   * Optional (`OPTIONAL_KERNEL_NAMES`): activation(conv2d(x, w) + bias), bias [O] added to every
   * output channel (no bias when the input is absent), in one kernel; the same values as
   * `conv2d`, a broadcast `binary` add and `unary` relu.
   */
  fusedConv2d: { inputs: { x: TensorInfo; w: TensorInfo; bias?: TensorInfo }; attrs: Conv2dAttrs & { activation: FusedActivation }; output: TensorInfo };
  /** Gradient of conv2d with respect to x: dy [N, O, OH, OW], w → dx of `inputShape`. */
  conv2dBackpropInput: { inputs: { dy: TensorInfo; w: TensorInfo }; attrs: Conv2dAttrs & { inputShape: readonly number[] }; output: TensorInfo };
  /** Gradient of conv2d with respect to w: x, dy → dw of `filterShape`. */
  conv2dBackpropFilter: { inputs: { x: TensorInfo; dy: TensorInfo }; attrs: Conv2dAttrs & { filterShape: readonly number[] }; output: TensorInfo };
  /**
   * Transposed convolution: x [N, Cin, H, W], w [Cin, Cout/groups, KH, KW] → [N, Cout, OH, OW] with
   * OH = (H − 1)·sh − top − bottom + dh·(KH − 1) + outputPadding[0] + 1 (PyTorch's ConvTranspose2d).
   */
  conv2dTranspose: { inputs: { x: TensorInfo; w: TensorInfo }; attrs: Conv2dAttrs & { outputPadding: Pair }; output: TensorInfo };
  /** Max pooling over [N, C, H, W]. */
  maxPool2d: { inputs: { x: TensorInfo }; attrs: Pool2dAttrs; output: TensorInfo };
  /**
   * Routes each dy to the first maximum of its window in x, in row-major window order (windows that
   * overlap add up); padded positions (−Inf) never receive gradient.
   */
  maxPool2dBackward: { inputs: { dy: TensorInfo; x: TensorInfo }; attrs: Pool2dAttrs; output: TensorInfo };
  /** Average pooling; the divisor counts padded positions when `countIncludePad`. */
  avgPool2d: { inputs: { x: TensorInfo }; attrs: Pool2dAttrs & { countIncludePad: boolean }; output: TensorInfo };
  avgPool2dBackward: { inputs: { dy: TensorInfo }; attrs: Pool2dAttrs & { countIncludePad: boolean; inputShape: readonly number[] }; output: TensorInfo };
  /** Permutes axes: output dim i is input dim perm[i]. */
  transpose: { inputs: { x: TensorInfo }; attrs: { perm: readonly number[] }; output: TensorInfo };
  /** Materialises a broadcast of x to `shape` (x's shape must broadcast to it). */
  broadcastTo: { inputs: { x: TensorInfo }; attrs: { shape: readonly number[] }; output: TensorInfo };
  /**
   * Pads every dim by `pads[i] = [before, after]` (non-negative). `reflect` mirrors without the
   * edge (needs pad < dim), `replicate` repeats the edge (needs dim > 0 where padded).
   */
  pad: { inputs: { x: TensorInfo }; attrs: { pads: readonly Pair[]; mode: PadMode; value: number }; output: TensorInfo };
  /** Strided slice: output dim i has `size[i]` elements taken at begin[i] + j·step[i] (step ≠ 0, may be negative). */
  slice: { inputs: { x: TensorInfo }; attrs: { begin: readonly number[]; size: readonly number[]; step: readonly number[] }; output: TensorInfo };
  /** Joins tensors of one dtype along `axis`; other dims must match. */
  concat: { inputs: { xs: readonly TensorInfo[] }; attrs: { axis: number }; output: TensorInfo };
  /**
   * Takes slices of x along `axis` at int32 `indices` (in [0, dim)): output shape is
   * x.shape[:axis] + indices.shape + x.shape[axis+1:] (NumPy `take`, ONNX Gather).
   */
  gather: { inputs: { x: TensorInfo; indices: TensorInfo }; attrs: { axis: number }; output: TensorInfo };
  /** Inverse of gather: zeros of `shape`, then updates are added at `indices` along `axis`; repeats add up. */
  scatterAdd: { inputs: { updates: TensorInfo; indices: TensorInfo }; attrs: { axis: number; shape: readonly number[] }; output: TensorInfo };
  /**
   * Converts dtype. Conversion to an int dtype truncates toward zero and saturates to its range
   * (NaN→0; int32→uint8 saturates too); anything→bool is x ≠ 0 (so NaN→true); float64→float32
   * rounds to nearest (overflowing to ±Inf).
   */
  cast: { inputs: { x: TensorInfo }; attrs: { dtype: DType }; output: TensorInfo };
  /** A new tensor of `shape` holding `value`. */
  fill: { inputs: Record<string, never>; attrs: { shape: readonly number[]; dtype: DType; value: number }; output: TensorInfo };
  /**
   * Seeded random numbers from the counter-based generator in `random.ts`: element i depends only
   * on (seed, i), so every backend produces the same stream. uniform: [a, b); normal: mean a, std b.
   */
  random: { inputs: Record<string, never>; attrs: { shape: readonly number[]; dtype: 'float32' | 'float64'; distribution: 'uniform' | 'normal'; a: number; b: number; seed: number }; output: TensorInfo };
}

export type KernelName = keyof KernelSpecs;
export type KernelInputs<K extends KernelName> = KernelSpecs[K]['inputs'];
export type KernelAttrs<K extends KernelName> = KernelSpecs[K]['attrs'];
export type KernelOutput<K extends KernelName> = KernelSpecs[K]['output'];

/** The kernels every backend implements, in the order the docs list them. */
export const KERNEL_NAMES: readonly KernelName[] = [
  'unary', 'binary', 'compare', 'logical', 'where', 'reduce', 'argReduce', 'matmul',
  'conv2d', 'conv2dBackpropInput', 'conv2dBackpropFilter', 'conv2dTranspose',
  'maxPool2d', 'maxPool2dBackward', 'avgPool2d', 'avgPool2dBackward',
  'transpose', 'broadcastTo', 'pad', 'slice', 'concat', 'gather', 'scatterAdd',
  'cast', 'fill', 'random',
];

/**
 * Kernels a backend may implement (`hasKernel` says whether it does): fusions of the kernels
 * above that save passes over memory and per-kernel overhead. Callers (`@pistil/nn`) fall back
 * to the primitive kernels where a backend has none.
 */
export const OPTIONAL_KERNEL_NAMES: readonly KernelName[] = ['fusedMatmul', 'fusedConv2d'];
