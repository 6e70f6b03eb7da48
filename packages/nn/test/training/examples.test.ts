/** Every public example is run: the README's code block, and the demo script (`pnpm demo`). */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));

/** Runs the first ```ts block of a README as a module; returns the arguments of each console.log. */
async function runReadmeExample(readmePath: string): Promise<{ block: string; logged: unknown[][] }> {
  const readme = readFileSync(join(repo, readmePath), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  if (!block) throw new Error(`${readmePath} has no ts example`);
  const logged: unknown[][] = [];
  const dir = mkdtempSync(join(tmpdir(), 'pistil-readme-'));
  const file = join(dir, 'example.ts');
  writeFileSync(file, block
    .replace("from '@pistil/nn'", `from '${join(repo, 'packages/nn/src/index.ts')}'`)
    .replace(/console\.log\(/g, 'globalThis.__log('));
  (globalThis as { __log?: (...v: unknown[]) => void }).__log = (...v) => logged.push(v);
  await import(/* @vite-ignore */ file);
  return { block, logged };
}

describe('public examples', () => {
  it("the root README's example prints what its comment says", async () => {
    const { block, logged } = await runReadmeExample('README.md');
    const comment = /console\.log\(.*\); \/\/ (.*)/.exec(block)?.[1];
    expect(logged).toEqual([[JSON.parse(comment!)]]);
  });

  it("the nn README's example runs and prints a loss and the gradient's shape", async () => {
    const { logged } = await runReadmeExample('packages/nn/README.md');
    expect(logged).toHaveLength(1);
    const [loss, shape] = logged[0]!;
    expect(typeof loss).toBe('number');
    expect(Number.isFinite(loss)).toBe(true);
    expect(shape).toEqual([3, 2]);
  });

  it('the XOR demo trains to 100% accuracy', () => {
    const out = execFileSync(process.execPath, [join(repo, 'packages/nn/examples/xor.mjs')], { encoding: 'utf8', timeout: 120_000 });
    expect(out).toMatch(/accuracy 100%/);
    const live = [...out.matchAll(/live tensors (\d+)/g)].map((m) => Number(m[1]));
    expect(live.length).toBeGreaterThan(3);
    expect(new Set(live.slice(1)).size).toBe(1); // flat after the first step
  });
});
