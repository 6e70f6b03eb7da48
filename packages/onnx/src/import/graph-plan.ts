/**
 * Checks a graph's structure before anything runs: every node input is defined before use (a
 * graph input, an initializer or an earlier node's output), no value is produced twice, every op
 * is known at the model's opset, graph outputs are produced; then orders nodes topologically
 * (reporting a cycle by the nodes in it) and computes each value's last use, so the executor can
 * free intermediates early.
 */
import { OnnxFormatError, OnnxUnsupportedError } from '../errors.js';
import type { INodeProto } from '../proto.js';
import { Attributes } from './attributes.js';
import type { OpDef } from './op-types.js';

export interface PlannedNode {
  readonly index: number;
  readonly name: string;
  readonly opType: string;
  readonly where: string;
  readonly inputs: readonly string[];
  readonly outputs: readonly string[];
  readonly attrs: Attributes;
  readonly def: OpDef;
}

export interface GraphPlan {
  readonly nodes: readonly PlannedNode[];
  /** After running nodes[i], these values are no longer needed. */
  readonly freeAfter: readonly (readonly string[])[];
}

/** Upper bound on nodes in a graph, so a hostile file cannot make planning itself the attack. */
export const MAX_NODES = 1_000_000;

export function describeNode(node: INodeProto, index: number): string {
  const name = node.name ? `'${node.name}'` : `#${index}`;
  return `node ${name} (${node.opType || '?'})`;
}

export function planGraph(
  nodes: readonly INodeProto[],
  defined: ReadonlySet<string>,
  outputs: readonly string[],
  lookup: (opType: string, domain: string, node: string) => OpDef | string,
): GraphPlan {
  if (nodes.length > MAX_NODES) throw new OnnxFormatError(`graph: ${nodes.length} nodes is more than the ${MAX_NODES} allowed`);
  const producer = new Map<string, number>();
  const planned: PlannedNode[] = [];
  const unsupported: string[] = [];
  nodes.forEach((node, index) => {
    const where = describeNode(node, index);
    if (!node.opType) throw new OnnxFormatError(`${where}: op_type is empty`);
    for (const out of node.output ?? []) {
      if (!out) continue;
      if (defined.has(out) || producer.has(out)) throw new OnnxFormatError(`${where}: output '${out}' is already defined (a graph input, initializer or another node's output)`);
      producer.set(out, index);
    }
    const def = lookup(node.opType, node.domain ?? '', where);
    if (typeof def === 'string') {
      unsupported.push(def);
      return;
    }
    planned.push({ index, name: node.name ?? '', opType: node.opType, where, inputs: node.input ?? [], outputs: node.output ?? [], attrs: new Attributes(where, node.attribute ?? []), def });
  });
  if (unsupported.length > 0) throw new OnnxUnsupportedError(`unsupported: ${[...new Set(unsupported)].join('; ')}`);
  for (const p of planned)
    for (const input of p.inputs)
      if (input && !defined.has(input) && !producer.has(input)) throw new OnnxFormatError(`${p.where}: input '${input}' is not a graph input, an initializer or any node's output`);
  for (const out of outputs) if (!defined.has(out) && !producer.has(out)) throw new OnnxFormatError(`graph output '${out}' is not produced by any node`);

  const order = topologicalOrder(planned, producer);
  const lastUse = new Map<string, number>();
  order.forEach((p, step) => p.inputs.forEach((name) => name && lastUse.set(name, step)));
  for (const out of outputs) lastUse.delete(out);
  const freeAfter: string[][] = order.map(() => []);
  for (const [name, step] of lastUse) if (!defined.has(name)) freeAfter[step]!.push(name);
  // Outputs nobody reads (e.g. Dropout's mask) are freed right after their node.
  order.forEach((p, step) => p.outputs.forEach((o) => o && !lastUse.has(o) && !outputs.includes(o) && freeAfter[step]!.push(o)));
  return { nodes: order, freeAfter };
}

function topologicalOrder(planned: readonly PlannedNode[], producer: ReadonlyMap<string, number>): PlannedNode[] {
  const byIndex = new Map(planned.map((p) => [p.index, p]));
  const pending = new Map<number, number>();
  const consumers = new Map<number, number[]>();
  for (const p of planned) {
    const deps = new Set(p.inputs.filter((i) => i && producer.has(i)).map((i) => producer.get(i)!));
    pending.set(p.index, deps.size);
    for (const d of deps) consumers.set(d, [...(consumers.get(d) ?? []), p.index]);
  }
  const ready = planned.filter((p) => pending.get(p.index) === 0).map((p) => p.index);
  const order: PlannedNode[] = [];
  // Kahn's algorithm seeded in file order: a file already in order keeps it.
  for (let head = 0; head < ready.length; head++) {
    const i = ready[head]!;
    order.push(byIndex.get(i)!);
    for (const c of consumers.get(i) ?? []) {
      const left = pending.get(c)! - 1;
      pending.set(c, left);
      if (left === 0) ready.push(c);
    }
  }
  if (order.length < planned.length) {
    const stuck = planned.filter((p) => pending.get(p.index)! > 0).slice(0, 5).map((p) => p.where);
    throw new OnnxFormatError(`graph has a cycle through ${stuck.join(', ')}${planned.length - order.length > 5 ? ', …' : ''}`);
  }
  return order;
}
