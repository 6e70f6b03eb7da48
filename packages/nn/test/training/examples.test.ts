/** Every public example is run: the README's code block, and the demo script (`pnpm demo`). */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const repo = fileURLToPath(new URL('../../../../', import.meta.url));

describe('public examples', () => {
  it("the root README's first example prints what its comment says", async () => {
    const readme = readFileSync(join(repo, 'README.md'), 'utf8');
    const block = /## A first look\s+```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const logged: unknown[] = [];
    // Run the block as a module, with console.log captured and '@pistil/nn' pointing at this package.
    const dir = mkdtempSync(join(tmpdir(), 'pistil-readme-'));
    const file = join(dir, 'example.ts');
    const source = block!
      .replace("from '@pistil/nn'", `from '${join(repo, 'packages/nn/src/index.ts')}'`)
      .replace(/console\.log\(/g, 'globalThis.__log(');
    writeFileSync(file, source);
    (globalThis as { __log?: (v: unknown) => void }).__log = (v) => logged.push(v);
    await import(/* @vite-ignore */ file);
    const comment = /console\.log\(.*\); \/\/ (.*)/.exec(block!)?.[1];
    expect(logged).toEqual([JSON.parse(comment!)]);
  });

  it('the XOR demo trains to 100% accuracy', () => {
    const out = execFileSync(process.execPath, [join(repo, 'packages/nn/examples/xor.mjs')], { encoding: 'utf8', timeout: 120_000 });
    expect(out).toMatch(/accuracy 100%/);
    const live = [...out.matchAll(/live tensors (\d+)/g)].map((m) => Number(m[1]));
    expect(live.length).toBeGreaterThan(3);
    expect(new Set(live.slice(1)).size).toBe(1); // flat after the first step
  });
});
