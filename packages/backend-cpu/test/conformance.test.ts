import { describeConformance } from '@pistil/backend/testing';
import { CpuBackend } from '../src/index.js';

describeConformance('cpu', () => new CpuBackend());
