/** The README's examples run (in the browser, as a user's page would run them). */
import { getBackend } from '@pistil/backend';
import * as pt from '@pistil/nn';
import { expect, it } from 'vitest';
import readme from '../README.md?raw';
import * as webgl from '../src/index.js';

const blocks = [...readme.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]!);
const AsyncFunction = Object.getPrototypeOf(async () => {}).constructor as new (...args: string[]) => (...values: unknown[]) => Promise<unknown>;

/**
 * Runs a block with its imports replaced by the names in `scope` (modules, and what the example
 * assumes exists); returns the constants it declares.
 */
async function run(block: string, scope: Record<string, unknown>): Promise<Record<string, unknown>> {
  const declared = [...block.matchAll(/\bconst (\w+) =/g)].map((m) => m[1]!);
  const body = `${block.replace(/^import .*$/gm, '')}\nreturn { ${declared.join(', ')} };`;
  return (await new AsyncFunction(...Object.keys(scope), body)(...Object.values(scope))) as Record<string, unknown>;
}

it('the first example computes on webgl and reads the result asynchronously', async () => {
  const logged: unknown[] = [];
  let declared: Record<string, unknown>;
  try {
    declared = await run(blocks[0]!, { pt, console: { log: (v: unknown) => logged.push(v) } });
  } finally {
    pt.setDefaultDevice('cpu');
  }
  const x = declared['x'] as pt.Tensor;
  const y = declared['y'] as pt.Tensor;
  expect(y.device).toBe('webgl');
  const values = logged[0] as Float32Array;
  expect(values.length).toBe(64 * 64);
  expect(values.every((v) => v >= 0)).toBe(true);
  // Against the same product on the CPU.
  const xc = x.to('cpu');
  const ref = xc.matmul(xc.t()).relu().dataSync();
  for (let i = 0; i < ref.length; i++) expect(Math.abs(values[i]! - ref[i]!)).toBeLessThan(1e-3 * (1 + Math.abs(ref[i]!)));
});

it('the lost-context example brings a model back on a fresh backend', async () => {
  const makeModel = () => new pt.Sequential(new pt.Linear(4, 3), new pt.ReLU(), new pt.Linear(3, 2));
  pt.manualSeed(1);
  const original = makeModel();
  const checkpoint = original.stateDict();
  const x = pt.rand([5, 4]);
  const expected = original.call(x).dataSync();
  webgl.restartWebGLBackend();
  const lost = makeModel().to('webgl');
  const gl = getBackend('webgl') as webgl.WebGLBackend;
  gl.gl.getExtension('WEBGL_lose_context')!.loseContext();
  await new Promise((r) => setTimeout(r, 50));
  expect(() => lost.call(x.to('webgl'))).toThrow(/context was lost/);
  const { model } = await run(blocks[1]!, { restartWebGLBackend: webgl.restartWebGLBackend, makeModel, checkpoint });
  if (!(model instanceof pt.Module)) throw new Error('the example declares no model');
  const got = await model.call(x.to('webgl')).data();
  for (let i = 0; i < expected.length; i++) expect(Math.abs(got[i]! - expected[i]!)).toBeLessThan(1e-5);
});
