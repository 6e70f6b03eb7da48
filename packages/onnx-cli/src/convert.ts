/**
 * `pistil-onnx convert`: ONNX ⇄ safetensors + JSON config. The safetensors file holds the
 * weights under their ONNX names; the config holds the graph without them, so the pair can be
 * fine-tuned or inspected with Pistil's safetensors tools and turned back into the same graph.
 */
import { load, saveSafetensors, writeFileAtomic } from '@pistil/nn';
import { OnnxFormatError, fillSkeleton, hostOf, onnx } from '@pistil/onnx';
import type { HostTensor } from '@pistil/onnx';
import type { IModelProto } from '@pistil/onnx';
import { loadOnnx } from '@pistil/onnx/node';

/** The JSON written next to the weights. */
export interface OnnxGraphConfig {
  format: 'pistil-onnx-graph';
  version: 1;
  /** The .onnx model minus the data of the weights in the safetensors file, base64. */
  graph: string;
  opset: number;
  inputs: string[];
  outputs: string[];
}

const FORMAT = 'pistil-onnx-graph';

/** Writes `<base>.safetensors` (weights by ONNX name) and `<base>.json` (the graph). */
export async function onnxToSafetensors(onnxPath: string, base: string): Promise<{ tensors: number; parameters: number }> {
  const model = loadOnnx(onnxPath);
  try {
    const weights = model.initializers();
    const skeleton = model.skeletonBytes();
    const config: OnnxGraphConfig = { format: FORMAT, version: 1, graph: Buffer.from(skeleton).toString('base64'), opset: model.info.opset, inputs: model.inputNames, outputs: model.outputNames };
    await saveSafetensors(`${base}.safetensors`, weights, { format: FORMAT });
    await writeFileAtomic(`${base}.json`, (write) => write(new TextEncoder().encode(`${JSON.stringify(config, null, 2)}\n`)));
    return { tensors: Object.keys(weights).length, parameters: Object.values(weights).reduce((n, t) => n + t.size, 0) };
  } finally {
    model.dispose();
  }
}

/** Reads `<base>.safetensors` + `<base>.json` and writes the .onnx atomically. */
export async function safetensorsToOnnx(base: string, onnxPath: string): Promise<void> {
  const { tensors, config } = await load(base);
  try {
    const c = config as Partial<OnnxGraphConfig> | null;
    if (!c || c.format !== FORMAT || typeof c.graph !== 'string')
      throw new OnnxFormatError(`${base}.json: not a '${FORMAT}' config (written by 'pistil-onnx convert model.onnx …'); a model saved by an app is exported by that app (e.g. 'digit-recognizer export')`);
    let skeleton: IModelProto;
    try {
      skeleton = onnx.ModelProto.decode(Buffer.from(c.graph, 'base64'));
    } catch (err) {
      throw new OnnxFormatError(`${base}.json: 'graph' is not a base64 ONNX model (${(err as Error).message})`);
    }
    const weights = new Map<string, HostTensor>();
    for (const [name, t] of Object.entries(tensors)) weights.set(name, await hostOf(t));
    const bytes = fillSkeleton(skeleton, weights);
    await writeFileAtomic(onnxPath, (write) => write(bytes));
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
}
