/** The README's example runs and prints what its comment says. */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('..', import.meta.url));

describe('README', () => {
  it('export → import example gives the same outputs at another batch size', async () => {
    const block = /```ts\n([\s\S]*?)```/.exec(readFileSync(join(pkg, 'README.md'), 'utf8'))![1]!;
    const file = join(mkdtempSync(join(tmpdir(), 'pistil-onnx-readme-')), 'example.ts');
    writeFileSync(file, block
      .replace("from '@pistil/nn'", `from '${join(pkg, '..', 'nn', 'dist', 'index.js')}'`)
      .replace("from '@pistil/onnx'", `from '${join(pkg, 'src', 'index.ts')}'`)
      .replace(/console\.log\(/g, 'globalThis.__log('));
    const logged: unknown[][] = [];
    (globalThis as { __log?: (...v: unknown[]) => void }).__log = (...v) => logged.push(v);
    await import(/* @vite-ignore */ file);
    expect(logged).toEqual([[true, [8, 4]]]);
  });
});
