import type { Tensor } from '../tensor.js';
import { activeTracer } from '../trace.js';
import { Module } from './module.js';
import { childAt } from './child-at.js';

/**
 * Runs its children in order, each on the previous one's output, as `nn.Sequential`. Children are
 * named `0`, `1`, … (so `seq[0]` works and parameters are `0.weight`…), or by the keys of an object:
 * `new Sequential({ conv: …, relu: … })`. `at(i)` indexes by position either way.
 */
export class Sequential extends Module {
  [index: number]: Module;

  constructor(...modules: Module[] | [Record<string, Module>]) {
    super();
    const [first] = modules;
    if (modules.length === 1 && !(first instanceof Module) && typeof first === 'object' && first !== null) {
      for (const [name, m] of Object.entries(first)) this.registerModule(name, m);
    } else {
      (modules as Module[]).forEach((m, i) => this.registerModule(String(i), m));
    }
  }

  get length(): number {
    return this.namedChildren().length;
  }

  /** The child at position `index` (negative counts from the end). */
  at(index: number): Module {
    return childAt(this, index);
  }

  /** A new Sequential over children start…end−1 (the same module objects, as `seq[1:3]`). */
  slice(start = 0, end?: number): Sequential {
    return new Sequential(...this.children().slice(start, end));
  }

  append(module: Module): this {
    this.registerModule(String(this.length), module);
    return this;
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.children()[Symbol.iterator]();
  }

  /**
   * The first child gets all inputs, each next child the previous output; `call` runs each
   * child's hooks. A Linear or Conv2d followed by a ReLU runs as one fused kernel (bias and relu
   * in the product's epilogue) where neither has hooks and no exporter is tracing: the same
   * values and gradients, one op instead of three.
   */
  forward(...inputs: Tensor[]): Tensor {
    const children = this.children();
    if (children.length === 0) {
      if (inputs.length !== 1) throw new TypeError(`Sequential: an empty Sequential passes one input through, got ${inputs.length}`);
      return inputs[0]!;
    }
    let args = inputs;
    let out: Tensor | undefined;
    for (let i = 0; i < children.length; i++) {
      const m = children[i]!, next = children[i + 1];
      const fused = next && args.length === 1 ? fusedPair(m, next, args[0]!) : undefined;
      if (fused) i++;
      out = fused ?? m.call(...args);
      args = [out];
    }
    return out!;
  }
}

/** `m` then the activation `next`, fused, or undefined where that does not apply. */
function fusedPair(m: Module, next: Module, x: Tensor): Tensor | undefined {
  const activation = next.fusibleActivation();
  if (activation === undefined || m.hasHooks || next.hasHooks || activeTracer() !== null) return undefined;
  return m.forwardActivated(x, activation);
}
