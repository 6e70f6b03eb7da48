import { describeConformance } from '@pistil/backend/testing';
import { afterAll } from 'vitest';
import { CpuBackend } from '../src/index.js';
import { transpileSrc, type TranspiledSrc } from './transpiled.js';

// The TypeScript kernels: the reference and fallback.
describeConformance('cpu (scalar)', () => new CpuBackend({ kernels: 'scalar' }));
// The default: WebAssembly SIMD GEMM above the measured size crossover.
describeConformance('cpu (simd)', () => new CpuBackend({ kernels: 'simd' }));
// Every float32 product through WebAssembly, on both binaries (shared and unshared memory),
// so the suite's small and odd shapes reach the SIMD GEMM's edge tiles.
describeConformance('cpu (simd, all float32 gemms, shared heap)', () => new CpuBackend({ kernels: 'simd', simdGemmMinWork: 0, shared: true }));
describeConformance('cpu (simd, all float32 gemms, unshared heap)', () => new CpuBackend({ kernels: 'simd', simdGemmMinWork: 0, shared: false }));

// Every float32 GEMM split over 2 threads (the pool's workers up before the first case), so the
// threaded path sees the suite's small, odd and transposed shapes, by rows and by columns.
let src: TranspiledSrc | undefined;
let threaded: CpuBackend | undefined;
afterAll(() => {
  src?.remove();
  // The workers really took part (their own count of the chunks they ran).
  const stats = threaded?.threadStats();
  if (stats && !(stats.workerChunks > 0 && stats.rowSplits > 0 && stats.columnSplits > 0)) throw new Error(`the threaded suite did not split GEMMs both ways on workers: ${JSON.stringify(stats)}`);
});
describeConformance('cpu (simd, 2 threads, all float32 gemms split)', async () => {
  src ??= transpileSrc();
  threaded = new CpuBackend({ kernels: 'simd', simdGemmMinWork: 0, parallelGemmMinWork: 0, threads: 2, shared: true, workerUrl: src.workerUrl });
  await threaded.ready;
  if (threaded.kernelVariant === 'simd' && threaded.threads !== 2) throw new Error(`expected 2 threads, got ${threaded.threads}`);
  return threaded;
});
