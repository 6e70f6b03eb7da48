/**
 * Places initializers in a Module tree under their ONNX names, so a model exported from PyTorch
 * keeps PyTorch's state-dict keys (`features.0.weight`). Names that cannot be a path of module
 * fields (a segment that is a Module method, one used both as a tensor and as a scope, odd
 * characters like `onnx::Conv_12`) are registered flat on the root under a sanitized name.
 */
import { Module } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';

/** A container module for the dotted scopes of initializer names; it has no forward of its own. */
export class OnnxScope extends Module {
  forward(): Tensor {
    throw new TypeError('OnnxScope only groups the parameters of an imported ONNX graph; call the OnnxModule');
  }
}

export interface Slot {
  readonly owner: Module;
  readonly key: string;
}

const SEGMENT = /^[A-Za-z_][A-Za-z0-9_]*$|^[0-9]+$/;

function usable(owner: Module, key: string): boolean {
  return SEGMENT.test(key) && !(key in owner);
}

function sanitize(root: Module, name: string, taken: Set<string>): string {
  const base = name.replace(/[^A-Za-z0-9_]/g, '_').replace(/^(?=[0-9])/, '_') || '_';
  let key = base;
  for (let i = 1; taken.has(key) || key in root; i++) key = `${base}_${i}`;
  taken.add(key);
  return key;
}

/** Decides every slot: nested where the dotted name allows it, flat (sanitized) on the root otherwise. */
export function assignSlots(root: Module, names: readonly string[]): Map<string, Slot> {
  // `a.b` cannot be a tensor when `a.b.c` needs it to be a scope.
  const prefixes = new Set<string>();
  for (const name of names) {
    const parts = name.split('.');
    for (let i = 1; i < parts.length; i++) prefixes.add(parts.slice(0, i).join('.'));
  }
  const scopes = new Map<string, Module>([['', root]]);
  const slots = new Map<string, Slot>();
  const taken = new Set<string>();
  const flat: string[] = [];
  for (const name of names) {
    const parts = name.split('.');
    if (!parts.every((p) => SEGMENT.test(p)) || prefixes.has(name)) {
      flat.push(name);
      continue;
    }
    let owner: Module | undefined = root;
    for (let i = 0; i < parts.length - 1 && owner; i++) {
      const path = parts.slice(0, i + 1).join('.');
      let scope = scopes.get(path);
      if (!scope && usable(owner, parts[i]!)) {
        scope = new OnnxScope();
        owner.registerModule(parts[i]!, scope);
        scopes.set(path, scope);
        if (owner === root) taken.add(parts[i]!);
      }
      owner = scope;
    }
    const key = parts[parts.length - 1]!;
    if (owner && usable(owner, key) && !(owner === root && taken.has(key))) {
      slots.set(name, { owner, key });
      if (owner === root) taken.add(key);
    } else flat.push(name);
  }
  for (const name of flat) slots.set(name, { owner: root, key: sanitize(root, name, taken) });
  return slots;
}
