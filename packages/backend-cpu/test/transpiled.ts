/**
 * src/ transpiled file by file to JavaScript, laid out like dist/: vitest runs the backend from
 * TypeScript, but a worker thread needs a .js file (`workerUrl`), and a child process that checks
 * the process exits needs the whole package. Built in the package's node_modules (ignored by git)
 * so that `@pistil/backend` resolves; `remove()` deletes it.
 */
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import ts from 'typescript';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export interface TranspiledSrc {
  /** The directory holding index.js, threads/worker.js… */
  dir: string;
  workerUrl: URL;
  remove(): void;
}

export function transpileSrc(): TranspiledSrc {
  const dir = mkdtempSync(join(root, 'node_modules', '.test-src-'));
  const walk = (from: string): void => {
    for (const entry of readdirSync(from, { withFileTypes: true })) {
      const path = join(from, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.ts')) {
        const out = join(dir, relative(join(root, 'src'), path)).replace(/\.ts$/, '.js');
        mkdirSync(dirname(out), { recursive: true });
        const { outputText } = ts.transpileModule(readFileSync(path, 'utf8'), {
          compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
        });
        writeFileSync(out, outputText);
      }
    }
  };
  walk(join(root, 'src'));
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }');
  return { dir, workerUrl: pathToFileURL(join(dir, 'threads', 'worker.js')), remove: () => rmSync(dir, { recursive: true, force: true }) };
}
