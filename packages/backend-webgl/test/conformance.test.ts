import { describeConformance } from '@pistil/backend/testing';
import { WebGLBackend } from '../src/index.js';
import { WEBGL_TOLERANCE } from './tolerance.js';

// The shared suite on WebGL2 in headless Chromium (SwiftShader). float64 cases are skipped:
// WebGL has no float64 textures (the backend's `dtypes` says so).
describeConformance('webgl', () => new WebGLBackend(), { skipDTypes: ['float64'], tolerance: WEBGL_TOLERANCE });
