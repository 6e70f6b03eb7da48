/** Every conformance case, in `KERNEL_NAMES` order, then the optional kernels'. */
import { KERNEL_NAMES, OPTIONAL_KERNEL_NAMES } from '../../kernels.js';
import type { ConformanceCase } from '../case.js';
import { binaryCases } from './binary.js';
import { conv2dTransposeCases, convCases } from './conv.js';
import { castCases, fillCases, randomCases } from './creation.js';
import { fusedConv2dCases, fusedMatmulCases } from './fused.js';
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
  ...fusedMatmulCases, ...fusedConv2dCases,
];

/** The cases grouped by kernel, kernels in the order the docs list them, the optional ones last. */
export function allCases(): ConformanceCase[] {
  return [...KERNEL_NAMES, ...OPTIONAL_KERNEL_NAMES].flatMap((k) => ALL.filter((c) => c.kernel === k));
}
