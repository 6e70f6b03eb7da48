import { FormatError, Generator, Tensor, manualSeed, memory, tensor } from '@pistil/nn';
import { describe, expect, it } from 'vitest';
import { Compose, DataLoader, ElasticDistortion, RandomAffine, RandomCrop, SampleError, TensorDataset, ToFloat } from '../src/index.js';
import type { Dataset, HostImage } from '../src/index.js';

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
/** Samples are their own index, so a batch shows which samples it holds. */
const indices = (n: number): Dataset<number> => ({ length: n, get: (i) => i });

/** Each epoch's batches as plain arrays (disposing the tensors). */
async function epoch(loader: AsyncIterable<Tensor>): Promise<number[][]> {
  const out: number[][] = [];
  for await (const batch of loader) {
    out.push(Array.from(batch.dataSync()));
    batch.dispose();
  }
  return out;
}

/** Fisher–Yates with nn's Generator, written out here as the oracle of the loader's shuffle. */
function fisherYates(n: number, g: Generator): number[] {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(g.random() * (i + 1));
    [p[i], p[j]] = [p[j]!, p[i]!];
  }
  return p;
}

describe('DataLoader: batching and order', () => {
  it('batches in order, the last one partial; length counts batches', async () => {
    const loader = new DataLoader(indices(10), { batchSize: 4 });
    expect(loader.length).toBe(3);
    expect(await epoch(loader)).toEqual([[0, 1, 2, 3], [4, 5, 6, 7], [8, 9]]);
  });

  it('dropLast drops the partial batch', async () => {
    const loader = new DataLoader(indices(10), { batchSize: 4, dropLast: true });
    expect(loader.length).toBe(2);
    expect(await epoch(loader)).toEqual([[0, 1, 2, 3], [4, 5, 6, 7]]);
    expect(await epoch(new DataLoader(indices(8), { batchSize: 4, dropLast: true }))).toHaveLength(2);
  });

  it('shuffle is Fisher–Yates on the seeded generator, new each epoch', async () => {
    const loader = new DataLoader(indices(10), { batchSize: 10, shuffle: true, seed: 7 });
    const oracle = new Generator(7);
    const first = fisherYates(10, oracle);
    oracle.nextKey(); // each epoch then draws one key for its per-sample generators
    const second = fisherYates(10, oracle);
    expect(await epoch(loader)).toEqual([first]);
    expect(await epoch(loader)).toEqual([second]);
    expect(second).not.toEqual(first);
    expect(loader.epoch).toBe(2);
  });

  it('the same seed or an equal generator gives the same order; manualSeed fixes the default', async () => {
    const run = (options: ConstructorParameters<typeof DataLoader<number>>[1]): Promise<number[][]> => epoch(new DataLoader(indices(20), { batchSize: 6, shuffle: true, ...options }));
    expect(await run({ seed: 3 })).toEqual(await run({ generator: new Generator(3) }));
    expect(await run({ seed: 3 })).not.toEqual(await run({ seed: 4 }));
    manualSeed(11);
    const a = await run({});
    manualSeed(11);
    expect(await run({})).toEqual(a);
  });

  it('a custom collate gets the samples and the device', async () => {
    const seen: unknown[] = [];
    const loader = new DataLoader(indices(5), {
      batchSize: 2,
      collate: (samples, ctx) => {
        seen.push(ctx.device);
        return samples.join('+');
      },
    });
    const out: string[] = [];
    for await (const b of loader) out.push(b);
    expect(out).toEqual(['0+1', '2+3', '4']);
    expect(seen).toEqual(['cpu', 'cpu', 'cpu']);
  });

  it('TensorDataset batches are the stacked slices', async () => {
    const x = tensor([[1, 1], [2, 2], [3, 3]]);
    const y = tensor([0, 1, 2], { dtype: 'int32' });
    const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 2 });
    const got: unknown[] = [];
    for await (const [xb, yb] of loader) {
      got.push([xb!.toArray(), yb!.toArray()]);
      xb!.dispose();
      yb!.dispose();
    }
    expect(got).toEqual([[[[1, 1], [2, 2]], [0, 1]], [[[3, 3]], [2]]]);
    x.dispose();
    y.dispose();
  });

  it('bad options are errors naming the option', () => {
    expect(() => new DataLoader(indices(3), { batchSize: 0 })).toThrow(new RangeError('DataLoader: batchSize must be a positive integer, got 0'));
    expect(() => new DataLoader(indices(3), { prefetch: -1 })).toThrow(new RangeError('DataLoader: prefetch must be a non-negative integer, got -1'));
    expect(() => new DataLoader(indices(3), { seed: 1, generator: new Generator() })).toThrow(new TypeError('DataLoader: give either generator or seed, not both'));
    expect(() => new DataLoader({ length: 2 } as unknown as Dataset<number>)).toThrow(TypeError);
  });
});

/** A dataset whose `get` takes `delay` ms and logs when each sample starts and ends. */
function slowDataset(n: number, delay: number, log: string[]): Dataset<number> {
  return {
    length: n,
    async get(i) {
      log.push(`start ${i}`);
      await sleep(delay);
      log.push(`end ${i}`);
      return i;
    },
  };
}

describe('DataLoader: prefetch', () => {
  async function consume(prefetch: number): Promise<{ log: string[]; startedAtBody: number[] }> {
    const log: string[] = [];
    const loader = new DataLoader(slowDataset(12, 5, log), { batchSize: 2, prefetch });
    const startedAtBody: number[] = [];
    let k = 0;
    for await (const batch of loader) {
      await sleep(1);
      startedAtBody.push(log.filter((e) => e.startsWith('start')).length);
      log.push(`body ${k}`);
      await sleep(15); // the consumer's "compute"
      log.push(`body end ${k++}`);
      batch.dispose();
    }
    return { log, startedAtBody };
  }

  it('loads the next `prefetch` batches while the consumer works on the current one', async () => {
    const { log, startedAtBody } = await consume(2);
    // While batch k is in the body, batches k+1 and k+2 have been requested (2 samples each).
    expect(startedAtBody).toEqual([6, 8, 10, 12, 12, 12]);
    // Batch 1's samples finished loading before the body of batch 0 ended: real overlap.
    expect(log.indexOf('end 3')).toBeLessThan(log.indexOf('body end 0'));
  });

  it('prefetch 0 loads each batch only when asked', async () => {
    const { log, startedAtBody } = await consume(0);
    expect(startedAtBody).toEqual([2, 4, 6, 8, 10, 12]);
    expect(log.indexOf('start 2')).toBeGreaterThan(log.indexOf('body end 0'));
  });
});

describe('DataLoader: errors', () => {
  it('a failing sample rejects the epoch with its dataset index, batch and cause', async () => {
    const bad = new FormatError('photos/cat/bad.jpg: cannot decode image: unsupported format');
    const ds: Dataset<number> = { length: 10, get: async (i) => (i === 7 ? Promise.reject(bad) : i) };
    const loader = new DataLoader(ds, { batchSize: 3 });
    const seen: number[][] = [];
    const err = await (async () => {
      for await (const b of loader) {
        seen.push(Array.from(b.dataSync()));
        b.dispose();
      }
    })().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(SampleError);
    expect((err as SampleError).message).toBe('DataLoader: sample at dataset index 7 (batch 2) failed: FormatError: photos/cat/bad.jpg: cannot decode image: unsupported format');
    expect((err as SampleError).cause).toBe(bad);
    expect((err as SampleError).index).toBe(7);
    expect(seen).toEqual([[0, 1, 2], [3, 4, 5]]);
  });

  it('a synchronous throw, and a failure in a batch still being prefetched, reject without hanging', async () => {
    const ds: Dataset<number> = {
      length: 8,
      get: (i) => {
        if (i === 5) throw new Error('boom');
        return i;
      },
    };
    await expect(epoch(new DataLoader(ds, { batchSize: 2, prefetch: 3 }))).rejects.toThrow('DataLoader: sample at dataset index 5 (batch 2) failed: Error: boom');
  });

  it('a sample that never arrives fails the epoch after `timeout` ms instead of hanging', async () => {
    const ds: Dataset<number> = { length: 4, get: (i) => (i === 2 ? new Promise<number>(() => {}) : i) };
    await expect(epoch(new DataLoader(ds, { batchSize: 2, timeout: 30 }))).rejects.toThrow('DataLoader: sample at dataset index 2 (batch 1) failed: Error: timed out after 30 ms');
    expect(() => new DataLoader(ds, { timeout: -1 })).toThrow(RangeError);
  });

  it('with several failures in a batch, the first by position is reported', async () => {
    const ds: Dataset<number> = { length: 4, get: async (i) => (await sleep(i === 1 ? 10 : 1), i > 0 ? Promise.reject(new Error(`bad ${i}`)) : i) };
    await expect(epoch(new DataLoader(ds, { batchSize: 4 }))).rejects.toThrow('dataset index 1 (batch 0) failed: Error: bad 1');
  });
});

describe('DataLoader: memory', () => {
  it('the live-tensor count is flat across epochs, and after breaking out with batches prefetched', async () => {
    const x = tensor(Array.from({ length: 40 }, (_, i) => [i, i]));
    const y = tensor(Array.from({ length: 40 }, (_, i) => i % 3), { dtype: 'int32' });
    const loader = new DataLoader(new TensorDataset(x, y), { batchSize: 8, shuffle: true, seed: 1, prefetch: 3 });
    const counts: number[] = [];
    for (let e = 0; e < 3; e++) {
      for await (const [xb, yb] of loader) {
        xb!.dispose();
        yb!.dispose();
      }
      counts.push(memory().tensors);
    }
    expect(new Set(counts).size).toBe(1);
    for await (const [xb, yb] of loader) {
      xb!.dispose();
      yb!.dispose();
      break;
    }
    await sleep(20); // batches that were loading when we broke out are freed when they arrive
    expect(memory().tensors).toBe(counts[0]);
    x.dispose();
    y.dispose();
  });
});

describe('DataLoader: resuming', () => {
  it('stateDict between epochs: a new loader continues with the same order', async () => {
    const a = new DataLoader(indices(12), { batchSize: 5, shuffle: true, seed: 9 });
    await epoch(a);
    const saved = JSON.parse(JSON.stringify(a.stateDict())) as ReturnType<typeof a.stateDict>;
    expect(saved.epoch).toBe(1);
    expect(saved.batch).toBe(0);
    const next = await epoch(a);
    const b = new DataLoader(indices(12), { batchSize: 5, shuffle: true, seed: 12345 });
    b.loadStateDict(saved);
    expect(b.epoch).toBe(1);
    expect(await epoch(b)).toEqual(next);
    expect(await epoch(b)).toEqual(await epoch(a));
  });

  it('stateDict inside an epoch: a resumed loader yields exactly the remaining batches', async () => {
    const a = new DataLoader(indices(20), { batchSize: 3, shuffle: true, seed: 2 });
    await epoch(a);
    let saved: ReturnType<typeof a.stateDict> | null = null;
    const rest: number[][] = [];
    let k = 0;
    for await (const b of a) {
      if (k === 2) saved = a.stateDict();
      else if (k > 2) rest.push(Array.from(b.dataSync()));
      b.dispose();
      k++;
    }
    expect(saved).toMatchObject({ epoch: 1, batch: 3 });
    const resumed = new DataLoader(indices(20), { batchSize: 3, shuffle: true });
    resumed.loadStateDict(saved!);
    expect(resumed.stateDict()).toEqual(saved);
    expect(await epoch(resumed)).toEqual(rest);
    // …and the epoch after matches the original run's too.
    expect(await epoch(resumed)).toEqual(await epoch(a));
  });

  it('a state saved during the last batch resumes with the next epoch', async () => {
    const a = new DataLoader(indices(7), { batchSize: 3, shuffle: true, seed: 4 });
    let saved: ReturnType<typeof a.stateDict> | null = null;
    for await (const b of a) {
      saved = a.stateDict();
      b.dispose();
    }
    expect(saved).toMatchObject({ epoch: 0, batch: 3 });
    const resumed = new DataLoader(indices(7), { batchSize: 3, shuffle: true });
    resumed.loadStateDict(saved!);
    expect(resumed.stateDict()).toEqual(a.stateDict());
    expect(await epoch(resumed)).toEqual(await epoch(a));
  });

  it('a malformed state is a TypeError naming the field', () => {
    const loader = new DataLoader(indices(4), { batchSize: 2 });
    expect(() => loader.loadStateDict({ epoch: -1, batch: 0, generator: { seed: 1, counter: 0 } })).toThrow(/epoch must be a non-negative integer/);
    expect(() => loader.loadStateDict({ epoch: 0, batch: 3, generator: { seed: 1, counter: 0 } })).toThrow(/batch must be an integer in \[0, 2\]/);
    expect(() => loader.loadStateDict({ epoch: 0, batch: 0 } as never)).toThrow(/generator must be \{ seed, counter \} integers/);
  });
});

describe('DataLoader: reproducible augmentation', () => {
  /** 24 random 1×12×12 images whose samples finish decoding in a scrambled order. */
  function augmented(): Dataset<[HostImage, number]> {
    const g = new Generator(5);
    const images = Array.from({ length: 24 }, () => Uint8Array.from({ length: 144 }, () => Math.floor(g.random() * 256)));
    const transform = new Compose([new ToFloat(), new RandomCrop(10, { padding: 1 }), new RandomAffine({ degrees: 15, translate: [0.1, 0.1], scale: [0.9, 1.1], shear: 10 }), new ElasticDistortion({ alpha: 8, sigma: 3 })]);
    return {
      length: images.length,
      async get(i, ctx) {
        await sleep((i * 7) % 5); // completion order differs from request order
        return [transform.apply({ data: images[i]!, shape: [1, 12, 12] }, ctx?.generator), i];
      },
    };
  }

  async function batches(seed: number, prefetch: number): Promise<number[][]> {
    const out: number[][] = [];
    for await (const [x, y] of new DataLoader(augmented(), { batchSize: 5, shuffle: true, seed, prefetch })) {
      expect(x.shape[1]).toBe(1);
      out.push([...x.dataSync(), ...y.dataSync()]);
      x.dispose();
      y.dispose();
    }
    return out;
  }

  it('the same seed gives the same augmented batches, whatever the prefetch depth', async () => {
    const a = await batches(1, 2);
    expect(a).toHaveLength(5);
    expect(a[0]!.length).toBe(5 * 100 + 5);
    expect(await batches(1, 0)).toEqual(a);
    expect(await batches(2, 2)).not.toEqual(a);
  });
});
