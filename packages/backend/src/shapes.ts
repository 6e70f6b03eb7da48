/**
 * Shape rules shared by `@pistil/nn` (to validate and report errors early) and by backends (to
 * size their outputs). Each throws a `ShapeError` naming the op and the shapes it received.
 */
import { ShapeError, fmtShape } from './errors.js';
import type { Conv2dAttrs, Pair, Pool2dAttrs } from './kernels.js';

export function broadcastShapes(op: string, ...shapes: (readonly number[])[]): number[] {
  let rank = 0;
  for (const s of shapes) if (s.length > rank) rank = s.length;
  const out = new Array<number>(rank).fill(1);
  for (const s of shapes) {
    for (let i = 0; i < s.length; i++) {
      const o = rank - s.length + i;
      const d = s[i]!;
      if (d === out[o] || d === 1) continue;
      if (out[o] === 1) out[o] = d;
      else throw new ShapeError(`${op}: shapes ${shapes.map(fmtShape).join(' and ')} cannot be broadcast together (dim ${o}: ${out[o]} vs ${d})`);
    }
  }
  return out;
}

/** Row-major strides of a contiguous shape. */
export function stridesOf(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length);
  let s = 1;
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = s;
    s *= shape[i]!;
  }
  return strides;
}

export function reduceShape(shape: readonly number[], axes: readonly number[]): number[] {
  return shape.map((d, i) => (axes.includes(i) ? 1 : d));
}

export function matmulShape(a: readonly number[], b: readonly number[], transposeA: boolean, transposeB: boolean): number[] {
  if (a.length < 2 || b.length < 2) throw new ShapeError(`matmul: inputs need rank ≥ 2, got ${fmtShape(a)} and ${fmtShape(b)}`);
  const m = a[a.length - (transposeA ? 1 : 2)]!;
  const ka = a[a.length - (transposeA ? 2 : 1)]!;
  const kb = b[b.length - (transposeB ? 1 : 2)]!;
  const n = b[b.length - (transposeB ? 2 : 1)]!;
  if (ka !== kb) throw new ShapeError(`matmul: inner dimensions differ: ${fmtShape(a)}${transposeA ? 'ᵀ' : ''} × ${fmtShape(b)}${transposeB ? 'ᵀ' : ''} (${ka} vs ${kb})`);
  const batch = broadcastShapes('matmul (batch dims)', a.slice(0, -2), b.slice(0, -2));
  return [...batch, m, n];
}

function checkPositivePair(op: string, name: string, p: Pair): void {
  if (!(p[0] >= 1 && p[1] >= 1 && Number.isInteger(p[0]) && Number.isInteger(p[1]))) throw new ShapeError(`${op}: ${name} must be positive integers, got [${p.join(', ')}]`);
}

function checkPads(op: string, pads: readonly number[]): void {
  if (!pads.every((p) => Number.isInteger(p) && p >= 0)) throw new ShapeError(`${op}: pads must be non-negative integers, got [${pads.join(', ')}]`);
}

/** Output length of a sliding window. */
function windowOut(op: string, size: number, padSum: number, kernel: number, stride: number, dilation: number): number {
  const span = dilation * (kernel - 1) + 1;
  const n = Math.floor((size + padSum - span) / stride) + 1;
  if (n < 1 && size > 0) throw new ShapeError(`${op}: window ${span} (kernel ${kernel}, dilation ${dilation}) is larger than the padded input ${size + padSum}`);
  return Math.max(n, 0);
}

export function conv2dShape(x: readonly number[], w: readonly number[], attrs: Conv2dAttrs): number[] {
  const op = 'conv2d';
  if (x.length !== 4) throw new ShapeError(`${op}: input must be [N, C, H, W], got ${fmtShape(x)}`);
  if (w.length !== 4) throw new ShapeError(`${op}: weight must be [O, C/groups, KH, KW], got ${fmtShape(w)}`);
  checkPositivePair(op, 'stride', attrs.stride);
  checkPositivePair(op, 'dilation', attrs.dilation);
  checkPads(op, attrs.pads);
  const g = attrs.groups;
  if (!(Number.isInteger(g) && g >= 1)) throw new ShapeError(`${op}: groups must be a positive integer, got ${g}`);
  const [n, c, h, wd] = x as [number, number, number, number];
  const [o, cg, kh, kw] = w as [number, number, number, number];
  if (c % g !== 0 || o % g !== 0) throw new ShapeError(`${op}: channels in (${c}) and out (${o}) must be divisible by groups (${g})`);
  if (cg !== c / g) throw new ShapeError(`${op}: weight ${fmtShape(w)} expects ${cg * g} input channels with groups=${g}, input ${fmtShape(x)} has ${c}`);
  const [pt, pl, pb, pr] = attrs.pads;
  return [n, o, windowOut(op, h, pt + pb, kh, attrs.stride[0], attrs.dilation[0]), windowOut(op, wd, pl + pr, kw, attrs.stride[1], attrs.dilation[1])];
}

export function conv2dTransposeShape(x: readonly number[], w: readonly number[], attrs: Conv2dAttrs & { outputPadding: Pair }): number[] {
  const op = 'conv2dTranspose';
  if (x.length !== 4) throw new ShapeError(`${op}: input must be [N, Cin, H, W], got ${fmtShape(x)}`);
  if (w.length !== 4) throw new ShapeError(`${op}: weight must be [Cin, Cout/groups, KH, KW], got ${fmtShape(w)}`);
  checkPositivePair(op, 'stride', attrs.stride);
  checkPositivePair(op, 'dilation', attrs.dilation);
  checkPads(op, attrs.pads);
  const g = attrs.groups;
  const [n, c, h, wd] = x as [number, number, number, number];
  const [ci, cog, kh, kw] = w as [number, number, number, number];
  if (!(Number.isInteger(g) && g >= 1) || c % g !== 0) throw new ShapeError(`${op}: input channels (${c}) must be divisible by groups (${g})`);
  if (ci !== c) throw new ShapeError(`${op}: weight ${fmtShape(w)} expects ${ci} input channels, input ${fmtShape(x)} has ${c}`);
  const [oph, opw] = attrs.outputPadding;
  if (oph < 0 || opw < 0 || (oph >= attrs.stride[0] && oph >= attrs.dilation[0]) || (opw >= attrs.stride[1] && opw >= attrs.dilation[1]))
    throw new ShapeError(`${op}: outputPadding [${oph}, ${opw}] must be smaller than stride or dilation`);
  const [pt, pl, pb, pr] = attrs.pads;
  const oh = (h - 1) * attrs.stride[0] - pt - pb + attrs.dilation[0] * (kh - 1) + oph + 1;
  const ow = (wd - 1) * attrs.stride[1] - pl - pr + attrs.dilation[1] * (kw - 1) + opw + 1;
  if (oh < 0 || ow < 0) throw new ShapeError(`${op}: padding too large, output would be ${oh}×${ow}`);
  return [n, cog * g, oh, ow];
}

export function pool2dShape(op: string, x: readonly number[], attrs: Pool2dAttrs): number[] {
  if (x.length !== 4) throw new ShapeError(`${op}: input must be [N, C, H, W], got ${fmtShape(x)}`);
  checkPositivePair(op, 'kernel', attrs.kernel);
  checkPositivePair(op, 'stride', attrs.stride);
  checkPositivePair(op, 'dilation', attrs.dilation);
  checkPads(op, attrs.pads);
  const [pt, pl, pb, pr] = attrs.pads;
  if (Math.max(pt, pb) > Math.floor(attrs.kernel[0] / 2) * attrs.dilation[0] || Math.max(pl, pr) > Math.floor(attrs.kernel[1] / 2) * attrs.dilation[1])
    throw new ShapeError(`${op}: padding [${attrs.pads.join(', ')}] must be at most half the kernel [${attrs.kernel.join(', ')}]`);
  const [n, c, h, w] = x as [number, number, number, number];
  return [n, c, windowOut(op, h, pt + pb, attrs.kernel[0], attrs.stride[0], attrs.dilation[0]), windowOut(op, w, pl + pr, attrs.kernel[1], attrs.stride[1], attrs.dilation[1])];
}

export function transposeShape(x: readonly number[], perm: readonly number[]): number[] {
  const sorted = [...perm].sort((p, q) => p - q);
  if (perm.length !== x.length || sorted.some((p, i) => p !== i)) throw new ShapeError(`transpose: perm [${perm.join(', ')}] is not a permutation of the ${x.length} axes of ${fmtShape(x)}`);
  return perm.map((p) => x[p]!);
}

export function concatShape(shapes: readonly (readonly number[])[], axis: number): number[] {
  if (shapes.length === 0) throw new ShapeError('concat: needs at least one tensor');
  const first = shapes[0]!;
  if (!(axis >= 0 && axis < first.length)) throw new ShapeError(`concat: axis ${axis} is out of range for rank ${first.length}`);
  const out = [...first];
  out[axis] = 0;
  for (const s of shapes) {
    if (s.length !== first.length || s.some((d, i) => i !== axis && d !== first[i]))
      throw new ShapeError(`concat: shapes ${shapes.map(fmtShape).join(', ')} differ outside axis ${axis}`);
    out[axis] += s[axis]!;
  }
  return out;
}

export function gatherShape(x: readonly number[], indices: readonly number[], axis: number): number[] {
  if (!(axis >= 0 && axis < x.length)) throw new ShapeError(`gather: axis ${axis} is out of range for ${fmtShape(x)}`);
  return [...x.slice(0, axis), ...indices, ...x.slice(axis + 1)];
}

export function padShape(x: readonly number[], pads: readonly Pair[]): number[] {
  if (pads.length !== x.length) throw new ShapeError(`pad: ${pads.length} pad pairs given for ${fmtShape(x)}`);
  return x.map((d, i) => d + pads[i]![0] + pads[i]![1]);
}
