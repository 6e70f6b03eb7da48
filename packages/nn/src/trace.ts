/**
 * Tracing hooks, for exporters (ONNX) that record what a forward pass computes: every kernel run,
 * every metadata view (reshape, squeeze, flatten…) and every `Module.call`. Without an active
 * tracer the hooks cost one null check.
 */
import type { KernelAttrs, KernelName } from '@pistil/backend';
import type { Module } from './module/module.js';
import type { Tensor } from './tensor.js';

/** A kernel's inputs as `runKernel` received them: a tensor, or a list of tensors (concat's `xs`), per key. */
export type TracedInputs = Readonly<Record<string, Tensor | readonly Tensor[]>>;

export interface Tracer {
  /** Kernel `name` ran on `inputs` with `attrs` and produced `output` (a new tensor). */
  kernel<K extends KernelName>(name: K, inputs: TracedInputs, attrs: KernelAttrs<K>, output: Tensor): void;
  /** `output` is a new tensor over `source`'s storage with another (or the same) shape. */
  view(source: Tensor, output: Tensor): void;
  /**
   * `module.call` is about to run `forward` on `inputs` (after its pre-hooks). Returning true
   * exports the module as a unit: the kernels, views and modules inside it are not reported.
   */
  enterModule?(module: Module, inputs: readonly Tensor[]): boolean;
  /** `forward` returned `output` (before the forward hooks run); called after every `enterModule`. */
  exitModule?(module: Module, inputs: readonly Tensor[], output: Tensor): void;
}

let active: Tracer | null = null;

/** @internal The tracer to report to, or null (none active, or inside a module exported as a unit). */
export function activeTracer(): Tracer | null {
  return active;
}

function withActive<T>(tracer: Tracer | null, fn: () => T): T {
  const before = active;
  active = tracer;
  try {
    return fn();
  } finally {
    active = before;
  }
}

/**
 * Runs `fn` with `tracer` receiving every kernel, view and module call it makes (synchronously:
 * work after an `await` inside `fn` is not traced). Tracers nest: the innermost one is active.
 */
export function withTracer<T>(tracer: Tracer, fn: () => T): T {
  return withActive(tracer, fn);
}

/** @internal `Module.call`'s forward under an active tracer: reports the module, and hides its insides when exported as a unit. */
export function tracedForward(tracer: Tracer, module: Module, inputs: readonly Tensor[], forward: () => Tensor): Tensor {
  const asUnit = tracer.enterModule?.(module, inputs) ?? false;
  const output = asUnit ? withActive(null, forward) : forward();
  tracer.exitModule?.(module, inputs, output);
  return output;
}
