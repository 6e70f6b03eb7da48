/**
 * `exportOnnx(module, sampleInput, options)`: traces one forward pass in eval mode under noGrad
 * (like torch.onnx) and writes it as an ONNX model. Layers with a module exporter become their
 * idiomatic op (Linear → Gemm, Conv2d → Conv…); everything else is written kernel by kernel.
 * With dynamicBatch (the default) the batch dim is symbolic; see dynamic-batch.ts.
 */
import { Tensor, concat, dispose, noGrad, slice, tidy, withTracer } from '@pistil/nn';
import type { Module } from '@pistil/nn';
import { OnnxExportError } from '../errors.js';
import { assemble } from './assemble.js';
import { compactSlices } from './compact-slices.js';
import { readConstants } from './constants.js';
import { resolveDynamicBatch, symbolicDims } from './dynamic-batch.js';
import { ExportTracer } from './export-tracer.js';
import type { Dim } from './graph-builder.js';
import type { IrGraph } from './graph-ir.js';
import './modules-builtin.js';

export interface ExportOptions {
  /** Opset of the default domain, 11–18 (default 13). */
  opset?: number;
  /** Make dim 0 of every input (and the output dims that follow it) a symbolic 'batch' (default true). */
  dynamicBatch?: boolean;
  /** Graph input names (default 'input', or input_0, input_1… for several inputs). */
  inputNames?: readonly string[];
  /** Graph output name, in a one-element array (default ['output']). */
  outputNames?: readonly string[];
}

export const MIN_EXPORT_OPSET = 11;
export const MAX_EXPORT_OPSET = 18;

function fail(message: string): never {
  throw new OnnxExportError(`exportOnnx: ${message}`);
}

function checkNames(what: string, names: readonly string[], count: number): string[] {
  if (!Array.isArray(names) || names.length !== count) fail(`${what} must list ${count} name(s), got ${JSON.stringify(names)}`);
  if (!names.every((n) => typeof n === 'string' && n !== '')) fail(`${what} must be non-empty strings, got ${JSON.stringify(names)}`);
  if (new Set(names).size !== names.length) fail(`${what} holds a name twice: ${JSON.stringify(names)}`);
  return [...names];
}

/** Runs the module once under `tracer`; the graph's output is a node output named `outputName`. */
function traceOnce(tracer: ExportTracer, module: Module, samples: readonly Tensor[], inputNames: readonly string[], outputName: string): IrGraph {
  samples.forEach((t, i) => tracer.bindInput(t, inputNames[i]!));
  // tidy frees every intermediate of the forward pass (the tracer keeps only names).
  const out: unknown = noGrad(() => tidy(() => withTracer(tracer, () => module.call(...samples))));
  if (!(out instanceof Tensor)) {
    // tidy kept what forward returned: free what it made before refusing it.
    const returned = Array.isArray(out) ? out : typeof out === 'object' && out !== null ? Object.values(out) : [];
    dispose(returned.filter((t): t is Tensor => t instanceof Tensor && !samples.includes(t) && !tracer.isState(t)));
    fail(`${module.constructor.name}.forward must return a single Tensor, got ${Object.prototype.toString.call(out)}`);
  }
  try {
    const sink = tracer.sink;
    sink.origin = 'the graph output';
    const produced = tracer.nameOf(out);
    const producer = sink.nodes.find((n) => n.outputs.includes(produced));
    if (producer) {
      for (const n of sink.nodes) {
        n.inputs = n.inputs.map((v) => (v === produced ? outputName : v));
        n.outputs = n.outputs.map((v) => (v === produced ? outputName : v));
      }
    } else {
      // The output is an input or a constant: an Identity names it.
      sink.nodes.push({ opType: 'Identity', inputs: [produced], outputs: [outputName], attrs: {}, name: 'Identity_output', origin: sink.origin });
    }
    const inputs = samples.map((t, i) => ({ name: inputNames[i]!, shape: t.shape, dtype: t.dtype }));
    return { nodes: sink.nodes, constants: sink.constants, inputs, output: { name: outputName, shape: out.shape, dtype: out.dtype } };
  } finally {
    if (!samples.includes(out) && !tracer.isState(out)) out.dispose();
  }
}

/** The samples with their first row appended: batch B + 1. */
function biggerBatch(samples: readonly Tensor[]): Tensor[] {
  return noGrad(() => samples.map((t) => tidy(() => concat([t, slice(t, 0, 0, 1)], 0))));
}

/**
 * Writes `module` as an ONNX model (bytes of a .onnx file), tracing `forward` on `sampleInput`
 * (a tensor, or one per input) in eval mode; modes are restored afterwards. Throws an
 * OnnxExportError naming the kernel or module when something has no ONNX equivalent.
 */
export async function exportOnnx(module: Module, sampleInput: Tensor | readonly Tensor[], options: ExportOptions = {}): Promise<Uint8Array> {
  const opset = options.opset ?? 13;
  if (!Number.isInteger(opset) || opset < MIN_EXPORT_OPSET || opset > MAX_EXPORT_OPSET)
    fail(`opset ${opset} is not supported; choose one in ${MIN_EXPORT_OPSET}–${MAX_EXPORT_OPSET}`);
  const samples = sampleInput instanceof Tensor ? [sampleInput] : Array.isArray(sampleInput) ? [...(sampleInput as readonly Tensor[])] : [];
  if (samples.length === 0 || !samples.every((t) => t instanceof Tensor)) fail('sampleInput must be a Tensor or a non-empty array of Tensors');
  const inputNames = checkNames('inputNames', options.inputNames ?? (samples.length === 1 ? ['input'] : samples.map((_, i) => `input_${i}`)), samples.length);
  const [outputName] = checkNames('outputNames', options.outputNames ?? ['output'], 1);
  if (inputNames.includes(outputName!)) fail(`output name '${outputName}' is also an input name`);
  const dynamic = options.dynamicBatch ?? true;
  if (dynamic) {
    const batch = samples[0]!.shape[0];
    const odd = samples.findIndex((t) => t.rank === 0 || t.shape[0] === 0 || t.shape[0] !== batch);
    if (odd >= 0)
      fail(`dynamicBatch needs inputs sharing a non-empty batch dim 0: input '${inputNames[odd]}' has shape ${JSON.stringify(samples[odd]!.shape)}${odd > 0 ? ` (input '${inputNames[0]}': ${JSON.stringify(samples[0]!.shape)})` : ''}; pass dynamicBatch: false`);
  }

  const modes = module.modules().map((m) => [m, m.training] as const);
  module.eval();
  const tracers: ExportTracer[] = [];
  const traceWith = (inputs: readonly Tensor[]): IrGraph => {
    const tracer = new ExportTracer(module, opset);
    tracers.push(tracer);
    return traceOnce(tracer, module, inputs, inputNames, outputName!);
  };
  let bigger: Tensor[] = [];
  try {
    const first = traceWith(samples);
    const values = await readConstants(first.constants);
    if (!dynamic) {
      compactSlices(first, values);
      return assemble(first, values, { opset, inputShapes: samples.map((t) => t.shape), outputShape: first.output.shape });
    }
    bigger = biggerBatch(samples);
    const second = traceWith(bigger);
    const batch = samples[0]!.shape[0]!;
    const resolved = resolveDynamicBatch(
      { graph: first, values, batch },
      { graph: second, values: await readConstants(second.constants), batch: batch + 1 },
    );
    compactSlices(first, resolved, second);
    const inputShapes: Dim[][] = samples.map((t) => ['batch', ...t.shape.slice(1)]);
    const outputShape = symbolicDims(outputName!, first.output.shape, second.output.shape, batch);
    return assemble(first, resolved, { opset, inputShapes, outputShape });
  } finally {
    for (const [m, training] of modes) m.training = training;
    for (const t of tracers.flatMap((tracer) => tracer.holders)) t.dispose();
    for (const t of bigger) t.dispose();
  }
}
