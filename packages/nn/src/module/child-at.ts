import type { Module } from './module.js';

/** The child of `owner` at position `index` (negative counts from the end), for Sequential and ModuleList. */
export function childAt(owner: Module, index: number): Module {
  const children = owner.children();
  const i = index < 0 ? index + children.length : index;
  const m = children[i];
  if (!Number.isInteger(index) || !m) throw new RangeError(`${owner.constructor.name}.at: index ${index} is out of range for ${children.length} modules`);
  return m;
}
