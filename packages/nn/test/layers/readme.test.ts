/** The README's "Layers, losses and saving" example runs as written and prints what its comments say. */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const pkg = fileURLToPath(new URL('../../', import.meta.url));

describe('README example: layers, losses and saving', () => {
  it('prints a summary, falling losses and the saved config', async () => {
    const readme = readFileSync(join(pkg, 'README.md'), 'utf8');
    const block = /## Layers, losses and saving\n\n```ts\n([\s\S]*?)```/.exec(readme)?.[1];
    expect(block).toBeDefined();
    const dir = mkdtempSync(join(tmpdir(), 'pistil-readme-layers-'));
    try {
      const file = join(dir, 'example.ts');
      writeFileSync(file, block!
        .replace("from '@pistil/nn'", `from '${join(pkg, 'src/index.ts')}'`)
        .replace(/'small-cnn'/g, JSON.stringify(join(dir, 'small-cnn')))
        .replace(/console\.log\(/g, 'globalThis.__logLayers('));
      const logged: unknown[][] = [];
      (globalThis as { __logLayers?: (...v: unknown[]) => void }).__logLayers = (...v) => logged.push(v);
      await import(/* @vite-ignore */ file);
      expect(String(logged[0]![0])).toContain('Total params: 15,770');
      expect(String(logged[0]![0])).toMatch(/features\.0 \(Conv2d\)\s+\[1, 8, 28, 28\]\s+80/);
      const losses = logged.slice(1, 6).map((l) => l[1] as number);
      expect(logged.slice(1, 6).map((l) => l[0])).toEqual([0, 1, 2, 3, 4]);
      losses.slice(1).forEach((l, i) => expect(l).toBeLessThan(losses[i]!));
      expect(logged[6]).toEqual([{ classes: 10 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
