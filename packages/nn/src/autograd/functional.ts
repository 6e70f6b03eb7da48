import { tidy } from '../engine.js';
import { GradError } from '../errors.js';
import type { Tensor } from '../tensor.js';
import { gradients } from './backward.js';
import { noGrad } from './grad-mode.js';
import { record } from './record.js';

function detachedInputs(xs: readonly Tensor[]): Tensor[] {
  return xs.map((x) => x.detach().requiresGrad_(true));
}

/**
 * `grad(f)` is the function x ↦ df/dx for a scalar-valued `f` (or, with `dy`, the
 * vector–Jacobian product). Nothing is accumulated into `.grad`; intermediates are freed.
 */
export function grad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => Tensor {
  return (x, dy) => tidy(() => {
    const [xd] = detachedInputs([x]);
    return gradients(f(xd!), [xd!], { gradOutput: dy })[0]!;
  });
}

/** Like `grad`, for functions of several tensors: returns one gradient per argument. */
export function grads(f: (...xs: Tensor[]) => Tensor): (xs: readonly Tensor[], dy?: Tensor) => Tensor[] {
  return (xs, dy) => tidy(() => {
    const xd = detachedInputs(xs);
    return gradients(f(...xd), xd, { gradOutput: dy });
  });
}

/** Returns f(x) and df/dx together, computing f once. */
export function valueAndGrad(f: (x: Tensor) => Tensor): (x: Tensor, dy?: Tensor) => { value: Tensor; grad: Tensor } {
  return (x, dy) => tidy(() => {
    const [xd] = detachedInputs([x]);
    const y = f(xd!);
    const [g] = gradients(y, [xd!], { gradOutput: dy, retainGraph: true });
    return { value: y.detach(), grad: g! };
  });
}

export interface CustomOpResult {
  value: Tensor;
  /** Gradient of each input from the output's gradient (one tensor for a single input). */
  grad: (dy: Tensor) => Tensor | readonly Tensor[];
}

/**
 * Defines an op with its own gradient, as tfjs `customGrad` or a PyTorch `autograd.Function`.
 * `f` runs without recording; the `grad` closure it returns is the op's backward.
 *
 *   const clipGrad = customOp((x) => ({ value: x.mul(1), grad: (dy) => dy.clamp(-1, 1) }));
 */
export function customOp(f: (...inputs: Tensor[]) => CustomOpResult, name = 'customOp'): (...inputs: Tensor[]) => Tensor {
  return (...inputs) => {
    const { value, grad: backward } = noGrad(() => f(...inputs));
    return record(name, inputs, value, (dy) => {
      const g = backward(dy);
      const list = Array.isArray(g) ? (g as readonly Tensor[]) : [g as Tensor];
      if (list.length !== inputs.length) throw new GradError(`${name}: grad returned ${list.length} gradients for ${inputs.length} inputs`);
      return list;
    });
  };
}
