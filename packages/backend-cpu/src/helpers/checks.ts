import type { DType } from '@pistil/backend';

export { requireDType, requireRank, requireSameDType, requireShape } from '@pistil/backend';

export const FLOAT_DTYPES: readonly DType[] = ['float32', 'float64'];
export const NUMERIC_DTYPES: readonly DType[] = ['float32', 'float64', 'int32', 'uint8'];

