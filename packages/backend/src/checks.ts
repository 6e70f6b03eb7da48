/**
 * Argument checks every backend's kernels make, with the messages the contract's errors carry:
 * the op, the input, what it got and what was expected.
 */
import type { DType } from './dtypes.js';
import { DTypeError, ShapeError, fmtShape } from './errors.js';
import type { Conv2dAttrs, PadMode, Pair, TensorInfo } from './kernels.js';
import { conv2dShape, stridesOf } from './shapes.js';

/** Throws a `DTypeError` naming the op and the input unless `t.dtype` is one of `allowed`. */
export function requireDType(op: string, name: string, t: TensorInfo, allowed: readonly DType[]): void {
  if (!allowed.includes(t.dtype)) throw new DTypeError(`${op}: ${name} has dtype ${t.dtype}, expected ${allowed.join(' or ')}`);
}

/** Throws a `DTypeError` unless every input has the dtype of the first. */
export function requireSameDType(op: string, named: Record<string, TensorInfo>): void {
  // Runs on every kernel call: a plain loop, the entries only built for the message.
  let first: DType | undefined;
  for (const key in named) {
    const dtype = named[key]!.dtype;
    first ??= dtype;
    if (dtype !== first) {
      const entries = Object.entries(named);
      throw new DTypeError(`${op}: inputs must share a dtype, got ${entries.map(([n, t]) => `${n} ${t.dtype}`).join(', ')}`);
    }
  }
}

/** Throws a `ShapeError` unless `shape` has `rank` dims. */
export function requireRank(op: string, name: string, shape: readonly number[], rank: number, layout: string): void {
  if (shape.length !== rank) throw new ShapeError(`${op}: ${name} must be ${layout}, got ${fmtShape(shape)}`);
}

/** Throws a `ShapeError` unless two shapes are equal. */
export function requireShape(op: string, name: string, got: readonly number[], expected: readonly number[]): void {
  if (got.length !== expected.length || got.some((d, i) => d !== expected[i]))
    throw new ShapeError(`${op}: ${name} has shape ${fmtShape(got)}, expected ${fmtShape(expected)}`);
}

/** Checks `pad`'s attributes against x's shape (non-negative integers; reflect < dim; replicate needs data). */
export function checkPadArgs(x: readonly number[], pads: readonly Pair[], mode: PadMode): void {
  if (pads.length !== x.length) throw new ShapeError(`pad: ${pads.length} pad pairs given for ${fmtShape(x)}`);
  pads.forEach(([before, after], d) => {
    const dim = x[d]!;
    if (!(Number.isInteger(before) && Number.isInteger(after) && before >= 0 && after >= 0))
      throw new ShapeError(`pad: pads of dim ${d} must be non-negative integers, got [${before}, ${after}]`);
    if (mode === 'reflect' && (before >= dim || after >= dim) && before + after > 0)
      throw new ShapeError(`pad: reflect pads [${before}, ${after}] of dim ${d} must be smaller than its size ${dim} (x ${fmtShape(x)})`);
    if (mode === 'replicate' && dim === 0 && before + after > 0)
      throw new ShapeError(`pad: replicate cannot pad dim ${d} of size 0 (x ${fmtShape(x)})`);
  });
}

/**
 * A strided slice of x as a view: the flat offset of its first element and the stride of each
 * output dim (negative for negative steps). Throws a `ShapeError` for any index out of range.
 */
export function sliceView(x: readonly number[], begin: readonly number[], size: readonly number[], step: readonly number[]): { offset: number; strides: number[] } {
  const rank = x.length;
  const bad = (why: string) => new ShapeError(`slice: ${why} (x ${fmtShape(x)}, begin [${begin.join(', ')}], size [${size.join(', ')}], step [${step.join(', ')}])`);
  if (begin.length !== rank || size.length !== rank || step.length !== rank) throw bad(`needs ${rank} begin, size and step values`);
  const inStrides = stridesOf(x);
  let offset = 0;
  for (let d = 0; d < rank; d++) {
    const dim = x[d]!, b = begin[d]!, n = size[d]!, s = step[d]!;
    if (!Number.isInteger(s) || s === 0) throw bad(`step ${s} in dim ${d} must be a non-zero integer`);
    if (!Number.isInteger(n) || n < 0) throw bad(`size ${n} in dim ${d} must be a non-negative integer`);
    if (n === 0) continue;
    const last = b + (n - 1) * s;
    if (!Number.isInteger(b) || b < 0 || b >= dim || last < 0 || last >= dim) throw bad(`dim ${d} would read indices ${b} to ${last} of ${dim}`);
    offset += b * inStrides[d]!;
  }
  return { offset, strides: step.map((s, d) => s * inStrides[d]!) };
}

/** The arguments of `conv2dBackpropInput`: dy and w of one float dtype (of `floats`), dy the shape conv2d gives. */
export function checkConv2dBackpropInputArgs(dy: TensorInfo, w: TensorInfo, attrs: Conv2dAttrs & { inputShape: readonly number[] }, floats: readonly DType[]): void {
  const op = 'conv2dBackpropInput';
  requireSameDType(op, { dy, w });
  requireDType(op, 'dy', dy, floats);
  requireRank(op, 'inputShape', attrs.inputShape, 4, '[N, C, H, W]');
  requireShape(op, 'dy', dy.shape, conv2dShape(attrs.inputShape, w.shape, attrs));
}

/** The arguments of `conv2dBackpropFilter`: x and dy of one float dtype (of `floats`), dy the shape conv2d gives. */
export function checkConv2dBackpropFilterArgs(x: TensorInfo, dy: TensorInfo, attrs: Conv2dAttrs & { filterShape: readonly number[] }, floats: readonly DType[]): void {
  const op = 'conv2dBackpropFilter';
  requireSameDType(op, { x, dy });
  requireDType(op, 'x', x, floats);
  requireRank(op, 'filterShape', attrs.filterShape, 4, '[O, C/groups, KH, KW]');
  requireShape(op, 'dy', dy.shape, conv2dShape(x.shape, attrs.filterShape, attrs));
}
