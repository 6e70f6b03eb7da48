// Entry of the CPU backend's WebAssembly module (AssemblyScript). Built by scripts/build-wasm.mjs
// against the heap's imported memory: every pointer is a byte address in that memory.
export { sgemm, gemmWorkspaceBytes } from './gemm';
export { sgemmThin } from './gemm-thin';
export { biasAct } from './epilogue';
export { im2col, col2im, copyBlocks, convForward, convBackpropInput, convBackpropFilter } from './im2col';
export { convImage, convImages, convFilterImages, convImageBytes } from './conv-image';
export { maxPool2x2, maxPool2x2Backward, maxPoolWindows } from './pool';
export { binary, compare, where, unary } from './elementwise';
export { sumRun, sumRows } from './reduce';
