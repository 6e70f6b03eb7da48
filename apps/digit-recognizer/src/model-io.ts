import { load, save } from '@pistil/nn';
import type { Module } from '@pistil/nn';
import { join } from 'node:path';
import type { Normalization } from './data.js';
import { MODEL_NAMES, createModel } from './models/index.js';
import type { ModelConfig } from './models/index.js';

/** Everything besides the weights that a saved model needs to be rebuilt and fed correctly. */
export interface SavedConfig extends ModelConfig {
  normalization: Normalization;
  classes: string[];
}

const BASE = 'model';

/** Writes `<dir>/model.safetensors` and `<dir>/model.json` (atomically). */
export async function saveModel(dir: string, model: Module, config: SavedConfig): Promise<void> {
  await save(model, join(dir, BASE), config);
}

function checkConfig(path: string, config: unknown): SavedConfig {
  const c = config as Partial<SavedConfig> | null;
  if (!c || typeof c !== 'object') throw new Error(`${path}.json is missing: it holds the model's config; retrain or copy it next to the weights`);
  if (!MODEL_NAMES.includes(c.model as never)) throw new Error(`${path}.json: unknown model '${String(c.model)}' (expected ${MODEL_NAMES.join(' or ')})`);
  const n = c.normalization;
  if (!n || typeof n.mean !== 'number' || typeof n.std !== 'number' || typeof n.pad !== 'number') throw new Error(`${path}.json: 'normalization' must have numeric mean, std and pad`);
  if (!Array.isArray(c.classes) || c.classes.length !== 10) throw new Error(`${path}.json: 'classes' must list the 10 class names`);
  return c as SavedConfig;
}

/** Rebuilds the model of `<dir>/model.json` and loads its weights (shapes checked per key), in eval mode. */
export async function loadModel(dir: string): Promise<{ model: Module; config: SavedConfig }> {
  const path = join(dir, BASE);
  const { tensors, config } = await load(path);
  try {
    const saved = checkConfig(path, config);
    const model = createModel(saved);
    model.loadStateDict(tensors);
    return { model: model.eval(), config: saved };
  } finally {
    for (const t of Object.values(tensors)) t.dispose();
  }
}
