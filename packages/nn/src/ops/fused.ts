/**
 * Internal: a product with its bias and activation, act(x·Wᵀ + b) or act(conv2d(x, w) + b), as
 * ONE backend kernel (fusedMatmul, fusedConv2d) where the device's backend has it: one output
 * instead of three, and no separate passes over it. Elsewhere, and while an exporter traces
 * (it sees the primitive kernels), the primitive ops run one after another, with the same values.
 * Gradients: relu's mask on dy (as relu's own backward: 0 where the output is not positive), then
 * the product's gradients and the bias's sum, all recorded ops (double backward works).
 */
import type { Conv2dAttrs, FusedActivation, KernelName } from '@pistil/backend';
import { isGradEnabled } from '../autograd/grad-mode.js';
import { record } from '../autograd/record.js';
import { backendFor, runKernel } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { activeTracer } from '../trace.js';
import { add } from './add.js';
import { batchMatmul } from './batch-matmul.js';
import { conv2dBackpropFilter } from './conv2d-backprop-filter.js';
import { conv2dBackpropInput } from './conv2d-backprop-input.js';
import { conv2dCore } from './conv2d-core.js';
import { gt } from './gt.js';
import { Temps } from './linalg-util.js';
import { relu } from './relu.js';
import { reshape } from './reshape.js';
import { sum } from './sum.js';
import { where } from './where.js';

export type { FusedActivation };

/** Whether to run the fused kernel: there is something to fuse, no tracer, and the backend has it. */
function fusedKernel(x: Tensor, kernel: KernelName, bias: Tensor | null, activation: FusedActivation): boolean {
  return (bias !== null || activation !== 'none') && activeTracer() === null && backendFor(x.device).hasKernel(kernel);
}

/** Whether `record` would record (checked first: the backward closure is only made then). */
function recording(x: Tensor, w: Tensor, bias: Tensor | null): boolean {
  return isGradEnabled() && (x.requiresGrad || w.requiresGrad || bias?.requiresGrad === true);
}

/** dy through the activation, given the fused output y. */
function throughActivation(dy: Tensor, y: Tensor, activation: FusedActivation): Tensor {
  return activation === 'relu' ? where(gt(y, 0), dy, 0) : dy;
}

/** The unfused tail: y + bias (bias reshaped to `biasShape`), then the activation. */
function unfused(temps: Temps, y: Tensor, bias: Tensor | null, biasShape: readonly number[], activation: FusedActivation): Tensor {
  if (bias) y = add(temps.add(y), bias.rank === biasShape.length ? bias : temps.add(reshape(bias, biasShape)));
  if (activation === 'relu') y = relu(temps.add(y));
  return temps.finish(y);
}

/** act(x·weightᵀ + bias) for x [M, K], weight [N, K], bias [N] (callers validate shapes and dtypes). */
export function linearAct(x: Tensor, weight: Tensor, bias: Tensor | null, activation: FusedActivation): Tensor {
  if (!fusedKernel(x, 'fusedMatmul', bias, activation)) return unfused(new Temps(), batchMatmul(x, weight, false, true), bias, [weight.shape[0]!], activation);
  const attrs = { transposeA: false, transposeB: true, activation };
  const y = bias ? runKernel('fusedMatmul', { a: x, b: weight, bias }, attrs) : runKernel('fusedMatmul', { a: x, b: weight }, attrs);
  if (!recording(x, weight, bias)) return y;
  return record('linear', bias ? [x, weight, bias] : [x, weight], y, (dy, needs) => {
    const dz = throughActivation(dy, y, activation);
    return [
      needs[0] ? batchMatmul(dz, weight) : null,
      needs[1] ? batchMatmul(dz, x, true, false) : null,
      bias && needs[2] ? sum(dz, 0) : null,
    ];
  });
}

/** act(conv2d(x, w) + bias) for x [N, C, H, W], w [O, C/g, KH, KW], bias [O], resolved attrs (callers validate). */
export function conv2dAct(x: Tensor, w: Tensor, bias: Tensor | null, attrs: Conv2dAttrs, activation: FusedActivation): Tensor {
  if (!fusedKernel(x, 'fusedConv2d', bias, activation)) return unfused(new Temps(), conv2dCore(x, w, attrs), bias, [w.shape[0]!, 1, 1], activation);
  const fusedAttrs = { stride: attrs.stride, pads: attrs.pads, dilation: attrs.dilation, groups: attrs.groups, activation };
  const y = bias ? runKernel('fusedConv2d', { x, w, bias }, fusedAttrs) : runKernel('fusedConv2d', { x, w }, fusedAttrs);
  if (!recording(x, w, bias)) return y;
  return record('conv2d', bias ? [x, w, bias] : [x, w], y, (dy, needs) => {
    const dz = throughActivation(dy, y, activation);
    return [
      needs[0] ? conv2dBackpropInput(dz, w, attrs, x.shape) : null,
      needs[1] ? conv2dBackpropFilter(x, dz, attrs, w.shape) : null,
      bias && needs[2] ? sum(dz, [0, 2, 3]) : null,
    ];
  });
}
