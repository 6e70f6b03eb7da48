import { fmtShape } from '@pistil/backend';
import { tidy } from '../engine.js';
import { GradError } from '../errors.js';
import { add } from '../ops/add.js';
import { onesLike, zerosLike } from '../creation.js';
import { Tensor } from '../tensor.js';
import { enableGrad, noGrad } from './grad-mode.js';

export interface BackwardOptions {
  /** Keep the tape so backward can run through it again (default false, as PyTorch). */
  retainGraph?: boolean;
  /** Record the backward pass itself, for higher-order gradients (implies retainGraph). */
  createGraph?: boolean;
}

/** Tensors reachable from `root` through recorded ops, producers before consumers. */
function topologicalOrder(root: Tensor): Tensor[] {
  const order: Tensor[] = [];
  const seen = new Set<Tensor>([root]);
  // Iterative DFS: graphs of long training loops would overflow the call stack.
  const stack: { t: Tensor; next: number }[] = [{ t: root, next: 0 }];
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    const inputs = top.t.gradFn?.inputs ?? [];
    if (top.next < inputs.length) {
      const child = inputs[top.next++]!;
      if (child.requiresGrad && !seen.has(child)) {
        seen.add(child);
        stack.push({ t: child, next: 0 });
      }
    } else {
      order.push(top.t);
      stack.pop();
    }
  }
  return order;
}

function checkRootGrad(root: Tensor, gradOutput: Tensor | undefined): Tensor {
  if (!root.requiresGrad) throw new GradError(`backward: tensor ${root.describe()} does not require grad and has no recorded ops that do`);
  if (gradOutput === undefined) {
    if (root.size !== 1) throw new GradError(`backward: output ${root.describe()} is not a scalar; pass a gradient of shape ${fmtShape(root.shape)}`);
    return onesLike(root);
  }
  if (fmtShape(gradOutput.shape) !== fmtShape(root.shape))
    throw new GradError(`backward: gradient shape ${fmtShape(gradOutput.shape)} does not match output shape ${fmtShape(root.shape)}`);
  return gradOutput;
}

/**
 * Walks the tape from `root` backwards. Calls `onGrad(t, g)` with the total gradient of every
 * tensor in `wanted` (or, when `wanted` is null, of every leaf and every `retainGrad` tensor).
 */
function walk(root: Tensor, gradOutput: Tensor | undefined, wanted: Set<Tensor> | null, options: BackwardOptions, onGrad: (t: Tensor, g: Tensor) => void): void {
  const retain = options.retainGraph === true || options.createGraph === true;
  const grads = new Map<Tensor, Tensor>([[root, checkRootGrad(root, gradOutput)]]);
  const order = topologicalOrder(root);
  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i]!;
    const g = grads.get(t);
    if (!g) continue;
    if (wanted ? wanted.has(t) : t.isLeaf || t.retainsGrad) onGrad(t, g);
    const node = t.gradFn;
    if (!node) continue;
    const inputGrads = node.apply(g);
    if (!retain) node.release();
    node.inputs.forEach((input, k) => {
      const gi = inputGrads[k];
      if (!input.requiresGrad || !gi) return;
      if (fmtShape(gi.shape) !== fmtShape(input.shape))
        throw new GradError(`backward of '${node.op}': gradient for input ${k} has shape ${fmtShape(gi.shape)}, expected ${fmtShape(input.shape)}`);
      const prev = grads.get(input);
      grads.set(input, prev ? add(prev, gi) : gi);
    });
  }
}

function inGradMode<T>(options: BackwardOptions, fn: () => T): T {
  // Without createGraph the backward pass runs unrecorded, and its temporaries are freed here.
  return options.createGraph ? enableGrad(fn) : noGrad(() => tidy(fn));
}

/** Accumulates d(root)/d(leaf) into `leaf.grad` for every leaf that requires grad. */
export function backward(root: Tensor, gradOutput?: Tensor, options: BackwardOptions = {}): void {
  inGradMode(options, () => {
    walk(root, gradOutput, null, options, (t, g) => {
      // Each .grad is its own tensor over the gradient's storage, so leaves never share one object.
      const own = Tensor.view(g, g.shape);
      own.kept = true;
      if (t.grad) {
        const sum = add(t.grad, own);
        sum.kept = true;
        t.grad.dispose();
        own.dispose();
        t.grad = sum;
      } else {
        t.grad = own;
      }
    });
  });
}

/**
 * The gradients of `output` with respect to `inputs`, returned rather than accumulated into
 * `.grad` (as `torch.autograd.grad`). An input that `output` does not depend on gets zeros.
 */
export function gradients(output: Tensor, inputs: readonly Tensor[], options: BackwardOptions & { gradOutput?: Tensor } = {}): Tensor[] {
  for (const x of inputs) if (!x.requiresGrad) throw new GradError(`gradients: input ${x.describe()} does not require grad`);
  return inGradMode(options, () => {
    const found = new Map<Tensor, Tensor>();
    walk(output, options.gradOutput, new Set(inputs), options, (t, g) => found.set(t, g));
    return inputs.map((x) => found.get(x) ?? zerosLike(x));
  });
}

