import type { Tensor } from '../tensor.js';
import { Module } from './module.js';
import { childAt } from './child-at.js';

/**
 * Holds modules in a list so their parameters are registered (`layers.0.weight`…), as
 * `nn.ModuleList`; `list[i]`, `at(i)`, `length`, iteration. It has no `forward`: iterate it in yours.
 */
export class ModuleList extends Module {
  [index: number]: Module;

  constructor(modules: Iterable<Module> = []) {
    super();
    this.extend(modules);
  }

  get length(): number {
    return this.namedChildren().length;
  }

  /** The module at position `index` (negative counts from the end). */
  at(index: number): Module {
    return childAt(this, index);
  }

  append(module: Module): this {
    this.registerModule(String(this.length), module);
    return this;
  }

  extend(modules: Iterable<Module>): this {
    for (const m of modules) this.append(m);
    return this;
  }

  /** Inserts `module` before position `index`; later modules shift up by one (and are renamed). */
  insert(index: number, module: Module): this {
    const children = this.children();
    const i = Math.max(0, Math.min(children.length, index < 0 ? index + children.length : index));
    children.splice(i, 0, module);
    children.forEach((m, k) => this.registerModule(String(k), m));
    return this;
  }

  [Symbol.iterator](): Iterator<Module> {
    return this.children()[Symbol.iterator]();
  }

  forward(): Tensor {
    throw new TypeError('ModuleList has no forward: iterate over it in your module\'s forward');
  }
}
