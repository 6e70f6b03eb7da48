import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { FormatError } from '@pistil/nn';
import { describe, expect, it } from 'vitest';
import { readIdx } from '../src/index.js';
import { idxBytes } from './helpers.js';

const dir = mkdtempSync(join(tmpdir(), 'pistil-idx-'));
const file = (name: string, bytes: Uint8Array): string => {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
};

/** The FormatError `readIdx` throws, for matching its message. */
async function formatError(source: string | Uint8Array, options?: Parameters<typeof readIdx>[1]): Promise<FormatError> {
  const err = await readIdx(source, options).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(FormatError);
  return err as FormatError;
}

describe('readIdx', () => {
  it.each([
    [0x08, 'uint8', [0, 1, 254, 255]],
    [0x09, 'int8', [-128, -1, 0, 127]],
    [0x0b, 'int16', [-32768, -2, 300, 32767]],
    [0x0c, 'int32', [-(2 ** 31), -5, 70000, 2 ** 31 - 1]],
    [0x0d, 'float32', [-1.5, 0, 0.25, Math.fround(3e38)]],
    [0x0e, 'float64', [-1e300, Math.PI, 0, 1e-300]],
  ])('reads type code 0x%s as %s, big-endian', async (code, dtype, values) => {
    const idx = await readIdx(idxBytes(code, [2, 2], values));
    expect(idx.dtype).toBe(dtype);
    expect(idx.shape).toEqual([2, 2]);
    expect(Array.from(idx.data)).toEqual(values);
  });

  it('reads shapes of any rank, including empty dims', async () => {
    const values = Array.from({ length: 24 }, (_, i) => i);
    const idx = await readIdx(idxBytes(0x08, [2, 3, 4], values));
    expect(idx.shape).toEqual([2, 3, 4]);
    expect(Array.from(idx.data)).toEqual(values);
    const empty = await readIdx(idxBytes(0x0c, [0, 5], []));
    expect(empty.shape).toEqual([0, 5]);
    expect(empty.data).toHaveLength(0);
  });

  it('reads from a path, plain or gzip (recognised by magic bytes, whatever the name)', async () => {
    const bytes = idxBytes(0x0b, [3], [1, -2, 3]);
    expect(Array.from((await readIdx(file('plain-idx', bytes))).data)).toEqual([1, -2, 3]);
    expect(Array.from((await readIdx(file('zipped.gz', gzipSync(bytes)))).data)).toEqual([1, -2, 3]);
    expect(Array.from((await readIdx(file('zipped-no-suffix', gzipSync(bytes)))).data)).toEqual([1, -2, 3]);
    expect(Array.from((await readIdx(gzipSync(bytes))).data)).toEqual([1, -2, 3]);
  });

  it('a missing file names it', async () => {
    const missing = join(dir, 'nope-idx1-ubyte');
    expect((await formatError(missing)).message).toBe(`${missing}: cannot read: file not found`);
  });

  it('wrong magic names the offset and both byte pairs', async () => {
    const path = file('text.idx', new TextEncoder().encode('hello, not an idx file'));
    expect((await formatError(path)).message).toBe(`${path}: offset 0: not an IDX file: magic bytes 68 65, expected 00 00`);
  });

  it('an unknown type code names it and the valid ones', async () => {
    const bytes = idxBytes(0x08, [1], [0]);
    bytes[2] = 0x07;
    const err = await formatError(bytes, { name: 'x.idx' });
    expect(err.message).toMatch(/^x\.idx: offset 2: unknown IDX data type code 0x07; expected 0x08 \(uint8\)/);
  });

  it('a truncated header or data says so, with offset, expected and found sizes', async () => {
    const full = idxBytes(0x08, [10, 28, 28], new Array(7840).fill(1));
    expect((await formatError(full.subarray(0, 3), { name: 'h' })).message).toBe('h: truncated: an IDX file starts with a 4-byte magic number, found 3 bytes');
    expect((await formatError(full.subarray(0, 12), { name: 'h' })).message).toBe('h: truncated header: 3 dimensions need 16 header bytes, found 12');
    const path = file('short-images', full.subarray(0, 1000));
    expect((await formatError(path)).message).toBe(`${path}: offset 16: truncated: header declares shape [10, 28, 28] of uint8 = 7840 bytes of data, found 984`);
  });

  it('trailing bytes after the declared data are an error naming where they start', async () => {
    const bytes = new Uint8Array([...idxBytes(0x0c, [2], [1, 2]), 9, 9, 9]);
    expect((await formatError(bytes, { name: 't' })).message).toBe('t: offset 16: 3 unexpected bytes after the data (header declares shape [2] of int32 = 8 bytes of data, found 11)');
  });

  it('absurd dims are refused before allocating anything', async () => {
    const bytes = idxBytes(0x0e, [0xffffffff, 0xffffffff, 0xffffffff], []);
    const err = await formatError(bytes, { name: 'huge' });
    expect(err.message).toMatch(/^huge: offset 16: truncated: header declares shape \[4294967295, 4294967295, 4294967295\] of float64 = 6\.33\d+e\+29 bytes of data, found 0$/);
  });

  it('gzip: truncated, corrupt and over-limit streams are FormatErrors naming the file', async () => {
    const zipped = gzipSync(idxBytes(0x08, [1000], new Array(1000).fill(7)));
    const cut = file('cut.gz', zipped.subarray(0, zipped.length - 10));
    expect((await formatError(cut)).message).toMatch(new RegExp(`^${cut}: truncated gzip file \\(\\d+ bytes\\): the compressed stream ends early$`));
    expect((await formatError(zipped.subarray(0, 12), { name: 'tiny.gz' })).message).toBe('tiny.gz: truncated gzip file: 12 bytes, a gzip stream needs at least 18');
    const corrupt = Uint8Array.from(zipped);
    corrupt[2] = 9; // compression method: only 8 (deflate) exists
    expect((await formatError(corrupt, { name: 'bad.gz' })).message).toBe('bad.gz: corrupt gzip data: unknown compression method');
    const badCrc = Uint8Array.from(zipped);
    badCrc[badCrc.length - 8]! ^= 0xff;
    expect((await formatError(badCrc, { name: 'crc.gz' })).message).toBe('crc.gz: corrupt gzip data: incorrect data check');
    // A gzip bomb cannot make us allocate past maxBytes.
    const bomb = gzipSync(new Uint8Array(5_000_000));
    expect((await formatError(bomb, { name: 'bomb.gz', maxBytes: 1_000_000 })).message).toBe('bomb.gz: gzip data expands to more than 1000000 bytes (the maxBytes limit)');
  });

  it('a file larger than maxBytes is refused before reading it', async () => {
    const path = file('big', idxBytes(0x08, [100], new Array(100).fill(0)));
    expect((await formatError(path, { maxBytes: 50 })).message).toBe(`${path}: file is 108 bytes, more than the 50-byte limit (maxBytes)`);
  });
});
