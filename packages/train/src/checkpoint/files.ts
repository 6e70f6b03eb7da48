import { FormatError } from '@pistil/nn';

// Node's fs is loaded on first use, so the rest of the package also runs in a browser.
const fs = async (): Promise<typeof import('node:fs/promises')> => import('node:fs/promises');

/** Writes `text` to `path` atomically: a temporary file in the same folder, flushed, then renamed. */
export async function writeFileAtomic(path: string, text: string): Promise<void> {
  const { open, rename, rm } = await fs();
  const temp = `${path}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  try {
    const handle = await open(temp, 'wx');
    try {
      await handle.writeFile(text);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
  } catch (err) {
    await rm(temp, { force: true });
    throw err;
  }
}

/** Reads a JSON file of at most `maxBytes`, with errors naming the file and the problem. */
export async function readJson(path: string, maxBytes: number): Promise<unknown> {
  const { readFile, stat } = await fs();
  const { size } = await stat(path);
  if (size > maxBytes) throw new FormatError(`${path}: ${size} bytes is more than the ${maxBytes} a checkpoint's JSON may have`);
  const text = await readFile(path, 'utf8');
  try {
    return JSON.parse(text) as unknown;
  } catch (err) {
    throw new FormatError(`${path}: not valid JSON (${(err as Error).message})`);
  }
}

export async function exists(path: string): Promise<boolean> {
  const { stat } = await fs();
  return stat(path).then(() => true, () => false);
}

export async function makeDir(path: string): Promise<void> {
  const { mkdir } = await fs();
  await mkdir(path, { recursive: true });
}

export async function listDir(path: string): Promise<string[]> {
  const { readdir } = await fs();
  return readdir(path);
}

export async function removeFile(path: string): Promise<void> {
  const { rm } = await fs();
  await rm(path, { force: true });
}
