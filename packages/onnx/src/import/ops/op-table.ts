/** docs/onnx-ops.md: every op the importer implements, with its opset range and notes. */
import { MAX_OPSET } from '../op-types.js';
import { supportedOps } from './index.js';

export function opTableMarkdown(): string {
  const ops = supportedOps();
  return [
    '# ONNX operators supported by the importer',
    '',
    `Generated from the op registry (\`pnpm docs:onnx\`); a test fails when this page is out of date.`,
    `\`importOnnx\` reads opsets 1–${MAX_OPSET} of the default domain; an op is supported from the opset in`,
    'the second column up to the newest, with the semantics of each version in between (the',
    'handler branches on the model\'s opset). Conformance against the ONNX backend tests is in',
    '[onnx-conformance.md](onnx-conformance.md).',
    '',
    `${ops.length} ops:`,
    '',
    '| op | opsets | notes |',
    '|---|---|---|',
    ...ops.map((d) => `| ${d.opType} | ${d.since}–${MAX_OPSET} | ${d.notes ?? ''} |`),
    '',
  ].join('\n');
}
