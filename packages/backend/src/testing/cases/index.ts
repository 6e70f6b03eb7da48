/** Every conformance case, in `KERNEL_NAMES` order. */
import { KERNEL_NAMES } from '../../kernels.js';
import type { ConformanceCase } from '../case.js';
import { binaryCases } from './binary.js';
import { conv2dTransposeCases, convCases } from './conv.js';
import { castCases, fillCases, randomCases } from './creation.js';
import { gatherCases, scatterAddCases } from './indexing.js';
import { compareCases, logicalCases, whereCases } from './logic.js';
import { matmulCases } from './matmul.js';
import { broadcastToCases, concatCases, padCases, sliceCases, transposeCases } from './movement.js';
import { poolingCases } from './pool.js';
import { argReduceCases, reduceCases } from './reduce.js';
import { unaryCases } from './unary.js';

const ALL: readonly ConformanceCase[] = [
  ...unaryCases, ...binaryCases, ...compareCases, ...logicalCases, ...whereCases,
  ...reduceCases, ...argReduceCases, ...matmulCases, ...convCases, ...conv2dTransposeCases, ...poolingCases,
  ...transposeCases, ...broadcastToCases, ...padCases, ...sliceCases, ...concatCases,
  ...gatherCases, ...scatterAddCases, ...castCases, ...fillCases, ...randomCases,
];

/** The cases grouped by kernel, kernels in the order the docs list them. */
export function allCases(): ConformanceCase[] {
  return KERNEL_NAMES.flatMap((k) => ALL.filter((c) => c.kernel === k));
}
