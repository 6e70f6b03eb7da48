/**
 * The final model from a trace and its constants' values: nodes that do not reach the output are
 * dropped, identical constants (other than parameters and buffers) share one initializer, and the
 * graph is encoded with the GraphBuilder.
 */
import { elemOfDType } from '../elem-types.js';
import { OnnxExportError } from '../errors.js';
import type { HostTensor } from '../host-tensor.js';
import { initializerProto, valueKey } from './constants.js';
import { GraphBuilder } from './graph-builder.js';
import type { Dim } from './graph-builder.js';
import type { IrGraph, IrNode } from './graph-ir.js';

export interface AssembleOptions {
  readonly opset: number;
  readonly inputShapes: readonly (readonly Dim[])[];
  readonly outputShape: readonly Dim[];
}

/** The nodes the output depends on, in order. */
function liveNodes(nodes: readonly IrNode[], output: string): IrNode[] {
  const needed = new Set([output]);
  const keep: IrNode[] = [];
  for (let i = nodes.length - 1; i >= 0; i--) {
    const n = nodes[i]!;
    if (!n.outputs.some((o) => needed.has(o))) continue;
    keep.push(n);
    for (const input of n.inputs) if (input) needed.add(input);
  }
  return keep.reverse();
}

/** Graph inputs, initializers and node outputs share one namespace: a user-chosen name may clash with a state-dict name. */
function checkUniqueNames(g: GraphBuilder): void {
  const seen = new Set<string>();
  const names = [...g.inputs.map((v) => v.name ?? ''), ...g.initializers.map((t) => t.name ?? ''), ...g.nodes.flatMap((n) => n.output ?? [])];
  for (const name of names) {
    if (seen.has(name)) throw new OnnxExportError(`exportOnnx: the name '${name}' would name two values of the graph (an input or output name equal to a parameter's?); choose other inputNames/outputNames`);
    seen.add(name);
  }
}

export function assemble(graph: IrGraph, values: ReadonlyMap<string, HostTensor>, options: AssembleOptions): Uint8Array {
  const nodes = liveNodes(graph.nodes, graph.output.name);
  const g = new GraphBuilder();
  graph.inputs.forEach((v, i) => g.input(v.name, elemOfDType(v.dtype), options.inputShapes[i]));

  // Initializers in order of first use; identical non-state constants merged into the first one.
  const written = new Map<string, string>();
  const byValue = new Map<string, string>();
  const initializerFor = (name: string): string => {
    const done = written.get(name);
    if (done !== undefined) return done;
    const value = values.get(name)!;
    let target = name;
    if (graph.constants.get(name)?.kind !== 'state') {
      const key = valueKey(value);
      const twin = byValue.get(key);
      if (twin !== undefined) target = twin;
      else byValue.set(key, name);
    }
    if (target === name) g.initializers.push(initializerProto(name, value));
    written.set(name, target);
    return target;
  };
  const resolve = (name: string): string => (name && values.has(name) ? initializerFor(name) : name);
  for (const n of nodes) g.node({ opType: n.opType, inputs: n.inputs.map(resolve), outputs: n.outputs, attrs: n.attrs, name: n.name });
  checkUniqueNames(g);
  g.output(graph.output.name, elemOfDType(graph.output.dtype), options.outputShape);
  return g.encode({ opset: options.opset });
}
