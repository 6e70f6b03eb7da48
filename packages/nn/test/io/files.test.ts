import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  BatchNorm2d, Conv2d, Flatten, FormatError, Linear, Module, ReLU, Sequential, StateDictError, UseAfterFreeError,
  dispose, encodeSafetensors, load, loadSafetensors, manualSeed, memory, randn, save, saveSafetensors, tensor, tidy,
} from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

const dir = mkdtempSync(join(tmpdir(), 'pistil-io-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

class Net extends Module {
  body: Sequential;
  constructor(readonly hidden: number) {
    super();
    this.body = new Sequential(new Conv2d(1, 2, 3), new BatchNorm2d(2), new ReLU(), new Flatten(), new Linear(2 * 4 * 4, hidden), new ReLU(), new Linear(hidden, 3));
  }
  forward(x: Tensor): Tensor {
    return this.body.forward(x);
  }
}

const files = (d: string): string[] => readdirSync(d).sort();

describe('saveSafetensors / loadSafetensors', () => {
  it('round-trips tensors and metadata; the file is exactly encodeSafetensors\' bytes', async () => {
    const path = join(dir, 'plain.safetensors');
    const tensors = { w: tensor([[1, 2], [3, 4]]), n: tensor([7], { dtype: 'int32' }), flag: tensor([true]) };
    await saveSafetensors(path, tensors, { epoch: '3' });
    expect(new Uint8Array(readFileSync(path))).toEqual(encodeSafetensors(tensors, { epoch: '3' }));
    const back = await loadSafetensors(path);
    expect(back.metadata).toEqual({ epoch: '3' });
    for (const [k, t] of Object.entries(tensors)) expect(back.tensors[k]!.toArray()).toEqual(t.toArray());
    expect(files(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('a write that fails midway leaves no file and no temporary behind, and an existing file intact', async () => {
    const sub = join(dir, 'crash');
    mkdirSync(sub);
    const path = join(sub, 'w.safetensors');
    const gone = tensor([1, 2, 3]);
    gone.dispose();
    // The header and the first tensor are written before reading the disposed one fails.
    await expect(saveSafetensors(path, { ok: randn([1000]), gone: tensorLike(gone) })).rejects.toThrow(UseAfterFreeError);
    expect(files(sub)).toEqual([]);

    await saveSafetensors(path, { v: tensor([1, 2]) });
    const before = readFileSync(path);
    await expect(saveSafetensors(path, { ok: randn([1000]), gone: tensorLike(gone) })).rejects.toThrow(UseAfterFreeError);
    expect(readFileSync(path)).toEqual(before);
    expect(files(sub)).toEqual(['w.safetensors']);

    // The rename itself failing (the target is a directory) also cleans up.
    mkdirSync(join(sub, 'taken.safetensors'));
    await expect(saveSafetensors(join(sub, 'taken.safetensors'), { v: tensor([1]) })).rejects.toThrow();
    expect(files(sub)).toEqual(['taken.safetensors', 'w.safetensors']);
  });

  it('corrupt and truncated files fail with a FormatError naming the file, before reading the data', async () => {
    const path = join(dir, 'cut.safetensors');
    await saveSafetensors(path, { a: randn([64]), b: randn([64]) });
    truncateSync(path, readFileSync(path).length - 10);
    const before = memory().tensors;
    await expect(loadSafetensors(path)).rejects.toThrow(FormatError);
    await expect(loadSafetensors(path)).rejects.toThrow(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}: tensor 'b': data_offsets \\[256, 512\\] run past the end of the data \\(502 bytes\\)`));
    const huge = join(dir, 'huge.safetensors');
    const prefix = new Uint8Array(16);
    new DataView(prefix.buffer).setBigUint64(0, 10n ** 15n, true);
    writeFileSync(huge, prefix);
    await expect(loadSafetensors(huge)).rejects.toThrow(/huge\.safetensors: header length 1000000000000000 \(bytes 0-7\) exceeds the limit/);
    writeFileSync(huge, new Uint8Array(3));
    await expect(loadSafetensors(huge)).rejects.toThrow(/huge\.safetensors: file is 3 bytes, too short/);
    expect(memory().tensors).toBe(before);
    await expect(loadSafetensors(join(dir, 'missing.safetensors'))).rejects.toThrow(/ENOENT/);
  });
});

describe('save / load a model with its config', () => {
  it('writes <path>.safetensors and <path>.json; a model rebuilt from the config reproduces the outputs', async () => {
    manualSeed(11);
    const net = new Net(5);
    const x = randn([2, 1, 6, 6]);
    net.forward(x); // moves BatchNorm's running statistics off their defaults
    net.eval();
    const want = net.forward(x).toArray();
    const path = join(dir, 'ckpt', 'net');
    mkdirSync(join(dir, 'ckpt'));
    await save(net, path, { hidden: net.hidden, arch: 'Net' });
    expect(files(join(dir, 'ckpt'))).toEqual(['net.json', 'net.safetensors']);

    const before = memory().tensors;
    const { tensors, config } = await load(path);
    const rebuilt = new Net((config as { hidden: number }).hidden);
    rebuilt.loadStateDict(tensors);
    dispose(tensors);
    rebuilt.eval();
    expect(tidy(() => rebuilt.forward(x).toArray())).toEqual(want);
    expect(Object.keys(tensors)).toEqual(Object.keys(net.stateDict()));
    expect(tensors['body.1.numBatchesTracked']!.dtype).toBe('int32');
    rebuilt.dispose();
    expect(memory().tensors).toBe(before);
    expect((await load(`${path}.safetensors`)).config).toEqual({ hidden: 5, arch: 'Net' });
  });

  it('no config: no .json, config null; a bad .json is a FormatError naming it', async () => {
    const path = join(dir, 'bare');
    await save(new Linear(2, 1), path);
    expect(files(dir).filter((f) => f.startsWith('bare'))).toEqual(['bare.safetensors']);
    expect((await load(path)).config).toBeNull();
    writeFileSync(`${path}.json`, '{"hidden": ');
    await expect(load(path)).rejects.toThrow(/bare\.json: not valid JSON/);
  });

  it('weights whose shapes do not fit the model: an error naming each key and both shapes', async () => {
    const path = join(dir, 'wide');
    await save(new Net(8), path, { hidden: 8 });
    const { tensors } = await load(path);
    expect(() => new Net(5).loadStateDict(tensors)).toThrow(StateDictError);
    expect(() => new Net(5).loadStateDict(tensors)).toThrow(/size mismatch for body\.4\.weight: checkpoint \[8, 32\], model \[5, 32\][\s\S]*size mismatch for body\.6\.weight: checkpoint \[3, 8\], model \[3, 5\]/);
  });
});

/** The disposed tensor, typed as a live one (the plan checks liveness; this simulates one freed while writing). */
function tensorLike(t: Tensor): Tensor {
  return new Proxy(t, { get: (target, key) => (key === 'isDisposed' ? false : Reflect.get(target, key, target)) }) as Tensor;
}
