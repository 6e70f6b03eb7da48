import { describe, expect, it } from 'vitest';
import { FormatError, MAX_HEADER_BYTES, decodeSafetensors, encodeSafetensors, memory, tensor, zeros } from '../../src/index.js';
import type { Tensor } from '../../src/index.js';

/** A safetensors file built by hand from a header object and raw data bytes (independent of the encoder). */
function build(header: unknown, data: number[] | Uint8Array = [], options: { headerText?: string; claimedLength?: bigint } = {}): Uint8Array {
  const text = new TextEncoder().encode(options.headerText ?? JSON.stringify(header));
  const out = new Uint8Array(8 + text.length + data.length);
  new DataView(out.buffer).setBigUint64(0, options.claimedLength ?? BigInt(text.length), true);
  out.set(text, 8);
  out.set(data, 8 + text.length);
  return out;
}

const f32 = (...values: number[]): number[] => Array.from(new Uint8Array(new Float32Array(values).buffer));

/** Decoding `bytes` fails with a FormatError whose message matches `pattern`, and allocates no tensor. */
function expectCorrupt(bytes: Uint8Array, pattern: RegExp): void {
  const before = memory().tensors;
  let err: unknown;
  try {
    decodeSafetensors(bytes, 'model.safetensors');
  } catch (e) {
    err = e;
  }
  expect(err, String(pattern)).toBeInstanceOf(FormatError);
  expect((err as Error).message).toMatch(/^model\.safetensors: /);
  expect((err as Error).message).toMatch(pattern);
  expect(memory().tensors).toBe(before);
}

describe('encodeSafetensors / decodeSafetensors', () => {
  it('round-trips every dtype, scalars and empty tensors, with metadata', () => {
    const tensors: Record<string, Tensor> = {
      f32: tensor([[1.5, -2], [3.25, 1e-30]]),
      f64: tensor([Math.PI, -1e300, 5e-324], { dtype: 'float64' }),
      i32: tensor([2147483647, -2147483648, 0], { dtype: 'int32' }),
      u8: tensor([0, 255, 7], { dtype: 'uint8' }),
      bool: tensor([true, false, true]),
      scalar: tensor(4.5),
      empty: zeros([0, 3]),
    };
    const bytes = encodeSafetensors(tensors, { format: 'pt', note: 'hello' });
    const { tensors: back, metadata } = decodeSafetensors(bytes);
    expect(metadata).toEqual({ format: 'pt', note: 'hello' });
    expect(Object.keys(back)).toEqual(Object.keys(tensors));
    for (const [name, t] of Object.entries(tensors)) {
      expect(back[name]!.dtype, name).toBe(t.dtype);
      expect(back[name]!.shape, name).toEqual(t.shape);
      expect(back[name]!.toArray(), name).toEqual(t.toArray());
    }
  });

  it('writes the documented layout: u64 LE length, space-padded JSON, contiguous little-endian data', () => {
    const bytes = encodeSafetensors({ a: tensor([1, 2]), b: tensor([3], { dtype: 'int32' }) });
    const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
    expect(n % 8).toBe(0);
    const text = new TextDecoder().decode(bytes.subarray(8, 8 + n));
    expect(text.trimEnd()).toBe('{"a":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"b":{"dtype":"I32","shape":[1],"data_offsets":[8,12]}}');
    expect(text.slice(text.trimEnd().length)).toMatch(/^ *$/);
    expect(Array.from(bytes.subarray(8 + n))).toEqual([0, 0, 0x80, 0x3f, 0, 0, 0, 0x40, 3, 0, 0, 0]);
    expect(bytes.length).toBe(8 + n + 12);
  });

  it('reads a hand-built file, in header order whatever the data order', () => {
    const bytes = build({ __metadata__: { k: 'v' }, second: { dtype: 'F32', shape: [1], data_offsets: [8, 12] }, first: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } }, [...f32(1, 2), ...f32(3)]);
    const { tensors, metadata } = decodeSafetensors(bytes);
    expect(Object.keys(tensors)).toEqual(['second', 'first']);
    expect(tensors.first!.toArray()).toEqual([1, 2]);
    expect(tensors.second!.toArray()).toEqual([3]);
    expect(metadata).toEqual({ k: 'v' });
  });

  it('reads PyTorch-style F16, BF16 (as float32) and I64 (as int32) tensors', () => {
    const half = [0x3c00, 0xc000, 0x3800, 0x0001, 0x7c00, 0xfbff];
    const bf16 = [0x3f80, 0xc0a0];
    const i64 = new BigInt64Array([5n, -7n, 2147483647n]);
    const data = [...new Uint8Array(new Uint16Array(half).buffer), ...new Uint8Array(new Uint16Array(bf16).buffer), ...new Uint8Array(i64.buffer)];
    const { tensors } = decodeSafetensors(build({
      h: { dtype: 'F16', shape: [6], data_offsets: [0, 12] },
      b: { dtype: 'BF16', shape: [2], data_offsets: [12, 16] },
      n: { dtype: 'I64', shape: [3], data_offsets: [16, 40] },
    }, data));
    expect(tensors.h!.dtype).toBe('float32');
    expect(tensors.h!.toArray()).toEqual([1, -2, 0.5, 2 ** -24, Infinity, -65504]);
    expect(tensors.b!.toArray()).toEqual([1, -5]);
    expect(tensors.n!.dtype).toBe('int32');
    expect(tensors.n!.toArray()).toEqual([5, -7, 2147483647]);
    const big = new Uint8Array(new BigInt64Array([1n, 2n ** 40n]).buffer);
    expectCorrupt(build({ n: { dtype: 'I64', shape: [2], data_offsets: [0, 16] } }, big), /tensor 'n': I64 value 1099511627776 at element 1 does not fit int32/);
  });

  it('checks writing: names, tensors, metadata', () => {
    expect(() => encodeSafetensors({ __metadata__: tensor([1]) })).toThrow(/'__metadata__' cannot be a tensor name/);
    expect(() => encodeSafetensors({ a: [1] as unknown as Tensor })).toThrow(/'a' is not a Tensor/);
    const gone = tensor([1]);
    gone.dispose();
    expect(() => encodeSafetensors({ gone })).toThrow(/tensor 'gone' was disposed/);
    expect(() => encodeSafetensors({ a: tensor([1]) }, { n: 1 as unknown as string })).toThrow(/metadata value 'n' must be a string/);
  });
});

describe('decodeSafetensors refuses corrupt files before allocating', () => {
  const good = { a: { dtype: 'F32', shape: [2], data_offsets: [0, 8] } };
  const data = f32(1, 2);

  it('too short for the length prefix', () => {
    expectCorrupt(new Uint8Array(5), /file is 5 bytes, too short for the 8-byte header length/);
  });

  it('a huge claimed header length, without allocating it', () => {
    expectCorrupt(build(good, data, { claimedLength: 2n ** 62n }), new RegExp(`header length ${2n ** 62n} \\(bytes 0-7\\) exceeds the limit of ${MAX_HEADER_BYTES} bytes`));
    expectCorrupt(build(good, data, { claimedLength: BigInt(MAX_HEADER_BYTES) }), /runs past the end of the file/);
  });

  it('a truncated file (header or data cut short)', () => {
    const whole = build(good, data);
    expectCorrupt(whole.subarray(0, 20), /header length \d+ \(bytes 0-7\) runs past the end of the file \(20 bytes\): truncated/);
    expectCorrupt(whole.subarray(0, whole.length - 3), /tensor 'a': data_offsets \[0, 8\] run past the end of the data \(5 bytes\): truncated file/);
  });

  it('a header that is not a JSON object', () => {
    expectCorrupt(build(null, [], { headerText: '{"a": [1, 2' }), /header is not valid JSON/);
    expectCorrupt(build(null, [], { headerText: '[1, 2]' }), /header must start with '\{' \(byte 8\), got byte 0x5b/);
    expectCorrupt(build(null, [], { headerText: '{"a"\u0000' }), /header is not valid JSON/);
    const badUtf8 = build(null, [], { headerText: '{"a":"xx"}' });
    badUtf8[14] = 0xff;
    expectCorrupt(badUtf8, /header is not valid UTF-8/);
    expectCorrupt(build(null, [], { headerText: '{}x' }), /header is not valid JSON/);
  });

  it('bad entries: unknown dtype or field, bad shapes and offsets, wrong byte length', () => {
    expectCorrupt(build({ a: { ...good.a, dtype: 'F8_E4M3' } }, data), /tensor 'a': unknown dtype "F8_E4M3"/);
    expectCorrupt(build({ a: { ...good.a, extra: 1 } }, data), /tensor 'a': unknown field 'extra'/);
    expectCorrupt(build({ a: 3 }, data), /tensor 'a': entry must be an object/);
    expectCorrupt(build({ a: { ...good.a, shape: [-2] } }, data), /tensor 'a': shape must be a list of non-negative integers, got \[-2\]/);
    expectCorrupt(build({ a: { ...good.a, shape: [1.5] } }, data), /shape must be a list of non-negative integers/);
    expectCorrupt(build({ a: { ...good.a, data_offsets: [8, 0] } }, data), /data_offsets must be \[begin, end\] with 0 ≤ begin ≤ end, got \[8,0\]/);
    expectCorrupt(build({ a: { ...good.a, data_offsets: [0, 16] } }, data), /tensor 'a': data_offsets \[0, 16\] run past the end of the data \(8 bytes\)/);
    expectCorrupt(build({ a: { ...good.a, shape: [3] } }, data), /tensor 'a': shape \[3\] of F32 needs 12 bytes, but data_offsets \[0, 8\] hold 8/);
    expectCorrupt(build({ a: { ...good.a, shape: [2 ** 40, 2 ** 40] } }, data), /needs \d.* bytes, but data_offsets \[0, 8\] hold 8/);
    expectCorrupt(build({ __metadata__: { n: 1 }, ...good }, data), /__metadata__ value 'n' is number, not a string/);
    expectCorrupt(build({ a: { dtype: 'BOOL', shape: [2], data_offsets: [0, 2] } }, [1, 2]), /tensor 'a': BOOL byte 2 at element 1 is neither 0 nor 1/);
  });

  it('overlapping tensors, gaps, and trailing bytes', () => {
    const two = (b: [number, number]): unknown => ({ a: good.a, b: { dtype: 'F32', shape: [1], data_offsets: b } });
    expectCorrupt(build(two([4, 8]), [...data, 0, 0, 0, 0]), /tensor 'b' \(data_offsets \[4, 8\]\) overlaps tensor 'a' \(ending at 8\)/);
    expectCorrupt(build(two([12, 16]), [...data, ...f32(0, 3)]), /data bytes \[8, 12\) belong to no tensor \(a gap before tensor 'b'\)/);
    expectCorrupt(build(good, [...data, 9, 9]), /2 bytes of trailing data after the last tensor \(data offset 8\)/);
    expectCorrupt(build({ b: { dtype: 'F32', shape: [1], data_offsets: [4, 8] } }, data), /data bytes \[0, 4\) belong to no tensor/);
  });
});
