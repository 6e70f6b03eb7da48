/** The testing entry must load in a browser: no Node built-ins, and vitest only in describe.ts. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../src/testing');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

describe('src/testing imports', () => {
  const files = sources(root);
  const importsOf = (file: string) => [...readFileSync(file, 'utf8').matchAll(/^(?:import|export)\b[^;]*?from '([^']+)'/gm)].map((m) => m[1]!);

  it('import only relative modules, plus vitest in describe.ts', () => {
    for (const file of files) {
      const external = importsOf(file).filter((s) => !s.startsWith('.'));
      expect(external, relative(root, file)).toEqual(relative(root, file) === 'describe.ts' ? ['vitest'] : []);
    }
  });

  it('never reach into a backend package', () => {
    for (const file of files) expect(importsOf(file).some((s) => s.includes('backend-')), relative(root, file)).toBe(false);
  });
});
