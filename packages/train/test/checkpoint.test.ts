import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { FormatError, crossEntropy, dispose, memory, tensor as makeTensor } from '@pistil/nn';
import type { Tensor } from '@pistil/nn';
import { afterEach, describe, expect, it } from 'vitest';
import { CheckpointError, ModelCheckpoint, fit, hasCheckpoint, loadCheckpoint, saveCheckpoint } from '../src/index.js';
import type { Callback, CheckpointState, EpochLog } from '../src/index.js';
import { blobData, mlp, sgd, snapshot, tempDir } from './support/setup.js';

const quiet = { progress: false as const, log: () => {} };

// Every tensor a test makes stays referenced here until the test ends, so a garbage collection
// in the middle of a test cannot run a finalizer and move the live-tensor counts it compares.
const made: Tensor[] = [];
const tensor: typeof makeTensor = (...args) => {
  const t = makeTensor(...args);
  made.push(t);
  return t;
};
afterEach(() => dispose(made.splice(0)));

function state(model: Record<string, Tensor>, extra: Partial<CheckpointState> = {}): CheckpointState {
  return {
    epoch: 3,
    model,
    optimizer: { state: { 0: { momentumBuffer: tensor([0.5, -1]), step: 4 } }, paramGroups: [{ params: [0], lr: 0.01, nesterov: false }] },
    scheduler: { lastEpoch: 3, best: Infinity, worst: -Infinity, missing: NaN },
    data: { epoch: 3, generator: { seed: 123, counter: 9 } },
    rng: { seed: 7, counter: 42 },
    history: { epochs: [{ epoch: 1, trainLoss: 0.5, lr: 0.1, seconds: 1, imagesPerSecond: 10 }], best: null },
    callbacks: { EarlyStopping: { best: 0.5, wait: 1 } },
    stopped: false,
    ...extra,
  };
}

describe('saveCheckpoint / loadCheckpoint', () => {
  it('round-trips model tensors, tensors inside state dicts, non-finite numbers and plain state', async () => {
    const dir = join(tempDir(), 'a');
    const weight = tensor([[1, 2], [3, 4]]);
    const saved = state({ 'fc.weight': weight, 'fc.bias': tensor([0.25, -0.5]) });
    await saveCheckpoint(dir, 'last', saved);
    expect(await hasCheckpoint(dir, 'last')).toBe(true);
    expect(await hasCheckpoint(dir, 'best')).toBe(false);

    const before = memory().tensors;
    const ck = await loadCheckpoint(dir, 'last');
    expect(ck.epoch).toBe(3);
    expect(snapshot(ck.model)).toEqual({ 'fc.weight': [1, 2, 3, 4], 'fc.bias': [0.25, -0.5] });
    expect(ck.model['fc.weight']!.shape).toEqual([2, 2]);
    const opt = ck.optimizer as { state: Record<string, { momentumBuffer: Tensor; step: number }>; paramGroups: unknown };
    expect(Array.from(opt.state['0']!.momentumBuffer.dataSync())).toEqual([0.5, -1]);
    expect(opt.state['0']!.step).toBe(4);
    expect(opt.paramGroups).toEqual([{ params: [0], lr: 0.01, nesterov: false }]);
    expect(ck.scheduler).toEqual({ lastEpoch: 3, best: Infinity, worst: -Infinity, missing: NaN });
    expect(ck.data).toEqual({ epoch: 3, generator: { seed: 123, counter: 9 } });
    expect(ck.rng).toEqual({ seed: 7, counter: 42 });
    expect(ck.history).toEqual(saved.history);
    expect(ck.callbacks).toEqual({ EarlyStopping: { best: 0.5, wait: 1 } });
    expect(ck.stopped).toBe(false);
    expect(memory().tensors).toBe(before + 3);
    ck.dispose();
    expect(memory().tensors).toBe(before);
  });

  it('keeps one tensors file per checkpoint name, named by its JSON', async () => {
    const dir = tempDir();
    const model = { w: tensor([1]) };
    await saveCheckpoint(dir, 'last', state(model));
    await saveCheckpoint(dir, 'best', state(model));
    await saveCheckpoint(dir, 'last', state(model, { epoch: 4 }));
    const files = readdirSync(dir).sort();
    expect(files).toHaveLength(4);
    expect(files.filter((f) => /^last-[0-9a-f]{16}\.safetensors$/.test(f))).toHaveLength(1);
    expect(files.filter((f) => /^best-[0-9a-f]{16}\.safetensors$/.test(f))).toHaveLength(1);
    const manifest = JSON.parse(readFileSync(join(dir, 'last.json'), 'utf8')) as { tensorsFile: string; epoch: number };
    expect(files).toContain(manifest.tensorsFile);
    expect(manifest.epoch).toBe(4);
  });

  it('refuses what it cannot save, naming where it is', async () => {
    const dir = tempDir();
    await expect(saveCheckpoint(dir, 'last', state({ w: tensor([1]) }, { scheduler: { fn: () => 1 } as object }))).rejects.toThrow(/cannot save a function at 'scheduler\/fn'/);
    await expect(saveCheckpoint(dir, 'last', state({ w: tensor([1]) }, { data: { m: new Map() } }))).rejects.toThrow(/cannot save a Map object at 'data\/m'/);
    await expect(saveCheckpoint(dir, '../x', state({ w: tensor([1]) }))).rejects.toThrow(/name '..\/x' must be/);
  });

  it('names the missing directory or file, and rejects bad or mismatched files', async () => {
    const dir = tempDir();
    await expect(loadCheckpoint(join(dir, 'nope'))).rejects.toThrow(CheckpointError);
    await expect(loadCheckpoint(join(dir, 'nope'))).rejects.toThrow(/checkpoint directory '.*nope' does not exist/);
    await expect(loadCheckpoint(dir, 'best')).rejects.toThrow(/no checkpoint 'best' in '.*' \(.*best.json does not exist\)/);

    writeFileSync(join(dir, 'bad.json'), '{"format": "pistil-checkpoint", ');
    await expect(loadCheckpoint(dir, 'bad')).rejects.toThrow(FormatError);
    await expect(loadCheckpoint(dir, 'bad')).rejects.toThrow(/bad.json: not valid JSON/);
    writeFileSync(join(dir, 'other.json'), '{"hello": 1}');
    await expect(loadCheckpoint(dir, 'other')).rejects.toThrow(/other.json: not a Pistil checkpoint/);

    // A JSON pointing at another save's tensors file (as after a copy mix-up) is caught.
    await saveCheckpoint(dir, 'one', state({ w: tensor([1]) }));
    await saveCheckpoint(dir, 'two', state({ w: tensor([2]) }));
    const one = JSON.parse(readFileSync(join(dir, 'one.json'), 'utf8')) as { tensorsFile: string };
    const two = JSON.parse(readFileSync(join(dir, 'two.json'), 'utf8')) as Record<string, unknown>;
    writeFileSync(join(dir, 'mixed.json'), JSON.stringify({ ...two, tensorsFile: one.tensorsFile }));
    const before = memory().tensors;
    await expect(loadCheckpoint(dir, 'mixed')).rejects.toThrow(/one-[0-9a-f]{16}\.safetensors: written for checkpoint '[0-9a-f]{16}', but .*mixed.json expects/);
    expect(memory().tensors).toBe(before); // what was read is freed

    writeFileSync(join(dir, 'gone.json'), JSON.stringify({ ...two, tensorsFile: 'gone-0000000000000000.safetensors' }));
    await expect(loadCheckpoint(dir, 'gone')).rejects.toThrow(/gone.json: its tensors file .*gone-0000000000000000.safetensors does not exist/);
    writeFileSync(join(dir, 'evil.json'), JSON.stringify({ ...two, tensorsFile: '../../etc/passwd' }));
    await expect(loadCheckpoint(dir, 'evil')).rejects.toThrow(/"tensorsFile" must be strings naming a .safetensors file in the same folder/);
    writeFileSync(join(dir, 'v2.json'), JSON.stringify({ ...two, version: 2 }));
    await expect(loadCheckpoint(dir, 'v2')).rejects.toThrow(/checkpoint version 2 is not supported/);
  });
});

describe('ModelCheckpoint in fit', () => {
  it('saves last every epoch and best at the best epoch of the monitor', async () => {
    const dir = join(tempDir(), 'ck');
    const model = mlp(30);
    const weightsAt: Record<string, number[]>[] = [];
    const scores = [0.5, 0.9, 0.7, 0.8];
    const cbs: Callback[] = [
      { onEpochEnd: (log: EpochLog) => void (log.score = scores[log.epoch - 1]!) },
      { onEpochEnd: () => void weightsAt.push(snapshot(model.stateDict())) },
    ];
    const logged: string[] = [];
    const history = await fit({
      model, optimizer: sgd(model), lossFn: crossEntropy, trainData: blobData().trainData, epochs: 4,
      callbacks: cbs, monitor: 'score', mode: 'max', checkpoint: { dir }, progress: false, log: (l) => logged.push(l),
    });
    expect(history.best).toEqual({ epoch: 2, monitor: 'score', mode: 'max', value: 0.9 });

    const best = await loadCheckpoint(dir, 'best');
    expect(best.epoch).toBe(2);
    expect(snapshot(best.model)).toEqual(weightsAt[1]);
    expect(best.history.epochs).toHaveLength(2);
    expect(best.callbacks['ModelCheckpoint']).toEqual({ best: 0.9, bestEpoch: 2 });
    best.dispose();

    const last = await loadCheckpoint(dir, 'last');
    expect(last.epoch).toBe(4);
    expect(snapshot(last.model)).toEqual(weightsAt[3]);
    expect(last.history).toEqual(history);
    last.dispose();
    expect(logged).toEqual([
      expect.stringMatching(/^epoch 1: score 0.500000 is the best so far; saved .*ck\/best.json$/),
      expect.stringMatching(/^epoch 2: score 0.900000 is the best so far; saved .*ck\/best.json$/),
    ]);
  });

  it('checks its options', () => {
    expect(() => new ModelCheckpoint({ dir: '' })).toThrow(/options.dir must be a folder path/);
    expect(() => new ModelCheckpoint({ dir: 'x', mode: 'big' as 'max' })).toThrow(/mode must be 'min' or 'max', got 'big'/);
    expect(new ModelCheckpoint({ dir: 'x', monitor: 'valAccuracy' }).mode).toBe('max');
  });

  it('saves only last with saveBest: false', async () => {
    const dir = join(tempDir(), 'only-last');
    const model = mlp(31);
    await fit({ model, optimizer: sgd(model), lossFn: crossEntropy, trainData: blobData().trainData, epochs: 1, callbacks: [new ModelCheckpoint({ dir, monitor: 'trainLoss', saveBest: false })], ...quiet });
    expect(existsSync(join(dir, 'last.json'))).toBe(true);
    expect(existsSync(join(dir, 'best.json'))).toBe(false);
  });
});
