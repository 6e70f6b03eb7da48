/**
 * Files on disk, Node only. `node:fs` is imported lazily inside these async functions, so a
 * browser bundle that imports `@pistil/nn` never loads it (use encode/decodeSafetensors there).
 */
import { FormatError } from '@pistil/backend';
import type { Module } from '../module/module.js';
import type { Tensor } from '../tensor.js';
import { materialize, parseHeader, parseHeaderLength } from './decode.js';
import type { DecodeOptions, SafetensorsContents } from './decode.js';
import { toLittleEndian } from './bytes.js';
import { planSafetensors } from './encode.js';

type Write = (chunk: Uint8Array) => Promise<void>;

/**
 * Writes `path` atomically: `body` writes into a temporary file in the same directory, which is
 * flushed and renamed over `path` only when complete; on any error it is removed, and a file
 * already at `path` is left as it was.
 */
export async function writeFileAtomic(path: string, body: (write: Write) => Promise<void>): Promise<void> {
  const fs = await import('node:fs/promises');
  const { basename, dirname, join } = await import('node:path');
  const temp = join(dirname(path), `.${basename(path)}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`);
  const handle = await fs.open(temp, 'wx');
  let closed = false;
  let renamed = false;
  try {
    await body(async (chunk) => {
      for (let offset = 0; offset < chunk.length;) offset += (await handle.write(chunk, offset)).bytesWritten;
    });
    await handle.sync();
    await handle.close();
    closed = true;
    await fs.rename(temp, path);
    renamed = true;
  } finally {
    if (!closed) await handle.close().catch(() => undefined);
    if (!renamed) await fs.unlink(temp).catch(() => undefined);
  }
}

/**
 * Saves named tensors as a safetensors file, atomically (temporary file + rename). Values are
 * read with `await data()`, so any backend works; names and tensors are checked before the file
 * is created.
 */
export async function saveSafetensors(path: string, tensors: Record<string, Tensor>, metadata?: Record<string, string>): Promise<void> {
  const plan = planSafetensors(tensors, metadata);
  await writeFileAtomic(path, async (write) => {
    await write(plan.head);
    for (const t of plan.tensors) await write(toLittleEndian(await t.data()));
  });
}

/**
 * Loads a safetensors file. The header length is checked against the limit and the file size,
 * and the header against the data, before the data is read or any tensor allocated; a problem
 * throws a `FormatError` naming the file and the offset or key at fault.
 */
export async function loadSafetensors(path: string, options: DecodeOptions = {}): Promise<SafetensorsContents> {
  const fs = await import('node:fs/promises');
  const handle = await fs.open(path, 'r');
  try {
    const { size } = await handle.stat();
    const readAt = async (position: number, length: number): Promise<Uint8Array> => {
      const buffer = new Uint8Array(length);
      for (let got = 0; got < length;) {
        const { bytesRead } = await handle.read(buffer, got, length - got, position + got);
        if (bytesRead === 0) throw new FormatError(`${path}: file ended at byte ${position + got} while reading (it changed while being read?)`);
        got += bytesRead;
      }
      return buffer;
    };
    const n = parseHeaderLength(await readAt(0, Math.min(8, size)), size, path);
    const header = parseHeader(await readAt(8, n), size - 8 - n, path);
    const data = await readAt(8 + n, size - 8 - n);
    return { tensors: materialize(header, data, path, options), metadata: header.metadata };
  } finally {
    await handle.close();
  }
}

/** `<path>` without a trailing `.safetensors` or `.json`, so either names the pair. */
function basePath(path: string): string {
  return path.replace(/\.(safetensors|json)$/, '');
}

/**
 * Saves a module: its `stateDict()` to `<path>.safetensors` and, when given, `config` (anything
 * JSON can hold: what you need to rebuild the model) to `<path>.json`, each atomically.
 */
export async function save(module: Module, path: string, config?: object): Promise<void> {
  const base = basePath(path);
  const json = config === undefined ? null : `${JSON.stringify(config, null, 2)}\n`;
  await saveSafetensors(`${base}.safetensors`, module.stateDict());
  if (json !== null) await writeFileAtomic(`${base}.json`, (write) => write(new TextEncoder().encode(json)));
}

export interface LoadedModel extends SafetensorsContents {
  /** The parsed `<path>.json`, or null when there is none. */
  config: unknown;
}

/**
 * Loads what `save` wrote: the tensors of `<path>.safetensors` (pass them to
 * `module.loadStateDict`, then dispose them) and the config of `<path>.json` if present.
 */
export async function load(path: string, options: DecodeOptions = {}): Promise<LoadedModel> {
  const fs = await import('node:fs/promises');
  const base = basePath(path);
  let config: unknown = null;
  let text: string | null = null;
  try {
    text = await fs.readFile(`${base}.json`, 'utf8');
  } catch (err) {
    if ((err as { code?: string }).code !== 'ENOENT') throw err;
  }
  if (text !== null) {
    try {
      config = JSON.parse(text);
    } catch (err) {
      throw new FormatError(`${base}.json: not valid JSON: ${(err as Error).message}`);
    }
  }
  return { ...(await loadSafetensors(`${base}.safetensors`, options)), config };
}
