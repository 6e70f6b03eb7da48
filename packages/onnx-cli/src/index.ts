export { main, USAGE } from './cli.js';
export { inspectModel, formatReport } from './inspect.js';
export type { ModelReport, TensorSignature } from './inspect.js';
export { loadInput, imageInput, tensorInput, topK, parseLabels } from './run.js';
export type { ImageOptions, Prediction } from './run.js';
export { onnxToSafetensors, safetensorsToOnnx } from './convert.js';
export type { OnnxGraphConfig } from './convert.js';
