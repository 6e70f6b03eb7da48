import { describeConformance } from '@pistil/backend/testing';
import { CpuBackend } from '../src/index.js';

// The TypeScript kernels: the reference and fallback.
describeConformance('cpu (scalar)', () => new CpuBackend({ kernels: 'scalar' }));
// The default: WebAssembly SIMD GEMM above the measured size crossover.
describeConformance('cpu (simd)', () => new CpuBackend({ kernels: 'simd' }));
// Every float32 product through WebAssembly, on both binaries (shared and unshared memory),
// so the suite's small and odd shapes reach the SIMD GEMM's edge tiles.
describeConformance('cpu (simd, all float32 gemms, shared heap)', () => new CpuBackend({ kernels: 'simd', simdGemmMinWork: 0, shared: true }));
describeConformance('cpu (simd, all float32 gemms, unshared heap)', () => new CpuBackend({ kernels: 'simd', simdGemmMinWork: 0, shared: false }));
