/** `describeConformance` registers one vitest test per case (the reference backend passes them all). */
import { describeConformance } from '../src/testing/index.js';
import { ReferenceBackend } from './support/reference-backend.js';

describeConformance('reference', () => new ReferenceBackend(), { skipKernels: ['random'], skipDTypes: ['uint8'] });
