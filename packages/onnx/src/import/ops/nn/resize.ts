/**
 * Resize (opsets 10, 11, 13, 18) and Upsample (7, 9): output sizes and per-axis scales from the
 * scales or sizes inputs, then a separable resize, axis by axis, with host-computed taps.
 */
import { add, indexSelect, mul } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { fmtShape } from '@pistil/backend';
import type { HostTensor } from '../../../host-tensor.js';
import type { OpContext, OpDef } from '../../op-types.js';
import { axisIn, checkSize, constantLike } from './common.js';
import { COORD_MODES, NEAREST_MODES, axisTaps, compactTaps, isGather, isIdentity } from './resize-taps.js';
import type { AxisSpec, CoordMode, InterpolationMode, NearestMode, ResizeMethod } from './resize-taps.js';

const f = Math.fround;

/** Resizes x along every axis whose spec changes it; `extrapolation` fills tf_crop_and_resize's outside positions. */
export function resizeTensor(ctx: OpContext, x: Tensor, specs: readonly AxisSpec[], method: ResizeMethod, extrapolation: number): Tensor {
  const isFloat = x.dtype === 'float32' || x.dtype === 'float64';
  let y = x;
  specs.forEach((spec, axis) => {
    // onnxruntime leaves an axis of scale 1 alone, even where tf_half_pixel_for_nn would shift
    // it or a tf_crop_and_resize roi crop it.
    if (spec.scale === 1 && spec.outSize === spec.inSize) return;
    const taps = compactTaps(axisTaps(spec, method));
    if (isIdentity(taps, spec.inSize)) return;
    const along = [spec.outSize, ...new Array<number>(x.rank - axis - 1).fill(1)];
    const anyOutside = taps.outside.some(Boolean);
    // A pure gather (nearest-like taps) needs no arithmetic, so it also resizes integer tensors.
    const gatherOnly = isGather(taps) && !anyOutside;
    if (!isFloat && !gatherOnly) ctx.unsupported(`${method.mode} resizing of ${x.dtype} input (only nearest without extrapolation is exact for integers)`);
    const src = y;
    const terms = taps.index.map((idx, k) => {
      const picked = indexSelect(src, axis, Array.from(idx));
      return gatherOnly ? picked : mul(picked, constantLike(x, taps.weight[k]!, along));
    });
    y = terms.reduce((acc, t) => add(acc, t));
    if (anyOutside && extrapolation !== 0) y = add(y, constantLike(x, taps.outside.map((o) => (o ? extrapolation : 0)), along));
  });
  return y;
}

/** A host input given and non-empty (Resize's roi/scales/sizes may be an empty name or an empty tensor). */
function presentHost(ctx: OpContext, i: number): HostTensor | undefined {
  const h = ctx.optionalHost(i);
  return h && h.size > 0 ? h : undefined;
}

function oneOf<T extends string>(ctx: OpContext, name: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) ctx.fail(`attribute '${name}' = '${value}' is not one of ${allowed.join(', ')}`);
  return value as T;
}

/**
 * Output size and coordinate scale of every dim of x: floor(in·scale) for scales (float32 math,
 * as onnxruntime), or the sizes (with keep_aspect_ratio_policy from opset 18).
 */
function axisSpecs(ctx: OpContext, x: Tensor, axes: readonly number[], scales: HostTensor | undefined, sizes: HostTensor | undefined, roi: HostTensor | undefined): AxisSpec[] {
  if (!scales === !sizes) ctx.fail(`exactly one of 'scales' and 'sizes' must be given, got ${scales ? 'both' : 'neither'}`);
  const given = (scales ?? sizes)!.numbers();
  const what = scales ? 'scales' : 'sizes';
  if (given.length !== axes.length) ctx.fail(`'${what}' holds ${given.length} values, expected ${axes.length} (${axes.length === x.rank ? 'the input rank' : 'one per axis'}) for input ${fmtShape(x.shape)}`);
  const roiValues = roi?.numbers();
  if (roiValues && roiValues.length !== 2 * axes.length) ctx.fail(`'roi' holds ${roiValues.length} values, expected ${2 * axes.length}`);
  const specs: AxisSpec[] = x.shape.map((d) => ({ inSize: d, outSize: d, scale: 1, roiStart: 0, roiEnd: 1 }));
  const policy = ctx.opset >= 18 ? oneOf(ctx, 'keep_aspect_ratio_policy', ctx.attrs.string('keep_aspect_ratio_policy', 'stretch'), ['stretch', 'not_larger', 'not_smaller']) : 'stretch';
  const ratios = given.map((v, k) => v / x.shape[axes[k]!]!);
  const common = policy === 'not_larger' ? Math.min(...ratios) : Math.max(...ratios);
  axes.forEach((axis, k) => {
    const inSize = x.shape[axis]!;
    const v = given[k]!;
    let outSize: number;
    let scale: number;
    if (scales) {
      if (!(v > 0 && Number.isFinite(v))) ctx.fail(`'scales' = [${given.join(', ')}] must hold positive numbers`);
      scale = f(v);
      outSize = Math.floor(f(scale * inSize));
    } else {
      if (!(Number.isInteger(v) && v >= 0)) ctx.fail(`'sizes' = [${given.join(', ')}] must hold non-negative integers`);
      scale = f(policy === 'stretch' ? v / inSize : common);
      outSize = policy === 'stretch' ? v : Math.round(f(scale * inSize));
    }
    if (outSize < 1 && inSize > 0) ctx.fail(`${what} [${given.join(', ')}] give an empty output dim ${axis} for input ${fmtShape(x.shape)}`);
    specs[axis] = { inSize, outSize, scale, roiStart: roiValues?.[k] ?? 0, roiEnd: roiValues?.[k + axes.length] ?? 1 };
  });
  checkSize(ctx, specs.map((s) => s.outSize), 'the output');
  return specs;
}

function runResize(ctx: OpContext): Tensor {
  const x = ctx.tensor(0);
  const v10 = ctx.opset < 11;
  const mode = oneOf<InterpolationMode>(ctx, 'mode', ctx.attrs.string('mode', 'nearest'), v10 ? ['nearest', 'linear'] : ['nearest', 'linear', 'cubic']);
  const coord = v10 ? 'asymmetric' : oneOf<CoordMode>(ctx, 'coordinate_transformation_mode', ctx.attrs.string('coordinate_transformation_mode', 'half_pixel'), COORD_MODES);
  const nearest: NearestMode = v10 ? 'simple' : oneOf(ctx, 'nearest_mode', ctx.attrs.string('nearest_mode', 'round_prefer_floor'), NEAREST_MODES);
  const method: ResizeMethod = { mode, coord, nearest, cubicA: ctx.attrs.float('cubic_coeff_a', -0.75), excludeOutside: ctx.attrs.int('exclude_outside', 0) !== 0, antialias: ctx.opset >= 18 && ctx.attrs.int('antialias', 0) !== 0 };
  const axes = ctx.opset >= 18 && ctx.attrs.has('axes') ? ctx.attrs.ints('axes').map((a) => axisIn(ctx, 'axes', a, x.rank)) : x.shape.map((_, i) => i);
  if (new Set(axes).size !== axes.length) ctx.fail(`attribute 'axes' = [${axes.join(', ')}] repeats an axis`);
  const specs = v10
    ? axisSpecs(ctx, x, axes, presentHost(ctx, 1), undefined, undefined)
    : axisSpecs(ctx, x, axes, presentHost(ctx, 2), presentHost(ctx, 3), coord === 'tf_crop_and_resize' ? presentHost(ctx, 1) : undefined);
  return resizeTensor(ctx, x, specs, method, ctx.attrs.float('extrapolation_value', 0));
}

/** Upsample-7 (scales attribute) and -9 (scales input): Resize-10's nearest or linear. */
function runUpsample(ctx: OpContext): Tensor {
  const x = ctx.tensor(0);
  const raw = ctx.attrs.string('mode', 'nearest');
  const mode = raw === 'bilinear' ? 'linear' : oneOf<InterpolationMode>(ctx, 'mode', raw, ['nearest', 'linear']);
  const scales = ctx.opset < 9 ? ctx.attrs.floats('scales') : ctx.host(1).numbers();
  if (scales.length !== x.rank) ctx.fail(`scales [${scales.join(', ')}] must hold ${x.rank} values (the input rank)`);
  if (!scales.every((s) => s >= 1 && Number.isFinite(s))) ctx.fail(`scales [${scales.join(', ')}] must all be ≥ 1`);
  const specs = x.shape.map((d, i) => ({ inSize: d, outSize: Math.floor(f(f(scales[i]!) * d)), scale: f(scales[i]!), roiStart: 0, roiEnd: 1 }));
  checkSize(ctx, specs.map((s) => s.outSize), 'the output');
  return resizeTensor(ctx, x, specs, { mode, coord: 'asymmetric', nearest: 'simple', cubicA: -0.75, excludeOutside: false, antialias: false }, 0);
}

export const RESIZE_OPS: readonly OpDef[] = [
  { opType: 'Resize', since: 10, hostInputs: [1, 2, 3], run: runResize, notes: 'integer inputs in nearest mode only' },
  { opType: 'Upsample', since: 7, hostInputs: [1], run: runUpsample },
];
