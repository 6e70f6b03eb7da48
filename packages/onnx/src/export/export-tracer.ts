/**
 * The tracer behind exportOnnx: maps every tensor of a forward pass to an ONNX value name and
 * writes nodes for the kernels, views and module exporters it sees. A tensor the trace did not
 * produce is a constant: a parameter or buffer under its state-dict name, anything else (scalars
 * ops upload, index maps) an initializer `const_N`, held by a view until it is read.
 */
import type { KernelAttrs, KernelName } from '@pistil/backend';
import { detach, keep } from '@pistil/nn';
import type { Module, Tensor, Tracer, TracedInputs } from '@pistil/nn';
import type { KernelCall } from './kernel-call.js';
import { exportKernel } from './kernels.js';
import { reshapeNode } from './kernels-shape.js';
import { IrSink } from './ir-sink.js';
import { exporterFor } from './module-exporters.js';
import type { BuiltinExportContext } from './module-exporters.js';

interface Scope {
  readonly previous: string;
  /** The output name when the module was exported as a unit. */
  readonly unitOutput?: string;
}

const sameShape = (a: readonly number[], b: readonly number[]): boolean => a.length === b.length && a.every((d, i) => d === b[i]);

export class ExportTracer implements Tracer {
  readonly sink: IrSink;
  /** Views made to keep captured constants alive until read; the exporter disposes them. */
  readonly holders: Tensor[] = [];
  readonly #names = new Map<Tensor, string>();
  readonly #stateNames = new Map<Tensor, string>();
  readonly #paths = new Map<Module, string>();
  readonly #scopes: Scope[] = [];
  /** Set while the tracer makes its own holder views, which are not part of the graph. */
  #capturing = false;

  constructor(root: Module, opset: number) {
    this.sink = new IrSink(opset);
    for (const [name, t] of [...root.namedParameters(), ...root.namedBuffers()]) if (!this.#stateNames.has(t)) this.#stateNames.set(t, name);
    for (const [path, m] of root.namedModules()) this.#paths.set(m, path);
  }

  bindInput(t: Tensor, name: string): void {
    this.#names.set(t, name);
  }

  /** Whether `t` is a parameter or buffer of the exported module. */
  isState(t: Tensor): boolean {
    return this.#stateNames.has(t);
  }

  /** The ONNX name of `t`, making it a constant if the trace has not produced it. */
  nameOf(t: Tensor): string {
    const known = this.#names.get(t);
    if (known !== undefined) return known;
    const state = this.#stateNames.get(t);
    const name = state !== undefined ? this.sink.state(state, t) : this.sink.captured(this.#hold(t));
    this.#names.set(t, name);
    return name;
  }

  #hold(t: Tensor): Tensor {
    this.#capturing = true;
    try {
      const holder = keep(detach(t));
      this.holders.push(holder);
      return holder;
    } finally {
      this.#capturing = false;
    }
  }

  kernel<K extends KernelName>(name: K, inputs: TracedInputs, attrs: KernelAttrs<K>, output: Tensor): void {
    if (this.#capturing) return;
    const op = (attrs as { op?: unknown }).op;
    this.sink.origin = `kernel '${name}'${typeof op === 'string' ? ` (${op})` : ''}${this.#where()}`;
    const call = {
      name, attrs, output,
      input: (key: string) => this.nameOf(inputs[key] as Tensor),
      inputList: (key: string) => (inputs[key] as readonly Tensor[]).map((t) => this.nameOf(t)),
      tensor: (key: string) => inputs[key] as Tensor,
    } as unknown as KernelCall;
    this.#names.set(output, exportKernel(call, this.sink));
  }

  view(source: Tensor, output: Tensor): void {
    if (this.#capturing) return;
    this.sink.origin = `reshape ${JSON.stringify(source.shape)} → ${JSON.stringify(output.shape)}${this.#where()}`;
    const from = this.nameOf(source);
    this.#names.set(output, sameShape(source.shape, output.shape) ? from : reshapeNode(this.sink, from, source.shape, output.shape));
  }

  enterModule(module: Module, inputs: readonly Tensor[]): boolean {
    const previous = this.sink.scope;
    const path = this.#paths.get(module) ?? `${previous}${previous ? '.' : ''}<${module.constructor.name}>`;
    this.sink.scope = path;
    const exporter = exporterFor(module);
    if (!exporter) {
      this.#scopes.push({ previous });
      return false;
    }
    this.sink.origin = `module '${path || '(root)'}' (${module.constructor.name})`;
    const mark = this.sink.nodes.length;
    const unitOutput = exporter(module, this.#context(inputs)) ?? undefined;
    if (unitOutput === undefined) this.sink.nodes.length = mark; // declined: trace its forward
    this.#scopes.push({ previous, unitOutput });
    return unitOutput !== undefined;
  }

  exitModule(_module: Module, _inputs: readonly Tensor[], output: Tensor): void {
    const scope = this.#scopes.pop();
    if (!scope) return;
    this.sink.scope = scope.previous;
    if (scope.unitOutput !== undefined) this.#names.set(output, scope.unitOutput);
  }

  #where(): string {
    return this.sink.scope ? ` in '${this.sink.scope}'` : '';
  }

  #context(inputs: readonly Tensor[]): BuiltinExportContext {
    const sink = this.sink;
    return {
      sink,
      opset: sink.opset,
      inputs: inputs.map((t) => ({ name: this.nameOf(t), shape: t.shape, dtype: t.dtype })),
      node: (opType, ins, attrs) => sink.node(opType, ins, attrs),
      nodeOutputs: (opType, ins, count, attrs) => sink.nodeOutputs(opType, ins, count, attrs),
      tensor: (t) => this.nameOf(t),
      int64s: (values) => sink.int64s(values),
      scalar: (value, dtype) => sink.scalar(value, dtype),
    };
  }
}
