/** The README's example is run as written (imports pointed at this checkout). */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const here = fileURLToPath(new URL('.', import.meta.url));
const require = createRequire(import.meta.url);

describe('README', () => {
  it('runs its example, which prints what its comment says', async () => {
    const readme = readFileSync(join(here, '../README.md'), 'utf8');
    const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const file = join(mkdtempSync(join(tmpdir(), 'pistil-train-readme-')), 'example.ts');
    // The same module files this package's code resolves to, so there is one engine.
    writeFileSync(file, block!
      .replace("from '@pistil/nn'", `from '${require.resolve('@pistil/nn')}'`)
      .replace("from '@pistil/optim'", `from '${require.resolve('@pistil/optim')}'`)
      .replace("from '@pistil/train'", `from '${join(here, '../src/index.ts')}'`)
      .replace(/console\.log\(/g, 'globalThis.__log('));
    const logged: unknown[][] = [];
    (globalThis as { __log?: (...v: unknown[]) => void }).__log = (...v) => logged.push(v);
    await import(/* @vite-ignore */ file);
    const comment = /console\.log\(.*\); \/\/ (.*)/.exec(block!)?.[1];
    expect(logged).toEqual([comment!.split(' ').map((v) => JSON.parse(v))]);
  });
});
