/** `pistil-onnx inspect`: what a model takes, gives and contains, read from the file without running it. */
import { OnnxFormatError, decodeModel, defaultOpset, elemTypeName, onnx, supportedOps } from '@pistil/onnx';
import type { IValueInfoProto } from '@pistil/onnx';

export interface TensorSignature {
  name: string;
  type: string;
  dims: (number | string)[] | null;
}

export interface ModelReport {
  irVersion: number;
  opset: number | null;
  producer: string;
  graph: string;
  inputs: TensorSignature[];
  outputs: TensorSignature[];
  /** Node count per op type, sorted by name. */
  ops: Record<string, number>;
  /** Op types (with domain) the importer does not implement. */
  unsupported: string[];
  /** Elements in float initializers: the trainable parameters once imported. */
  parameters: number;
  initializers: number;
  nodes: number;
}

const num = (v: unknown): number => (typeof v === 'number' ? v : v && typeof (v as { toNumber?: unknown }).toNumber === 'function' ? (v as { toNumber(): number }).toNumber() : 0);

function signature(v: IValueInfoProto): TensorSignature {
  const tt = v.type?.tensorType;
  const dims = tt?.shape ? (tt.shape.dim ?? []).map((d) => (d.dimParam ? d.dimParam : d.dimValue !== null && d.dimValue !== undefined ? num(d.dimValue) : '?')) : null;
  return { name: v.name ?? '', type: tt ? elemTypeName(tt.elemType ?? 0) : 'non-tensor', dims };
}

export function inspectModel(bytes: Uint8Array): ModelReport {
  const model = decodeModel(bytes);
  if (!model.graph) throw new OnnxFormatError('model: has no graph (is this an .onnx file?)');
  const graph = model.graph;
  const initializers = graph.initializer ?? [];
  const names = new Set(initializers.map((t) => t.name));
  const ops: Record<string, number> = {};
  for (const n of graph.node ?? []) {
    const key = n.domain && n.domain !== 'ai.onnx' ? `${n.domain}.${n.opType}` : (n.opType ?? '?');
    ops[key] = (ops[key] ?? 0) + 1;
  }
  const known = new Set(supportedOps().map((d) => d.opType));
  const floats = new Set([onnx.TensorProto.DataType.FLOAT, onnx.TensorProto.DataType.FLOAT16, onnx.TensorProto.DataType.DOUBLE, onnx.TensorProto.DataType.BFLOAT16]);
  let opset: number | null = null;
  try {
    opset = defaultOpset(model);
  } catch {
    opset = null;
  }
  return {
    irVersion: num(model.irVersion),
    opset,
    producer: [model.producerName, model.producerVersion].filter(Boolean).join(' '),
    graph: graph.name ?? '',
    inputs: (graph.input ?? []).filter((v) => !names.has(v.name)).map(signature),
    outputs: (graph.output ?? []).map(signature),
    ops: Object.fromEntries(Object.entries(ops).sort(([a], [b]) => a.localeCompare(b))),
    unsupported: Object.keys(ops).filter((op) => !known.has(op)),
    parameters: initializers.filter((t) => floats.has(t.dataType ?? 0)).reduce((n, t) => n + (t.dims ?? []).reduce<number>((a, d) => a * num(d), 1), 0),
    initializers: initializers.length,
    nodes: (graph.node ?? []).length,
  };
}

export function formatReport(path: string, r: ModelReport): string {
  const sig = (s: TensorSignature): string => `  ${s.name}: ${s.type} [${s.dims?.join(', ') ?? 'unknown shape'}]`;
  return [
    `${path}`,
    `  ONNX IR ${r.irVersion}, opset ${r.opset ?? '?'}${r.producer ? `, from ${r.producer}` : ''}${r.graph ? `, graph '${r.graph}'` : ''}`,
    'inputs:', ...r.inputs.map(sig),
    'outputs:', ...r.outputs.map(sig),
    `ops (${r.nodes} nodes):`, ...Object.entries(r.ops).map(([op, n]) => `  ${op} ×${n}${r.unsupported.includes(op) ? '  (not supported by the importer)' : ''}`),
    `parameters: ${r.parameters.toLocaleString('en-US')} in ${r.initializers} initializers`,
    r.unsupported.length ? `cannot import: ${r.unsupported.join(', ')} not supported` : 'importable: every op is supported',
  ].join('\n');
}
