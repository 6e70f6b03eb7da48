// Entry of the CPU backend's WebAssembly module (AssemblyScript). Built by scripts/build-wasm.mjs
// against the heap's imported memory: every pointer is a byte address in that memory.
export { sgemm, gemmWorkspaceBytes } from './gemm';
export { im2col, col2im } from './im2col';
export { maxPool2x2 } from './pool';
