import type { Tensor } from '../tensor.js';
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

  /** The first child gets all inputs, each next child the previous output; `call` runs each child's hooks. */
  forward(...inputs: Tensor[]): Tensor {
    const children = this.children();
    if (children.length === 0) {
      if (inputs.length !== 1) throw new TypeError(`Sequential: an empty Sequential passes one input through, got ${inputs.length}`);
      return inputs[0]!;
    }
    let out = children[0]!.call(...inputs);
    for (const m of children.slice(1)) out = m.call(out);
    return out;
  }
}
