import { ShapeError, fmtShape } from '@pistil/backend';
import { mean } from '../ops/mean.js';
import type { Reduction } from '../ops/nll-loss.js';
import { sum } from '../ops/sum.js';
import { requireFloat, sameShape } from '../ops/util.js';
import type { Tensor } from '../tensor.js';

export interface LossOptions {
  /** 'mean' (default), 'sum' or 'none' (the per-element losses). */
  reduction?: Reduction;
}

export function checkReduction(op: string, reduction: string, allowed: readonly string[] = ['mean', 'sum', 'none']): void {
  if (!allowed.includes(reduction)) throw new TypeError(`${op}: reduction must be ${allowed.map((r) => `'${r}'`).join(', ')}, got '${reduction}'`);
}

/** Applies a loss reduction to per-element losses. */
export function reduceLoss(op: string, losses: Tensor, reduction: Reduction = 'mean'): Tensor {
  checkReduction(op, reduction);
  if (reduction === 'none') return losses;
  return reduction === 'sum' ? sum(losses) : mean(losses);
}

/**
 * Float input and target of one shape. PyTorch broadcasts mismatched shapes with a warning that
 * the result is "likely incorrect"; here that is an error naming both shapes.
 */
export function checkPair(op: string, input: Tensor, target: Tensor): void {
  requireFloat(op, input);
  requireFloat(op, target);
  if (!sameShape(input.shape, target.shape)) throw new ShapeError(`${op}: target ${fmtShape(target.shape)} must have the input's shape ${fmtShape(input.shape)}`);
}
