import { describe, it } from 'vitest';
import { checkAgainstOrt, randomHost } from './helpers/single-op.js';

describe('single-op harness', () => {
  it('Relu matches onnxruntime', async () => {
    await checkAgainstOrt({ opType: 'Relu', inputs: ['x'], feeds: { x: randomHost([2, 3, 4]) } });
  });
});
