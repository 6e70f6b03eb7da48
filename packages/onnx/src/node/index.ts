/**
 * Node-only file I/O for ONNX models (a separate entry, `@pistil/onnx/node`, so browser bundles
 * never see node:fs): loading with external data confined to the model's folder, atomic saving.
 */
import { closeSync, fstatSync, openSync, readSync, realpathSync, statSync } from 'node:fs';
import { dirname, isAbsolute, resolve, sep } from 'node:path';
import { writeFileAtomic } from '@pistil/nn';
import type { Module, Tensor } from '@pistil/nn';
import { OnnxFormatError } from '../errors.js';
import { exportOnnx } from '../export/export-onnx.js';
import type { ExportOptions } from '../export/export-onnx.js';
import { importOnnx } from '../import/import-onnx.js';
import type { ImportOptions } from '../import/import-onnx.js';
import type { OnnxModule } from '../import/onnx-module.js';
import type { ExternalDataReader } from '../tensor-proto.js';

/** Largest .onnx file `loadOnnx` reads (protobuf's own limit); weights beyond it go in external data. */
const MAX_MODEL_BYTES = 2 ** 31 - 1;

function readRange(file: string, offset: number, length: number | undefined, where: string): Uint8Array {
  const fd = openSync(file, 'r');
  try {
    const size = fstatSync(fd).size;
    const n = length ?? size - offset;
    // Check against the real file before allocating what the model merely claims.
    if (offset + n > size || n < 0) throw new OnnxFormatError(`${where}: external file '${file}' has ${size} bytes; offset ${offset} + length ${n} runs past its end`);
    const out = new Uint8Array(n);
    for (let got = 0; got < n;) {
      const read = readSync(fd, out, got, n - got, offset + got);
      if (read === 0) throw new OnnxFormatError(`${where}: external file '${file}' ended at byte ${offset + got}`);
      got += read;
    }
    return out;
  } finally {
    closeSync(fd);
  }
}

/** Reads external data files named relative to `folder`, refusing any path that leaves it (`..`, absolute paths, symlinks out). */
export function externalDataReader(folder: string): ExternalDataReader {
  const root = realpathSync(folder);
  return (location, offset, length, where) => {
    if (isAbsolute(location) || location.includes('\0')) throw new OnnxFormatError(`${where}: external data location '${location}' must be a path relative to the model's folder`);
    const lexical = resolve(root, location);
    if (!lexical.startsWith(root + sep)) throw new OnnxFormatError(`${where}: external data location '${location}' leaves the model's folder`);
    let real: string;
    try {
      real = realpathSync(lexical);
    } catch {
      throw new OnnxFormatError(`${where}: external data file '${location}' does not exist next to the model`);
    }
    if (!real.startsWith(root + sep)) throw new OnnxFormatError(`${where}: external data location '${location}' links outside the model's folder`);
    if (!statSync(real).isFile()) throw new OnnxFormatError(`${where}: external data location '${location}' is not a file`);
    return readRange(real, offset, length, where);
  };
}

/** Imports a .onnx file; external data files are read from its folder only. */
export function loadOnnx(path: string, options: Omit<ImportOptions, 'externalData'> = {}): OnnxModule {
  const size = statSync(path).size;
  const limit = options.maxBytes ?? MAX_MODEL_BYTES;
  if (size > limit) throw new OnnxFormatError(`${path}: ${size} bytes is more than the ${limit} allowed`);
  const bytes = readRange(path, 0, size, path);
  try {
    return importOnnx(bytes, { ...options, externalData: externalDataReader(dirname(path)) });
  } catch (err) {
    if (err instanceof Error && !err.message.startsWith(path)) err.message = `${path}: ${err.message}`;
    throw err;
  }
}

/** Exports `module` and writes the .onnx atomically (a temporary file renamed into place). */
export async function saveOnnx(path: string, module: Module, sampleInput: Tensor | readonly Tensor[], options: ExportOptions = {}): Promise<void> {
  const bytes = await exportOnnx(module, sampleInput, options);
  await writeFileAtomic(path, (write) => write(bytes));
}
