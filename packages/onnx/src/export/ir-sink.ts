/**
 * Where kernel and module exporters write: nodes with fresh output names, and constants (shape
 * int64s, scalars, fills, captured tensors, parameters). Names come from counters in call order.
 */
import type { DType, Tensor } from '@pistil/nn';
import { elemOfDType } from '../elem-types.js';
import { OnnxExportError } from '../errors.js';
import { HostTensor } from '../host-tensor.js';
import type { AttrValue } from './graph-builder.js';
import type { IrConstant, IrNode, ShapeRole } from './graph-ir.js';

export class IrSink {
  readonly nodes: IrNode[] = [];
  readonly constants = new Map<string, IrConstant>();
  /** What is being exported right now (set by the tracer), for node origins and errors. */
  origin = '';
  /** The module path nodes are named under (`features.0`), '' at the root. */
  scope = '';
  #values = 0;
  #consts = 0;

  constructor(readonly opset: number) {}

  /** Adds a node with `outputs` fresh output names and returns them. */
  nodeOutputs(opType: string, inputs: readonly string[], outputs: number, attrs: Readonly<Record<string, AttrValue>> = {}): string[] {
    const names = Array.from({ length: outputs }, () => `${opType}_${this.#values++}`);
    const stem = `${opType}_${this.nodes.length}`;
    this.nodes.push({ opType, inputs: [...inputs], outputs: names, attrs, name: this.scope ? `${this.scope}/${stem}` : stem, origin: this.origin });
    return names;
  }

  /** Adds a single-output node and returns its output's name. */
  node(opType: string, inputs: readonly string[], attrs: Readonly<Record<string, AttrValue>> = {}): string {
    return this.nodeOutputs(opType, inputs, 1, attrs)[0]!;
  }

  /** A constant the exporter computed; `role` marks a shape that dynamic batch may rewrite. */
  constant(value: HostTensor, role?: ShapeRole): string {
    const name = `const_${this.#consts++}`;
    this.constants.set(name, role ? { kind: 'host', value, role, usedBy: this.origin } : { kind: 'host', value, usedBy: this.origin });
    return name;
  }

  /** A 1-D int64 constant (shapes, axes, pads); ±Infinity stand for INT64_MAX/MIN. */
  int64s(values: readonly number[], role?: ShapeRole): string {
    return this.constant(HostTensor.of('int64', [values.length], values), role);
  }

  /** A 0-d constant of a Pistil dtype (what `x.mul(2)` broadcasts). */
  scalar(value: number, dtype: DType): string {
    return this.constant(HostTensor.of(elemOfDType(dtype), [], [value]));
  }

  /** A tensor outside the trace, held by `holder` until it is read. */
  captured(holder: Tensor): string {
    const name = `const_${this.#consts++}`;
    this.constants.set(name, { kind: 'captured', holder, usedBy: this.origin });
    return name;
  }

  /** A parameter or buffer of the exported module under its state-dict name. */
  state(name: string, tensor: Tensor): string {
    this.constants.set(name, { kind: 'state', tensor });
    return name;
  }

  /** An OnnxExportError prefixed with what is being exported. */
  fail(message: string): never {
    throw new OnnxExportError(`exportOnnx: ${this.origin ? `${this.origin}: ` : ''}${message}`);
  }
}
