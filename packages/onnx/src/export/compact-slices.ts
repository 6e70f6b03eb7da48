/**
 * Slice nodes are traced over every axis (so that two dynamic-batch traces line up); once their
 * values are final, the axes they leave whole are dropped: `Slice(x, [4], [5], [3], [1])` rather
 * than a start, end and step for each of x's four dims.
 */
import { HostTensor } from '../host-tensor.js';
import type { IrGraph } from './graph-ir.js';

function slicedShape(graph: IrGraph, startsName: string): readonly number[] | undefined {
  const c = graph.constants.get(startsName);
  return c?.kind === 'host' && c.role?.kind === 'sliceStarts' ? c.role.input : undefined;
}

/**
 * Rewrites `values` for the Slice constants of `graph` (each Slice owns its four); `other` is the
 * second dynamic-batch trace, so that an end equal to a dim counts as "whole" only for static dims.
 */
export function compactSlices(graph: IrGraph, values: Map<string, HostTensor>, other?: IrGraph): void {
  graph.nodes.forEach((n, index) => {
    if (n.opType !== 'Slice' || n.inputs.length !== 5) return;
    const shape = slicedShape(graph, n.inputs[1]!);
    const otherShape = other ? slicedShape(other, n.inputs[1]!) : shape;
    const lists = n.inputs.slice(1).map((name) => values.get(name)?.numbers());
    if (!shape || !otherShape || lists.some((l) => !l)) return;
    const [starts, ends, axes, steps] = lists as number[][];
    const whole = (i: number): boolean => {
      const d = axes![i]!;
      const toEnd = ends![i] === Infinity || (ends![i] === shape[d] && shape[d] === otherShape[d]);
      return starts![i] === 0 && steps![i] === 1 && toEnd;
    };
    const kept = axes!.map((_, i) => i).filter((i) => !whole(i));
    if (kept.length === axes!.length) return;
    if (kept.length === 0) {
      graph.nodes[index] = { ...n, opType: 'Identity', inputs: [n.inputs[0]!], attrs: {} };
      return;
    }
    [starts, ends, axes, steps].forEach((list, k) => {
      values.set(n.inputs[k + 1]!, HostTensor.of('int64', [kept.length], kept.map((i) => list![i]!)));
    });
  });
}
