import { existsSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { FormatError } from '@pistil/nn';
import { withCause } from '../errors.js';
import { readIdx } from '../idx/read-idx.js';
import type { IdxArray } from '../idx/read-idx.js';

export interface IdxSourceOptions {
  /** A directory holding the files (plain or `.gz`), or an `http(s)://` base URL. */
  root: string;
  /** With a URL root: a directory to keep downloaded files in and to reuse them from. */
  cacheDir?: string;
  /** Largest file accepted, compressed or not, in bytes (default 2 GiB − 1). */
  maxBytes?: number;
}

const isUrl = (root: string): boolean => /^https?:\/\//i.test(root);

/**
 * Reads the IDX file `base` (e.g. `train-images-idx3-ubyte`) from a directory or URL, taking
 * `base` or `base.gz`, whichever is there. `owner` names the dataset in errors; `hint` says how
 * to get the files.
 */
export async function loadIdxFile(owner: string, base: string, options: IdxSourceOptions, hint: string): Promise<IdxArray> {
  const maxBytes = options.maxBytes ?? 2 ** 31 - 1;
  const candidates = [base, `${base}.gz`];
  if (!isUrl(options.root)) {
    const found = candidates.map((c) => join(options.root, c)).find((p) => existsSync(p));
    if (!found) throw new FormatError(`${owner}: ${join(options.root, base)} (or .gz) not found; ${hint}`);
    return readIdx(found, { maxBytes });
  }
  if (options.cacheDir) {
    const cached = candidates.map((c) => join(options.cacheDir!, c)).find((p) => existsSync(p));
    if (cached) return readIdx(cached, { maxBytes });
  }
  const baseUrl = options.root.replace(/\/+$/, '');
  for (const candidate of candidates) {
    const url = `${baseUrl}/${candidate}`;
    const bytes = await download(owner, url, maxBytes);
    if (!bytes) continue;
    if (options.cacheDir) await saveAtomically(join(options.cacheDir, candidate), bytes);
    return readIdx(bytes, { name: url, maxBytes });
  }
  throw new FormatError(`${owner}: ${baseUrl}/${base} (or .gz) not found (HTTP 404); ${hint}`);
}

/** The body at `url`, or null on 404; the size is checked as it arrives. */
async function download(owner: string, url: string, maxBytes: number): Promise<Uint8Array | null> {
  let response: Response;
  try {
    response = await fetch(url);
  } catch (err) {
    throw withCause(new Error(`${owner}: cannot fetch ${url}: ${(err as Error).message}`), err);
  }
  if (response.status === 404) return null;
  if (!response.ok || !response.body) throw new Error(`${owner}: cannot fetch ${url}: HTTP ${response.status} ${response.statusText}`);
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw new FormatError(`${url}: ${declared} bytes, more than the ${maxBytes}-byte limit (maxBytes)`);
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    total += chunk.length;
    if (total > maxBytes) throw new FormatError(`${url}: more than the ${maxBytes}-byte limit (maxBytes)`);
    chunks.push(chunk);
  }
  const out = new Uint8Array(total);
  let offset = 0;
  for (const c of chunks) {
    out.set(c, offset);
    offset += c.length;
  }
  return out;
}

/** Writes to a temporary file then renames it, so a crash never leaves half a file. */
async function saveAtomically(path: string, bytes: Uint8Array): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  const tmp = `${path}.${process.pid}.${Date.now()}.tmp`;
  await writeFile(tmp, bytes);
  await rename(tmp, path);
}

/**
 * The directory `subdir` of an installed npm package, resolved from the user's project first
 * (the current directory) and then from this package; null when it is not installed.
 */
export function packageDataDir(pkg: string, subdir: string, from: readonly string[] = [pathToFileURL(join(process.cwd(), 'package.json')).href, import.meta.url]): string | null {
  for (const base of from) {
    try {
      return join(dirname(createRequire(base).resolve(`${pkg}/package.json`)), subdir);
    } catch {
      // not resolvable from here: try the next place
    }
  }
  return null;
}
