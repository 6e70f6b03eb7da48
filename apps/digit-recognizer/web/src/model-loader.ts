/**
 * The browser counterpart of src/model-io.ts's `loadModel`: the same two files
 * (`model.safetensors` + `model.json`), fetched instead of read from disk, decoded with
 * @pistil/nn's `decodeSafetensors` and rebuilt with the app's `createModel`.
 */
import { decodeSafetensors, getDefaultDevice, setDefaultDevice } from '@pistil/nn';
import type { Device, Module } from '@pistil/nn';
import { MODEL_NAMES, createModel } from '../../src/models/index.js';
import type { ModelConfig } from '../../src/models/index.js';
import type { Normalization } from '../../src/mnist-like.js';

/** model.json: what rebuilds the model and feeds it (src/model-io.ts's SavedConfig). */
export interface WebModelConfig extends ModelConfig {
  normalization: Normalization;
  classes: string[];
}

async function fetchOk(url: string): Promise<Response> {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`${url}: HTTP ${response.status} ${response.statusText}`);
  return response;
}

/** Checks model.json as model-io.ts does, naming the file and the field at fault. */
export function checkConfig(source: string, config: unknown): WebModelConfig {
  const c = config as Partial<WebModelConfig> | null;
  if (!c || typeof c !== 'object') throw new Error(`${source}: not a JSON object`);
  if (!MODEL_NAMES.includes(c.model as never)) throw new Error(`${source}: unknown model '${String(c.model)}' (expected ${MODEL_NAMES.join(' or ')})`);
  const n = c.normalization;
  if (!n || typeof n.mean !== 'number' || typeof n.std !== 'number' || typeof n.pad !== 'number') throw new Error(`${source}: 'normalization' must have numeric mean, std and pad`);
  if (!Array.isArray(c.classes) || c.classes.length !== 10) throw new Error(`${source}: 'classes' must list the 10 class names`);
  return c as WebModelConfig;
}

/** Builds `config`'s model on the CPU (its initial weights are overwritten anyway), whatever the default device. */
export function createOnCpu(config: ModelConfig): Module {
  const previous = getDefaultDevice();
  setDefaultDevice('cpu');
  try {
    return createModel(config);
  } finally {
    setDefaultDevice(previous);
  }
}

/** Fetches `<base>model.json` and `<base>model.safetensors` and rebuilds the model on `device`, in eval mode. */
export async function loadWebModel(base: string, device: Device): Promise<{ model: Module; config: WebModelConfig; bytes: number }> {
  const [json, weights] = await Promise.all([
    fetchOk(`${base}model.json`).then((r) => r.json() as Promise<unknown>),
    fetchOk(`${base}model.safetensors`).then((r) => r.arrayBuffer()),
  ]);
  const config = checkConfig(`${base}model.json`, json);
  const { tensors } = decodeSafetensors(new Uint8Array(weights), `${base}model.safetensors`, { device });
  try {
    const model = createOnCpu(config).to(device);
    model.loadStateDict(tensors);
    return { model: model.eval(), config, bytes: weights.byteLength };
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
}
