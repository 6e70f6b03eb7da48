// The transforms, re-exported by src/index.ts.
export { Compose, RandomApply, Lambda } from './transform.js';
export type { Transform } from './transform.js';
export { ToFloat } from './to-float.js';
export { Normalize } from './normalize.js';
export { Resize } from './resize.js';
export type { ResizeOptions } from './resize.js';
export { CenterCrop, Pad, RandomCrop } from './crop-pad.js';
export type { PadOptions, RandomCropOptions } from './crop-pad.js';
export type { PaddingMode } from './geometry.js';
export { RandomHorizontalFlip } from './flip.js';
export { affine, RandomAffine } from './affine.js';
export type { AffineParams, RandomAffineOptions } from './affine.js';
export { ElasticDistortion } from './elastic.js';
export type { ElasticDistortionOptions } from './elastic.js';
export { ColorJitter } from './color-jitter.js';
export type { ColorJitterOptions } from './color-jitter.js';
export type { Interpolation } from './warp.js';
