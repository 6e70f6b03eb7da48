/**
 * Module-level exporters: a module whose class has one is written as idiomatic ONNX nodes (Linear
 * as Gemm, Conv2d as Conv…) instead of the kernels its forward runs. Apps add their own with
 * `registerOnnxExporter`; modules without one are traced through.
 */
import type { DType, Module, Tensor } from '@pistil/nn';
import type { AttrValue } from './graph-builder.js';
import type { IrSink } from './ir-sink.js';

/** A value in the graph being exported: its ONNX name, and its shape and dtype in the sample trace. */
export interface ExportedValue {
  readonly name: string;
  readonly shape: readonly number[];
  readonly dtype: DType;
}

/** What a module exporter writes through. */
export interface OnnxExportContext {
  /** The opset being exported (11–18). */
  readonly opset: number;
  /** The module's inputs (the tensors its `call` received). */
  readonly inputs: readonly ExportedValue[];
  /** Adds a node and returns the name of its (single) output. */
  node(opType: string, inputs: readonly string[], attrs?: Readonly<Record<string, AttrValue>>): string;
  /** Adds a node with `count` outputs and returns their names. */
  nodeOutputs(opType: string, inputs: readonly string[], count: number, attrs?: Readonly<Record<string, AttrValue>>): string[];
  /** The ONNX name of a tensor: a parameter or buffer under its state-dict name, any other an initializer. */
  tensor(t: Tensor): string;
  /** A 1-D int64 initializer (shapes, axes, pads). */
  int64s(values: readonly number[]): string;
  /** A 0-d initializer of `dtype`. */
  scalar(value: number, dtype: DType): string;
}

/**
 * Writes `module` (in eval mode) as ONNX nodes and returns the name of the value equal to its
 * output — or null, before adding anything, to have its forward traced instead.
 */
export type OnnxModuleExporter<M extends Module = Module> = (module: M, ctx: OnnxExportContext) => string | null;

/** The context built-in exporters get: the public one plus the sink (shape constants with roles). */
export interface BuiltinExportContext extends OnnxExportContext {
  readonly sink: IrSink;
}

type AnyExporter = (module: Module, ctx: BuiltinExportContext) => string | null;

// A plain class → exporter map: a subclass overriding forward must not inherit its parent's exporter.
const EXPORTERS = new Map<abstract new (...args: never[]) => Module, AnyExporter>();

/**
 * Exports every module of exactly this class with `exporter` (replacing an earlier registration,
 * built-in ones included). Subclasses are not covered: register them separately.
 */
export function registerOnnxExporter<M extends Module>(moduleClass: abstract new (...args: never[]) => M, exporter: OnnxModuleExporter<M>): void {
  if (typeof moduleClass !== 'function') throw new TypeError(`registerOnnxExporter: expected a Module class, got ${String(moduleClass)}`);
  if (typeof exporter !== 'function') throw new TypeError(`registerOnnxExporter(${moduleClass.name}): expected an exporter function, got ${String(exporter)}`);
  EXPORTERS.set(moduleClass, exporter as unknown as AnyExporter);
}

/** @internal The exporter registered for `module`'s class, if any. */
export function exporterFor(module: Module): AnyExporter | undefined {
  return EXPORTERS.get(module.constructor as abstract new (...args: never[]) => Module);
}
