/** One traced kernel run, as the kernel exporters see it: typed attrs and its inputs' ONNX names. */
import type { KernelAttrs, KernelName } from '@pistil/backend';
import type { Tensor } from '@pistil/nn';
import type { IrSink } from './ir-sink.js';

interface KernelIo {
  /** The ONNX value name of input `key` (a constant or initializer when the trace did not produce it). */
  input(key: string): string;
  /** The names of a list input (concat's `xs`). */
  inputList(key: string): string[];
  /** The tensor given as input `key`, for its shape and dtype. */
  tensor(key: string): Tensor;
  readonly output: Tensor;
}

/** Discriminated on `name`, so `attrs` narrows with it. */
export type KernelCall = { [K in KernelName]: { readonly name: K; readonly attrs: KernelAttrs<K> } }[KernelName] & KernelIo;

/** Writes the ONNX nodes computing one kernel call; returns the name of the value equal to its output. */
export type KernelExporter = (call: KernelCall, sink: IrSink) => string;
