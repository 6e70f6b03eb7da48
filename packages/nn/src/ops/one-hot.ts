import { ShapeError } from '@pistil/backend';
import { runKernel, tidy } from '../engine.js';
import type { Tensor } from '../tensor.js';
import { booleanOp } from './binary.js';
import { reshape } from './reshape.js';
import { hostIndex } from './shape-util.js';
import { requireDType } from './util.js';

/**
 * One-hot encoding as PyTorch's `F.one_hot`: int32 `indices` of any shape → int32 of shape
 * [...indices.shape, numClasses] with a 1 at each index. `numClasses` is required (inferring it
 * would read the data on the host). Indices are not range-checked (that too would need a host
 * read): an index outside [0, numClasses) gives an all-zero row instead of PyTorch's error.
 */
export function oneHot(indices: Tensor, numClasses: number): Tensor {
  requireDType('oneHot', indices, ['int32']);
  if (!Number.isInteger(numClasses) || numClasses < 0) throw new ShapeError(`oneHot: numClasses must be a non-negative integer, got ${numClasses}`);
  return tidy(() => {
    const classes = hostIndex([...Array(numClasses).keys()], [numClasses], indices.device);
    const hits = booleanOp('compare', 'equal', reshape(indices, [...indices.shape, 1]), classes);
    return runKernel('cast', { x: hits }, { dtype: 'int32' });
  });
}
