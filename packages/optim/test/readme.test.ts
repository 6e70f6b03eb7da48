/** The README's example runs and prints what its comment says. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('../', import.meta.url));

it("the README's example trains y = 2x + 1 and prints the comment's numbers", async () => {
  const readme = readFileSync(join(pkg, 'README.md'), 'utf8');
  const block = /```ts\n([\s\S]*?)```/.exec(readme)?.[1];
  expect(block).toBeDefined();
  const logged: unknown[][] = [];
  const dir = mkdtempSync(join(tmpdir(), 'pistil-optim-readme-'));
  const file = join(dir, 'example.ts');
  writeFileSync(
    file,
    block!
      .replace("from '@pistil/nn'", `from '${join(pkg, '../nn/dist/index.js')}'`)
      .replace("from '@pistil/optim'", `from '${join(pkg, 'src/index.ts')}'`)
      .replace(/console\.log\(/g, 'globalThis.__log('),
  );
  (globalThis as { __log?: (...v: unknown[]) => void }).__log = (...v) => logged.push(v);
  await import(/* @vite-ignore */ file);
  const comment = /console\.log\(.*\); \/\/ (\S+) (\S+) (\[.*\])/.exec(block!);
  expect(comment).not.toBeNull();
  expect(logged).toEqual([[comment![1], comment![2], JSON.parse(comment![3]!)]]);
});
