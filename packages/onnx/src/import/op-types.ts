/** What an ONNX op handler receives and returns; handlers live one family per file in ./ops. */
import type { Tensor } from '@pistil/nn';
import type { HostTensor } from '../host-tensor.js';
import type { Attributes } from './attributes.js';

/** A value flowing along a graph edge: a device tensor, or a host tensor (initializers, shape arithmetic). */
export type Value = Tensor | HostTensor;

export interface OpContext {
  /** `node 'name' (OpType)`, the prefix of every error about this node. */
  readonly where: string;
  readonly opType: string;
  /** The opset version of the op's domain the model imports (handlers branch on it where semantics changed). */
  readonly opset: number;
  /** The module is in train mode (Dropout drops, BatchNormalization uses batch statistics). */
  readonly training: boolean;
  readonly attrs: Attributes;
  /** Declared inputs, counting empty names of skipped optional inputs. */
  readonly inputCount: number;
  readonly outputCount: number;
  /** Output i is asked for (declared with a non-empty name): optional outputs (masks, indices, statistics) are computed only then. */
  wantsOutput(i: number): boolean;
  /** Input i is given (declared and not an empty name). */
  has(i: number): boolean;
  value(i: number): Value | undefined;
  /** Input i on the device; host values are uploaded (int64 as int32, float16 as float32). */
  tensor(i: number): Tensor;
  optionalTensor(i: number): Tensor | undefined;
  /** Input i on the host (shapes, axes, pads, scales); a device tensor is read back synchronously. */
  host(i: number): HostTensor;
  optionalHost(i: number): HostTensor | undefined;
  /** Updates a state input in place (BatchNormalization's running statistics in train mode). */
  assignState(i: number, value: Tensor): void;
  /** Throws an OnnxFormatError naming the node. */
  fail(message: string): never;
  /** Throws an OnnxUnsupportedError naming the node. */
  unsupported(message: string): never;
}

export interface OpDef {
  readonly opType: string;
  /** Lowest opset implemented; every later version up to MAX_OPSET is handled (branching on ctx.opset). */
  readonly since: number;
  /** Inputs read on the host: shapes, axes, pads, scales, sizes. Initializers feeding only these stay host constants. */
  readonly hostInputs?: readonly number[];
  /** Inputs holding non-trainable state (running mean/var): initializers feeding them become buffers, not parameters. */
  readonly stateInputs?: readonly number[];
  /** Limits worth knowing (unsupported attribute values, ranks), shown in docs/onnx-ops.md. */
  readonly notes?: string;
  /** Runs on the device. */
  run(ctx: OpContext): Value | readonly (Value | undefined)[];
  /** Computes on the host instead, when every given input is a small host tensor (shape arithmetic). */
  runHost?(ctx: OpContext): HostTensor | readonly HostTensor[];
}

/** The newest opset of the default domain the importer implements. */
export const MAX_OPSET = 18;
