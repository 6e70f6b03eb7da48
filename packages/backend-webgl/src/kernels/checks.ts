/** Dtype sets of the WebGL kernels' argument checks (the checks themselves are @pistil/backend's). */
import type { DType } from '@pistil/backend';

export { requireDType, requireRank, requireSameDType, requireShape } from '@pistil/backend';

/** float32 only: WebGL stores no float64. */
export const WEBGL_FLOAT: readonly DType[] = ['float32'];

/** Numeric dtypes WebGL stores. */
export const NUMERIC: readonly DType[] = ['float32', 'int32', 'uint8'];
