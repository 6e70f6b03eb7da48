import { FormatError, PistilError, loadSafetensors, saveSafetensors } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import type { History } from '../fit/history.js';
import { decodeState, encodeState } from './codec.js';
import type { Json } from './codec.js';
import { exists, listDir, makeDir, readJson, removeFile, writeFileAtomic } from './files.js';

/** A checkpoint that is missing or incomplete. */
export class CheckpointError extends PistilError {
  override readonly name: string = 'CheckpointError';
}

/** Everything a training run needs to continue where it stopped. */
export interface CheckpointState {
  /** The last completed epoch (1-based). */
  epoch: number;
  model: Record<string, Tensor>;
  optimizer: object;
  scheduler: object | null;
  /** The training data's iterator state (shuffling generator, epoch). */
  data: object | null;
  /** The default generator's state (dropout, random augmentation drawing from it). */
  rng: { seed: number; counter: number };
  history: History;
  /** Stateful callbacks' state (early stopping's counters, the best value so far…), by key. */
  callbacks: Record<string, unknown>;
  /** Whether training had been stopped (early stopping): resuming then trains no further. */
  stopped: boolean;
}

/**
 * A checkpoint read back. Its tensors are the caller's: `model.loadStateDict` and
 * `optimizer.loadStateDict` copy what they take, so call `dispose()` after loading.
 */
export interface LoadedCheckpoint extends CheckpointState {
  /** The JSON file it was read from. */
  path: string;
  dispose(): void;
}

const FORMAT = 'pistil-checkpoint';
const VERSION = 1;
const MAX_JSON_BYTES = 256 * 1024 * 1024;

interface Manifest {
  format: typeof FORMAT;
  version: number;
  id: string;
  tensorsFile: string;
  epoch: number;
  modelKeys: string[];
  state: Json;
}

const join = (dir: string, file: string): string => (dir.endsWith('/') ? dir + file : `${dir}/${file}`);
const tensorsFileRe = (name: string): RegExp => new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}-[0-9a-f]{16}\\.safetensors$`);

/**
 * Saves `state` as `<dir>/<name>.json` plus a safetensors file it names (`<name>-<id>.safetensors`,
 * model weights under their own names, other tensors under `optimizer/…`, `scheduler/…`). The
 * tensors are written first, then the JSON by rename, then the previous tensors file is removed:
 * an interruption at any point leaves the previous checkpoint or the new one, whole.
 */
export async function saveCheckpoint(dir: string, name: string, state: CheckpointState): Promise<string> {
  if (!/^[\w.-]+$/.test(name)) throw new RangeError(`saveCheckpoint: name '${name}' must be letters, digits, '_', '-' or '.'`);
  await makeDir(dir);
  const tensors: Record<string, Tensor> = {};
  for (const [key, t] of Object.entries(state.model)) {
    if (key.includes('/')) throw new RangeError(`saveCheckpoint: model key '${key}' contains '/'`);
    tensors[key] = t;
  }
  const { model: _model, epoch, ...rest } = state;
  const encoded = encodeState(rest, '', tensors);
  const id = Array.from({ length: 16 }, () => Math.floor(Math.random() * 16).toString(16)).join('');
  const tensorsFile = `${name}-${id}.safetensors`;
  await saveSafetensors(join(dir, tensorsFile), tensors, { format: FORMAT, checkpoint: id });
  const manifest: Manifest = { format: FORMAT, version: VERSION, id, tensorsFile, epoch, modelKeys: Object.keys(state.model), state: encoded };
  const path = join(dir, `${name}.json`);
  await writeFileAtomic(path, JSON.stringify(manifest));
  const own = tensorsFileRe(name);
  for (const file of await listDir(dir)) if (own.test(file) && file !== tensorsFile) await removeFile(join(dir, file));
  return path;
}

/** Whether `<dir>/<name>.json` exists. */
export async function hasCheckpoint(dir: string, name = 'last'): Promise<boolean> {
  return exists(join(dir, `${name}.json`));
}

/**
 * Reads the checkpoint `<dir>/<name>.json` and the tensors file it names, checking that the two
 * belong together. Errors name the file and the problem.
 */
export async function loadCheckpoint(dir: string, name = 'last'): Promise<LoadedCheckpoint> {
  if (!(await exists(dir))) throw new CheckpointError(`checkpoint directory '${dir}' does not exist`);
  const path = join(dir, `${name}.json`);
  if (!(await exists(path))) throw new CheckpointError(`no checkpoint '${name}' in '${dir}' (${path} does not exist)`);
  const manifest = checkManifest(await readJson(path, MAX_JSON_BYTES), path);
  const tensorsPath = join(dir, manifest.tensorsFile);
  if (!(await exists(tensorsPath))) throw new CheckpointError(`${path}: its tensors file ${tensorsPath} does not exist`);
  const { tensors, metadata } = await loadSafetensors(tensorsPath);
  let taken = false;
  try {
    if (metadata['checkpoint'] !== manifest.id)
      throw new FormatError(`${tensorsPath}: written for checkpoint '${metadata['checkpoint'] ?? 'none'}', but ${path} expects '${manifest.id}'`);
    const model: Record<string, Tensor> = {};
    for (const key of manifest.modelKeys) {
      const t = tensors[key];
      if (!t) throw new FormatError(`${tensorsPath}: model tensor '${key}' listed in ${path} is missing`);
      model[key] = t;
    }
    const rest = decodeState(manifest.state, tensors, path) as Omit<CheckpointState, 'model' | 'epoch'>;
    checkRest(rest, path);
    taken = true;
    return { ...rest, epoch: manifest.epoch, model, path, dispose: () => disposeAll(tensors) };
  } finally {
    if (!taken) disposeAll(tensors);
  }
}

function disposeAll(tensors: Record<string, Tensor>): void {
  for (const t of Object.values(tensors)) t.dispose();
}

function checkManifest(value: unknown, path: string): Manifest {
  const m = value as Partial<Manifest> | null;
  if (typeof m !== 'object' || m === null || m.format !== FORMAT) throw new FormatError(`${path}: not a Pistil checkpoint (no "format": "${FORMAT}")`);
  if (m.version !== VERSION) throw new FormatError(`${path}: checkpoint version ${String(m.version)} is not supported (expected ${VERSION})`);
  if (typeof m.id !== 'string' || typeof m.tensorsFile !== 'string' || !/^[\w.-]+\.safetensors$/.test(m.tensorsFile))
    throw new FormatError(`${path}: "id" and "tensorsFile" must be strings naming a .safetensors file in the same folder`);
  if (!Number.isInteger(m.epoch) || m.epoch! < 0) throw new FormatError(`${path}: "epoch" must be an integer ≥ 0, got ${String(m.epoch)}`);
  if (!Array.isArray(m.modelKeys) || m.modelKeys.some((k) => typeof k !== 'string')) throw new FormatError(`${path}: "modelKeys" must be an array of strings`);
  if (typeof m.state !== 'object' || m.state === null) throw new FormatError(`${path}: "state" must be an object`);
  return m as Manifest;
}

function checkRest(rest: Partial<Omit<CheckpointState, 'model' | 'epoch'>>, path: string): void {
  const fail = (what: string): never => {
    throw new FormatError(`${path}: ${what}`);
  };
  if (typeof rest.optimizer !== 'object' || rest.optimizer === null) fail('"optimizer" state is missing');
  if (typeof rest.rng?.seed !== 'number' || typeof rest.rng.counter !== 'number') fail('"rng" must hold numbers "seed" and "counter"');
  if (!Array.isArray(rest.history?.epochs)) fail('"history.epochs" must be an array');
  if (typeof rest.callbacks !== 'object' || rest.callbacks === null) fail('"callbacks" must be an object');
  rest.scheduler ??= null;
  rest.data ??= null;
  rest.stopped = rest.stopped === true;
}
