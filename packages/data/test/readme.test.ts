/** The README's example runs, and prints what its comment says. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('..', import.meta.url));

it("the README's example loads MNIST batches", async () => {
  const readme = readFileSync(join(pkg, 'README.md'), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  const logged: unknown[][] = [];
  const file = join(mkdtempSync(join(tmpdir(), 'pistil-data-readme-')), 'example.ts');
  writeFileSync(file, block!.replace("from '@pistil/data'", `from '${join(pkg, 'src/index.ts')}'`).replace(/console\.log\(/g, 'globalThis.__log('));
  (globalThis as { __log?: (...v: unknown[]) => void }).__log = (...v) => logged.push(v);
  await import(/* @vite-ignore */ file);
  // The comment in the README says: [64, 1, 28, 28] int32 4 — for each of the 4 batches.
  expect(block).toContain('// [64, 1, 28, 28] int32 4');
  expect(logged).toEqual(new Array(4).fill([[64, 1, 28, 28], 'int32', 4]));
});
