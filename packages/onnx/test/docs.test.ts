import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { opTableMarkdown, supportedOps } from '../src/index.js';

const PAGE = fileURLToPath(new URL('../../../docs/onnx-ops.md', import.meta.url));

describe('docs/onnx-ops.md', () => {
  it('lists every supported op with its opset range (UPDATE_DOCS=1 rewrites it)', () => {
    if (process.env.UPDATE_DOCS) writeFileSync(PAGE, opTableMarkdown());
    const page = readFileSync(PAGE, 'utf8');
    expect(page).toBe(opTableMarkdown());
    for (const op of supportedOps()) expect(page).toContain(`| ${op.opType} |`);
  });
});
