/**
 * Thousands of mutated models thrown at the importer (and, when one still imports, run once): the
 * only acceptable outcomes are a working module or a typed PistilError — no crash, no hang, no
 * TypeError/RangeError from deep inside. Seeded, so a failure reproduces.
 */
import { PistilError, noGrad, zeros } from '@pistil/nn';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { importOnnx, onnx } from '../src/index.js';

const FIXTURES = ['cnn_batchnorm', 'misc_ops', 'upsample_bilinear', 'conv_autoencoder', 'mlp_activations'].map((name) => Uint8Array.from(readFileSync(join(import.meta.dirname, '..', 'fixtures', name, 'model.onnx'))));

function rng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13; s >>>= 0; s ^= s >>> 17; s ^= s << 5; s >>>= 0;
    return s / 2 ** 32;
  };
}

type Mutation = (bytes: Uint8Array, r: () => number) => Uint8Array;
const int = (r: () => number, n: number): number => Math.floor(r() * n);

/** Byte-level mutations, then structural ones that keep the protobuf valid but lie inside it. */
const MUTATIONS: Record<string, Mutation> = {
  flipBytes: (b, r) => {
    const out = b.slice();
    for (let k = 1 + int(r, 8); k > 0; k--) out[int(r, out.length)] ^= 1 << int(r, 8);
    return out;
  },
  truncate: (b, r) => b.slice(0, int(r, b.length)), // Uint8Array.slice copies (Buffer.slice would not)
  splice: (b, r) => {
    const at = int(r, b.length);
    const len = int(r, 64);
    const from = int(r, b.length - len);
    return Uint8Array.from([...b.subarray(0, at), ...b.subarray(from, from + len), ...b.subarray(at)]);
  },
  structure: (b, r) => {
    const m = onnx.ModelProto.decode(b);
    const g = m.graph!;
    const nodes = g.node!;
    const node = nodes[int(r, nodes.length)]!;
    switch (int(r, 8)) {
      case 0: node.input![int(r, node.input!.length)] = nodes[int(r, nodes.length)]!.output![0]!; break; // rewire (maybe a cycle)
      case 1: node.opType = ['Conv', 'Gemm', 'Reshape', 'Slice', 'Resize', 'Concat', 'Gather', 'Pad'][int(r, 8)]!; break;
      case 2: { const a = node.attribute![int(r, node.attribute!.length)]; if (a) { a.i = int(r, 2 ** 20) - 2 ** 10; a.ints = (a.ints ?? []).map(() => int(r, 64) - 16); a.f = (r() - 0.5) * 1e6; } break; }
      case 3: { const t = g.initializer![int(r, g.initializer!.length)]; if (t) t.dims = (t.dims ?? []).map(() => int(r, 4096)); break; }
      case 4: { const t = g.initializer![int(r, g.initializer!.length)]; if (t) t.dataType = int(r, 18); break; }
      case 5: nodes.splice(int(r, nodes.length), 1); break;
      case 6: node.input = node.input!.slice(0, int(r, node.input!.length + 1)); break;
      default: m.opsetImport = [{ domain: '', version: int(r, 22) }];
    }
    return onnx.ModelProto.encode(m).finish();
  },
};

function acceptable(err: unknown): boolean {
  return err instanceof PistilError;
}

describe('fuzzing the importer', () => {
  for (const [name, mutate] of Object.entries(MUTATIONS)) {
    it(`${name}: 600 mutated models give a module or a typed error`, () => {
      const r = rng(name.length * 7919);
      let rejected = 0;
      for (let i = 0; i < 600; i++) {
        const base = FIXTURES[i % FIXTURES.length]!;
        let bytes: Uint8Array;
        try {
          bytes = mutate(base, r);
        } catch {
          continue; // the mutation itself did not apply (e.g. a flipped byte made it undecodable for a structural edit)
        }
        let model;
        try {
          model = importOnnx(bytes);
        } catch (err) {
          if (!acceptable(err)) throw new Error(`${name} #${i}: import threw ${String(err)}`, { cause: err });
          rejected++;
          continue;
        }
        try {
          const dims = model.inputs[0]?.dims?.map((d) => (typeof d === 'number' ? d : 2)) ?? [2];
          if (dims.reduce((a, d) => a * d, 1) <= 1 << 16) {
            const x = zeros(dims);
            try {
              noGrad(() => model.eval().forward(x)).dispose();
            } finally {
              x.dispose();
            }
          }
        } catch (err) {
          if (!acceptable(err)) throw new Error(`${name} #${i}: running the imported model threw ${String(err)}`, { cause: err });
          rejected++;
        } finally {
          model.dispose();
        }
      }
      // The mutations really do break models (so the typed-error path is what was exercised).
      expect(rejected).toBeGreaterThan(30);
    });
  }
});
