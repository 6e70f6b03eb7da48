/**
 * The exporter's intermediate graph: what one traced forward pass produced, before constants are
 * read from the device and the batch dim is made symbolic. Nodes and constants are named
 * deterministically in trace order, so two traces of the same module line up name by name.
 */
import type { DType, Tensor } from '@pistil/nn';
import type { AttrValue } from './graph-builder.js';
import type { HostTensor } from '../host-tensor.js';

export interface IrNode {
  readonly opType: string;
  inputs: string[];
  outputs: string[];
  readonly attrs: Readonly<Record<string, AttrValue>>;
  readonly name: string;
  /** What produced it, for errors: `kernel binary(add) in features.0`, `module classifier.1 (Linear)`. */
  readonly origin: string;
}

/**
 * How a shape-like int64 constant relates to the tensor it applies to, so that a value that
 * changes with the batch size can be rewritten batch-independently (see dynamic-batch.ts).
 */
export type ShapeRole =
  /** Reshape's shape; `input` is the reshaped tensor's shape. */
  | { readonly kind: 'reshape'; readonly input: readonly number[] }
  /** Expand's shape; `input` is the expanded tensor's shape. */
  | { readonly kind: 'expand'; readonly input: readonly number[] }
  /** Slice starts or ends over every axis; `input` is the sliced tensor's shape. */
  | { readonly kind: 'sliceStarts' | 'sliceEnds'; readonly input: readonly number[] };

export type IrConstant =
  /** A parameter or buffer of the exported module, named by its state-dict name. */
  | { readonly kind: 'state'; readonly tensor: Tensor }
  /** A tensor the trace did not produce (scalars ops make, index maps): a view holding its storage, read after the trace. */
  | { readonly kind: 'captured'; readonly holder: Tensor; readonly usedBy: string }
  /** A value the exporter made itself (shapes, axes, fills). Int64 values may be ±Infinity for INT64_MAX/MIN. */
  | { readonly kind: 'host'; readonly value: HostTensor; readonly role?: ShapeRole; readonly usedBy: string };

export interface IrValue {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

export interface IrGraph {
  readonly nodes: IrNode[];
  readonly constants: Map<string, IrConstant>;
  readonly inputs: readonly IrValue[];
  readonly output: IrValue;
}
