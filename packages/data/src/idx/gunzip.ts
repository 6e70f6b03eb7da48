import { promisify } from 'node:util';
import { gunzip as gunzipCallback } from 'node:zlib';
import { FormatError } from '@pistil/nn';
import { withCause } from '../errors.js';

const gunzipAsync = promisify(gunzipCallback);

/** Whether `bytes` start with the gzip magic bytes 1f 8b. */
export function isGzip(bytes: Uint8Array): boolean {
  return bytes.length >= 2 && bytes[0] === 0x1f && bytes[1] === 0x8b;
}

/**
 * `bytes` uncompressed when they are gzip, else as they are. Decompression stops at `maxBytes`
 * of output, so a small file cannot make us allocate what its trailer merely claims.
 */
export async function maybeGunzip(bytes: Uint8Array, name: string, maxBytes: number): Promise<Uint8Array> {
  if (!isGzip(bytes)) return bytes;
  // 10-byte header + 8-byte trailer (CRC32, size mod 2^32) is the least a gzip member has.
  if (bytes.length < 18) throw new FormatError(`${name}: truncated gzip file: ${bytes.length} bytes, a gzip stream needs at least 18`);
  try {
    const out = await gunzipAsync(bytes, { maxOutputLength: maxBytes });
    return new Uint8Array(out.buffer, out.byteOffset, out.byteLength);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ERR_BUFFER_TOO_LARGE' || e instanceof RangeError)
      throw withCause(new FormatError(`${name}: gzip data expands to more than ${maxBytes} bytes (the maxBytes limit)`), err);
    if (/unexpected end of file/i.test(e.message)) throw withCause(new FormatError(`${name}: truncated gzip file (${bytes.length} bytes): the compressed stream ends early`), err);
    throw withCause(new FormatError(`${name}: corrupt gzip data: ${e.message}`), err);
  }
}
