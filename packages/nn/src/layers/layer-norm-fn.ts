import { ShapeError, fmtShape } from '@pistil/backend';
import { add } from '../ops/add.js';
import { Temps } from '../ops/linalg-util.js';
import { mean } from '../ops/mean.js';
import { mul } from '../ops/mul.js';
import { rsqrt } from '../ops/rsqrt.js';
import { sub } from '../ops/sub.js';
import { requireFloat, sameShape } from '../ops/util.js';
import { variance } from '../ops/variance.js';
import type { Tensor } from '../tensor.js';

export interface LayerNormOptions {
  /** Elementwise scale of normalizedShape. */
  weight?: Tensor | null;
  /** Elementwise shift of normalizedShape. */
  bias?: Tensor | null;
  eps?: number;
}

/** Normalised shape as an array of positive integers. */
export function normalizedShapeOf(op: string, normalizedShape: number | readonly number[]): number[] {
  const shape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape];
  if (shape.length === 0 || !shape.every((d) => Number.isInteger(d) && d >= 1))
    throw new ShapeError(`${op}: normalizedShape must be one or more positive integers, got ${JSON.stringify(normalizedShape)}`);
  return shape;
}

/**
 * Layer normalisation over the last dims of x (which must equal `normalizedShape`), as
 * `F.layer_norm`: (x − mean)/√(biased var + eps)·weight + bias, per sample, built from ops.
 */
export function layerNorm(x: Tensor, normalizedShape: number | readonly number[], options: LayerNormOptions = {}): Tensor {
  const op = 'layerNorm';
  requireFloat(op, x);
  const shape = normalizedShapeOf(op, normalizedShape);
  const { weight = null, bias = null, eps = 1e-5 } = options;
  if (x.rank < shape.length || !sameShape(x.shape.slice(x.rank - shape.length), shape))
    throw new ShapeError(`${op}: input ${fmtShape(x.shape)} must end with normalizedShape ${fmtShape(shape)}`);
  for (const [name, t] of [['weight', weight], ['bias', bias]] as const)
    if (t && !sameShape(t.shape, shape)) throw new ShapeError(`${op}: ${name} must have shape ${fmtShape(shape)}, got ${fmtShape(t.shape)}`);
  if (!(eps > 0)) throw new RangeError(`${op}: eps must be positive, got ${eps}`);
  const axes = shape.map((_, i) => x.rank - shape.length + i);
  const temps = new Temps();
  const centered = temps.add(sub(x, temps.add(mean(x, axes, true))));
  const invStd = temps.add(rsqrt(temps.add(add(temps.add(variance(x, axes, { correction: 0, keepdim: true })), eps))));
  let y = mul(centered, invStd);
  if (weight) y = mul(temps.add(y), weight);
  if (bias) y = add(temps.add(y), bias);
  return temps.finish(y);
}
