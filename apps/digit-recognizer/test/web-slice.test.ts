/** The page's MNIST slice parser refuses broken files with a FormatError naming the file and what is wrong. */
import { FormatError } from '@pistil/nn';
import { describe, expect, it } from 'vitest';
import { parseMnistSlice } from '../web/src/mnist-slice.js';

function slice(train: number, test: number, rows = 28, cols = 28): Uint8Array {
  const bytes = new Uint8Array(20 + (train + test) * (rows * cols + 1));
  bytes.set(new TextEncoder().encode('PMS1'));
  const view = new DataView(bytes.buffer);
  [train, test, rows, cols].forEach((v, i) => view.setUint32(4 + 4 * i, v, true));
  for (let i = 0; i < train + test; i++) bytes[20 + (train + test) * rows * cols + i] = i % 10; // labels after the pixels of each split
  return bytes;
}

describe('parseMnistSlice', () => {
  it('reads a well-formed slice as views of the file', () => {
    const s = parseMnistSlice(slice(3, 2));
    expect([s.train.count, s.test.count, s.rows, s.cols]).toEqual([3, 2, 28, 28]);
    expect(s.train.images.length).toBe(3 * 784);
    expect(s.test.labels.length).toBe(2);
  });

  it('refuses a file that is not a slice, is cut short, or whose header lies about its size', () => {
    const good = slice(3, 2);
    expect(() => parseMnistSlice(new Uint8Array(10), 'x.bin')).toThrow(FormatError);
    expect(() => parseMnistSlice(Uint8Array.from([...good].map((b, i) => (i === 0 ? 0 : b))), 'x.bin')).toThrow(/x\.bin: not an MNIST slice/);
    expect(() => parseMnistSlice(good.subarray(0, good.length - 1), 'x.bin')).toThrow(/x\.bin: \d+ bytes, expected \d+ for 3 \+ 2 images of 28×28/);
    const lying = good.slice();
    new DataView(lying.buffer).setUint32(4, 0xffffffff, true); // 4 billion training images claimed
    expect(() => parseMnistSlice(lying, 'x.bin')).toThrow(FormatError);
  });
});
